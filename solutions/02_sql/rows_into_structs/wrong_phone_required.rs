//! wrong: reads the phone as a String and wraps it in Some: a NULL phone cannot become a String, so customers without one fail
//! expect: NULL is a normal value for phone and city

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
        phone: Some(row.get("phone")?),
        city: row.get("city")?,
    })
}

pub fn list_customers(conn: &Connection) -> rusqlite::Result<Vec<Customer>> {
    let mut stmt =
        conn.prepare("SELECT id, name, email, phone, city FROM customers ORDER BY name, id")?;
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
