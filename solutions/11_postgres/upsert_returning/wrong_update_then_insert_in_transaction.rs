//! wrong: UPDATE, and INSERT when no row was updated, in one transaction: READ COMMITTED does not stop the race
//! expect: your add of 3 must succeed and return 5
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
    let tx = client.transaction().await?;
    let updated = tx
        .query_opt(
            "UPDATE cart_items SET quantity = quantity + $3 WHERE cart_id = $1 AND sku = $2 RETURNING quantity",
            &[&cart_id, &sku, &quantity],
        )
        .await?;
    let total = match updated {
        Some(row) => row.get(0),
        None => {
            tx.query_one(
                "INSERT INTO cart_items (cart_id, sku, quantity) VALUES ($1, $2, $3) RETURNING quantity",
                &[&cart_id, &sku, &quantity],
            )
            .await?
            .get(0)
        }
    };
    tx.commit().await?;
    Ok(total)
}

fn main() {}
