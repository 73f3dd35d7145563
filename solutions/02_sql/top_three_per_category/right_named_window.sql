-- right: a named WINDOW clause and a derived table instead of a CTE
SELECT category_id, name, price_cents, r
FROM (
    SELECT category_id, name, price_cents, rank() OVER by_price AS r
    FROM products
    WHERE category_id NOT NULL
    WINDOW by_price AS (PARTITION BY category_id ORDER BY price_cents DESC)
)
WHERE r BETWEEN 1 AND 3
ORDER BY 1, 4, 2;
