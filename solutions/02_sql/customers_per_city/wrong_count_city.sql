-- wrong: counts the customers with count(city), which skips the NULL cities: the unknown-city group says 0 customers
-- expect: missing rows (1)
-- expect: NULL | 18        | 15
SELECT city, count(city) AS customers, count(phone) AS with_phone
FROM customers
GROUP BY city;
