-- wrong: SELECT * instead of the three columns asked for
-- expect: your query returns 5 column(s) (id, name, category_id, price_cents, stock); expected 3
SELECT *
FROM products
WHERE category_id IN (1, 5)
  AND price_cents BETWEEN 1000 AND 2500
  AND stock > 0;
