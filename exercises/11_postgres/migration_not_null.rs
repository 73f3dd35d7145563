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
    // TODO: the steps, for example "ALTER TABLE orders ADD COLUMN currency text",
];

fn main() {
    for (number, step) in STEPS.iter().enumerate() {
        println!("-- step {}\n{step};", number + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio_postgres::error::SqlState;
    use tokio_postgres::{Client, NoTls};

    /// Lock modes that block writes (INSERT, UPDATE, DELETE take ROW EXCLUSIVE).
    const BLOCKING: [&str; 4] = [
        "ShareLock",
        "ShareRowExclusiveLock",
        "ExclusiveLock",
        "AccessExclusiveLock",
    ];

    /// A session on a private copy of the fixture's orders in schema `name` (tests run at the
    /// same time and must not see each other's tables).
    async fn private_copy(name: &str) -> Client {
        let url = std::env::var("DATABASE_URL")
            .expect("the runner hands the exercise's database as DATABASE_URL");
        let (client, connection) = tokio_postgres::connect(&url, NoTls)
            .await
            .expect("connect to the exercise's database");
        tokio::spawn(connection);
        client
            .batch_execute(&format!(
                "DROP SCHEMA IF EXISTS {name} CASCADE;
                 CREATE SCHEMA {name};
                 CREATE TABLE {name}.orders (LIKE public.orders INCLUDING ALL);
                 INSERT INTO {name}.orders SELECT * FROM public.orders;
                 ANALYZE {name}.orders;
                 SET search_path = {name};"
            ))
            .await
            .expect("copy the fixture's orders");
        client
    }

    async fn number(client: &Client, sql: &str) -> i64 {
        client
            .query_one(sql, &[])
            .await
            .unwrap_or_else(|err| panic!("the checker's query failed: {err}\n  {sql}"))
            .get(0)
    }

    /// Runs the migration as the tool does, one transaction per step, and returns for each step
    /// its number, the locks it held on orders and how many rows of orders it read by scanning.
    async fn migrate(client: &Client) -> Vec<(usize, Vec<String>, i64)> {
        assert!(
            !STEPS.is_empty(),
            "STEPS is empty: write the migration's statements"
        );
        let mut seen = Vec::new();
        for (index, step) in STEPS.iter().enumerate() {
            let number_shown = index + 1;
            client.batch_execute("BEGIN").await.expect("begin the step");
            let xact = number(client, "SELECT txid_current()").await;
            let read_before = number(
                client,
                "SELECT coalesce(sum(seq_tup_read), 0)::bigint FROM pg_stat_xact_user_tables \
                 WHERE relid = 'orders'::regclass",
            )
            .await;
            if let Err(err) = client.batch_execute(step).await {
                panic!("step {number_shown} failed: {err}\n  step: {step}");
            }
            assert_eq!(
                number(client, "SELECT txid_current()").await,
                xact,
                "step {number_shown} ended the tool's transaction (a COMMIT or ROLLBACK in it): \
                 the tool runs each step in a transaction of its own; leave BEGIN and COMMIT \
                 out\n  step: {step}"
            );
            let read = number(
                client,
                "SELECT coalesce(sum(seq_tup_read), 0)::bigint FROM pg_stat_xact_user_tables \
                 WHERE relid = 'orders'::regclass",
            )
            .await
                - read_before;
            let locks: Vec<String> = client
                .query(
                    "SELECT mode FROM pg_locks WHERE pid = pg_backend_pid() \
                     AND relation = 'orders'::regclass AND granted ORDER BY mode",
                    &[],
                )
                .await
                .expect("read the step's locks")
                .iter()
                .map(|row| row.get(0))
                .collect();
            client
                .batch_execute("COMMIT")
                .await
                .expect("commit the step");
            seen.push((number_shown, locks, read));
        }
        seen
    }

    #[tokio::test]
    async fn no_step_reads_the_table_under_a_lock_that_blocks_writes() {
        let client = private_copy("migration_locks").await;
        for (number_shown, locks, read) in migrate(&client).await {
            let blocking: Vec<&String> = locks
                .iter()
                .filter(|mode| BLOCKING.contains(&mode.as_str()))
                .collect();
            assert!(
                read == 0 || blocking.is_empty(),
                "step {number_shown} read {read} rows of orders while holding {blocking:?} on \
                 it: every write to orders (and with AccessExclusiveLock every read) waits until \
                 that step's transaction ends, which on a big table is minutes of downtime.\n  \
                 step: {}\nKeep the scans in steps that hold no more than SHARE UPDATE EXCLUSIVE \
                 or ROW EXCLUSIVE (an UPDATE, VALIDATE CONSTRAINT), and make the ACCESS \
                 EXCLUSIVE steps instant (ADD COLUMN without a volatile default, ADD CONSTRAINT \
                 ... NOT VALID, SET NOT NULL after a validated CHECK (currency IS NOT NULL))",
                STEPS[number_shown - 1]
            );
        }
    }

    #[tokio::test]
    async fn every_order_has_its_currency_and_new_ones_must_name_one() {
        let client = private_copy("migration_result").await;
        migrate(&client).await;
        let nullable: Option<String> = client
            .query_opt(
                "SELECT is_nullable::text FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name = 'orders' \
                 AND column_name = 'currency'",
                &[],
            )
            .await
            .expect("read the column's definition")
            .map(|row| row.get(0));
        assert_eq!(
            nullable.as_deref(),
            Some("NO"),
            "orders.currency must exist and be declared NOT NULL (is_nullable is {nullable:?}; \
             None means no such column): a validated CHECK keeps the NULLs out, but tools and \
             ORMs read the column's NOT NULL; ALTER COLUMN currency SET NOT NULL adds it, without \
             a scan once the CHECK is validated"
        );
        let wrong = client
            .query(
                "SELECT shop, currency, count(*) FROM orders \
                 WHERE currency IS DISTINCT FROM CASE shop WHEN 'uk' THEN 'GBP' ELSE 'EUR' END \
                 GROUP BY shop, currency ORDER BY shop",
                &[],
            )
            .await
            .expect("read the currencies");
        let wrong: Vec<(String, Option<String>, i64)> = wrong
            .iter()
            .map(|row| (row.get(0), row.get(1), row.get(2)))
            .collect();
        assert!(
            wrong.is_empty(),
            "every existing order has its shop's currency, 'GBP' for the uk shop and 'EUR' for \
             pt, es and fr; these (shop, currency, orders) do not: {wrong:?}"
        );
        assert_eq!(
            number(&client, "SELECT count(*) FROM orders").await,
            6000,
            "the migration keeps every order"
        );
        let without = client
            .execute(
                "INSERT INTO orders (id, shop, customer_id, total_cents, created_at) \
                 VALUES (6001, 'pt', 1, 1000, now())",
                &[],
            )
            .await;
        assert!(
            matches!(&without, Err(err) if err.code() == Some(&SqlState::NOT_NULL_VIOLATION) || err.code() == Some(&SqlState::CHECK_VIOLATION)),
            "an order inserted without a currency must be rejected by the NOT NULL, got \
             {without:?}: a DEFAULT left on the column fills it in silently (drop it once the \
             existing rows have theirs)"
        );
        let with = client
            .execute(
                "INSERT INTO orders (id, shop, customer_id, total_cents, created_at, currency) \
                 VALUES (6002, 'uk', 1, 1000, now(), 'GBP')",
                &[],
            )
            .await;
        assert!(
            with.is_ok(),
            "an order that names its currency goes in, got {with:?}"
        );
    }
}
