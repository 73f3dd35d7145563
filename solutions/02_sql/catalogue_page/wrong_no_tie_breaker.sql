-- wrong: sorts by price alone: products of equal price come in whatever order SQLite reads them, so the page boundary falls between two 24.50 products at random
-- expect: missing rows (1)
-- expect: 'Raised Bed Kit'
SELECT id, name, price_cents
FROM products
ORDER BY price_cents DESC
LIMIT 10 OFFSET 20;
