-- shop.sql: the fixture of stage 02_sql, a small online shop.
--
-- The runner loads this file into a fresh in-memory SQLite database before every check (with
-- `PRAGMA foreign_keys = ON` already set), so nothing you do to the data survives a check.
-- Explore it yourself with:   sqlite3 :memory: '.read exercises/02_sql/shop.sql' '.tables'
--
-- The data is deterministic (no random()) and deliberately untidy, the way real data is:
--   * customers without a phone or a city (NULL), customers who never ordered;
--   * products without a category, products nobody ever ordered, products with equal prices;
--   * orders without any line (abandoned checkouts), order lines whose product was deleted;
--   * reviews without a written body.
-- Money is stored as integer cents: 2499 means 24.99. Floats cannot represent most decimal
-- amounts exactly, so shops count in the smallest unit. Dates are ISO-8601 text (YYYY-MM-DD),
-- which sorts and compares correctly as plain text.
--
-- Sizes: 8 categories, 48 products, 150 customers, 604 orders, about 1,450 order lines,
-- about 300 reviews. All tables are STRICT: SQLite then refuses a value of the wrong type
-- instead of storing it anyway.

-------------------------------------------------------------------------------------------
-- Schema
-------------------------------------------------------------------------------------------

-- Product categories. "Gift cards" has no product yet.
CREATE TABLE categories (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
) STRICT;

-- The catalogue. category_id is NULL for products nobody has filed yet.
CREATE TABLE products (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    category_id INTEGER REFERENCES categories (id),
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
    stock       INTEGER NOT NULL CHECK (stock >= 0)
) STRICT;

-- People with an account. phone and city are optional (NULL when unknown).
CREATE TABLE customers (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    email      TEXT NOT NULL UNIQUE,
    phone      TEXT,
    city       TEXT,
    created_on TEXT NOT NULL
) STRICT;

-- One row per checkout. Note: no index on customer_id (SQLite does not create indexes for
-- foreign keys by itself); one exercise adds it.
CREATE TABLE orders (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    ordered_on  TEXT    NOT NULL,
    status      TEXT    NOT NULL
        CHECK (status IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled'))
) STRICT;

-- The lines of an order. unit_price_cents is the price paid, copied at checkout (prices change
-- later, and some lines got a 10% discount). product_id becomes NULL when a product is deleted
-- from the catalogue: the line, and the money, stay in the books.
CREATE TABLE order_items (
    order_id         INTEGER NOT NULL REFERENCES orders (id),
    line_no          INTEGER NOT NULL,
    product_id       INTEGER REFERENCES products (id) ON DELETE SET NULL,
    quantity         INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),
    PRIMARY KEY (order_id, line_no)
) STRICT;

-- Product reviews: a rating from 1 to 5 and an optional text (body is NULL for a bare rating).
-- A customer reviews a product at most once.
CREATE TABLE reviews (
    id          INTEGER PRIMARY KEY,
    product_id  INTEGER NOT NULL REFERENCES products (id),
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    rating      INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    body        TEXT,
    created_on  TEXT    NOT NULL,
    UNIQUE (product_id, customer_id)
) STRICT;

-- What the back office did, for the record.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    happened_at TEXT NOT NULL DEFAULT (datetime('now')),
    action      TEXT NOT NULL,
    detail      TEXT
) STRICT;

-------------------------------------------------------------------------------------------
-- Categories and products (written by hand)
-------------------------------------------------------------------------------------------

INSERT INTO categories (id, name) VALUES
    (1, 'Books'),
    (2, 'Electronics'),
    (3, 'Kitchen'),
    (4, 'Garden'),
    (5, 'Toys'),
    (6, 'Clothing'),
    (7, 'Sports'),
    (8, 'Gift cards');

