-- wrong: quantity >= 0 lets an empty line of quantity 0 in
-- expect: a line of quantity 0 must violate a CHECK
ALTER TABLE order_lines
    ADD CONSTRAINT order_lines_quantity_positive CHECK (quantity >= 0),
    ADD CONSTRAINT order_lines_price_not_negative CHECK (unit_price_cents >= 0),
    ADD CONSTRAINT order_lines_discount_range CHECK (discount_percent BETWEEN 0 AND 50),
    ADD CONSTRAINT order_lines_no_discount_on_gifts CHECK (unit_price_cents > 0 OR discount_percent = 0),
    ADD CONSTRAINT order_lines_sku_format CHECK (sku ~ '^[A-Z]{3}-[0-9]{4}$');

ALTER TABLE order_lines
    ADD COLUMN line_total_cents bigint
        GENERATED ALWAYS AS (round(quantity * unit_price_cents * (100 - discount_percent) / 100.0)) STORED;

-- New lines the checkout wrote today. Keep these lines as they are.
INSERT INTO order_lines (order_id, sku, quantity, unit_price_cents, discount_percent) VALUES
    (5, 'ZZZ-9999', 1, 4999, 50),
    (5, 'BAG-0100', 1, 0, 0),
    (6, 'AAA-0000', 12, 1, 0);
