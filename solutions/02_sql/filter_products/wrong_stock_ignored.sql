-- wrong: forgets "in stock": products with stock 0 are listed too
-- expect: unexpected rows (2)
-- expect: 'Kite'
SELECT id, name, price_cents
FROM products
WHERE category_id IN (1, 5)
  AND price_cents BETWEEN 1000 AND 2500;
