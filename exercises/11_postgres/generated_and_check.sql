-- # CHECK constraints and a generated column
--
-- `order_lines` (in `order_lines.sql`) is written by the checkout, an admin tool and a nightly
-- import, and each has had bugs. Make the table itself keep these rules, whoever writes:
--
--   quantity          at least 1;
--   unit_price_cents  0 or more (0 is a free gift);
--   discount_percent  from 0 to 50 (the shop never takes off more than half), and 0 on a free
--                     gift (a discount on a price of 0 has broken the sales report before);
--   sku               three capital letters, a dash and four digits, such as 'TEA-0042', and
--                     nothing before or after;
--
-- and add the column `line_total_cents`: quantity times unit price, less the discount, rounded
-- to the nearest cent (half a cent rounds up: 1 x 1190 at 15 % off is 1011.5, so 1012). It is
-- computed by the database, from the row's own values, on every insert and every update, so it
-- is never stale and no writer can store a different total.
--
-- The checker keeps your table, then tries writes that break each rule (every one must be
-- rejected by a constraint), changes and inserts lines and reads their totals. The existing
-- rows and the lines at the bottom are valid and must go in.
--
-- Why it matters: a rule in application code holds for that code only. A CHECK constraint holds
-- for every writer, now and later, and names the broken rule in the error. A generated column
-- (GENERATED ALWAYS AS (...) STORED) is a derived value that cannot drift from its inputs, as a
-- column filled in by the application or a one-off UPDATE does the first time someone forgets.
--
-- PostgreSQL specifics: `~` matches a POSIX regular expression anywhere in the text unless you
-- anchor it (^ and $). Integer division truncates (7 / 2 is 3): divide by 100.0 to get a
-- numeric, whose round() takes halves away from zero.

-- TODO: ALTER TABLE order_lines ADD CONSTRAINT ... CHECK (...), ... ;
-- TODO: ALTER TABLE order_lines ADD COLUMN line_total_cents ... GENERATED ALWAYS AS (...) STORED;


-- New lines the checkout wrote today. Keep these lines as they are.
INSERT INTO order_lines (order_id, sku, quantity, unit_price_cents, discount_percent) VALUES
    (5, 'ZZZ-9999', 1, 4999, 50),
    (5, 'BAG-0100', 1, 0, 0),
    (6, 'AAA-0000', 12, 1, 0);
