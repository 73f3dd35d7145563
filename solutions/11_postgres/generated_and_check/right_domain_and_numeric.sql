-- right: the sku rule as a domain (a type with a CHECK, reusable by other tables) and the total as numeric rounded to 0 places
CREATE DOMAIN sku AS text CHECK (VALUE ~ '^[A-Z]{3}-[0-9]{4}$');
ALTER TABLE order_lines ALTER COLUMN sku TYPE sku;

ALTER TABLE order_lines
    ADD CHECK (quantity >= 1),
    ADD CHECK (unit_price_cents >= 0),
    ADD CHECK (discount_percent BETWEEN 0 AND 50),
    ADD CHECK (discount_percent = 0 OR unit_price_cents > 0),
    ADD COLUMN line_total_cents numeric(12, 0)
        GENERATED ALWAYS AS (quantity * unit_price_cents * (100 - discount_percent)::numeric / 100) STORED;

-- New lines the checkout wrote today. Keep these lines as they are.
INSERT INTO order_lines (order_id, sku, quantity, unit_price_cents, discount_percent) VALUES
    (5, 'ZZZ-9999', 1, 4999, 50),
    (5, 'BAG-0100', 1, 0, 0),
    (6, 'AAA-0000', 12, 1, 0);
