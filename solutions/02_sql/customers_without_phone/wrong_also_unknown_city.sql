-- wrong: also lists the customers whose city is unknown, though they have a phone: only the phone decides who is listed
-- expect: your query returns 38 row(s); expected 23
-- expect: unexpected rows (15)
SELECT id, name, email, coalesce(city, 'unknown') AS city
FROM customers
WHERE phone IS NULL OR city IS NULL;
