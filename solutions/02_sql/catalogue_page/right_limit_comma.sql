-- right: SQLite's `LIMIT offset, count` form, with the offset first
SELECT id, name, price_cents
FROM products
ORDER BY 3 DESC, 2
LIMIT 20, 10;
