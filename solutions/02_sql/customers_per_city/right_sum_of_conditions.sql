-- right: sums the conditions (true is 1 in SQLite) instead of counting columns
SELECT city,
       count(id) AS customers,
       sum(phone IS NOT NULL) AS with_phone
FROM customers
GROUP BY 1;
