//! # Rows into structs
//!
//! Read customers out of SQLite into `Customer` values with rusqlite: write
//! `customer_from_row`, then use it in `list_customers` (every customer, sorted by name, then
//! id) and `find_customer` (one customer by id, `None` when there is no such customer).
//!
//! Why it matters: this is the daily bread of a backend. The boundary between SQL and Rust is
//! where NULLs, missing rows and badly typed data show up, and Rust's types let you handle each
//! one on purpose: a nullable column is an `Option`, "no row" is `Ok(None)`, and a value of the
//! wrong type is an error, not a silent `None`.

use rusqlite::{Connection, OptionalExtension, Row};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Customer {
    pub id: i64,
    pub name: String,
    pub email: String,
    /// NULL in the database when we have no phone number.
    pub phone: Option<String>,
    /// NULL in the database when we do not know the city.
    pub city: Option<String>,
}

/// Builds a `Customer` from a row that has the columns id, name, email, phone and city, read
/// by name: it keeps working whatever their order in the SELECT.
fn customer_from_row(row: &Row<'_>) -> rusqlite::Result<Customer> {
    Ok(Customer {
        id: row.get("id")?,
        name: row.get("name")?,
        email: row.get("email")?,
        phone: row.get("phone")?,
        city: row.get("city")?,
    })
}

/// Every customer, sorted by name (and by id for equal names).
pub fn list_customers(conn: &Connection) -> rusqlite::Result<Vec<Customer>> {
    let mut stmt =
        conn.prepare("SELECT id, name, email, phone, city FROM customers ORDER BY name, id")?;
    let customers = stmt.query_map([], customer_from_row)?;
    customers.collect()
}

/// The customer with this id, or `None` when there is none.
pub fn find_customer(conn: &Connection, id: i64) -> rusqlite::Result<Option<Customer>> {
    conn.query_row(
        "SELECT id, name, email, phone, city FROM customers WHERE id = ?1",
        [id],
        customer_from_row,
    )
    .optional()
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small shop database. The columns are deliberately not in the order of the struct.
    /// Rows have no order unless the query asks for one: like a real database, this one may
    /// read them in any order (the index on name, the pragma that reverses unordered reads), so
    /// only what ORDER BY says is certain.
    fn shop() -> Connection {
        let conn = Connection::open_in_memory().expect("open an in-memory database");
        conn.execute_batch(
            "PRAGMA reverse_unordered_selects = ON;
             CREATE TABLE customers (
                 id INTEGER PRIMARY KEY,
                 email TEXT NOT NULL UNIQUE,
                 created_on TEXT NOT NULL,
                 phone TEXT,
                 name TEXT NOT NULL,
                 city TEXT
             );
             CREATE INDEX customers_by_name ON customers (name DESC);
             INSERT INTO customers (id, email, created_on, phone, name, city) VALUES
                 (1, 'zoe@example.com', '2024-01-02', '+33 6 11 22 33 44', 'Zoe', 'Lyon'),
                 (2, 'ada@example.com', '2024-01-03', NULL, 'Ada', NULL),
                 (3, 'max@example.com', '2024-01-04', '', 'Max', 'Paris'),
                 (4, 'ada.b@example.com', '2024-01-05', '+33 6 55 66 77 88', 'Ada', 'Lille');",
        )
        .expect("create the test database");
        conn
    }

    fn zoe() -> Customer {
        Customer {
            id: 1,
            name: "Zoe".into(),
            email: "zoe@example.com".into(),
            phone: Some("+33 6 11 22 33 44".into()),
            city: Some("Lyon".into()),
        }
    }

    #[test]
    fn maps_every_column_by_name() {
        let conn = shop();
        let found = find_customer(&conn, 1).expect("find_customer(1) should succeed");
        assert_eq!(
            found,
            Some(zoe()),
            "each field must come from the column of the same name (the table's columns are not \
             in the struct's order, so positions 0, 1, 2... of SELECT * point elsewhere)"
        );
    }

    #[test]
    fn customer_from_row_reads_the_columns_by_name() {
        let conn = shop();
        let read = conn.query_row(
            "SELECT city, phone, email, name, id FROM customers WHERE id = 1",
            [],
            customer_from_row,
        );
        assert!(
            matches!(&read, Ok(customer) if *customer == zoe()),
            "customer_from_row must read each column by its name (row.get(\"email\")), not by \
             its position: given the columns city, phone, email, name, id, it returned {read:?}"
        );
    }

    #[test]
    fn null_becomes_none() {
        let conn = shop();
        let ada = find_customer(&conn, 2)
            .expect("find_customer(2) should succeed: NULL is a normal value for phone and city")
            .expect("customer 2 exists");
        assert_eq!(ada.phone, None, "a NULL phone maps to None");
        assert_eq!(ada.city, None, "a NULL city maps to None");
    }

    #[test]
    fn empty_text_is_not_null() {
        let conn = shop();
        let max = find_customer(&conn, 3)
            .expect("find_customer(3) should succeed")
            .expect("customer 3 exists");
        assert_eq!(
            max.phone,
            Some(String::new()),
            "an empty string is a value, Some(\"\"), not the absence of one: only NULL is None"
        );
    }

    #[test]
    fn a_missing_row_is_none_not_an_error() {
        let conn = shop();
        let found = find_customer(&conn, 42);
        assert!(
            matches!(found, Ok(None)),
            "no customer 42 must give Ok(None), got {found:?}; query_row reports \
             QueryReturnedNoRows, which .optional() turns into None"
        );
    }

    #[test]
    fn lists_everyone_sorted_by_name_then_id() {
        let conn = shop();
        let customers = list_customers(&conn).expect("list_customers should succeed");
        let order: Vec<(i64, &str)> = customers.iter().map(|c| (c.id, c.name.as_str())).collect();
        assert_eq!(
            order,
            [(2, "Ada"), (4, "Ada"), (3, "Max"), (1, "Zoe")],
            "(id, name) of the customers, in the order list_customers returned them: they must \
             be sorted by name, then by id for equal names (ORDER BY name, id); whatever ORDER BY \
             leaves open, SQLite returns in the order it finds convenient"
        );
        assert_eq!(
            customers[3],
            zoe(),
            "list_customers must map rows like find_customer"
        );
    }

    #[test]
    fn an_empty_table_gives_an_empty_list() {
        let conn = shop();
        conn.execute("DELETE FROM customers", [])
            .expect("empty the table");
        let customers = list_customers(&conn).expect("list_customers should succeed");
        assert!(
            customers.is_empty(),
            "no customers, no items: got {customers:?}"
        );
    }

    #[test]
    fn a_value_of_the_wrong_type_is_an_error() {
        let conn = shop();
        // A buggy import stored raw bytes as a phone number.
        conn.execute(
            "INSERT INTO customers (id, email, created_on, phone, name, city)
             VALUES (5, 'bytes@example.com', '2024-02-01', X'00FF', 'Bob', NULL)",
            [],
        )
        .expect("insert a corrupt row");
        assert!(
            list_customers(&conn).is_err(),
            "a phone that is not text is corrupt data: pass the error on with `?` instead of \
             turning it into None (e.g. with .ok()), or nobody will ever notice"
        );
        let found = find_customer(&conn, 5);
        assert!(
            found.is_err(),
            "find_customer(5) must fail on the corrupt phone too, got {found:?}: .optional() \
             turns only \"no row\" into None, every other error must reach the caller"
        );
    }
}
