-- right: a CASE per row, summed, and the groups made in a subquery
SELECT city, customers, with_phone
FROM (
    SELECT city,
           sum(1) AS customers,
           sum(CASE WHEN phone IS NULL THEN 0 ELSE 1 END) AS with_phone
    FROM customers
    GROUP BY city
);
