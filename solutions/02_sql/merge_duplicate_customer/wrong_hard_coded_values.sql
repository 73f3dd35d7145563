-- wrong: copies 150's phone by hand, as read from the table today, instead of taking whatever 150 has (and never looks at the city)
-- expect: when customer 44 has a phone but no city, and 150's city is another one
-- expect: after your script, SELECT id, name, email, phone, city FROM customers ORDER BY id
BEGIN;
UPDATE orders SET customer_id = 44 WHERE customer_id = 150;
UPDATE reviews SET customer_id = 44 WHERE customer_id = 150;
UPDATE customers SET phone = '+33 6 50 16 32 48' WHERE id = 44;
DELETE FROM customers WHERE id = 150;
INSERT INTO audit_log (action, detail) VALUES ('merge_customers', '150 -> 44');
COMMIT;
