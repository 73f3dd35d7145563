//! wrong: adds the CHECK without NOT VALID, so it is validated at once, by a scan under ACCESS EXCLUSIVE
//! expect: step 3 read 6000 rows of orders while holding ["AccessExclusiveLock"]
//! # A NOT NULL column added without a long lock
//!
//! Orders get a `currency` column. Write the migration as `STEPS`: SQL statements that the
//! migration tool runs in order, each step in a transaction of its own (so do not write BEGIN
//! or COMMIT). When it is done, `orders.currency` is declared NOT NULL, every existing order has
//! its shop's currency ('GBP' for the 'uk' shop, 'EUR' for the others), and an order inserted
//! without a currency is rejected (no default stays behind: the code that writes orders must
//! say which currency it charged in). And the shop stays open meanwhile: no step may read the
//! whole table while it holds a lock that blocks writes to `orders` (SHARE or stronger, such as
//! the ACCESS EXCLUSIVE lock of ALTER TABLE). The checker runs your steps on a copy of
//! `orders.sql` and looks at the locks each step holds and at the rows it reads.
//!
//! Why it matters: `ALTER TABLE orders ADD COLUMN currency text NOT NULL ...` or `ALTER COLUMN
//! currency SET NOT NULL` checks every row while holding ACCESS EXCLUSIVE, which blocks every
//! read and write of the table: on 6,000 rows nobody notices, on 60 million the shop is down
//! for minutes. The safe sequence keeps each ACCESS EXCLUSIVE step instant: add the column
//! nullable (instant), fill it in (an ordinary UPDATE, which blocks nobody's reads or inserts),
//! add `CHECK (currency IS NOT NULL) NOT VALID` (instant: it checks new rows only), `VALIDATE`
//! it (a scan under SHARE UPDATE EXCLUSIVE, which lets reads and writes go on), and then
//! `SET NOT NULL`, which PostgreSQL (12 and later) proves from the validated constraint without
//! a scan. (A column added with a constant DEFAULT is instant too, since PostgreSQL 11.)

/// The migration, one step per transaction, in order.
pub const STEPS: &[&str] = &[
    "ALTER TABLE orders ADD COLUMN currency text",
    "UPDATE orders SET currency = CASE WHEN shop = 'uk' THEN 'GBP' ELSE 'EUR' END",
    "ALTER TABLE orders ADD CONSTRAINT orders_currency_not_null CHECK (currency IS NOT NULL)",
    "ALTER TABLE orders ALTER COLUMN currency SET NOT NULL",
];

fn main() {
    for (number, step) in STEPS.iter().enumerate() {
        println!("-- step {}\n{step};", number + 1);
    }
}
