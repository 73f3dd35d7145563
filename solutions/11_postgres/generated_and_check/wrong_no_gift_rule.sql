-- wrong: checks each column alone and forgets the rule that ties two of them: free gifts get discounts
-- expect: a discount on a free gift (unit price 0) must violate a CHECK
ALTER TABLE order_lines
    ADD CHECK (quantity >= 1),
    ADD CHECK (unit_price_cents >= 0),
    ADD CHECK (discount_percent BETWEEN 0 AND 50),
    ADD CHECK (sku ~ '^[A-Z]{3}-[0-9]{4}$');

ALTER TABLE order_lines
    ADD COLUMN line_total_cents bigint
        GENERATED ALWAYS AS (round(quantity * unit_price_cents * (100 - discount_percent) / 100.0)) STORED;

-- New lines the checkout wrote today. Keep these lines as they are.
INSERT INTO order_lines (order_id, sku, quantity, unit_price_cents, discount_percent) VALUES
    (5, 'ZZZ-9999', 1, 4999, 50),
    (5, 'BAG-0100', 1, 0, 0),
    (6, 'AAA-0000', 12, 1, 0);
