//! wrong: compares lower(city) with lower(?1) to be friendly, but the text asks for a city exactly equal to the input
//! expect: the city must be exactly equal to "Lyon"
//! expect: Farid's "LYON" differs in case

use rusqlite::Connection;

pub fn customers_in_city(conn: &Connection, city: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt =
        conn.prepare("SELECT name FROM customers WHERE lower(city) = lower(?1) ORDER BY name")?;
    let names = stmt.query_map([city], |row| row.get(0))?;
    names.collect()
}

fn main() {}
