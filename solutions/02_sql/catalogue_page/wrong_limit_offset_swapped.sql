-- wrong: `LIMIT 10, 20` read as "10 rows from row 20": in SQLite's comma form the offset comes first, so this skips 10 and takes 20
-- expect: your query returns 20 row(s); expected 10
SELECT id, name, price_cents
FROM products
ORDER BY price_cents DESC, name
LIMIT 10, 20;
