//! right: reads the rows in any order and sorts them in Rust by name, then id

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
    let mut stmt = conn.prepare("SELECT city, phone, email, name, id FROM customers")?;
    let mut customers = stmt
        .query_map([], customer_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    customers.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    Ok(customers)
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
