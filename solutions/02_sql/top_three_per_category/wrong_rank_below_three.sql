-- wrong: price_rank < 3 keeps ranks 1 and 2; "3 or better" includes rank 3
-- expect: missing rows
-- expect: 'Smart Speaker'
WITH ranked AS (
    SELECT category_id, name, price_cents,
           rank() OVER (PARTITION BY category_id ORDER BY price_cents DESC) AS price_rank
    FROM products
    WHERE category_id IS NOT NULL
)
SELECT category_id, name, price_cents, price_rank
FROM ranked
WHERE price_rank < 3
ORDER BY category_id, price_rank, name;
