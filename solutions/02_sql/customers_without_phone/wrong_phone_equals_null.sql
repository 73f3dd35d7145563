-- wrong: WHERE phone = NULL, which is never true (NULL = NULL is NULL), so nobody is listed
-- expect: your query returns 0 row(s); expected 23
SELECT id, name, email, coalesce(city, 'unknown') AS city
FROM customers
WHERE phone = NULL;
