-- right: ifnull(), SQLite's two-argument coalesce, and the columns qualified by an alias
SELECT c.id, c.name, c.email, ifnull(c.city, 'unknown') AS city
FROM customers AS c
WHERE c.phone ISNULL;
