-- wrong: reads the prices as euros (BETWEEN 10 AND 25) though price_cents is in cents
-- expect: your query returns 0 row(s); expected 7
SELECT id, name, price_cents
FROM products
WHERE category_id IN (1, 5)
  AND price_cents BETWEEN 10 AND 25
  AND stock > 0;
