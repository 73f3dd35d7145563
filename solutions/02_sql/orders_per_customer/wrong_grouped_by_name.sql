-- wrong: GROUP BY c.name: two customers with the same name become one row with both their orders
-- expect: your query returns 89 row(s); expected 150
SELECT c.id, c.name, count(o.id) AS orders
FROM customers AS c
LEFT JOIN orders AS o ON o.customer_id = c.id AND o.status <> 'cancelled'
GROUP BY c.name;
