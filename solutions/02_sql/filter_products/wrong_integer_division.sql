-- wrong: compares whole euros, price_cents / 100: integer division drops the cents, so 25.99 counts as 25 and slips in
-- expect: when a book costs 25.99 (above the upper end)
-- expect: unexpected rows (1)
SELECT id, name, price_cents
FROM products
WHERE category_id IN (1, 5)
  AND price_cents / 100 BETWEEN 10 AND 25
  AND stock > 0;
