-- wrong: an inner JOIN drops the customers without a (non-cancelled) order instead of showing 0
-- expect: your query returns 131 row(s); expected 150
SELECT c.id, c.name, count(o.id) AS orders
FROM customers AS c
JOIN orders AS o ON o.customer_id = c.id AND o.status <> 'cancelled'
GROUP BY c.id, c.name;
