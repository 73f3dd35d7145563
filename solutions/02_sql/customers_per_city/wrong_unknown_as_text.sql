-- wrong: shows the unknown city as the text 'unknown'; the text asks for city NULL
-- expect: unexpected rows (1)
-- expect: 'unknown'
SELECT coalesce(city, 'unknown') AS city, count(*) AS customers, count(phone) AS with_phone
FROM customers
GROUP BY city;
