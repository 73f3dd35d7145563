-- wrong: avg(rating) > 4: "an average of at least 4" includes an average of exactly 4.0
-- expect: missing rows (2)
-- expect: 41         | 5       | 4
SELECT product_id, count(*) AS reviews, avg(rating) AS average_rating
FROM reviews
GROUP BY product_id
HAVING count(*) >= 5 AND avg(rating) > 4;
