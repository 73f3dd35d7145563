-- Books (1) and toys (5) from 10.00 to 25.00, both ends included, that we can ship today.
SELECT id, name, price_cents
FROM products
WHERE category_id IN (1, 5)
  AND price_cents BETWEEN 1000 AND 2500
  AND stock > 0;
