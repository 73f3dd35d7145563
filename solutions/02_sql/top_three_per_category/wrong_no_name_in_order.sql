-- wrong: orders the output by category and rank only: tied products come in whatever order SQLite reads them, not by name
-- expect: the rows are right but in the wrong order
-- expect: expected row 2: 1 | 'A Short History of Maps' | 2499 | 2
WITH ranked AS (
    SELECT category_id, name, price_cents,
           rank() OVER (PARTITION BY category_id ORDER BY price_cents DESC) AS price_rank
    FROM products
    WHERE category_id IS NOT NULL
)
SELECT category_id, name, price_cents, price_rank
FROM ranked
WHERE price_rank <= 3
ORDER BY category_id, price_rank;
