//! The databases a learner's SQL runs in: in memory, copied from the fixture's image, and
//! confined. No statement may open a file (ATTACH, VACUUM INTO), change the connection (most
//! PRAGMAs) or load code; every statement is interrupted at the time limit; what a query returns
//! is capped in rows and bytes, and SQLite's own heap is capped for the whole process, so no
//! answer can grow the runner without bound.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::limits::Limit as SqliteLimit;
use rusqlite::{Connection, MAIN_DB};

/// Most rows one query may return; no answer of a course needs more.
pub const MAX_ROWS: usize = 200_000;
/// Most bytes of values one query may return.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;
/// SQLite's heap for the whole process (sorting, temporary tables, the copies of the fixture).
const HEAP_LIMIT: i64 = 512 * 1024 * 1024;
/// Longest text or blob a statement may build.
const MAX_LENGTH: i32 = 16 * 1024 * 1024;

/// PRAGMAs that only read: a learner may look at the schema.
const READ_PRAGMAS: &[&str] = &["table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo", "foreign_key_list", "foreign_key_check", "integrity_check", "quick_check"];

/// The time limit of the SQL being run, restarted at each phase of a check.
#[derive(Clone)]
pub struct Deadline {
    timeout: Duration,
    at: Arc<Mutex<Instant>>,
}

impl Deadline {
    pub fn new(timeout: Duration) -> Self {
        let at = Instant::now().checked_add(timeout).unwrap_or_else(far_future);
        Self { timeout, at: Arc::new(Mutex::new(at)) }
    }

    pub fn restart(&self) {
        if let Ok(mut at) = self.at.lock() {
            *at = Instant::now().checked_add(self.timeout).unwrap_or_else(far_future);
        }
    }

    fn expired(&self) -> bool {
        self.at.lock().map_or(true, |at| Instant::now() > *at)
    }
}

fn far_future() -> Instant {
    Instant::now() + Duration::from_secs(100 * 365 * 24 * 3600)
}

/// Which copy of a fixture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    /// As its SQL made it.
    AsWritten,
    /// The same rows, every table's inserted in reverse: tables without an INTEGER PRIMARY KEY
    /// store them in another order (and tie with other rowids).
    Reinserted,
}

/// The fixture loaded once, as a database image every check copies. Images are kept for the
/// life of the process (watch mode checks the same fixture again and again).
pub fn image(fixture: &str, layout: Layout) -> Result<Arc<Vec<u8>>, String> {
    type Images = HashMap<(String, Layout), Arc<Vec<u8>>>;
    static IMAGES: OnceLock<Mutex<Images>> = OnceLock::new();
    let images = IMAGES.get_or_init(Default::default);
    let key = (fixture.to_owned(), layout);
    if let Some(image) = images.lock().ok().and_then(|map| map.get(&key).cloned()) {
        return Ok(image);
    }
    limit_heap();
    let mut conn = match layout {
        Layout::AsWritten => {
            let conn = Connection::open_in_memory().map_err(|e| e.to_string())?;
            conn.execute_batch(fixture).map_err(|e| e.to_string())?;
            conn
        }
        Layout::Reinserted => reinserted(&image(fixture, Layout::AsWritten)?).map_err(|e| e.to_string())?,
    };
    let image = Arc::new(conn.serialize(MAIN_DB).map_err(|e| e.to_string())?.to_vec());
    if let Ok(mut map) = images.lock() {
        // A few fixtures per course: keep them all, but never grow without bound.
        if map.len() > 32 {
            map.clear();
        }
        map.insert(key, image.clone());
    }
    Ok(image)
}

/// A database with the schema of `image` and its rows inserted in reverse rowid order.
fn reinserted(image: &[u8]) -> rusqlite::Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    conn.execute_batch("ATTACH DATABASE ':memory:' AS old")?;
    conn.deserialize_read_exact(c"old", image, image.len(), true)?;
    let objects: Vec<(String, String, String)> = {
        let mut statement = conn.prepare("SELECT type, name, sql FROM old.sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid")?;
        statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?.collect::<rusqlite::Result<_>>()?
    };
    // Tables and their rows first, then what reads or guards them.
    for (_, name, sql) in objects.iter().filter(|(kind, _, _)| kind == "table") {
        conn.execute_batch(sql)?;
        let columns: Vec<String> = {
            let mut statement = conn.prepare(&format!("SELECT name FROM pragma_table_xinfo('{}', 'old') WHERE hidden = 0", name.replace('\'', "''")))?;
            statement.query_map([], |row| row.get::<_, String>(0))?.collect::<rusqlite::Result<_>>()?
        };
        let quoted = |n: &str| format!("\"{}\"", n.replace('"', "\"\""));
        let list = columns.iter().map(|c| quoted(c)).collect::<Vec<_>>().join(", ");
        let order = if sql.to_ascii_uppercase().contains("WITHOUT ROWID") { String::new() } else { " ORDER BY rowid DESC".into() };
        let table = quoted(name);
        conn.execute_batch(&format!("INSERT INTO main.{table} ({list}) SELECT {list} FROM old.{table}{order};"))?;
    }
    for (_, _, sql) in objects.iter().filter(|(kind, _, _)| kind != "table") {
        conn.execute_batch(sql)?;
    }
    conn.execute_batch("DETACH DATABASE old")?;
    Ok(conn)
}

