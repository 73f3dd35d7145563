//! right: a named parameter (:city) bound with named_params!, and the rows walked with query() and next()

use rusqlite::{Connection, named_params};

pub fn customers_in_city(conn: &Connection, city: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt =
        conn.prepare("SELECT name FROM customers WHERE city = :city ORDER BY name ASC")?;
    let mut rows = stmt.query(named_params! { ":city": city })?;
    let mut names = Vec::new();
    while let Some(row) = rows.next()? {
        names.push(row.get("name")?);
    }
    Ok(names)
}

fn main() {}
