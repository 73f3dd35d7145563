//! wrong: a PUT on a missing note creates it instead of answering 404
//! expect: PUT on a note that does not exist answers 404 Not Found

use std::{collections::BTreeMap, sync::Arc};

use axum::{
    Json, Router,
    extract::{Path, State},
    http::{StatusCode, header},
    response::IntoResponse,
    routing::get,
};
use serde::{Deserialize, Serialize};
use tokio::sync::RwLock;

#[derive(Debug, Clone, Serialize)]
pub struct Note {
    pub id: u64,
    pub text: String,
}

/// The body of POST and PUT.
#[derive(Debug, Deserialize)]
pub struct NoteInput {
    pub text: String,
}

#[derive(Default)]
pub struct Notes {
    next_id: u64,
    by_id: BTreeMap<u64, Note>,
}

/// Shared by every request: `Arc` to share, `RwLock` for many readers or one writer.
pub type Db = Arc<RwLock<Notes>>;

/// `POST /notes`
pub async fn create_note(State(db): State<Db>, Json(input): Json<NoteInput>) -> impl IntoResponse {
    let mut notes = db.write().await;
    notes.next_id += 1;
    let note = Note {
        id: notes.next_id,
        text: input.text,
    };
    notes.by_id.insert(note.id, note.clone());
    let location = format!("/notes/{}", note.id);
    (
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(note),
    )
}

/// `GET /notes/{id}`
pub async fn get_note(State(db): State<Db>, Path(id): Path<u64>) -> Result<Json<Note>, StatusCode> {
    let notes = db.read().await;
    notes
        .by_id
        .get(&id)
        .cloned()
        .map(Json)
        .ok_or(StatusCode::NOT_FOUND)
}

/// `GET /notes`
pub async fn list_notes(State(db): State<Db>) -> Json<Vec<Note>> {
    let notes = db.read().await;
    Json(notes.by_id.values().cloned().collect())
}

/// `PUT /notes/{id}`
pub async fn update_note(
    State(db): State<Db>,
    Path(id): Path<u64>,
    Json(input): Json<NoteInput>,
) -> Result<Json<Note>, StatusCode> {
    let mut notes = db.write().await;
    let note = notes.by_id.entry(id).or_insert_with(|| Note {
        id,
        text: String::new(),
    });
    note.text = input.text;
    Ok(Json(note.clone()))
}

/// `DELETE /notes/{id}`
pub async fn delete_note(State(db): State<Db>, Path(id): Path<u64>) -> StatusCode {
    let mut notes = db.write().await;
    match notes.by_id.remove(&id) {
        Some(_) => StatusCode::NO_CONTENT,
        None => StatusCode::NOT_FOUND,
    }
}

pub fn app() -> Router {
    Router::new()
        .route("/notes", get(list_notes).post(create_note))
        .route(
            "/notes/{id}",
            get(get_note).put(update_note).delete(delete_note),
        )
        .with_state(Db::default())
}

fn main() {
    // Checked by the tests: the routes are described at the top.
}
