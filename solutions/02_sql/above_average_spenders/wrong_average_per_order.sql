-- wrong: the average of the order totals, not of the per-customer spends
-- expect: your query returns 113 row(s); expected 57
WITH order_totals AS (
    SELECT o.id, o.customer_id, sum(i.quantity * i.unit_price_cents) AS total
    FROM orders AS o
    JOIN order_items AS i ON i.order_id = o.id
    WHERE o.status <> 'cancelled'
    GROUP BY o.id, o.customer_id
),
spend AS (
    SELECT customer_id, sum(total) AS spent_cents FROM order_totals GROUP BY customer_id
)
SELECT customer_id, spent_cents
FROM spend
WHERE spent_cents > (SELECT avg(total) FROM order_totals);
