-- wrong: NOT IN (SELECT product_id FROM order_items): some lines have product_id NULL, and x NOT IN (..., NULL) is never true
-- expect: your query returns 0 row(s); expected 4
SELECT id, name
FROM products
WHERE id NOT IN (SELECT product_id FROM order_items);
