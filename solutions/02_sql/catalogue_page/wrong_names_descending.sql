-- wrong: sorts the names of equal-priced products in reverse (name DESC) instead of alphabetically
-- expect: missing rows (1)
-- expect: 'Raised Bed Kit'
-- expect: unexpected rows (1)
SELECT id, name, price_cents
FROM products
ORDER BY price_cents DESC, name DESC
LIMIT 10 OFFSET 20;
