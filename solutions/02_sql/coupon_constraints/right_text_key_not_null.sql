-- right: the code as a TEXT PRIMARY KEY made NOT NULL, the ranges written with > and <=, and the dates compared through date()
CREATE TABLE coupons (
    code        TEXT NOT NULL PRIMARY KEY,
    percent_off INT  NOT NULL CHECK (percent_off > 0 AND percent_off <= 100),
    product_id  INT  NULL REFERENCES products (id) ON DELETE CASCADE,
    valid_from  TEXT NOT NULL,
    valid_until TEXT NOT NULL CHECK (date(valid_until) >= date(valid_from))
);

-- The coupons marketing wants today. Keep these lines as they are.
INSERT INTO coupons (code, percent_off, product_id, valid_from, valid_until) VALUES
    ('WELCOME10', 10, NULL, '2024-01-01', '2024-12-31'),
    ('BOOKS15', 15, 1, '2024-09-01', '2024-09-30'),
    ('FREEMUG', 100, 44, '2024-12-24', '2024-12-24'),
    ('LOYAL1', 1, NULL, '2024-01-01', '2025-12-31');
