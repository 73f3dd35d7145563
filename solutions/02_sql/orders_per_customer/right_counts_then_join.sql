-- right: counts per customer first, then LEFT JOINs the counts and turns a missing one into 0
WITH counts AS (
    SELECT customer_id, count(*) AS n
    FROM orders
    WHERE status NOT IN ('cancelled')
    GROUP BY customer_id
)
SELECT c.id, c.name, coalesce(counts.n, 0) AS orders
FROM customers AS c
LEFT JOIN counts ON counts.customer_id = c.id;
