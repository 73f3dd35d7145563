-- rank() gives equal prices the same rank and then skips (1, 1, 3). A window function cannot
-- appear in WHERE (it is computed after WHERE), so rank in a CTE and filter outside it.
WITH ranked AS (
    SELECT
        category_id,
        name,
        price_cents,
        rank() OVER (PARTITION BY category_id ORDER BY price_cents DESC) AS price_rank
    FROM products
    WHERE category_id IS NOT NULL
)
SELECT category_id, name, price_cents, price_rank
FROM ranked
WHERE price_rank <= 3
ORDER BY category_id, price_rank, name;
