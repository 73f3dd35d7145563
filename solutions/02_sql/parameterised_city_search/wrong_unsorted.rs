//! wrong: no ORDER BY: the names come in whatever order SQLite reads the rows, not alphabetically
//! expect: both customers from Lyon, in alphabetical order (ORDER BY name)

use rusqlite::Connection;

pub fn customers_in_city(conn: &Connection, city: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT name FROM customers WHERE city = ?1")?;
    let names = stmt.query_map([city], |row| row.get(0))?;
    names.collect()
}

fn main() {}
