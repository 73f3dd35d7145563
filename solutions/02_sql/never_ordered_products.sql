-- NOT EXISTS asks "is there no matching line?" and is not fooled by order lines whose
-- product_id is NULL, unlike NOT IN.
SELECT p.id, p.name
FROM products AS p
WHERE NOT EXISTS (
    SELECT 1 FROM order_items AS i WHERE i.product_id = p.id
);
