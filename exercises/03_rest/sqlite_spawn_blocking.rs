//! # SQLite without blocking the async runtime
//!
//! The notes API now stores notes in SQLite through `rusqlite`. `rusqlite` is synchronous: a
//! query holds its thread until SQLite answers, and SQLite may wait seconds for a lock held by
//! another writer. Write `with_conn`, the one place that touches the connection: it must run the
//! closure on tokio's blocking thread pool (`tokio::task::spawn_blocking`) so the async worker
//! threads stay free to answer other requests. Its failures come back as an `AppError`, never as
//! a panic: a failed query is `Database`, a poisoned mutex `Poisoned`, a closure that panicked
//! `Task`.
//!
//! Why it matters: an async runtime has a handful of worker threads (one, on a `current_thread`
//! runtime). A handler that blocks one of them freezes every request scheduled on it, health
//! checks included, and the load balancer then takes a perfectly healthy instance out of service.

use std::sync::{Arc, Mutex};

use axum::{
    Json, Router,
    extract::{Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use rusqlite::{Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// One connection, shared. The `std` mutex is right here: it is only locked on the blocking
/// pool, never across an `.await`.
pub type Db = Arc<Mutex<Connection>>;

pub fn init_schema(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)",
    )
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Note {
    pub id: i64,
    pub text: String,
}

impl Note {
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Note> {
        Ok(Note {
            id: row.get("id")?,
            text: row.get("text")?,
        })
    }
}

#[derive(Debug, Deserialize)]
pub struct NoteInput {
    pub text: String,
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("database task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
    #[error("database mutex poisoned")]
    Poisoned,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, message) = match &self {
            AppError::NotFound => (StatusCode::NOT_FOUND, "not found"),
            internal => {
                tracing::error!(error = %internal, "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal server error")
            }
        };
        (status, Json(json!({ "error": message }))).into_response()
    }
}

/// Runs `f` with the connection on the blocking thread pool and hands back its result.
pub async fn with_conn<T, F>(db: &Db, f: F) -> Result<T, AppError>
where
    F: FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    T: Send + 'static,
{
    // TODO: move a clone of the `Arc` into `tokio::task::spawn_blocking`; in the closure, lock
    // the mutex (a poisoned lock is `AppError::Poisoned`) and call `f(&conn)`. Then `.await` the
    // JoinHandle: the `?` operators and the `From` impls of `AppError` turn a `JoinError` or a
    // `rusqlite::Error` into an `AppError`.
    // Calling `f` right here, on the async worker thread, compiles and even passes a quick
    // manual test. The tests show why it is wrong.
    todo!()
}

/// `GET /health`: touches no database, so it should always answer at once.
pub async fn health() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

/// `POST /notes`
pub async fn create_note(
    State(db): State<Db>,
    Json(input): Json<NoteInput>,
) -> Result<Response, AppError> {
    let note = with_conn(&db, move |conn| {
        conn.query_row(
            "INSERT INTO notes (text) VALUES (?1) RETURNING id, text",
            [input.text],
            Note::from_row,
        )
    })
    .await?;
    let location = format!("/notes/{}", note.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(note),
    )
        .into_response())
}

/// `GET /notes/{id}`
pub async fn get_note(State(db): State<Db>, Path(id): Path<i64>) -> Result<Json<Note>, AppError> {
    let note = with_conn(&db, move |conn| {
        conn.query_row(
            "SELECT id, text FROM notes WHERE id = ?1",
            [id],
            Note::from_row,
        )
        .optional()
    })
    .await?;
    note.map(Json).ok_or(AppError::NotFound)
}

pub fn app(conn: Connection) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/notes", post(create_note))
        .route("/notes/{id}", get(get_note))
        .with_state(Arc::new(Mutex::new(conn)))
}

