//! # Transactions: all or nothing
//!
//! Complete `place_order`. Placing an order takes several statements: insert the order, then
//! for every line take the units out of stock and add the line (the helpers `insert_order` and
//! `add_line` do one step each). When any step fails, for instance the second product is out of
//! stock, nothing of the order may remain: no order row, no line, no stock taken. Run the steps
//! in one transaction, and commit only when all of them succeeded.
//!
//! Why it matters: without a transaction every statement commits on its own, and an error
//! halfway leaves an order with missing lines, or stock that vanished into no order. A
//! transaction makes the steps one unit: either all of them are applied, or (on rollback) none.
//! In rusqlite, a `Transaction` that is dropped without `commit()` rolls back, so returning
//! early with `?` undoes everything by itself.

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

/// Places an order of `lines`, each `(product_id, quantity)` and numbered from 1 in the order
/// given, and returns the new order's id. Either the whole order is stored, or (on any error)
/// nothing at all, and the error of the step that failed is returned.
pub fn place_order(
    conn: &mut Connection,
    customer_id: i64,
    lines: &[(i64, i64)],
) -> Result<i64, OrderError> {
    let tx = conn.transaction()?;
    let order_id = insert_order(&tx, customer_id)?;
    for (line_no, &(product_id, quantity)) in (1..).zip(lines) {
        add_line(&tx, order_id, line_no, product_id, quantity)?;
    }
    tx.commit()?;
    Ok(order_id)
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    fn shop() -> Connection {
        let conn = Connection::open_in_memory().expect("open an in-memory database");
        conn.execute_batch(
            "PRAGMA foreign_keys = ON;
             CREATE TABLE products (
                 id INTEGER PRIMARY KEY,
                 name TEXT NOT NULL,
                 price_cents INTEGER NOT NULL,
                 stock INTEGER NOT NULL CHECK (stock >= 0)
             );
             CREATE TABLE orders (
                 id INTEGER PRIMARY KEY,
                 customer_id INTEGER NOT NULL,
                 status TEXT NOT NULL
             );
             CREATE TABLE order_items (
                 order_id INTEGER NOT NULL REFERENCES orders (id),
                 line_no INTEGER NOT NULL,
                 product_id INTEGER NOT NULL REFERENCES products (id),
                 quantity INTEGER NOT NULL CHECK (quantity > 0),
                 unit_price_cents INTEGER NOT NULL,
                 PRIMARY KEY (order_id, line_no)
             );
             INSERT INTO products (id, name, price_cents, stock) VALUES
                 (1, 'Dutch Oven', 3999, 4),
                 (2, 'Kite', 1599, 1),
                 (3, 'Tea Towels', 650, 50);",
        )
        .expect("create the test database");
        conn
    }

    fn count(conn: &Connection, sql: &str) -> i64 {
        conn.query_row(sql, [], |row| row.get(0))
            .expect("count rows")
    }

    fn stock(conn: &Connection, product_id: i64) -> i64 {
        conn.query_row(
            "SELECT stock FROM products WHERE id = ?1",
            [product_id],
            |row| row.get(0),
        )
        .expect("read the stock")
    }

    const ATOMIC: &str = "run every step of the order inside one transaction \
        (conn.transaction()), so that returning early with `?` rolls all of them back";

    /// After a failed order: nothing of it remains, and the connection is usable.
    fn assert_nothing_left(conn: &Connection) {
        assert!(
            conn.is_autocommit(),
            "the failed order left a transaction open: an explicit BEGIN needs a ROLLBACK on \
             every error path; a rusqlite Transaction does that by itself when dropped"
        );
        assert_eq!(
            count(conn, "SELECT count(*) FROM orders"),
            0,
            "the order row of a failed order is still there: {ATOMIC}"
        );
        assert_eq!(
            count(conn, "SELECT count(*) FROM order_items"),
            0,
            "lines of a failed order are still there: {ATOMIC}"
        );
        assert_eq!(
            (stock(conn, 1), stock(conn, 2), stock(conn, 3)),
            (4, 1, 50),
            "a failed order must not take anything out of stock: {ATOMIC}"
        );
    }

    #[test]
    fn a_complete_order_is_stored() {
        let mut conn = shop();
        let placed = place_order(&mut conn, 7, &[(1, 2), (3, 10)]);
        let Ok(order_id) = placed else {
            panic!(
                "2 of product 1 and 10 of product 3 are in stock, so the order must be placed, got \
                 {placed:?}: each line is (product_id, quantity), in that order"
            );
        };
        let orders = count(&conn, "SELECT count(*) FROM orders WHERE customer_id = 7");
        assert!(
            orders > 0,
            "the order row is missing: a Transaction that is dropped without tx.commit() rolls back"
        );
        assert_eq!(
            orders, 1,
            "an order is one row in orders, however many lines it has: insert_order runs once"
        );
        let lines: Vec<(i64, i64, i64, i64)> = conn
            .prepare(
                "SELECT line_no, product_id, quantity, unit_price_cents FROM order_items
                 WHERE order_id = ?1 ORDER BY line_no",
            )
            .and_then(|mut stmt| {
                stmt.query_map([order_id], |row| {
                    Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
                })?
                .collect()
            })
            .expect("read the lines");
        assert_eq!(
            lines,
            [(1, 1, 2, 3999), (2, 3, 10, 650)],
            "(line_no, product_id, quantity, unit_price_cents) of the lines stored for the order \
             id place_order returned: both lines belong to that order, numbered from 1"
        );
        assert_eq!((stock(&conn, 1), stock(&conn, 3)), (2, 40), "stock taken");
        assert!(conn.is_autocommit(), "no transaction may stay open");
    }

    #[test]
    fn out_of_stock_on_the_second_line_leaves_nothing() {
        let mut conn = shop();
        let result = place_order(&mut conn, 7, &[(1, 2), (2, 5)]);
        assert!(
            matches!(result, Err(OrderError::OutOfStock { product_id: 2 })),
            "5 kites with 1 in stock: that step fails, and place_order must return its error, \
             OutOfStock for product 2; got {result:?}"
        );
        assert_nothing_left(&conn);
    }

    #[test]
    fn an_unknown_product_leaves_nothing() {
        let mut conn = shop();
        let result = place_order(&mut conn, 7, &[(3, 1), (1, 1), (99, 1)]);
        assert!(
            matches!(result, Err(OrderError::UnknownProduct(99))),
            "product 99 does not exist: that step fails, and place_order must return its error, \
             UnknownProduct(99); got {result:?}"
        );
        assert_nothing_left(&conn);
    }

    #[test]
    fn a_database_error_halfway_leaves_nothing() {
        let mut conn = shop();
        // Simulates a failure nobody checked for in advance (a full disk, a broken trigger...).
        conn.execute_batch(
            "CREATE TRIGGER warehouse_offline BEFORE INSERT ON order_items
             WHEN NEW.line_no = 2
             BEGIN SELECT RAISE(ABORT, 'warehouse system offline'); END;",
        )
        .expect("create the trigger");
        let result = place_order(&mut conn, 7, &[(1, 1), (3, 1)]);
        assert!(
            matches!(result, Err(OrderError::Database(_))),
            "the database refused line 2: place_order must return that error \
             (OrderError::Database), got {result:?}"
        );
        assert_nothing_left(&conn);
    }

    #[test]
    fn the_next_order_works_after_a_failed_one() {
        let mut conn = shop();
        let failed = place_order(&mut conn, 7, &[(1, 1), (2, 2)]);
        assert!(
            failed.is_err(),
            "2 kites with 1 in stock: place_order must fail, got {failed:?}"
        );
        let placed = place_order(&mut conn, 8, &[(2, 1)]);
        assert!(
            placed.is_ok(),
            "a valid order after a failed one must succeed, got {placed:?}"
        );
        assert_eq!(stock(&conn, 2), 0, "the last kite is sold");
        assert_eq!(stock(&conn, 1), 4, "the failed order took nothing");
    }
}
