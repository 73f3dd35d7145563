-- wrong: picks the row to fill by name, WHERE name = 'Ines O''Brien': another customer of that name gets 150's phone too
-- expect: when another customer is also called Ines O'Brien and has no phone
-- expect: after your script, SELECT id, name, email, phone, city FROM customers ORDER BY id
BEGIN;
UPDATE orders SET customer_id = 44 WHERE customer_id = 150;
UPDATE reviews SET customer_id = 44 WHERE customer_id = 150;
UPDATE customers
SET phone = coalesce(phone, (SELECT phone FROM customers WHERE id = 150)),
    city = coalesce(city, (SELECT city FROM customers WHERE id = 150))
WHERE name = 'Ines O''Brien' AND id <> 150;
DELETE FROM customers WHERE id = 150;
INSERT INTO audit_log (action, detail) VALUES ('merge_customers', '150 -> 44');
COMMIT;
