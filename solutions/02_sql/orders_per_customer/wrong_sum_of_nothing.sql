-- wrong: sum(o.status <> 'cancelled') over a plain LEFT JOIN: a customer without orders sums a single NULL, and gets NULL instead of 0
-- expect: your query returns the right number of rows (150), but not the right ones
-- expect: 52  | 'Elena Moreau'  | NULL
SELECT c.id, c.name, sum(o.status <> 'cancelled') AS orders
FROM customers AS c
LEFT JOIN orders AS o ON o.customer_id = c.id
GROUP BY c.id, c.name;
