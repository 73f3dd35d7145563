-- wrong: lists each customer's orders oldest first; the page shows the newest first
-- expect: the rows are right but in the wrong order
-- expect: expected row 1: 1 | 420 | '2024-10-27' | 899 | 11246
WITH order_totals AS (
    SELECT o.id AS order_id, o.customer_id, o.ordered_on,
           sum(i.quantity * i.unit_price_cents) AS total_cents
    FROM orders AS o
    JOIN order_items AS i ON i.order_id = o.id
    GROUP BY o.id
)
SELECT customer_id, order_id, ordered_on, total_cents,
       sum(total_cents) OVER (PARTITION BY customer_id ORDER BY ordered_on, order_id) AS running_total_cents
FROM order_totals
ORDER BY customer_id, ordered_on, order_id;
