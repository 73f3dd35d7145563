-- wrong: row_number() numbers tied products 1, 2, 3 at random instead of giving equal prices the same rank
-- expect: missing rows
-- expect: 'Bamboo Cutting Board'    | 2999        | 3
WITH ranked AS (
    SELECT category_id, name, price_cents,
           row_number() OVER (PARTITION BY category_id ORDER BY price_cents DESC) AS price_rank
    FROM products
    WHERE category_id IS NOT NULL
)
SELECT category_id, name, price_cents, price_rank
FROM ranked
WHERE price_rank <= 3
ORDER BY category_id, price_rank, name;
