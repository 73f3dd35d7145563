-- wrong: count(phone IS NOT NULL): the condition is 0 or 1, never NULL, so count() counts every row
-- expect: your query returns the right number of rows (10), but not the right ones
-- expect: 'Brest'    | 1         | 0
SELECT city, count(*) AS customers, count(phone IS NOT NULL) AS with_phone
FROM customers
GROUP BY city;
