-- Inner joins keep only the rows that match on both sides: a line whose product was deleted
-- (product_id IS NULL) matches no product, so it drops out, as asked.
SELECT o.id AS order_id, o.ordered_on, c.name AS customer, p.name AS product, i.quantity
FROM orders AS o
JOIN customers AS c ON c.id = o.customer_id
JOIN order_items AS i ON i.order_id = o.id
JOIN products AS p ON p.id = i.product_id
WHERE o.ordered_on BETWEEN '2024-03-01' AND '2024-03-31';
