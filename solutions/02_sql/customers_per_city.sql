-- count(*) counts rows; count(phone) counts the rows whose phone is not NULL.
-- GROUP BY puts all the NULL cities into one group.
SELECT city, count(*) AS customers, count(phone) AS with_phone
FROM customers
GROUP BY city;
