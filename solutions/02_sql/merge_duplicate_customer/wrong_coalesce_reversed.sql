-- wrong: coalesce(150's value, 44's value): the arguments are the wrong way round, so 150's value wins whenever it has one
-- expect: after your script, SELECT id, name, email, phone, city FROM customers ORDER BY id
-- expect: 'Bordeaux'
BEGIN;
UPDATE orders SET customer_id = 44 WHERE customer_id = 150;
UPDATE reviews SET customer_id = 44 WHERE customer_id = 150;
UPDATE customers
SET phone = coalesce((SELECT phone FROM customers WHERE id = 150), phone),
    city = coalesce((SELECT city FROM customers WHERE id = 150), city)
WHERE id = 44;
DELETE FROM customers WHERE id = 150;
INSERT INTO audit_log (action, detail) VALUES ('merge_customers', '150 -> 44');
COMMIT;
