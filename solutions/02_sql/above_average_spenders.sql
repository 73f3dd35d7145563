-- A CTE names an intermediate result, so the query reads top to bottom: first the spend of
-- each customer, then the customers above the average of those spends.
WITH spend AS (
    SELECT o.customer_id, sum(i.quantity * i.unit_price_cents) AS spent_cents
    FROM orders AS o
    JOIN order_items AS i ON i.order_id = o.id
    WHERE o.status <> 'cancelled'
    GROUP BY o.customer_id
)
SELECT customer_id, spent_cents
FROM spend
WHERE spent_cents > (SELECT avg(spent_cents) FROM spend);
