-- wrong: the window is ordered by ordered_on alone: two orders of the same day are peers, and the default frame gives both the total of both
-- expect: missing rows (13)
-- expect: 4           | 299      | '2024-04-19' | 28397       | 38595
WITH order_totals AS (
    SELECT o.id AS order_id, o.customer_id, o.ordered_on,
           sum(i.quantity * i.unit_price_cents) AS total_cents
    FROM orders AS o
    JOIN order_items AS i ON i.order_id = o.id
    GROUP BY o.id
)
SELECT customer_id, order_id, ordered_on, total_cents,
       sum(total_cents) OVER (PARTITION BY customer_id ORDER BY ordered_on) AS running_total_cents
FROM order_totals
ORDER BY customer_id, ordered_on DESC, order_id DESC;
