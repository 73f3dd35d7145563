//! wrong: BEGIN and COMMIT by hand, but `?` returns early past the COMMIT with nothing to roll back: the failed order stays in an open transaction
//! expect: the failed order left a transaction open

use rusqlite::{Connection, OptionalExtension, params};

#[derive(Debug, thiserror::Error)]
pub enum OrderError {
    #[error("product {0} does not exist")]
    UnknownProduct(i64),
    #[error("not enough units of product {product_id} in stock")]
    OutOfStock { product_id: i64 },
    #[error(transparent)]
    Database(#[from] rusqlite::Error),
}

/// Inserts a pending order for `customer_id` and returns its id.
fn insert_order(conn: &Connection, customer_id: i64) -> Result<i64, OrderError> {
    let id = conn.query_row(
        "INSERT INTO orders (customer_id, status) VALUES (?1, 'pending') RETURNING id",
        [customer_id],
        |row| row.get(0),
    )?;
    Ok(id)
}

/// Takes `quantity` units of `product_id` out of stock and adds them as line `line_no` of the
/// order, at the product's current price.
fn add_line(
    conn: &Connection,
    order_id: i64,
    line_no: i64,
    product_id: i64,
    quantity: i64,
) -> Result<(), OrderError> {
    let price: i64 = conn
        .query_row(
            "SELECT price_cents FROM products WHERE id = ?1",
            [product_id],
            |row| row.get(0),
        )
        .optional()?
        .ok_or(OrderError::UnknownProduct(product_id))?;
    let taken = conn.execute(
        "UPDATE products SET stock = stock - ?2 WHERE id = ?1 AND stock >= ?2",
        params![product_id, quantity],
    )?;
    if taken == 0 {
        return Err(OrderError::OutOfStock { product_id });
    }
    conn.execute(
        "INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price_cents)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![order_id, line_no, product_id, quantity, price],
    )?;
    Ok(())
}

/// Places an order of `lines`, each `(product_id, quantity)`, and returns the new order's id.
/// Either the whole order is stored, or (on any error) nothing at all.
pub fn place_order(
    conn: &mut Connection,
    customer_id: i64,
    lines: &[(i64, i64)],
) -> Result<i64, OrderError> {
    conn.execute_batch("BEGIN")?;
    let order_id = insert_order(conn, customer_id)?;
    for (line_no, &(product_id, quantity)) in (1..).zip(lines) {
        add_line(conn, order_id, line_no, product_id, quantity)?;
    }
    conn.execute_batch("COMMIT")?;
    Ok(order_id)
}

fn main() {}
