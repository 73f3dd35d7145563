-- wrong: counts every order, the cancelled ones too
-- expect: your query returns the right number of rows (150), but not the right ones
-- expect: 149 | 'Rene Faure'    | 1
SELECT c.id, c.name, count(o.id) AS orders
FROM customers AS c
LEFT JOIN orders AS o ON o.customer_id = c.id
GROUP BY c.id, c.name;
