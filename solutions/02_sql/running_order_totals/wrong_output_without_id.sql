-- wrong: the output is ordered by ordered_on DESC without order_id DESC, so two orders of the same day come in any order
-- expect: the rows are right but in the wrong order
-- expect: expected row 16: 4 | 300 | '2024-04-19' | 2499 | 41094
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
ORDER BY customer_id, ordered_on DESC;