INSERT INTO products (id, name, category_id, price_cents, stock) VALUES
    -- Books
    ( 1, 'Atlas of Rivers',            1, 3200,  14),
    ( 2, 'Cooking with Cast Iron',     1, 2499,   9),
    ( 3, 'A Short History of Maps',    1, 2499,   0),
    ( 4, 'Poems for Rainy Days',       1, 1999,  22),
    ( 5, 'Pocket Birdwatching Guide',  1, 1000,  31),
    ( 6, 'Sudoku Volume 3',            1,  899,  40),
    -- Electronics
    ( 7, 'Noise-cancelling Headphones', 2, 8999,  5),
    ( 8, 'Action Camera',              2, 8999,   3),
    ( 9, 'Smart Speaker',              2, 4999,  12),
    (10, 'Wireless Charger',           2, 2500,  18),
    (11, 'USB-C Hub',                  2, 1999,   0),
    (12, 'Bike Light Set',             2, 1250,  26),
    -- Kitchen
    (13, 'Chef''s Knife',              3, 4500,   7),
    (14, 'Dutch Oven',                 3, 3999,   4),
    (15, 'Pour-over Coffee Set',       3, 2999,  10),
    (16, 'Bamboo Cutting Board',       3, 2999,  15),
    (17, 'Salad Spinner',              3, 1000,   0),
    (18, 'Tea Towels (3)',             3,  650,  50),
    -- Garden
    (19, 'Cordless Hedge Trimmer',     4, 2999,   6),
    (20, 'Raised Bed Kit',             4, 2450,   8),
    (21, 'Watering Can',               4, 1999,  19),
    (22, 'Pruning Shears',             4, 1500,  23),
    (23, 'Bird Feeder',                4, 1299,  11),
    (24, 'Seed Sampler',               4,    0, 100),
    -- Toys
    (25, 'Wooden Train Set',           5, 1999,  13),
    (26, 'Marble Run',                 5, 1999,   2),
    (27, 'Puzzle 1000 Pieces',         5, 1999,  17),
    (28, 'Kite',                       5, 1599,   0),
    (29, 'Bubble Wand',                5,  999,  60),
    (30, 'Jigsaw for Toddlers',        5,  499,  35),
    -- Clothing
    (31, 'Rain Jacket',                6, 5999,   9),
    (32, 'Wool Sweater',               6, 3499,   6),
    (33, 'Denim Cap',                  6, 2500,   0),
    (34, 'Running Socks (2)',          6, 1000,  44),
    (35, 'Knitted Scarf',              6, 1499,  12),
    -- Sports
    (36, 'Road Bike Helmet',           7, 7499,   4),
    (37, 'Yoga Mat',                   7, 2500,  27),
    (38, 'Climbing Chalk',             7, 1200,  33),
    (39, 'Jump Rope',                  7, 1800,  21),
    (40, 'Tennis Balls (4)',           7, 2200,  16),
    -- Not filed in any category yet
    (41, 'Mystery Box',             NULL, 2500,  10),
    (42, 'Sticker Pack',            NULL,  150, 200),
    (43, 'Returned Item (as is)',   NULL,  999,   1),
    -- Ordered by nobody yet
    (44, 'Enamel Mug',                 3, 1400,  25),
    (45, 'Snowboard Wax',              7,  999,  12),
    (46, 'Linen Shirt',                6, 3999,   8),
    (47, 'Field Notebook',             1, 1250,  30),
    (48, 'Garden Solar Lights',        4, 2450,   0);

-------------------------------------------------------------------------------------------
-- Customers: 140 generated from name lists, then 10 written by hand
-------------------------------------------------------------------------------------------

-- Customer k is made of first name (7k mod 20) and last name (3k mod 16).
-- phone is NULL when k mod 7 = 2, city is NULL when k mod 9 = 4.
WITH RECURSIVE
    seq(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM seq WHERE k < 140),
    first_names(i, name) AS (VALUES
        (0, 'Ada'), (1, 'Bruno'), (2, 'Chloe'), (3, 'Dmitri'), (4, 'Elena'),
        (5, 'Farid'), (6, 'Grace'), (7, 'Hugo'), (8, 'Ines'), (9, 'Jonas'),
        (10, 'Keiko'), (11, 'Liam'), (12, 'Maya'), (13, 'Nils'), (14, 'Olga'),
        (15, 'Pedro'), (16, 'Quentin'), (17, 'Rosa'), (18, 'Sami'), (19, 'Tess')),
    last_names(i, name) AS (VALUES
        (0, 'Martin'), (1, 'Okafor'), (2, 'Nguyen'), (3, 'Schmidt'), (4, 'O''Brien'),
        (5, 'Rossi'), (6, 'Kowalski'), (7, 'Dubois'), (8, 'Haddad'), (9, 'Tanaka'),
        (10, 'Silva'), (11, 'Jensen'), (12, 'Moreau'), (13, 'Novak'), (14, 'Ibrahim'),
        (15, 'Fischer')),
    cities(i, name) AS (VALUES
        (0, 'Lyon'), (1, 'Paris'), (2, 'Lille'), (3, 'Nantes'),
        (4, 'Bordeaux'), (5, 'Marseille'), (6, 'Toulouse'), (7, 'Strasbourg'))
