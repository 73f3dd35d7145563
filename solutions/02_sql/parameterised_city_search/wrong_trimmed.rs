//! wrong: trims the stored city before comparing, so "Lyon " with a trailing space counts as "Lyon"
//! expect: the city must be exactly equal to "Lyon"
//! expect: Grace's "Lyon " has a trailing space

use rusqlite::Connection;

pub fn customers_in_city(conn: &Connection, city: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt =
        conn.prepare("SELECT name FROM customers WHERE trim(city) = trim(?1) ORDER BY name")?;
    let names = stmt.query_map([city], |row| row.get(0))?;
    names.collect()
}

fn main() {}
