-- right: fills each missing column with its own UPDATE ... WHERE it IS NULL, writes the audit record first, and says BEGIN TRANSACTION ... END
BEGIN TRANSACTION;
INSERT INTO audit_log (action, detail) VALUES ('merge_customers', '150 -> 44');
UPDATE customers SET phone = (SELECT phone FROM customers WHERE id = 150)
WHERE id = 44 AND phone IS NULL;
UPDATE customers SET city = (SELECT city FROM customers WHERE id = 150)
WHERE id = 44 AND city IS NULL;
UPDATE reviews SET customer_id = 44 WHERE customer_id = 150;
UPDATE orders SET customer_id = 44 WHERE customer_id = 150;
DELETE FROM customers WHERE id = 150;
END TRANSACTION;
