-- wrong: dense_rank() does not skip after a tie (1, 1, 2), so a fourth-priced product gets rank 3
-- expect: unexpected rows
-- expect: 'Poems for Rainy Days'
WITH ranked AS (
    SELECT category_id, name, price_cents,
           dense_rank() OVER (PARTITION BY category_id ORDER BY price_cents DESC) AS price_rank
    FROM products
    WHERE category_id IS NOT NULL
)
SELECT category_id, name, price_cents, price_rank
FROM ranked
WHERE price_rank <= 3
ORDER BY category_id, price_rank, name;
