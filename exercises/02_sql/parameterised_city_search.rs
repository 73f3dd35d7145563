//! # Parameterised queries: user input is data, never SQL
//!
//! Complete `customers_in_city`: the names of the customers whose city is exactly `city` (same
//! case, same spaces, no wildcards), sorted by name. The city comes straight from a search box,
//! so it can contain anything: an apostrophe (L'Haÿ-les-Roses), or an attack (`' OR 1=1 --`).
//! Pass it to SQLite as a bound parameter (`?1`), never by pasting it into the SQL text with
//! `format!`.
//!
//! Why it matters: SQL injection is one of the oldest and still one of the most exploited web
//! vulnerabilities. When input is spliced into SQL text, the input can end the string literal
//! and write its own SQL: read every row, or drop a table. With a parameter, SQLite compiles the
//! statement first and receives the value separately, so the value can never become code.
//! Escaping quotes by hand is not a fix either: it is easy to get wrong, and the OWASP cheat
//! sheet calls it a last resort. (See the OWASP SQL Injection Prevention Cheat Sheet.)

use rusqlite::Connection;

/// The names of the customers whose city is exactly `city`, in alphabetical order.
pub fn customers_in_city(conn: &Connection, city: &str) -> rusqlite::Result<Vec<String>> {
    // TODO: prepare a SELECT with a placeholder (?1) where the city goes, and pass the city as a
    // parameter when you run it. Never build the SQL with format!: see the tests for why.
    todo!()
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::trace::{TraceEvent, TraceEventCodes};
    use std::sync::{Arc, Mutex};

    fn shop() -> Connection {
        let conn = Connection::open_in_memory().expect("open an in-memory database");
        conn.execute_batch(
            "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT);
             INSERT INTO customers (name, city) VALUES
                 ('Bruno', 'Lyon'),
                 ('Ada', 'Lyon'),
                 ('Chloé', 'L''Haÿ-les-Roses'),
                 ('Dmitri', 'Saint-Malo'),
                 ('Elena', NULL),
                 ('Farid', 'LYON'),
                 ('Grace', 'Lyon ');",
        )
        .expect("create the test database");
        conn
    }

    const INJECTION: &str = "this is SQL injection: the input was pasted into the SQL text and \
        ran as SQL. Write a placeholder (?1) in the SQL and pass the value as a parameter, \
        e.g. stmt.query_map([city], ...)";

    fn search(conn: &Connection, city: &str) -> Vec<String> {
        match customers_in_city(conn, city) {
            Ok(names) => names,
            Err(e) => panic!(
                "customers_in_city({city:?}) failed with {e}; a search for any text must \
                 succeed, and a SQL syntax error here means the input became part of the SQL: \
                 {INJECTION}"
            ),
        }
    }

    #[test]
    fn finds_the_customers_of_a_city_sorted_by_name() {
        let conn = shop();
        assert_eq!(
            search(&conn, "Lyon"),
            ["Ada", "Bruno"],
            "both customers from Lyon, in alphabetical order (ORDER BY name)"
        );
        assert!(search(&conn, "Paris").is_empty(), "nobody lives in Paris");
    }

    #[test]
    fn only_a_city_exactly_equal_matches() {
        let conn = shop();
        assert_eq!(
            search(&conn, "Lyon"),
            ["Ada", "Bruno"],
            "the city must be exactly equal to \"Lyon\": Farid's \"LYON\" differs in case and \
             Grace's \"Lyon \" has a trailing space. Compare with `city = ?1`: LIKE ignores case, \
             and lower(), trim() or a substring search find more"
        );
    }

    #[test]
    fn a_wildcard_is_just_a_character() {
        let conn = shop();
        let wildcard = search(&conn, "L%");
        assert!(
            wildcard.is_empty(),
            "no city is exactly \"L%\", yet the search returned {wildcard:?}: with LIKE, % and _ \
             in the input are wildcards. Compare with `city = ?1`"
        );
    }

    #[test]
    fn an_apostrophe_is_just_a_character() {
        let conn = shop();
        assert_eq!(
            search(&conn, "L'Haÿ-les-Roses"),
            ["Chloé"],
            "a city with an apostrophe must be found like any other"
        );
    }

    #[test]
    fn or_1_equals_1_does_not_return_everyone() {
        let conn = shop();
        let names = search(&conn, "' OR 1=1 --");
        assert!(
            names.is_empty(),
            "no customer lives in the city \"' OR 1=1 --\", yet the search returned {names:?}: \
             {INJECTION}"
        );
    }

    #[test]
    fn a_search_cannot_drop_a_table() {
        let conn = shop();
        let _ = customers_in_city(&conn, "Robert'); DROP TABLE customers;--");
        let left: i64 = conn
            .query_row("SELECT count(*) FROM customers", [], |row| row.get(0))
            .unwrap_or_else(|e| panic!("the customers table is gone ({e}): {INJECTION}"));
        assert_eq!(left, 7, "the search must not change the table: {INJECTION}");
        assert!(
            search(&conn, "Robert'); DROP TABLE customers;--").is_empty(),
            "nobody lives in that city"
        );
    }

    // Test harness: SQLite can report the text of every statement it runs (its statement trace).
    // That text is the SQL as written, with `?1` where a parameter goes: a bound value never
    // appears in it, a value pasted in with format! (escaped or not) always does.
    fn watch_sql(conn: &mut Connection) -> Arc<Mutex<Vec<String>>> {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        conn.trace_v2(
            TraceEventCodes::SQLITE_TRACE_STMT,
            Some(move |event: TraceEvent<'_>| {
                if let TraceEvent::Stmt(_, sql) = event {
                    log.lock()
                        .expect("test harness: the SQL log")
                        .push(sql.to_owned());
                }
            }),
        )
        .expect("test harness: could not watch the SQL");
        seen
    }

    #[test]
    fn the_city_never_becomes_part_of_the_sql_text() {
        let mut conn = shop();
        let seen = watch_sql(&mut conn);

        assert_eq!(
            search(&conn, "Saint-Malo"),
            ["Dmitri"],
            "the customers whose city is exactly Saint-Malo"
        );

        let seen = seen.lock().expect("test harness: the SQL log").clone();
        assert!(!seen.is_empty(), "test harness: SQLite ran no statement");
        for sql in &seen {
            assert!(
                !sql.contains("Saint-Malo"),
                "SQLite ran `{sql}`: the city is inside the SQL text. Even with quotes escaped, \
                 {INJECTION}"
            );
        }
    }
}
