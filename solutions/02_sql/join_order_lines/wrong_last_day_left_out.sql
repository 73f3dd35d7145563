-- wrong: ordered_on < '2024-03-31' leaves out the orders of March 31, though both ends are included
-- expect: missing rows (4)
-- expect: '2024-03-31'
SELECT o.id, o.ordered_on, c.name, p.name, i.quantity
FROM orders AS o
JOIN customers AS c ON c.id = o.customer_id
JOIN order_items AS i ON i.order_id = o.id
JOIN products AS p ON p.id = i.product_id
WHERE o.ordered_on >= '2024-03-01' AND o.ordered_on < '2024-03-31';
