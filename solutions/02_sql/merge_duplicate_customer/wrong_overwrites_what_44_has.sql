-- wrong: copies 150's phone and city over 44's, also where 44 already had one: the text says keep what 44 has
-- expect: after your script, SELECT id, name, email, phone, city FROM customers ORDER BY id
-- expect: 'Bordeaux'
BEGIN;
UPDATE orders SET customer_id = 44 WHERE customer_id = 150;
UPDATE reviews SET customer_id = 44 WHERE customer_id = 150;
UPDATE customers
SET phone = (SELECT phone FROM customers WHERE id = 150),
    city = (SELECT city FROM customers WHERE id = 150)
WHERE id = 44;
DELETE FROM customers WHERE id = 150;
INSERT INTO audit_log (action, detail) VALUES ('merge_customers', '150 -> 44');
COMMIT;
