-- wrong: counts the reviews with count(body), which skips the bare ratings (body NULL): they are reviews too
-- expect: missing rows
-- expect: 8          | 5       | 4.8
SELECT product_id, count(body) AS reviews, avg(rating) AS average_rating
FROM reviews
GROUP BY product_id
HAVING count(body) >= 5 AND avg(rating) >= 4;
