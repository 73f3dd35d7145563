-- wrong: the right statements in the right order, but no transaction: when a later step fails, the earlier ones stay applied
-- expect: when deleting customer 150 fails
-- expect: goes in one transaction
UPDATE orders SET customer_id = 44 WHERE customer_id = 150;
UPDATE reviews SET customer_id = 44 WHERE customer_id = 150;
UPDATE customers
SET phone = coalesce(phone, (SELECT phone FROM customers WHERE id = 150)),
    city = coalesce(city, (SELECT city FROM customers WHERE id = 150))
WHERE id = 44;
DELETE FROM customers WHERE id = 150;
INSERT INTO audit_log (action, detail) VALUES ('merge_customers', '150 -> 44');
