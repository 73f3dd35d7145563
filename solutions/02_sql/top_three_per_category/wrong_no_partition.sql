-- wrong: ranks all products together (no PARTITION BY), so only the most expensive of the whole shop are kept
-- expect: your query returns 3 row(s); expected 22
WITH ranked AS (
    SELECT category_id, name, price_cents,
           rank() OVER (ORDER BY price_cents DESC) AS price_rank
    FROM products
    WHERE category_id IS NOT NULL
)
SELECT category_id, name, price_cents, price_rank
FROM ranked
WHERE price_rank <= 3
ORDER BY category_id, price_rank, name;
