-- wrong: leaves out the products that are out of stock, though the catalogue shows every product, so every page after the first shifts
-- expect: your query returns the right number of rows (10), but not the right ones
-- expect: 28 | 'Kite'             | 1599
SELECT id, name, price_cents
FROM products
WHERE stock > 0
ORDER BY price_cents DESC, name
LIMIT 10 OFFSET 20;
