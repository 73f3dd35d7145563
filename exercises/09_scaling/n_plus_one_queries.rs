//! # N+1 queries: found and fixed
//!
//! `authors_with_books` lists every author with the titles of their books. Rewrite it so it
//! runs at most 2 queries however many authors there are: one `LEFT JOIN`, or one query for the
//! authors and one for all their books. The result stays exactly the same: authors ordered by
//! name, two authors of the same name by id (they are different people); each author's titles in
//! alphabetical order; an author without books is listed with an empty list.
//!
//! Why it matters: the loop below looks innocent and is fast on a laptop with 5 authors. In
//! production, with 2,000 authors and a database 1 ms away, it is 2,001 round trips and two
//! seconds per page. ORMs produce it silently (lazy loading); the cure is to count the queries a
//! request makes, as the tests here do with SQLite's trace hook.

use rusqlite::Connection;

#[derive(Debug, Clone, PartialEq)]
pub struct AuthorBooks {
    pub id: i64,
    pub name: String,
    pub books: Vec<String>,
}

pub fn authors_with_books(conn: &Connection) -> rusqlite::Result<Vec<AuthorBooks>> {
    // TODO: this runs 1 query for the authors and 1 more for each author's books. Fetch the
    // books of all authors at once instead (at most 2 queries in all), keeping the result the
    // same: authors by name then id, titles in alphabetical order, authors without books too.
    let mut stmt = conn.prepare("SELECT id, name FROM authors ORDER BY name, id")?;
    let mut authors = stmt
        .query_map([], |row| {
            Ok(AuthorBooks {
                id: row.get(0)?,
                name: row.get(1)?,
                books: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for author in &mut authors {
        let mut books =
            conn.prepare_cached("SELECT title FROM books WHERE author_id = ?1 ORDER BY title")?;
        author.books = books
            .query_map([author.id], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(authors)
}

pub const SCHEMA: &str = "
    CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
    CREATE TABLE books (
        id INTEGER PRIMARY KEY,
        author_id INTEGER NOT NULL REFERENCES authors (id),
        title TEXT NOT NULL
    );
    CREATE INDEX books_author_id ON books (author_id);";

fn main() -> rusqlite::Result<()> {
    let conn = Connection::open_in_memory()?;
    conn.execute_batch(SCHEMA)?;
    conn.execute_batch(
        "INSERT INTO authors (id, name) VALUES (1, 'Ursula K. Le Guin'), (2, 'Ted Chiang');
         INSERT INTO books (author_id, title) VALUES
             (1, 'The Dispossessed'), (2, 'Exhalation'), (1, 'A Wizard of Earthsea');",
    )?;
    for author in authors_with_books(&conn)? {
        println!("{}: {}", author.name, author.books.join(", "));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::trace::{TraceEvent, TraceEventCodes};
    use std::sync::{Arc, Mutex};

    /// A database whose storage order helps no query: authors and books inserted out of order,
    /// books of different authors interleaved, and unordered reads come back reversed.
    fn database() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(SCHEMA).unwrap();
        conn.execute_batch(
            "INSERT INTO authors (id, name) VALUES
                 (1, 'Octavia Butler'), (2, 'Ann Leckie'), (3, 'Iain Banks'),
                 (4, 'Ann Leckie'), (5, 'Becky Chambers');
             INSERT INTO books (author_id, title) VALUES
                 (3, 'Use of Weapons'), (1, 'Kindred'), (3, 'Excession'), (2, 'Provenance'),
                 (1, 'Dawn'), (3, 'The Player of Games'), (2, 'Ancillary Justice'),
                 (4, 'Translation State'), (1, 'Parable of the Sower');
             PRAGMA reverse_unordered_selects = ON;",
        )
        .unwrap();
        conn
    }

    fn expected() -> Vec<AuthorBooks> {
        let author = |id, name: &str, books: &[&str]| AuthorBooks {
            id,
            name: name.to_owned(),
            books: books.iter().map(|b| b.to_string()).collect(),
        };
        vec![
            author(2, "Ann Leckie", &["Ancillary Justice", "Provenance"]),
            author(4, "Ann Leckie", &["Translation State"]),
            author(5, "Becky Chambers", &[]),
            author(
                3,
                "Iain Banks",
                &["Excession", "The Player of Games", "Use of Weapons"],
            ),
            author(
                1,
                "Octavia Butler",
                &["Dawn", "Kindred", "Parable of the Sower"],
            ),
        ]
    }

    /// Records the SQL of every statement the connection runs from now on.
    fn record_queries(conn: &mut Connection) -> Arc<Mutex<Vec<String>>> {
        let queries = Arc::new(Mutex::new(Vec::new()));
        let log = queries.clone();
        conn.trace_v2(
            TraceEventCodes::SQLITE_TRACE_STMT,
            Some(move |event: TraceEvent<'_>| {
                if let TraceEvent::Stmt(_, sql) = event {
                    log.lock().unwrap().push(sql.to_owned());
                }
            }),
        )
        .unwrap();
        queries
    }

    fn list(conn: &Connection) -> Vec<AuthorBooks> {
        authors_with_books(conn).unwrap_or_else(|e| {
            panic!(
                "authors_with_books failed: {e}. (With a LEFT JOIN, an author without books \
                 comes with a NULL title: read it as an Option<String>)"
            )
        })
    }

    #[test]
    fn it_runs_at_most_two_queries() {
        let mut conn = database();
        for n in 0..100 {
            conn.execute(
                "INSERT INTO authors (name) VALUES (?1)",
                [format!("Author {n:03}")],
            )
            .unwrap();
        }
        let queries = record_queries(&mut conn);
        let authors = list(&conn);
        let queries = queries.lock().unwrap();
        assert_eq!(authors.len(), 105, "every author is listed");
        assert!(
            2 >= queries.len(),
            "listing 105 authors ran {} queries, one more per author: that is the N+1 pattern. \
             Fetch the books of all authors at once (a LEFT JOIN, or one query for all books), \
             at most 2 queries in all. The first three: {:#?}",
            queries.len(),
            &queries[..3.min(queries.len())]
        );
    }

    #[test]
    fn the_result_is_unchanged() {
        let conn = database();
        let authors = list(&conn);
        let expected = expected();
        let names: Vec<(i64, &str)> = authors.iter().map(|a| (a.id, a.name.as_str())).collect();
        let expected_names: Vec<(i64, &str)> =
            expected.iter().map(|a| (a.id, a.name.as_str())).collect();
        assert_eq!(
            names, expected_names,
            "authors (id, name), each listed once, ordered by name and two authors of the same \
             name by id: they are different people, so group the rows by author id, not by name, \
             and order by the author before grouping consecutive rows"
        );
        for (got, want) in authors.iter().zip(&expected) {
            assert_eq!(
                got.books, want.books,
                "the books of {} (id {}): every title of that author, in alphabetical order",
                want.name, want.id
            );
        }
    }

    #[test]
    fn an_author_without_books_is_listed_with_no_books() {
        let conn = database();
        let authors = list(&conn);
        let becky = authors.iter().find(|a| a.id == 5);
        assert_eq!(
            becky.map(|a| a.books.clone()),
            Some(Vec::new()),
            "Becky Chambers (id 5) has no books in this database: she is listed with an empty \
             list of books (an INNER JOIN drops her: use a LEFT JOIN, and no book for a NULL \
             title)"
        );
    }
}
