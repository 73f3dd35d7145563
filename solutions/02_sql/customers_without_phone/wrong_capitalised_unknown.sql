-- wrong: shows 'Unknown' with a capital U: the text asks for 'unknown', and text comparisons are exact
-- expect: unexpected rows (3)
-- expect: 'Unknown'
SELECT id, name, email, coalesce(city, 'Unknown') AS city
FROM customers
WHERE phone IS NULL;
