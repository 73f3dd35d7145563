-- wrong: the UPDATE that fills the phone and city has no WHERE, so every customer without a phone or city gets 150's
-- expect: after your script, SELECT id, name, email, phone, city FROM customers ORDER BY id
-- expect: '+33 6 50 16 32 48'
BEGIN;
UPDATE orders SET customer_id = 44 WHERE customer_id = 150;
UPDATE reviews SET customer_id = 44 WHERE customer_id = 150;
UPDATE customers
SET phone = coalesce(phone, (SELECT phone FROM customers WHERE id = 150)),
    city = coalesce(city, (SELECT city FROM customers WHERE id = 150));
DELETE FROM customers WHERE id = 150;
INSERT INTO audit_log (action, detail) VALUES ('merge_customers', '150 -> 44');
COMMIT;
