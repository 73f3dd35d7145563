-- wrong: count(*) for the phones too: it counts every customer of the city, with a phone or not
-- expect: your query returns the right number of rows (10), but not the right ones
-- expect: 'Brest'    | 1         | 0
SELECT city, count(*) AS customers, count(*) AS with_phone
FROM customers
GROUP BY city;
