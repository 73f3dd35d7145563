-- wrong: leaves out the lines of cancelled orders, though accounting asked for every order line of March
-- expect: missing rows (6)
SELECT o.id, o.ordered_on, c.name, p.name, i.quantity
FROM orders AS o
JOIN customers AS c ON c.id = o.customer_id
JOIN order_items AS i ON i.order_id = o.id
JOIN products AS p ON p.id = i.product_id
WHERE o.ordered_on BETWEEN '2024-03-01' AND '2024-03-31'
  AND o.status <> 'cancelled';
