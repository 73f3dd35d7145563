-- wrong: LEFT JOIN products keeps the line whose product was deleted, with a NULL product name, though the text says to leave it out
-- expect: unexpected rows (1)
-- expect: 547 | '2024-03-18' | 'Ada Martin' | NULL | 3
SELECT o.id, o.ordered_on, c.name, p.name, i.quantity
FROM orders AS o
JOIN customers AS c ON c.id = o.customer_id
JOIN order_items AS i ON i.order_id = o.id
LEFT JOIN products AS p ON p.id = i.product_id
WHERE o.ordered_on BETWEEN '2024-03-01' AND '2024-03-31';
