-- NULL is "unknown": compare it with IS NULL, and replace it for display with coalesce().
SELECT id, name, email, coalesce(city, 'unknown') AS city
FROM customers
WHERE phone IS NULL;
