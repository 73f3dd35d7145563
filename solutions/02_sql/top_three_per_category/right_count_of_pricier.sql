-- right: the rank as 1 + the number of products of the category that cost more (a correlated subquery, no window)
SELECT category_id, name, price_cents, price_rank
FROM (
    SELECT p.category_id, p.name, p.price_cents,
           1 + (SELECT count(*)
                FROM products AS q
                WHERE q.category_id = p.category_id AND q.price_cents > p.price_cents) AS price_rank
    FROM products AS p
    WHERE p.category_id IS NOT NULL
)
WHERE price_rank <= 3
ORDER BY category_id, price_cents DESC, name;
