-- wrong: the status test in WHERE: for a customer without orders the status is NULL, NULL <> 'cancelled' is not true, and the kept row is thrown away again
-- expect: your query returns 131 row(s); expected 150
-- expect: missing rows (19)
SELECT c.id, c.name, count(o.id) AS orders
FROM customers AS c
LEFT JOIN orders AS o ON o.customer_id = c.id
WHERE o.status <> 'cancelled'
GROUP BY c.id, c.name;
