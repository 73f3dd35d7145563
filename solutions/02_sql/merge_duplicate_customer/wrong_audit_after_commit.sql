-- wrong: writes the audit record after COMMIT, outside the transaction: if it fails, the merge stays without its record
-- expect: when writing to audit_log fails
-- expect: goes in one transaction
BEGIN;
UPDATE orders SET customer_id = 44 WHERE customer_id = 150;
UPDATE reviews SET customer_id = 44 WHERE customer_id = 150;
UPDATE customers
SET phone = coalesce(phone, (SELECT phone FROM customers WHERE id = 150)),
    city = coalesce(city, (SELECT city FROM customers WHERE id = 150))
WHERE id = 44;
DELETE FROM customers WHERE id = 150;
COMMIT;
INSERT INTO audit_log (action, detail) VALUES ('merge_customers', '150 -> 44');
