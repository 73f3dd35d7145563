-- wrong: `ORDER BY price_cents, name DESC`, as if DESC applied to every key: it applies to name only, so the cheapest come first
-- expect: your query returns the right number of rows (10), but not the right ones
SELECT id, name, price_cents
FROM products
ORDER BY price_cents, name DESC
LIMIT 10 OFFSET 20;
