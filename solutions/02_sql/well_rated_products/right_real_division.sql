-- right: computes the average itself, making the division real with 1.0 *
SELECT product_id,
       count(rating) AS reviews,
       1.0 * sum(rating) / count(rating) AS average_rating
FROM reviews
GROUP BY product_id
HAVING count(rating) >= 5 AND 1.0 * sum(rating) / count(rating) >= 4.0;
