//! wrong: builds the SQL with push_str instead of format!, quotes doubled: still the input inside the SQL text
//! expect: is built at run time; pass a literal (or a constant) and bind the values as parameters
//! expect: the city is inside the SQL text

use rusqlite::Connection;

pub fn customers_in_city(conn: &Connection, city: &str) -> rusqlite::Result<Vec<String>> {
    let mut sql = String::from("SELECT name FROM customers WHERE city = '");
    sql.push_str(&city.replace('\'', "''"));
    sql.push_str("' ORDER BY name");
    let mut stmt = conn.prepare(&sql)?;
    let names = stmt.query_map([], |row| row.get(0))?;
    names.collect()
}

fn main() {}
