-- right: starts from the lines, matches March 2024 by its text prefix, and joins in another order
SELECT o.id, o.ordered_on, c.name, p.name, i.quantity
FROM order_items AS i
JOIN products AS p ON i.product_id = p.id
JOIN orders AS o ON i.order_id = o.id
JOIN customers AS c ON o.customer_id = c.id
WHERE o.ordered_on LIKE '2024-03-%';
