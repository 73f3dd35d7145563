-- wrong: SELECT DISTINCT to be safe from "duplicates": two lines of one order with the same product and quantity are two lines, and one disappears
-- expect: when an order has two lines of the same product and quantity: result
-- expect: missing rows (1)
SELECT DISTINCT o.id, o.ordered_on, c.name, p.name, i.quantity
FROM orders AS o
JOIN customers AS c ON c.id = o.customer_id
JOIN order_items AS i ON i.order_id = o.id
JOIN products AS p ON p.id = i.product_id
WHERE o.ordered_on BETWEEN '2024-03-01' AND '2024-03-31';
