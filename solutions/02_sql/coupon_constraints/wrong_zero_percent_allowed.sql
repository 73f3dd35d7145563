-- wrong: CHECK (percent_off BETWEEN 0 AND 100) lets a coupon of 0 % in; the range is 1 to 100
-- expect: percent_off 0 is below the allowed 1-100 and must violate a CHECK constraint
CREATE TABLE coupons (
    id          INTEGER PRIMARY KEY,
    code        TEXT    NOT NULL UNIQUE,
    percent_off INTEGER NOT NULL CHECK (percent_off BETWEEN 0 AND 100),
    product_id  INTEGER REFERENCES products (id),
    valid_from  TEXT    NOT NULL,
    valid_until TEXT    NOT NULL,
    CHECK (valid_until >= valid_from)
);

-- The coupons marketing wants today. Keep these lines as they are.
INSERT INTO coupons (code, percent_off, product_id, valid_from, valid_until) VALUES
    ('WELCOME10', 10, NULL, '2024-01-01', '2024-12-31'),
    ('BOOKS15', 15, 1, '2024-09-01', '2024-09-30'),
    ('FREEMUG', 100, 44, '2024-12-24', '2024-12-24'),
    ('LOYAL1', 1, NULL, '2024-01-01', '2025-12-31');
