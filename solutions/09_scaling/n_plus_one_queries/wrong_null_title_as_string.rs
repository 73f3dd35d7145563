//! wrong: reads the title as a String, which fails on the NULL of an author without books
//! expect: read it as an Option<String>

use rusqlite::Connection;

#[derive(Debug, Clone, PartialEq)]
pub struct AuthorBooks {
    pub id: i64,
    pub name: String,
    pub books: Vec<String>,
}

pub fn authors_with_books(conn: &Connection) -> rusqlite::Result<Vec<AuthorBooks>> {
    let mut stmt = conn.prepare(
        "SELECT a.id, a.name, b.title
         FROM authors a LEFT JOIN books b ON b.author_id = a.id
         ORDER BY a.name, a.id, b.title",
    )?;
    let mut rows = stmt.query([])?;
    let mut authors: Vec<AuthorBooks> = Vec::new();
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let title: String = row.get(2)?;
        let author = match authors.last_mut() {
            Some(author) if author.id == id => author,
            _ => {
                authors.push(AuthorBooks {
                    id,
                    name: row.get(1)?,
                    books: Vec::new(),
                });
                authors.last_mut().expect("an author was just pushed")
            }
        };
        author.books.push(title);
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

