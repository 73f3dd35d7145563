-- wrong: a CHECK on percent_off but no NOT NULL: a CHECK whose expression is NULL passes, so a coupon without percent_off goes in
-- expect: a coupon without percent_off must violate NOT NULL (a CHECK alone lets NULL through)
CREATE TABLE coupons (
    id          INTEGER PRIMARY KEY,
    code        TEXT    NOT NULL UNIQUE,
    percent_off INTEGER CHECK (percent_off BETWEEN 1 AND 100),
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
