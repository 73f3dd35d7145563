-- right: UPDATE ... FROM joins the duplicate's row once instead of two scalar subqueries, and takes the write lock at BEGIN IMMEDIATE
BEGIN IMMEDIATE;
UPDATE orders SET customer_id = 44 WHERE customer_id IN (150);
UPDATE reviews SET customer_id = 44 WHERE customer_id IN (150);
UPDATE customers AS keep
SET phone = ifnull(keep.phone, dup.phone),
    city = ifnull(keep.city, dup.city)
FROM customers AS dup
WHERE keep.id = 44 AND dup.id = 150;
DELETE FROM customers WHERE id = 150;
INSERT INTO audit_log (action, detail) SELECT 'merge_customers', '150 -> 44';
COMMIT;
