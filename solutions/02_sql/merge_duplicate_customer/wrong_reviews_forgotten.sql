-- wrong: moves the orders but forgets the reviews, so the foreign key refuses to delete customer 150
-- expect: FOREIGN KEY constraint failed
-- expect: DELETE FROM customers WHERE id = 150
BEGIN;
UPDATE orders SET customer_id = 44 WHERE customer_id = 150;
UPDATE customers
SET phone = coalesce(phone, (SELECT phone FROM customers WHERE id = 150)),
    city = coalesce(city, (SELECT city FROM customers WHERE id = 150))
WHERE id = 44;
DELETE FROM customers WHERE id = 150;
INSERT INTO audit_log (action, detail) VALUES ('merge_customers', '150 -> 44');
COMMIT;
