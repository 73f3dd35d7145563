-- All or nothing: between BEGIN and COMMIT no other connection sees a half-merged customer,
-- and if any statement fails the whole merge can be rolled back.
BEGIN;

-- Move everything that points at 150 before deleting 150: with foreign keys on, deleting a
-- customer who still has orders or reviews fails.
UPDATE orders SET customer_id = 44 WHERE customer_id = 150;
UPDATE reviews SET customer_id = 44 WHERE customer_id = 150;

-- Keep what 44 already has; fill in only what is missing.
UPDATE customers
SET phone = coalesce(phone, (SELECT phone FROM customers WHERE id = 150)),
    city = coalesce(city, (SELECT city FROM customers WHERE id = 150))
WHERE id = 44;

DELETE FROM customers WHERE id = 150;

INSERT INTO audit_log (action, detail) VALUES ('merge_customers', '150 -> 44');

COMMIT;
