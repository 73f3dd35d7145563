//! # Keyset pagination instead of OFFSET
//!
//! `page_by_offset` serves a feed of posts, newest first, with `LIMIT ... OFFSET ...`. Write
//! `page_after`, the same feed with a keyset cursor. The feed's order is `created_at`
//! descending, and posts with the same `created_at` by `id` descending, so every post has one
//! place in it. A page is the `limit` posts that come right after the cursor in that order (the
//! first page when there is no cursor); its `next` cursor is the `(created_at, id)` of its last
//! post, or `None` when no post comes after it.
//!
//! Why it matters: with OFFSET the database reads and throws away every row before the page,
//! so page 500 is 500 times slower than page 1; and when posts are inserted while someone
//! pages, every row shifts down, so the reader sees posts twice (or, after deletes, never). A
//! cursor that says "after this post" stays true whatever is inserted, and an index on
//! `(created_at, id)` finds the start of any page at once.

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
    // TODO: select the posts that come after the cursor in feed order (all of them without a
    // cursor): compare `(created_at, id)` with the cursor's as one pair, order the same way as
    // `page_by_offset`, and keep `limit` of them. `next` is the cursor of the last post, or None
    // when no post comes after it: ask for one row more than `limit` to know.
    todo!()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn database() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(SCHEMA).unwrap();
        conn
    }

    fn insert(conn: &Connection, created_at: i64, title: &str) {
        conn.execute(
            "INSERT INTO posts (created_at, title) VALUES (?1, ?2)",
            params![created_at, title],
        )
        .unwrap();
    }

    /// Every post in feed order: created_at descending, then id descending.
    fn whole_feed(conn: &Connection) -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT title FROM posts ORDER BY created_at DESC, id DESC")
            .unwrap();
        let rows = stmt.query_map([], |row| row.get(0)).unwrap();
        rows.collect::<rusqlite::Result<_>>().unwrap()
    }

    fn page(conn: &Connection, after: Option<Cursor>, limit: u32) -> Page {
        page_after(conn, after, limit).unwrap_or_else(|e| panic!("page_after failed: {e}"))
    }

    fn titles(page: &Page) -> Vec<String> {
        page.posts.iter().map(|p| p.title.clone()).collect()
    }

    /// Follows `next` from the first page; `between` runs after each page is read. Stops after
    /// 50 pages, so a cursor that never ends is reported instead of looping.
    fn read_all(conn: &Connection, limit: u32, between: impl Fn(usize)) -> (Vec<String>, usize) {
        let mut seen = Vec::new();
        let mut cursor = None;
        for pages in 1..=50 {
            let page = page(conn, cursor, limit);
            seen.extend(titles(&page));
            between(pages);
            match page.next {
                Some(next) => cursor = Some(next),
                None => return (seen, pages),
            }
        }
        panic!(
            "after 50 pages `next` was still Some: the cursor must move forward, to the last \
             post of the page (seen so far: {seen:?})"
        )
    }

    /// Ten posts, one a second, plus three written in the same second.
    fn ten_posts(conn: &Connection) {
        for n in 1..=7 {
            insert(conn, 1000 + n, &format!("p{n}"));
        }
        for title in ["tie-a", "tie-b", "tie-c"] {
            insert(conn, 1004, title);
        }
    }

    #[test]
    fn offset_pages_repeat_rows_when_posts_are_inserted() {
        // This is the bug keyset pagination fixes: it passes already.
        let conn = database();
        ten_posts(&conn);
        let first = page_by_offset(&conn, 0, 3).unwrap();
        insert(&conn, 2000, "breaking news"); // a writer, between two page requests
        let second = page_by_offset(&conn, 1, 3).unwrap();
        assert_eq!(
            second.first().map(|p| &p.title),
            first.last().map(|p| &p.title),
            "with OFFSET, one new post at the top pushes every row down: page 2 starts with \
             the last post of page 1"
        );
    }

    #[test]
    fn pages_follow_the_feed_order() {
        let conn = database();
        ten_posts(&conn);
        let first = page(&conn, None, 4);
        assert_eq!(
            titles(&first),
            ["p7", "p6", "p5", "tie-c"],
            "the first page (no cursor) holds the `limit` newest posts: created_at descending, \
             and posts of the same second by id descending"
        );
        let last = first.posts.last().unwrap();
        assert_eq!(
            first.next,
            Some(Cursor {
                created_at: last.created_at,
                id: last.id
            }),
            "`next` is the (created_at, id) of the page's last post"
        );
    }

    #[test]
    fn every_post_is_read_once_in_order() {
        let conn = database();
        ten_posts(&conn);
        let (seen, _) = read_all(&conn, 3, |_| {});
        assert_eq!(
            seen,
            whole_feed(&conn),
            "reading page after page must give every post once, in feed order. Three posts \
             share created_at 1004 and a page boundary falls between them: the cursor compares \
             (created_at, id) together, `(created_at, id) < (?, ?)`, so the next page neither \
             skips the rest of that second (`created_at < ?`) nor repeats the boundary post \
             (`<=`)"
        );
    }

    #[test]
    fn the_feed_order_is_not_the_id_order() {
        let conn = database();
        ten_posts(&conn);
        insert(&conn, 1001, "imported late"); // the highest id, an old created_at
        let (seen, _) = read_all(&conn, 3, |_| {});
        assert_eq!(
            seen,
            whole_feed(&conn),
            "a post imported late has the highest id but an old created_at: the feed is \
             ordered by created_at first, so the cursor cannot be the id alone"
        );
    }

    #[test]
    fn inserts_between_pages_neither_repeat_nor_skip() {
        let conn = database();
        ten_posts(&conn);
        let before = whole_feed(&conn);
        let (seen, _) = read_all(&conn, 3, |pages| {
            insert(&conn, 2000 + pages as i64, &format!("new {pages}"));
        });
        assert_eq!(
            seen, before,
            "posts inserted at the top while a reader pages must not shift what comes after \
             its cursor: the reader sees every post that was there, once, in order"
        );
    }

    #[test]
    fn the_last_page_has_no_next() {
        let conn = database();
        for n in 1..=6 {
            insert(&conn, 1000 + n, &format!("p{n}"));
        }
        let (seen, pages) = read_all(&conn, 3, |_| {});
        assert_eq!(seen.len(), 6, "six posts in all");
        assert_eq!(
            pages, 2,
            "six posts in pages of 3 are two pages: the second is the last, so its `next` is \
             None. A full page is not proof that more follow: fetch one row more than `limit` \
             to know"
        );
        assert_eq!(
            page(&database(), None, 3),
            Page {
                posts: vec![],
                next: None
            },
            "an empty feed is one empty page with no next"
        );
    }
}
