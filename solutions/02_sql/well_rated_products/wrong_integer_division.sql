-- wrong: the average as sum(rating) / count(*): both are integers, so the division drops the fraction (4.25 becomes 4)
-- expect: your query returns the right number of rows (13), but not the right ones
-- expect: 4.25
SELECT product_id, count(*) AS reviews, sum(rating) / count(*) AS average_rating
FROM reviews
GROUP BY product_id
HAVING count(*) >= 5 AND avg(rating) >= 4;
