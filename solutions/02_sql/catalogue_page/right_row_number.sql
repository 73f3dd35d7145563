-- right: numbers the rows with a window function and keeps rows 21 to 30
WITH numbered AS (
    SELECT id, name, price_cents,
           row_number() OVER (ORDER BY price_cents DESC, name ASC) AS position
    FROM products
)
SELECT id, name, price_cents
FROM numbered
WHERE position BETWEEN 21 AND 30
ORDER BY position;
