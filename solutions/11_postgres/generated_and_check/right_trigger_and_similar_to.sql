-- right: SIMILAR TO (anchored by definition) for the sku, one CHECK per rule written differently, and
-- the total kept by a trigger instead of a generated column (it also overrides any total a writer sends)
ALTER TABLE order_lines ADD CHECK (quantity > 0);
ALTER TABLE order_lines ADD CHECK (unit_price_cents >= 0);
ALTER TABLE order_lines ADD CHECK (discount_percent >= 0 AND discount_percent <= 50);
ALTER TABLE order_lines ADD CHECK (NOT (unit_price_cents = 0 AND discount_percent <> 0));
ALTER TABLE order_lines ADD CHECK (sku SIMILAR TO '[A-Z]{3}-[0-9]{4}');

ALTER TABLE order_lines ADD COLUMN line_total_cents bigint;

CREATE FUNCTION order_lines_total() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.line_total_cents := round(NEW.quantity::numeric * NEW.unit_price_cents * (100 - NEW.discount_percent) / 100);
    RETURN NEW;
END
$$;

CREATE TRIGGER order_lines_total BEFORE INSERT OR UPDATE ON order_lines
    FOR EACH ROW EXECUTE FUNCTION order_lines_total();

UPDATE order_lines SET line_total_cents = NULL;

-- New lines the checkout wrote today. Keep these lines as they are.
INSERT INTO order_lines (order_id, sku, quantity, unit_price_cents, discount_percent) VALUES
    (5, 'ZZZ-9999', 1, 4999, 50),
    (5, 'BAG-0100', 1, 0, 0),
    (6, 'AAA-0000', 12, 1, 0);
