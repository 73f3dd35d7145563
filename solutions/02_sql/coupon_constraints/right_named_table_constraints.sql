-- right: a STRICT table without an id, every rule a named table constraint, and the foreign key to products' primary key without naming the column
CREATE TABLE coupons (
    code        TEXT    NOT NULL,
    percent_off INTEGER NOT NULL,
    product_id  INTEGER,
    valid_from  TEXT    NOT NULL,
    valid_until TEXT    NOT NULL,
    CONSTRAINT coupons_code_unique UNIQUE (code),
    CONSTRAINT coupons_percent_range CHECK (percent_off >= 1 AND percent_off <= 100),
    CONSTRAINT coupons_product_fk FOREIGN KEY (product_id) REFERENCES products,
    CONSTRAINT coupons_dates_in_order CHECK (valid_from <= valid_until)
) STRICT;

-- The coupons marketing wants today. Keep these lines as they are.
INSERT INTO coupons (code, percent_off, product_id, valid_from, valid_until) VALUES
    ('WELCOME10', 10, NULL, '2024-01-01', '2024-12-31'),
    ('BOOKS15', 15, 1, '2024-09-01', '2024-09-30'),
    ('FREEMUG', 100, 44, '2024-12-24', '2024-12-24'),
    ('LOYAL1', 1, NULL, '2024-01-01', '2025-12-31');
