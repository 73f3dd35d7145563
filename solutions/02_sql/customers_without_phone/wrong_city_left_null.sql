-- wrong: returns the city as it is, NULL where it is unknown, instead of the text 'unknown'
-- expect: missing rows (3)
-- expect: 'unknown'
SELECT id, name, email, city
FROM customers
WHERE phone IS NULL;
