-- right: a searched CASE with IS NULL instead of coalesce
SELECT id, name, email,
       CASE WHEN city IS NULL THEN 'unknown' ELSE city END
FROM customers
WHERE NOT (phone IS NOT NULL);
