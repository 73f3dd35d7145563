-- LEFT JOIN keeps every customer; the condition on the order belongs to ON, so that it only
-- decides which orders match. count(o.id) ignores the NULLs of customers without a match.
SELECT c.id, c.name, count(o.id) AS orders
FROM customers AS c
LEFT JOIN orders AS o ON o.customer_id = c.id AND o.status <> 'cancelled'
GROUP BY c.id, c.name;
