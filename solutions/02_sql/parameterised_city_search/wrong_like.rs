//! wrong: city LIKE ?1: bound, but LIKE ignores case and treats % and _ in the input as wildcards, so it is not "exactly equal"
//! expect: the city must be exactly equal to "Lyon"
//! expect: with LIKE, % and _ in the input are wildcards

use rusqlite::Connection;

pub fn customers_in_city(conn: &Connection, city: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT name FROM customers WHERE city LIKE ?1 ORDER BY name")?;
    let names = stmt.query_map([city], |row| row.get(0))?;
    names.collect()
}

fn main() {}
