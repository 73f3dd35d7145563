-- right: aggregates in a subquery and filters its rows in the outer WHERE instead of HAVING
SELECT product_id, reviews, average_rating
FROM (
    SELECT product_id, count(*) AS reviews, avg(rating) AS average_rating
    FROM reviews
    GROUP BY product_id
)
WHERE reviews >= 5 AND average_rating >= 4;
