-- wrong: ranks by ascending price (ORDER BY price_cents inside OVER), so it finds the three cheapest
-- expect: missing rows (22)
-- expect: 'Sudoku Volume 3'
WITH ranked AS (
    SELECT category_id, name, price_cents,
           rank() OVER (PARTITION BY category_id ORDER BY price_cents) AS price_rank
    FROM products
    WHERE category_id IS NOT NULL
)
SELECT category_id, name, price_cents, price_rank
FROM ranked
WHERE price_rank <= 3
ORDER BY category_id, price_rank, name;
