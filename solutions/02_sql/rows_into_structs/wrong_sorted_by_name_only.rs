//! wrong: ORDER BY name without the id: customers with the same name come in whatever order SQLite reads them
//! expect: then by id for equal names (ORDER BY name, id)

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

fn customer_from_row(row: &Row<'_>) -> rusqlite::Result<Customer> {
    Ok(Customer {
        id: row.get("id")?,
        name: row.get("name")?,
        email: row.get("email")?,
        phone: row.get("phone")?,
        city: row.get("city")?,
    })
}

pub fn list_customers(conn: &Connection) -> rusqlite::Result<Vec<Customer>> {
    let mut stmt =
        conn.prepare("SELECT id, name, email, phone, city FROM customers ORDER BY name")?;
    let customers = stmt.query_map([], customer_from_row)?;
    customers.collect()
}

pub fn find_customer(conn: &Connection, id: i64) -> rusqlite::Result<Option<Customer>> {
    conn.query_row(
        "SELECT id, name, email, phone, city FROM customers WHERE id = ?1",
        [id],
        customer_from_row,
    )
    .optional()
}

fn main() {}
