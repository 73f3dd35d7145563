-- wrong: BETWEEN '2024-03-01' AND '2024-04-01' includes April 1 (BETWEEN includes both ends)
-- expect: unexpected rows (4)
-- expect: '2024-04-01'
SELECT o.id, o.ordered_on, c.name, p.name, i.quantity
FROM orders AS o
JOIN customers AS c ON c.id = o.customer_id
JOIN order_items AS i ON i.order_id = o.id
JOIN products AS p ON p.id = i.product_id
WHERE o.ordered_on BETWEEN '2024-03-01' AND '2024-04-01';
