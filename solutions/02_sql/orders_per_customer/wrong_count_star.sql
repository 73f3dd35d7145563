-- wrong: count(*) counts the NULL-padded row of a customer without orders, so they get 1 instead of 0
-- expect: your query returns the right number of rows (150), but not the right ones
-- expect: 13 | 'Liam Dubois'   | 0
SELECT c.id, c.name, count(*) AS orders
FROM customers AS c
LEFT JOIN orders AS o ON o.customer_id = c.id AND o.status <> 'cancelled'
GROUP BY c.id, c.name;
