-- wrong: CASE city WHEN NULL THEN 'unknown': the simple CASE compares city = NULL, which is never true, so unknown cities stay NULL
-- expect: missing rows (3)
-- expect: 'unknown'
SELECT id, name, email,
       CASE city WHEN NULL THEN 'unknown' ELSE city END AS city
FROM customers
WHERE phone IS NULL;
