-- wrong: LEFT JOIN and HAVING count(*) = 0: a product without lines still has its NULL-padded row, so count(*) is 1
-- expect: your query returns 0 row(s); expected 4
SELECT p.id, p.name
FROM products AS p
LEFT JOIN order_items AS i ON i.product_id = p.id
GROUP BY p.id, p.name
HAVING count(*) = 0;
