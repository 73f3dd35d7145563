-- right: every product EXCEPT those that appear in an order line
SELECT id, name FROM products
EXCEPT
SELECT p.id, p.name
FROM products AS p
JOIN order_items AS i ON i.product_id = p.id;