fn main() {
    // Checked by the tests, which run the server on a single-threaded runtime.
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;
    use std::{net::SocketAddr, path::PathBuf, thread::ThreadId, time::Duration};

    /// Serves `app` on its own thread with a single-threaded runtime, like a small production
    /// instance: one blocked worker is enough to freeze the whole server. Answers the address
    /// and the id of that thread, the runtime's only worker.
    fn serve_on_current_thread(app: Router) -> (SocketAddr, ThreadId) {
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let server = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                addr_tx.send(listener.local_addr().unwrap()).unwrap();
                axum::serve(listener, app).await.unwrap();
            });
        });
        (addr_rx.recv().unwrap(), server.thread().id())
    }

    fn client() -> reqwest::Client {
        reqwest::Client::builder().no_proxy().build().unwrap()
    }

    const PANIC_HINT: &str = "the server closed the connection without answering: did a handler \
                              panic? Look for `not yet implemented` above";

    /// A database file removed when the test ends.
    struct TempDb(PathBuf);

    impl TempDb {
        fn new(name: &str) -> TempDb {
            let file = format!("sqlite_spawn_blocking-{}-{name}.db", std::process::id());
            let db = TempDb(std::env::temp_dir().join(file));
            db.remove();
            db
        }

        fn remove(&self) {
            let _ = std::fs::remove_file(&self.0);
            let _ = std::fs::remove_file(self.0.with_extension("db-journal"));
        }
    }

    impl Drop for TempDb {
        fn drop(&mut self) {
            self.remove();
        }
    }

    fn in_memory_app() -> Router {
        let conn = Connection::open_in_memory().unwrap();
        init_schema(&conn).unwrap();
        app(conn)
    }

    #[tokio::test]
    async fn create_then_get() {
        let (addr, _) = serve_on_current_thread(in_memory_app());
        let base = format!("http://{addr}");
        let response = client()
            .post(format!("{base}/notes"))
            .json(&json!({ "text": "buy milk" }))
            .send()
            .await
            .expect(PANIC_HINT);
        assert_eq!(
            response.status().as_u16(),
            201,
            "POST /notes answers 201 Created"
        );
        let location = response.headers()[header::LOCATION.as_str()]
            .to_str()
            .unwrap()
            .to_owned();
        let created: Value = response.json().await.unwrap();
        assert_eq!(
            created["text"], "buy milk",
            "POST /notes should answer the stored note: {created}"
        );

        let fetched = client()
            .get(format!("{base}{location}"))
            .send()
            .await
            .expect(PANIC_HINT);
        assert_eq!(
            fetched.status().as_u16(),
            200,
            "GET {location} should find the note"
        );
        let fetched: Value = fetched.json().await.unwrap();
        assert_eq!(
            fetched, created,
            "GET {location} should answer the note just created"
        );
    }

    #[tokio::test]
    async fn missing_note_is_404() {
        let (addr, _) = serve_on_current_thread(in_memory_app());
        let response = client()
            .get(format!("http://{addr}/notes/999"))
            .send()
            .await
            .expect(PANIC_HINT);
        assert_eq!(
            response.status().as_u16(),
            404,
            "GET on a note that does not exist is 404"
        );
    }

    #[tokio::test]
    async fn waiting_for_the_database_does_not_block_other_requests() {
        let file = TempDb::new("lock");
        let mut conn = Connection::open(&file.0).unwrap();
        init_schema(&conn).unwrap();

        // Another connection (think: a migration, a batch job) holds the write lock.
        let other_writer = Connection::open(&file.0).unwrap();
        other_writer.execute_batch("BEGIN IMMEDIATE").unwrap();

        // When our INSERT finds the database locked, SQLite calls this busy handler on the thread
        // that runs the query. It reports that thread, then waits (blocking it) until the test
        // releases the lock.
        let (waiting_tx, mut waiting_rx) = tokio::sync::mpsc::unbounded_channel();
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        conn.busy_handler(Some(move |_attempt: i32| {
            let _ = waiting_tx.send(std::thread::current().id());
            release_rx.recv_timeout(Duration::from_secs(10)).is_ok()
        }))
        .unwrap();

        let (addr, worker) = serve_on_current_thread(app(conn));
        let base = format!("http://{addr}");
        let mut insert = tokio::spawn({
            let url = format!("{base}/notes");
            async move {
                client()
                    .post(url)
                    .json(&json!({ "text": "queued" }))
                    .send()
                    .await
            }
        });
        let query_thread = tokio::select! {
            thread = waiting_rx.recv() => thread,
            answer = &mut insert => panic!(
                "POST /notes ended ({}) before its INSERT reached the database: did the handler \
                 panic? Look above",
                match answer {
                    Ok(Ok(response)) => format!("answered {}", response.status()),
                    Ok(Err(err)) => format!("no answer: {err}"),
                    Err(err) => err.to_string(),
                }
            ),
            () = tokio::time::sleep(Duration::from_secs(5)) => None,
        };
        let query_thread =
            query_thread.expect("POST /notes never reached the database: did it skip the INSERT?");
        assert!(
            query_thread != worker,
            "the SQLite call ran on the async runtime's only worker thread: while it waits for \
             the database, no other request can be served. Run it inside \
             `tokio::task::spawn_blocking` and `.await` the JoinHandle"
        );

        // The INSERT is now waiting for the lock on another thread. A request that needs no
        // database must still be answered (the timeout only fires when the server's only thread
        // is blocked).
        let health = client()
            .get(format!("{base}/health"))
            .timeout(Duration::from_secs(5))
            .send()
            .await;

        other_writer.execute_batch("COMMIT").unwrap();
        let _ = release_tx.send(());

        let health = health.unwrap_or_else(|_| {
            panic!(
                "GET /health got no answer while POST /notes was waiting for the database: the \
                 runtime's only thread was blocked, waiting for the query. Run the query inside \
                 `tokio::task::spawn_blocking` and `.await` the JoinHandle, which frees the \
                 thread while it waits"
            )
        });
        assert_eq!(health.status().as_u16(), 200, "GET /health answers 200 OK");

        let insert = tokio::time::timeout(Duration::from_secs(10), insert)
            .await
            .expect("POST /notes never finished once the lock was released")
            .unwrap()
            .expect(PANIC_HINT);
        assert_eq!(
            insert.status().as_u16(),
            201,
            "once the other writer committed, the INSERT should succeed"
        );
    }

    /// Runs `with_conn(db, f)` in a task of its own, so that a panic is reported, not fatal.
    async fn run_with_conn<T, F>(db: Db, f: F) -> Option<Result<T, AppError>>
    where
        F: FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
        T: Send + 'static,
    {
        tokio::spawn(async move { with_conn(&db, f).await })
            .await
            .ok()
    }

    fn new_db() -> Db {
        Arc::new(Mutex::new(Connection::open_in_memory().unwrap()))
    }

    #[tokio::test]
    async fn a_failing_query_is_a_database_error() {
        let result = run_with_conn(new_db(), |conn| {
            conn.execute("INSERT INTO no_such_table (text) VALUES ('x')", [])
        })
        .await
        .expect("with_conn panicked on a failing query: return its error instead");
        assert!(
            matches!(result, Err(AppError::Database(_))),
            "a query that fails must come back as Err(AppError::Database(..)), got {result:?}"
        );
    }

    #[tokio::test]
    async fn a_panicking_closure_is_a_task_error() {
        let result = run_with_conn(new_db(), |_conn| -> rusqlite::Result<()> {
            panic!("a bug in the closure (this panic is part of the test)")
        })
        .await
        .expect(
            "with_conn itself panicked when its closure panicked: turn the JoinError of \
             `spawn_blocking` into AppError::Task with `?` instead of unwrapping it, so the \
             server answers 500 instead of dropping the connection",
        );
        assert!(
            matches!(result, Err(AppError::Task(_))),
            "a closure that panics on the blocking pool must come back as \
             Err(AppError::Task(..)), got {result:?}"
        );
    }

    #[tokio::test]
    async fn a_poisoned_mutex_is_a_poisoned_error() {
        let db = new_db();
        let poisoner = Arc::clone(&db);
        let _ = std::thread::spawn(move || {
            let _guard = poisoner.lock().unwrap();
            panic!(
                "a thread panicked while it held the connection (this panic is part of the test)"
            );
        })
        .join();
        let result = run_with_conn(db, |_conn| Ok(()))
            .await
            .expect("with_conn panicked on a poisoned mutex: answer AppError::Poisoned instead");
        assert!(
            matches!(result, Err(AppError::Poisoned)),
            "a poisoned mutex (a thread panicked while it held the connection) must come back \
             as Err(AppError::Poisoned), not be used as if nothing happened: got {result:?}"
        );
    }
}
