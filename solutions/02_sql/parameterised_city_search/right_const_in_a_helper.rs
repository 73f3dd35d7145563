//! right: the SQL in a const, prepared (cached) in a helper, and the names sorted in Rust

use rusqlite::{Connection, params};

const NAMES_IN_CITY: &str = "SELECT name FROM customers WHERE city = ?1";

pub fn customers_in_city(conn: &Connection, city: &str) -> rusqlite::Result<Vec<String>> {
    let mut names = names_in(conn, city)?;
    names.sort();
    Ok(names)
}

fn names_in(conn: &Connection, city: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(NAMES_IN_CITY)?;
    stmt.query_map(params![city], |row| row.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()
}

fn main() {}
