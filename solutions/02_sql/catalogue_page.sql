-- Page 3 at 10 products per page: skip 20 rows, take 10. The name breaks price ties, so every
-- product has exactly one place in the list.
SELECT id, name, price_cents
FROM products
ORDER BY price_cents DESC, name
LIMIT 10 OFFSET 20;
