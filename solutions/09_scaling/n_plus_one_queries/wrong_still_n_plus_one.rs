//! wrong: keeps the query per author, only with a cached prepared statement
//! expect: that is the N+1 pattern

use rusqlite::Connection;

#[derive(Debug, Clone, PartialEq)]
pub struct AuthorBooks {
    pub id: i64,
    pub name: String,
    pub books: Vec<String>,
}

pub fn authors_with_books(conn: &Connection) -> rusqlite::Result<Vec<AuthorBooks>> {
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

