-- wrong: the subquery joins its own copy of products instead of referring to the outer product, so it finds lines for every product alike
-- expect: your query returns 0 row(s); expected 4
SELECT id, name
FROM products
WHERE NOT EXISTS (
    SELECT 1
    FROM order_items, products
    WHERE order_items.product_id = products.id
);
