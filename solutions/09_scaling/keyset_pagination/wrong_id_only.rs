//! wrong: the cursor compares ids alone, as if ids followed created_at
//! expect: the cursor cannot be the id alone

use rusqlite::{Connection, params};

#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    pub id: i64,
    /// Seconds since the Unix epoch.
    pub created_at: i64,
    pub title: String,
}

/// Where the next page starts: the position of the last post of the previous page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cursor {
    pub created_at: i64,
    pub id: i64,
}

#[derive(Debug, PartialEq)]
pub struct Page {
    pub posts: Vec<Post>,
    pub next: Option<Cursor>,
}

fn post(row: &rusqlite::Row<'_>) -> rusqlite::Result<Post> {
    Ok(Post {
        id: row.get(0)?,
        created_at: row.get(1)?,
        title: row.get(2)?,
    })
}

/// Page `page` (from 0) of the feed, the OFFSET way.
pub fn page_by_offset(conn: &Connection, page: u32, limit: u32) -> rusqlite::Result<Vec<Post>> {
    let mut stmt = conn.prepare(
        "SELECT id, created_at, title FROM posts
         ORDER BY created_at DESC, id DESC
         LIMIT ?1 OFFSET ?2",
    )?;
    let rows = stmt.query_map(params![limit, page * limit], post)?;
    rows.collect()
}

/// The `limit` posts after `after` (from the newest when `None`).
pub fn page_after(conn: &Connection, after: Option<Cursor>, limit: u32) -> rusqlite::Result<Page> {
    let (created_at, id) = match after {
        Some(cursor) => (Some(cursor.created_at), Some(cursor.id)),
        None => (None, None),
    };
    // One row more than the page: if it is there, another page follows.
    let mut stmt = conn.prepare(
        "SELECT id, created_at, title FROM posts
         WHERE ?2 IS NULL OR id < ?2
         ORDER BY created_at DESC, id DESC
         LIMIT ?3",
    )?;
    let mut posts = stmt
        .query_map(params![created_at, id, i64::from(limit) + 1], post)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let more = posts.len() > limit as usize;
    posts.truncate(limit as usize);
    let next = match posts.last() {
        Some(last) if more => Some(Cursor {
            created_at: last.created_at,
            id: last.id,
        }),
        _ => None,
    };
    Ok(Page { posts, next })
}

pub const SCHEMA: &str = "
    CREATE TABLE posts (id INTEGER PRIMARY KEY, created_at INTEGER NOT NULL, title TEXT NOT NULL);
    CREATE INDEX posts_feed ON posts (created_at, id);";

fn main() -> rusqlite::Result<()> {
    let conn = Connection::open_in_memory()?;
    conn.execute_batch(SCHEMA)?;
    for n in 0..7 {
        conn.execute(
            "INSERT INTO posts (created_at, title) VALUES (?1, ?2)",
            params![1_700_000_000 + n, format!("post {n}")],
        )?;
    }
    let mut cursor = None;
    loop {
        let page = page_after(&conn, cursor, 3)?;
        let titles: Vec<_> = page.posts.iter().map(|p| p.title.as_str()).collect();
        println!("{titles:?}");
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    Ok(())
}

