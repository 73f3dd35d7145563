-- right: looks the names up with scalar subqueries, and leaves out the deleted products explicitly
SELECT o.id,
       o.ordered_on,
       (SELECT name FROM customers WHERE id = o.customer_id) AS customer,
       (SELECT name FROM products WHERE id = i.product_id) AS product,
       i.quantity
FROM orders AS o, order_items AS i
WHERE i.order_id = o.id
  AND i.product_id IS NOT NULL
  AND strftime('%Y-%m', o.ordered_on) = '2024-03';
