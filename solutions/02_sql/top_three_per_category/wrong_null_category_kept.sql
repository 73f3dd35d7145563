-- wrong: keeps the products without a category, which then form a NULL "category" of their own
-- expect: your query returns 25 row(s); expected 22
-- expect: 'Mystery Box'
WITH ranked AS (
    SELECT category_id, name, price_cents,
           rank() OVER (PARTITION BY category_id ORDER BY price_cents DESC) AS price_rank
    FROM products
)
SELECT category_id, name, price_cents, price_rank
FROM ranked
WHERE price_rank <= 3
ORDER BY category_id, price_rank, name;
