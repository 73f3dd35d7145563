-- wrong: UPDATE orders SET customer_id = 44 without a WHERE: every order of the shop now belongs to 44
-- expect: after your script, SELECT customer_id, count(*) FROM orders GROUP BY customer_id
-- expect: 44          | 604
BEGIN;
UPDATE orders SET customer_id = 44;
UPDATE reviews SET customer_id = 44 WHERE customer_id = 150;
UPDATE customers
SET phone = coalesce(phone, (SELECT phone FROM customers WHERE id = 150)),
    city = coalesce(city, (SELECT city FROM customers WHERE id = 150))
WHERE id = 44;
DELETE FROM customers WHERE id = 150;
INSERT INTO audit_log (action, detail) VALUES ('merge_customers', '150 -> 44');
COMMIT;
