-- wrong: joins the lines on order_id = p.id instead of product_id, so it finds the products whose id is no order's
-- expect: missing rows (3)
-- expect: unexpected rows (1)
-- expect: 'Noise-cancelling Headphones'
SELECT p.id, p.name
FROM products AS p
LEFT JOIN order_items AS i ON i.order_id = p.id
WHERE i.order_id IS NULL;
