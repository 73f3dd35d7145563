-- wrong: leaves out the customers whose city is unknown, though they form their own group
-- expect: your query returns 9 row(s); expected 10
-- expect: NULL | 18        | 15
SELECT city, count(*) AS customers, count(phone) AS with_phone
FROM customers
WHERE city IS NOT NULL
GROUP BY city;
