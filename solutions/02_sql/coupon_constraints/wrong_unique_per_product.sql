-- wrong: UNIQUE (code, product_id) instead of UNIQUE (code): NULLs are all distinct, so a second whole-shop coupon WELCOME10 goes in
-- expect: a second coupon with the code WELCOME10 must violate a UNIQUE constraint
CREATE TABLE coupons (
    id          INTEGER PRIMARY KEY,
    code        TEXT    NOT NULL,
    percent_off INTEGER NOT NULL CHECK (percent_off BETWEEN 1 AND 100),
    product_id  INTEGER REFERENCES products (id),
    valid_from  TEXT    NOT NULL,
    valid_until TEXT    NOT NULL,
    UNIQUE (code, product_id),
    CHECK (valid_until >= valid_from)
);

-- The coupons marketing wants today. Keep these lines as they are.
INSERT INTO coupons (code, percent_off, product_id, valid_from, valid_until) VALUES
    ('WELCOME10', 10, NULL, '2024-01-01', '2024-12-31'),
    ('BOOKS15', 15, 1, '2024-09-01', '2024-09-30'),
    ('FREEMUG', 100, 44, '2024-12-24', '2024-12-24'),
    ('LOYAL1', 1, NULL, '2024-01-01', '2025-12-31');
