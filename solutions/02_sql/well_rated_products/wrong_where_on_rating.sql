-- wrong: WHERE rating >= 4 throws the bad reviews away before grouping, so every product's average looks great
-- expect: unexpected rows
-- expect: 24         | 7       | 4.571428571428571
SELECT product_id, count(*) AS reviews, avg(rating) AS average_rating
FROM reviews
WHERE rating >= 4
GROUP BY product_id
HAVING count(*) >= 5;
