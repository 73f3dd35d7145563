-- WHERE filters rows before grouping; HAVING filters the groups, after the aggregates exist.
SELECT product_id, count(*) AS reviews, avg(rating) AS average_rating
FROM reviews
GROUP BY product_id
HAVING count(*) >= 5 AND avg(rating) >= 4;
