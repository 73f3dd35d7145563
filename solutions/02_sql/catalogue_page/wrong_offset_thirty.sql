-- wrong: skips 30 rows for page 3: page 1 skips none, so page 3 skips 2 pages of 10
-- expect: your query returns the right number of rows (10), but not the right ones
SELECT id, name, price_cents
FROM products
ORDER BY price_cents DESC, name
LIMIT 10 OFFSET 30;
