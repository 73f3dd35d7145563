//! wrong: pastes the city into the SQL text unescaped: an apostrophe ends the string literal, and the rest of the input runs as SQL
//! expect: a SQL syntax error here means the input became part of the SQL
//! expect: review: the SQL is a literal and the city a bound parameter

use rusqlite::Connection;

pub fn customers_in_city(conn: &Connection, city: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT name FROM customers WHERE city = '{city}' ORDER BY name"
    ))?;
    let names = stmt.query_map([], |row| row.get(0))?;
    names.collect()
}

fn main() {}
