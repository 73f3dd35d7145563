-- wrong: filters with WHERE phone IS NOT NULL before grouping, so the customers without a phone are not counted at all (and Brest disappears)
-- expect: your query returns 9 row(s); expected 10
-- expect: 'Brest'    | 1         | 0
SELECT city, count(*) AS customers, count(phone) AS with_phone
FROM customers
WHERE phone IS NOT NULL
GROUP BY city;
