//! wrong: wraps the row in Some but passes QueryReturnedNoRows on, so asking for a customer who does not exist is an error
//! expect: no customer 42 must give Ok(None)

use rusqlite::{Connection, Row};

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
        conn.prepare("SELECT id, name, email, phone, city FROM customers ORDER BY name, id")?;
    let customers = stmt.query_map([], customer_from_row)?;
    customers.collect()
}

pub fn find_customer(conn: &Connection, id: i64) -> rusqlite::Result<Option<Customer>> {
    let customer = conn.query_row(
        "SELECT id, name, email, phone, city FROM customers WHERE id = ?1",
        [id],
        customer_from_row,
    )?;
    Ok(Some(customer))
}

fn main() {}
