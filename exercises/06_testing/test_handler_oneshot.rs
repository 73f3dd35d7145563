//! # Testing a handler in-process with `oneshot`
//!
//! The todo API below is correct. Test it without opening a socket: an axum `Router` is a tower
//! `Service`, so a test can build an `http::Request`, hand it to `router.oneshot(request)` (from
//! `tower::ServiceExt`) and inspect the `Response` it gets back: status, headers and body.
//!
//! The API: `POST /todos` with a JSON body `{"title": "..."}` creates a todo (the title is
//! trimmed; ids are 1, 2, 3... in creation order) and answers `201 Created`, a `Location` header
//! with the new todo's URL and the todo as JSON: `{"id": 1, "title": "...", "done": false}`. A
//! title that is empty once trimmed answers `422 Unprocessable Entity`. `GET /todos/{id}`
//! answers `200 OK` with the todo, or `404 Not Found`.
//!
//! Why it matters: in-process tests exercise routing, extractors and serialisation exactly as a
//! client would see them, yet run in microseconds with no port to manage.

use std::sync::{Arc, Mutex};

use axum::{
    Json, Router,
    extract::{Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Todo {
    pub id: u64,
    pub title: String,
    pub done: bool,
}

#[derive(Debug, Deserialize)]
pub struct NewTodo {
    pub title: String,
}

#[derive(Clone, Default)]
struct AppState {
    todos: Arc<Mutex<Vec<Todo>>>,
}

/// The application, with an empty todo list of its own.
pub fn app() -> Router {
    Router::new()
        .route("/todos", post(create_todo))
        .route("/todos/{id}", get(get_todo))
        .with_state(AppState::default())
}

async fn create_todo(State(state): State<AppState>, Json(input): Json<NewTodo>) -> Response {
    let title = input.title.trim();
    if title.is_empty() {
        let body = Json(json!({ "error": "the title must not be empty" }));
        return (StatusCode::UNPROCESSABLE_ENTITY, body).into_response();
    }
    let mut todos = state.todos.lock().expect("todo list lock poisoned");
    let todo = Todo {
        id: todos.len() as u64 + 1,
        title: title.to_string(),
        done: false,
    };
    todos.push(todo.clone());
    let location = format!("/todos/{}", todo.id);
    (
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(todo),
    )
        .into_response()
}

async fn get_todo(
    State(state): State<AppState>,
    Path(id): Path<u64>,
) -> Result<Json<Todo>, StatusCode> {
    let todos = state.todos.lock().expect("todo list lock poisoned");
    let todo = todos.iter().find(|todo| todo.id == id).cloned();
    todo.map(Json).ok_or(StatusCode::NOT_FOUND)
}

fn main() {
    // Exercised by the tests; see the next exercise for serving it over TCP.
    let _ = app();
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::{Body, to_bytes};
    use axum::http::Request;
    use tower::ServiceExt;

    #[tokio::test]
    async fn an_unknown_id_answers_404() {
        // Arrange: a fresh app and a request, built like a client would send it.
        let app = app();
        let request = Request::get("/todos/42").body(Body::empty()).unwrap();
        // Act: `oneshot` consumes the service; use `app.clone().oneshot(...)` to send several
        // requests to the same app (and the same state).
        let response = app.oneshot(request).await.unwrap();
        // Assert
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        // The body is a stream; collect it (with a size limit) to look at it.
        let bytes = to_bytes(response.into_body(), 64 * 1024).await.unwrap();
        assert!(bytes.is_empty());
    }

    // TODO: test creating a todo (status, Location header, JSON body), fetching what was created
    // and the rejection of bad titles. A small helper that sends a request and returns status,
    // headers and parsed JSON body will keep each test short.
}
