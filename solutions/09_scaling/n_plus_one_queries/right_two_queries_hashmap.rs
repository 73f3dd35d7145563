//! right: two queries, all the books grouped by author id in a HashMap

use std::collections::HashMap;

use rusqlite::Connection;

#[derive(Debug, Clone, PartialEq)]
pub struct AuthorBooks {
    pub id: i64,
    pub name: String,
    pub books: Vec<String>,
}

pub fn authors_with_books(conn: &Connection) -> rusqlite::Result<Vec<AuthorBooks>> {
    let mut by_author: HashMap<i64, Vec<String>> = HashMap::new();
    let mut books = conn.prepare("SELECT author_id, title FROM books ORDER BY author_id, title")?;
    let mut rows = books.query([])?;
    while let Some(row) = rows.next()? {
        by_author.entry(row.get(0)?).or_default().push(row.get(1)?);
    }
    let mut authors = conn.prepare("SELECT id, name FROM authors ORDER BY name, id")?;
    let listed = authors
        .query_map([], |row| {
            let id: i64 = row.get(0)?;
            Ok(AuthorBooks {
                id,
                name: row.get(1)?,
                books: by_author.remove(&id).unwrap_or_default(),
            })
        })?
        .collect();
    listed
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

