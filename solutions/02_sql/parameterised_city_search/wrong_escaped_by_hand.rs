//! wrong: pastes the city into the SQL with format!, escaping the quotes by hand: every search works, but the value is still part of the SQL text
//! expect: review: the SQL is a literal and the city a bound parameter
//! expect: is built at run time; pass a literal (or a constant) and bind the values as parameters
//! expect: the city is inside the SQL text

use rusqlite::Connection;

pub fn customers_in_city(conn: &Connection, city: &str) -> rusqlite::Result<Vec<String>> {
    let escaped = city.replace('\'', "''");
    let sql = format!("SELECT name FROM customers WHERE city = '{escaped}' ORDER BY name");
    let mut stmt = conn.prepare(&sql)?;
    let names = stmt.query_map([], |row| row.get(0))?;
    names.collect()
}

fn main() {}
