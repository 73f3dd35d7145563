-- right: an anti-join written as LEFT JOIN ... WHERE the right side IS NULL
SELECT p.id, p.name
FROM products AS p
LEFT JOIN order_items AS i ON i.product_id = p.id
WHERE i.order_id IS NULL;
