//! right: walks the rows with query() and next(), and matches QueryReturnedNoRows by hand instead of .optional()

use rusqlite::{Connection, Error, Row};

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
    let mut stmt = conn.prepare("SELECT * FROM customers ORDER BY name ASC, id ASC")?;
    let mut rows = stmt.query([])?;
    let mut customers = Vec::new();
    while let Some(row) = rows.next()? {
        customers.push(customer_from_row(row)?);
    }
    Ok(customers)
}

pub fn find_customer(conn: &Connection, id: i64) -> rusqlite::Result<Option<Customer>> {
    let mut stmt = conn.prepare("SELECT * FROM customers WHERE id = :id")?;
    match stmt.query_row(&[(":id", &id)], customer_from_row) {
        Ok(customer) => Ok(Some(customer)),
        Err(Error::QueryReturnedNoRows) => Ok(None),
        Err(err) => Err(err),
    }
}

fn main() {}
