-- wrong: rounds the average to two decimals, though the text asks for the exact average
-- expect: your query returns the right number of rows (13), but not the right ones
-- expect: 3          | 9       | 4.777777777777778
SELECT product_id, count(*) AS reviews, round(avg(rating), 2) AS average_rating
FROM reviews
GROUP BY product_id
HAVING count(*) >= 5 AND avg(rating) >= 4;
