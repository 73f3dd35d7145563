-- wrong: breaks price ties by id, a total order but not the one asked for (alphabetical by name)
-- expect: missing rows (1)
-- expect: 'Raised Bed Kit'
SELECT id, name, price_cents
FROM products
ORDER BY price_cents DESC, id
LIMIT 10 OFFSET 20;
