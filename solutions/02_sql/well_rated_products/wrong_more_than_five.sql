-- wrong: count(*) > 5: "at least 5 reviews" includes the products with exactly 5
-- expect: missing rows (3)
-- expect: 41         | 5       | 4
SELECT product_id, count(*) AS reviews, avg(rating) AS average_rating
FROM reviews
GROUP BY product_id
HAVING count(*) > 5 AND avg(rating) >= 4;
