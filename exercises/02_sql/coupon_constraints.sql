-- # Constraints: let the database refuse bad data
--
-- Marketing is starting coupons. Create the table `coupons` with these columns and rules:
--   code         text, required, no two coupons with the same code;
--   percent_off  integer, required, from 1 to 100 (100 = free);
--   product_id   the product the coupon applies to; NULL means the whole shop; when present it
--                must be the id of an existing product;
--   valid_from   date as text (YYYY-MM-DD), required;
--   valid_until  date as text, required, not before valid_from (a one-day coupon has
--                valid_from = valid_until).
-- You may add an id column if you like.
--
-- The checker keeps your table and then tries inserts that break each rule: every one of them
-- must fail. The valid coupons at the bottom must still go in.
--
-- Why it matters: application code has bugs, and there is always more than one writer (an admin
-- script, a migration, a second service). A NOT NULL, UNIQUE, CHECK or FOREIGN KEY constraint
-- holds for all of them, and it turns a bad write into an error today instead of a corrupt report
-- next month.
--
-- SQLite specifics: foreign keys are only enforced when `PRAGMA foreign_keys = ON` (the runner
-- sets it on every connection; your application must too). A CHECK passes when its expression is
-- NULL, so CHECK alone does not forbid NULL. And a PRIMARY KEY that is not INTEGER PRIMARY KEY
-- accepts NULL in ordinary tables, a historical quirk.

-- TODO: write CREATE TABLE coupons (...) here.


-- The coupons marketing wants today. Keep these lines as they are.
INSERT INTO coupons (code, percent_off, product_id, valid_from, valid_until) VALUES
    ('WELCOME10', 10, NULL, '2024-01-01', '2024-12-31'),
    ('BOOKS15', 15, 1, '2024-09-01', '2024-09-30'),
    ('FREEMUG', 100, 44, '2024-12-24', '2024-12-24'),
    ('LOYAL1', 1, NULL, '2024-01-01', '2025-12-31');
