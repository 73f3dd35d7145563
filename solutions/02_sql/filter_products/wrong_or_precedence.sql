-- wrong: `category_id = 1 OR category_id = 5 AND ...` without parentheses: AND binds tighter than OR, so every book slips through, whatever its price or stock
-- expect: unexpected rows (3)
-- expect: 'Atlas of Rivers'         | 3200
SELECT id, name, price_cents
FROM products
WHERE category_id = 1 OR category_id = 5
  AND price_cents BETWEEN 1000 AND 2500
  AND stock > 0;
