-- wrong: strftime('%m', ordered_on) = '03' keeps March of every year, not March 2024
-- expect: when an order was placed in March 2023: result
-- expect: '2023-03-15'
SELECT o.id, o.ordered_on, c.name, p.name, i.quantity
FROM orders AS o
JOIN customers AS c ON c.id = o.customer_id
JOIN order_items AS i ON i.order_id = o.id
JOIN products AS p ON p.id = i.product_id
WHERE strftime('%m', o.ordered_on) = '03';
