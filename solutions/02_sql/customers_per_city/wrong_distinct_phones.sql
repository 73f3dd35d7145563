-- wrong: count(DISTINCT phone) counts phone numbers, not customers: two customers who share a number count once
-- expect: when two customers of one city share a phone number: result
-- expect: 'Paris'
SELECT city, count(*) AS customers, count(DISTINCT phone) AS with_phone
FROM customers
GROUP BY city;
