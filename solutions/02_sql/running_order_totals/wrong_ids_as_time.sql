-- wrong: orders the window by order_id alone, as if ids followed the dates; "earlier" is by ordered_on first
-- expect: missing rows (509)
-- expect: 1           | 280      | '2024-07-19' | 2400        | 10347
WITH order_totals AS (
    SELECT o.id AS order_id, o.customer_id, o.ordered_on,
           sum(i.quantity * i.unit_price_cents) AS total_cents
    FROM orders AS o
    JOIN order_items AS i ON i.order_id = o.id
    GROUP BY o.id
)
SELECT customer_id, order_id, ordered_on, total_cents,
       sum(total_cents) OVER (PARTITION BY customer_id ORDER BY order_id) AS running_total_cents
FROM order_totals
ORDER BY customer_id, ordered_on DESC, order_id DESC;