fn limit_heap() {
    static LIMITED: OnceLock<()> = OnceLock::new();
    LIMITED.get_or_init(|| {
        if let Ok(conn) = Connection::open_in_memory() {
            let _ = conn.query_row(&format!("PRAGMA hard_heap_limit = {HEAP_LIMIT}"), [], |_| Ok(()));
        }
    });
}

/// What the authorizer refused last, for the learner's message.
pub type Refused = Arc<Mutex<Option<String>>>;

/// A fresh database from `image`, trusted (set-up statements of the course run here first).
pub fn open(image: &[u8]) -> rusqlite::Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    conn.deserialize_read_exact(MAIN_DB, image, image.len(), false)?;
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;")?;
    Ok(conn)
}

/// Confines `conn` for the learner's SQL: limits, the authorizer and the deadline.
pub fn confine(conn: &mut Connection, deadline: &Deadline, refused: &Refused) -> rusqlite::Result<()> {
    conn.set_limit(SqliteLimit::SQLITE_LIMIT_ATTACHED, 0)?;
    conn.set_limit(SqliteLimit::SQLITE_LIMIT_LENGTH, MAX_LENGTH)?;
    let refused = refused.clone();
    conn.authorizer(Some(move |context: AuthContext<'_>| {
        let why = refusal(&context.action);
        if let (Some(why), Ok(mut slot)) = (&why, refused.lock()) {
            *slot = Some(why.clone());
        }
        if why.is_some() { Authorization::Deny } else { Authorization::Allow }
    }))?;
    bound(conn, deadline)
}

/// Interrupts every statement on `conn` once `deadline` has passed.
pub fn bound(conn: &mut Connection, deadline: &Deadline) -> rusqlite::Result<()> {
    let deadline = deadline.clone();
    conn.progress_handler(10_000, Some(move || deadline.expired()))
}

/// Why the learner's SQL may not do `action`, if it may not.
fn refusal(action: &AuthAction<'_>) -> Option<String> {
    match action {
        AuthAction::Attach { filename } => Some(format!("ATTACH opens another database file ({filename}); a check works on its own database only")),
        AuthAction::Detach { .. } => Some("DETACH changes which databases the connection uses".into()),
        AuthAction::Pragma { pragma_name, .. } => {
            let name = pragma_name.to_ascii_lowercase();
            // A reading PRAGMA's value is what it reads about (`table_info(orders)`).
            (!READ_PRAGMAS.contains(&name.as_str())).then(|| format!("PRAGMA {name} changes the connection or the file; only PRAGMAs that read the schema are allowed"))
        }
        AuthAction::Function { function_name } if function_name.eq_ignore_ascii_case("load_extension") => Some("load_extension loads code into the database".into()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn confined() -> (Connection, Refused) {
        let image = image("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t VALUES (1, 'a');", Layout::AsWritten).expect("fixture loads");
        let mut conn = open(&image).expect("opens");
        let refused = Refused::default();
        confine(&mut conn, &Deadline::new(Duration::from_secs(5)), &refused).expect("confined");
        (conn, refused)
    }

    #[test]
    fn no_statement_touches_a_file() {
        let dir = tempfile_dir();
        for sql in [
            format!("ATTACH DATABASE '{}/x.db' AS e; CREATE TABLE e.t AS SELECT * FROM t;", dir.display()),
            "ATTACH DATABASE 'relative.db' AS e;".to_owned(),
            format!("VACUUM INTO '{}/y.db';", dir.display()),
            "PRAGMA journal_mode = WAL;".to_owned(),
        ] {
            let (conn, _) = confined();
            assert!(conn.execute_batch(&sql).is_err(), "{sql} must fail");
        }
        assert!(!dir.join("x.db").exists() && !dir.join("y.db").exists() && !std::path::Path::new("relative.db").exists());
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn reading_the_schema_is_allowed_and_a_refusal_says_why() {
        let (conn, refused) = confined();
        assert!(conn.prepare("PRAGMA table_info(t)").is_ok());
        assert!(conn.execute_batch("ATTACH 'x.db' AS e").is_err());
        let why = refused.lock().map(|r| r.clone()).unwrap_or_default().unwrap_or_default();
        assert!(why.contains("ATTACH opens another database file"), "{why}");
    }

    #[test]
    fn copies_of_an_image_are_independent() {
        let image = image("CREATE TABLE u (x); INSERT INTO u VALUES (1);", Layout::AsWritten).expect("fixture loads");
        let first = open(&image).expect("opens");
        first.execute_batch("DELETE FROM u").expect("delete");
        let second = open(&image).expect("opens");
        let count: i64 = second.query_row("SELECT count(*) FROM u", [], |r| r.get(0)).expect("count");
        assert_eq!(count, 1);
    }

    #[test]
    fn reinserted_rows_are_the_same_rows_in_another_order() {
        let fixture = "CREATE TABLE u (name TEXT, n INTEGER GENERATED ALWAYS AS (length(name)) VIRTUAL); CREATE INDEX u_name ON u (name); INSERT INTO u (name) VALUES ('a'), ('bb'), ('c');";
        let conn = open(&image(fixture, Layout::Reinserted).expect("reinserted")).expect("opens");
        let names: Vec<String> = conn.prepare("SELECT name FROM u ORDER BY rowid").and_then(|mut s| s.query_map([], |r| r.get(0))?.collect()).expect("names");
        assert_eq!(names, ["c", "bb", "a"]);
        let indexes: i64 = conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'index'", [], |r| r.get(0)).expect("count");
        assert_eq!(indexes, 1, "the schema is kept whole");
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("runner-sandbox-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        dir
    }
}
