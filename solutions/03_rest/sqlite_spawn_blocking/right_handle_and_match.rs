//! right: spawn_blocking through the runtime Handle, errors mapped with explicit matches

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
    let db = Arc::clone(db);
    let task = tokio::runtime::Handle::current().spawn_blocking(move || match db.lock() {
        Ok(conn) => f(&conn).map_err(AppError::Database),
        Err(_) => Err(AppError::Poisoned),
    });
    match task.await {
        Ok(result) => result,
        Err(join_error) => Err(AppError::Task(join_error)),
    }
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
