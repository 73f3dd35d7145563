//! wrong: a substring search, instr(city, ?1) > 0: a city that merely contains the input matches too
//! expect: the city must be exactly equal to "Lyon"

use rusqlite::Connection;

pub fn customers_in_city(conn: &Connection, city: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt =
        conn.prepare("SELECT name FROM customers WHERE instr(city, ?1) > 0 ORDER BY name")?;
    let names = stmt.query_map([city], |row| row.get(0))?;
    names.collect()
}

fn main() {}