INSERT INTO customers (id, name, email, phone, city, created_on)
SELECT
    k,
    first_name || ' ' || last_name,
    lower(first_name || '.' || replace(last_name, '''', '')) || k || '@example.com',
    CASE WHEN k % 7 = 2 THEN NULL
         ELSE printf('+33 6 %02d %02d %02d %02d', k % 100, (k * 7) % 100, (k * 13) % 100, (k * 31) % 100)
    END,
    CASE WHEN k % 9 = 4 THEN NULL ELSE city END,
    date('2023-01-01', '+' || (k * 2) || ' days')
FROM (
    SELECT
        k,
        (SELECT name FROM first_names WHERE i = (k * 7) % 20) AS first_name,
        (SELECT name FROM last_names WHERE i = (k * 3) % 16) AS last_name,
        (SELECT name FROM cities WHERE i = (k * 5) % 8) AS city
    FROM seq
);

-- Recent sign-ups. Only 149 and 150 have ordered (see the hand-written orders below).
-- 150 is the same person as customer 44 (Ines O'Brien), who signed up again with a work email.
INSERT INTO customers (id, name, email, phone, city, created_on) VALUES
    (141, 'Zoe Laurent',     'zoe.laurent@example.com',      '+33 6 41 10 20 30', 'Paris',    '2024-12-01'),
    (142, 'Yann Le Gall',    'yann.legall@example.com',      NULL,                'Brest',    '2024-12-02'),
    (143, 'Xavier Petit',    'x.petit@example.com',          '+33 6 43 11 22 33', NULL,       '2024-12-03'),
    (144, 'Wanda Mazur',     'wanda.mazur@example.com',      NULL,                NULL,       '2024-12-05'),
    (145, 'Victor D''Amico', 'victor.damico@example.com',    '+33 6 45 12 24 36', 'Lyon',     '2024-12-08'),
    (146, 'Ursula Berg',     'ursula.berg@example.com',      '+33 6 46 13 26 39', 'Lille',    '2024-12-13'),
    (147, 'Theo Marchand',   'theo.marchand@example.com',    NULL,                'Nantes',   '2024-12-21'),
    (148, 'Sofia Conti',     'sofia.conti@example.com',      '+33 6 48 14 28 42', 'Paris',    '2024-12-22'),
    (149, 'Rene Faure',      'rene.faure@example.com',       '+33 6 49 15 30 45', 'Toulouse', '2024-12-28'),
    (150, 'Ines O''Brien',   'ines.obrien@work.example.com', '+33 6 50 16 32 48', 'Lille',    '2024-12-30');

-------------------------------------------------------------------------------------------
-- Orders: 600 generated over 2024, then 4 written by hand
-------------------------------------------------------------------------------------------

-- Order n belongs to customer 1 + 37n mod 140, moved to the next id when that is a multiple of
-- 13: customers 13, 26, ..., 130 never ordered (nor did 141-148). Every 50th order repeats the
-- customer and the day of the order before it: same-day orders of one customer.
-- Status follows the date (recent orders are still on their way); every 12th order was cancelled.
WITH RECURSIVE
    seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 600),
    src(n, m) AS (SELECT n, CASE WHEN n % 50 = 0 THEN n - 1 ELSE n END FROM seq),
    raw(n, c, d) AS (SELECT n, 1 + (m * 37) % 140, (m * 53) % 366 FROM src)
INSERT INTO orders (id, customer_id, ordered_on, status)
SELECT
    n,
    CASE WHEN c % 13 = 0 THEN c + 1 ELSE c END,
    date('2024-01-01', '+' || d || ' days'),
    CASE
        WHEN n % 12 = 0 THEN 'cancelled'
        WHEN d >= 355 THEN 'pending'
        WHEN d >= 345 THEN 'paid'
        WHEN d >= 330 THEN 'shipped'
        ELSE 'delivered'
    END
FROM raw;

INSERT INTO orders (id, customer_id, ordered_on, status) VALUES
    (601, 150, '2024-12-30', 'paid'),
    (602, 150, '2024-12-30', 'pending'),
    (603, 150, '2024-12-31', 'pending'),
    (604, 149, '2024-12-29', 'cancelled');  -- 149's only order: cancelled

-------------------------------------------------------------------------------------------
-- Order lines: 1 to 4 per generated order, plus the hand-written orders' lines
-------------------------------------------------------------------------------------------

-- Order n has 1 + n mod 4 lines; orders with n mod 40 = 7 have none (abandoned checkouts).
-- Line l of order n is for product 1 + (7n + 13l) mod 44, so products 45-48 were never ordered.
-- A line whose (3n + l) mod 53 = 0 lost its product (deleted since): product_id is NULL.
WITH RECURSIVE
    lines(l) AS (VALUES (1), (2), (3), (4)),
    raw(n, l, p) AS (
        SELECT o.id, lines.l, 1 + (o.id * 7 + lines.l * 13) % 44
        FROM orders AS o
        JOIN lines ON lines.l <= 1 + o.id % 4
        WHERE o.id <= 600 AND o.id % 40 <> 7
    )
INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price_cents)
SELECT
    raw.n,
    raw.l,
    CASE WHEN (raw.n * 3 + raw.l) % 53 = 0 THEN NULL ELSE raw.p END,
    CASE WHEN (raw.n + raw.l) % 37 = 0 THEN 10 ELSE 1 + (raw.n * raw.l) % 3 END,
    CASE WHEN (raw.n + raw.l) % 9 = 0 THEN p.price_cents * 9 / 10 ELSE p.price_cents END
FROM raw
JOIN products AS p ON p.id = raw.p;

INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price_cents) VALUES
    (601, 1, 31, 1, 5999),
    (601, 2, 35, 2, 1499),
    (602, 1, 14, 1, 3999),
    (603, 1, 42, 5,  150),
    (604, 1,  7, 1, 8999);

-------------------------------------------------------------------------------------------
-- Reviews: about 280 generated, then a few written by hand
-------------------------------------------------------------------------------------------

-- Product p (1-40) gets 1 + 7p mod 13 reviews; its j-th review is by customer
-- 1 + (17p + 29j) mod 139 (moved to the next id when that is a multiple of 13, like orders).
-- Each product has a "quality" 3p mod 5 and its ratings spread around it.
-- Reviews whose (p + j) mod 3 = 0 are a bare rating, without a body.
WITH RECURSIVE
    product_ids(p) AS (SELECT 1 UNION ALL SELECT p + 1 FROM product_ids WHERE p < 40),
    raw(p, j) AS (
        SELECT p, 0 FROM product_ids
        UNION ALL
        SELECT p, j + 1 FROM raw WHERE j + 1 < 1 + (p * 7) % 13
    ),
    bodies(i, body) AS (VALUES
        (0, 'Does what it says.'),
        (1, 'Arrived quickly, well packed.'),
        (2, 'Not worth the price.'),
        (3, 'My second one, still happy.'),
        (4, 'Smaller than I expected.'),
        (5, 'Great gift idea!')),
    numbered(r, p, j, c) AS (
        SELECT row_number() OVER (ORDER BY p, j), p, j, 1 + (p * 17 + j * 29) % 139 FROM raw
    )
INSERT INTO reviews (id, product_id, customer_id, rating, body, created_on)
SELECT
    r,
    p,
    CASE WHEN c % 13 = 0 THEN c + 1 ELSE c END,
    max(1, min(5, (p * 3) % 5 + (j + p) % 3 + ((j * p) % 4 = 0) - (j % 5 = 4))),
    CASE WHEN (p + j) % 3 = 0 THEN NULL ELSE b.body END,
    date('2024-01-15', '+' || ((p * 31 + j * 17) % 350) || ' days')
FROM numbered
JOIN bodies AS b ON b.i = (p * 5 + j) % 6;

-- These take the next ids.
INSERT INTO reviews (product_id, customer_id, rating, body, created_on) VALUES
    -- Mystery Box: exactly 5 reviews, average exactly 4.0
    (41,   3, 5, 'Fun surprise.',               '2024-06-01'),
    (41,  17, 4, NULL,                          '2024-06-09'),
    (41,  29, 3, 'Half of it was stickers.',    '2024-07-12'),
    (41,  58, 4, NULL,                          '2024-08-30'),
    (41,  90, 4, 'Would buy again.',            '2024-09-14'),
    -- Sticker Pack: loved, but only 4 reviews
    (42,   5, 5, 'Kids love them.',             '2024-05-05'),
    (42,  33, 5, NULL,                          '2024-05-20'),
    (42,  71, 5, NULL,                          '2024-10-02'),
    (42, 150, 5, 'Bought more for the office.', '2024-12-31'),
    -- Returned Item: 6 reviews, average 3.5
    (43,   8, 4, 'Fine for the price.',         '2024-03-03'),
    (43,  19, 2, 'Scratched.',                  '2024-03-18'),
    (43,  44, 4, NULL,                          '2024-04-22'),
    (43,  61, 3, NULL,                          '2024-06-30'),
    (43,  99, 4, 'Works.',                      '2024-07-07'),
    (43, 120, 4, NULL,                          '2024-11-11');

INSERT INTO audit_log (id, happened_at, action, detail) VALUES
    (1, '2024-11-02 08:15:00', 'price_change', 'product 9: 5499 -> 4999'),
    (2, '2024-11-29 07:00:00', 'price_change', 'product 33: 2900 -> 2500');
