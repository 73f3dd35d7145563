-- wrong: "fixes" the WHERE with OR o.status IS NULL: a customer whose orders were all cancelled has no NULL row, and disappears
-- expect: your query returns 149 row(s); expected 150
-- expect: 149 | 'Rene Faure' | 0
SELECT c.id, c.name, count(o.id) AS orders
FROM customers AS c
LEFT JOIN orders AS o ON o.customer_id = c.id
WHERE o.status <> 'cancelled' OR o.status IS NULL
GROUP BY c.id, c.name;
