//! # Upsert with ON CONFLICT, and RETURNING
//!
//! Complete `add_to_cart`: add `quantity` units of `sku` to cart `cart_id` and return how many
//! the cart holds after the add. A product not yet in the cart gets a new line; a product
//! already there gets its quantity increased. It must stay right when another session adds the
//! same product to the same cart at the same moment (a double click, two tabs): no error, and
//! both adds count. One statement does all of it: `INSERT ... ON CONFLICT ... DO UPDATE ...
//! RETURNING`.
//! The tables are in `cart.sql`; the runner hands the database's URL to the tests as
//! `DATABASE_URL`.
//!
//! Why it matters: "SELECT to see whether the row exists, then INSERT or UPDATE" is a race.
//! Two sessions both see no row, both insert, and one fails on the primary key (or, without a
//! unique constraint, the cart gets two lines). `ON CONFLICT` lets the unique index decide,
//! atomically, and waits for the other session when their rows collide. `RETURNING` hands back
//! the row as the statement left it, in the same round trip: no second query, and no window in
//! which someone else changes it.

use tokio_postgres::{Client, Error};

/// Adds `quantity` of `sku` to cart `cart_id`; returns the line's quantity after the add.
pub async fn add_to_cart(
    client: &mut Client,
    cart_id: i64,
    sku: &str,
    quantity: i32,
) -> Result<i32, Error> {
    // The primary key decides: a new line, or (when the line exists, or another session is
    // inserting it right now: ON CONFLICT waits for that session) an update of that line.
    // EXCLUDED is the row this statement tried to insert.
    let row = client
        .query_one(
            "INSERT INTO cart_items (cart_id, sku, quantity) VALUES ($1, $2, $3)
             ON CONFLICT (cart_id, sku)
             DO UPDATE SET quantity = cart_items.quantity + EXCLUDED.quantity
             RETURNING quantity",
            &[&cart_id, &sku, &quantity],
        )
        .await?;
    Ok(row.get(0))
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;
    use tokio_postgres::NoTls;

    /// A session on the check's database (the runner's `DATABASE_URL`).
    async fn connect() -> Client {
        let url = std::env::var("DATABASE_URL")
            .expect("the runner hands the exercise's database as DATABASE_URL");
        let (client, connection) = tokio_postgres::connect(&url, NoTls)
            .await
            .expect("connect to the exercise's database");
        tokio::spawn(connection);
        client
    }

    /// A private copy of the fixture's tables in schema `name` (tests run at the same time and
    /// must not see each other's rows), and a session whose unqualified names resolve there.
    async fn private_copy(name: &str) -> Client {
        let client = connect().await;
        client
            .batch_execute(&format!(
                "DROP SCHEMA IF EXISTS {name} CASCADE;
                 CREATE SCHEMA {name};
                 CREATE TABLE {name}.carts (LIKE public.carts INCLUDING ALL);
                 CREATE TABLE {name}.cart_items (LIKE public.cart_items INCLUDING ALL);
                 INSERT INTO {name}.carts SELECT * FROM public.carts;
                 INSERT INTO {name}.cart_items SELECT * FROM public.cart_items;"
            ))
            .await
            .expect("copy the fixture's tables");
        session(name).await
    }

    async fn session(schema: &str) -> Client {
        let client = connect().await;
        client
            .batch_execute(&format!("SET search_path = {schema}"))
            .await
            .expect("use the test's schema");
        client
    }

    async fn lines(client: &Client) -> Vec<(i64, String, i32)> {
        client
            .query(
                "SELECT cart_id, sku, quantity FROM cart_items ORDER BY cart_id, sku",
                &[],
            )
            .await
            .expect("read the cart lines")
            .iter()
            .map(|row| (row.get(0), row.get(1), row.get(2)))
            .collect()
    }

    /// Waits until session `pid` waits for a lock another session holds, or `task` has ended.
    async fn blocked_or_finished<T>(monitor: &Client, pid: i32, task: &tokio::task::JoinHandle<T>) {
        while !task.is_finished() {
            let blocked: bool = monitor
                .query_one("SELECT cardinality(pg_blocking_pids($1)) > 0", &[&pid])
                .await
                .expect("read the server's lock table")
                .get(0);
            if blocked {
                return;
            }
            // Paces the polling of the server's state; nothing depends on how long it takes.
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    #[tokio::test]
    async fn a_product_not_in_the_cart_gets_a_new_line() {
        let mut client = private_copy("upsert_new_line").await;
        let result = add_to_cart(&mut client, 1, "TEA-0042", 2).await;
        assert!(
            matches!(result, Ok(2)),
            "adding 2 TEA-0042 to cart 1, which has none, must return 2, got {result:?}"
        );
        assert_eq!(
            lines(&client).await,
            [
                (1, "MUG-0001".to_owned(), 1),
                (1, "TEA-0042".to_owned(), 2),
                (2, "MUG-0001".to_owned(), 5),
                (2, "TEA-0042".to_owned(), 2),
            ],
            "cart 1 gets a TEA-0042 line of quantity 2; every other line stays as it was"
        );
    }

    #[tokio::test]
    async fn a_product_already_in_the_cart_has_its_quantity_increased() {
        let mut client = private_copy("upsert_existing_line").await;
        let result = add_to_cart(&mut client, 1, "MUG-0001", 3).await;
        let stored = lines(&client).await;
        assert_eq!(
            stored.iter().filter(|line| line.0 == 1).collect::<Vec<_>>(),
            [&(1, "MUG-0001".to_owned(), 4)],
            "cart 1 had 1 MUG-0001; adding 3 leaves one line of 4: DO UPDATE adds to the \
             quantity already in the cart (cart_items.quantity + EXCLUDED.quantity) (add_to_cart \
             returned {result:?})"
        );
        assert_eq!(
            stored.iter().filter(|line| line.0 == 2).collect::<Vec<_>>(),
            [
                &(2, "MUG-0001".to_owned(), 5),
                &(2, "TEA-0042".to_owned(), 2)
            ],
            "cart 2's lines must stay as they were: the update touches the one line of this cart \
             and this product"
        );
        assert!(
            matches!(result, Ok(4)),
            "add_to_cart returns the line's quantity after the add (RETURNING quantity), here 4, \
             not the quantity added; got {result:?}"
        );
    }

    #[tokio::test]
    async fn two_sessions_adding_the_same_new_product_both_count() {
        let schema = "upsert_concurrent";
        let other = private_copy(schema).await;
        let mut learner = session(schema).await;
        let monitor = connect().await;
        let learner_pid: i32 = learner
            .query_one("SELECT pg_backend_pid()", &[])
            .await
            .expect("read the session's process id")
            .get(0);
        // The other tab: its add of 2 KITE-0001 is written but not committed yet.
        other
            .batch_execute(
                "BEGIN; INSERT INTO cart_items (cart_id, sku, quantity) VALUES (1, 'KITE-0001', 2)",
            )
            .await
            .expect("the other session's add");
        let add = tokio::spawn(async move {
            let result = add_to_cart(&mut learner, 1, "KITE-0001", 3).await;
            (learner, result)
        });
        blocked_or_finished(&monitor, learner_pid, &add).await;
        other
            .batch_execute("COMMIT")
            .await
            .expect("the other session commits");
        let (learner, result) = add.await.expect("add_to_cart panicked");
        assert!(
            matches!(result, Ok(5)),
            "while another session added 2 KITE-0001 to the same cart (committed while yours \
             ran), your add of 3 must succeed and return 5, got {result:?}. Checking whether the \
             line exists and then inserting races at the same time: INSERT ... ON CONFLICT waits \
             for the other session and then updates its line"
        );
        let kites: Vec<_> = lines(&learner)
            .await
            .into_iter()
            .filter(|line| line.1 == "KITE-0001")
            .collect();
        assert_eq!(
            kites,
            [(1, "KITE-0001".to_owned(), 5)],
            "both adds count: one line of 2 + 3 = 5"
        );
    }
}
