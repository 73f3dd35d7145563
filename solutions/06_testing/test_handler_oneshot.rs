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
    use axum::http::{HeaderMap, Request};
    use serde_json::Value;
    use tower::ServiceExt;

    /// Sends one request through a clone of the router and returns status, headers and the body
    /// parsed as JSON (`Value::Null` when empty).
    async fn send(app: &Router, request: Request<Body>) -> (StatusCode, HeaderMap, Value) {
        let response = app
            .clone()
            .oneshot(request)
            .await
            .expect("the router is infallible");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = to_bytes(response.into_body(), 64 * 1024)
            .await
            .expect("body readable");
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).expect("the body is JSON")
        };
        (status, headers, body)
    }

    fn post_todo(body: Value) -> Request<Body> {
        Request::post("/todos")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .expect("valid request")
    }

    fn get(uri: &str) -> Request<Body> {
        Request::get(uri)
            .body(Body::empty())
            .expect("valid request")
    }

    #[tokio::test]
    async fn creating_a_todo_answers_201_with_location_and_body() {
        let app = app();
        let (status, headers, body) =
            send(&app, post_todo(json!({ "title": "  Buy milk " }))).await;
        assert_eq!(
            status,
            StatusCode::CREATED,
            "a created resource answers 201 Created"
        );
        assert_eq!(
            headers.get(header::LOCATION).and_then(|v| v.to_str().ok()),
            Some("/todos/1"),
            "201 comes with a Location header naming the new resource"
        );
        assert_eq!(body, json!({ "id": 1, "title": "Buy milk", "done": false }));
    }

    #[tokio::test]
    async fn a_created_todo_can_be_fetched() {
        let app = app();
        send(&app, post_todo(json!({ "title": "first" }))).await;
        let (_, headers, _) = send(&app, post_todo(json!({ "title": "second" }))).await;
        let location = headers[header::LOCATION]
            .to_str()
            .expect("ASCII header")
            .to_string();
        assert_eq!(location, "/todos/2");

        let (status, _, body) = send(&app, get(&location)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, json!({ "id": 2, "title": "second", "done": false }));
    }

    #[tokio::test]
    async fn an_unknown_id_answers_404() {
        let (status, _, _) = send(&app(), get("/todos/42")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    #[tokio::test]
    async fn an_empty_or_blank_title_answers_422() {
        let app = app();
        for title in ["", "   "] {
            let (status, _, _) = send(&app, post_todo(json!({ "title": title }))).await;
            assert_eq!(
                status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "title {title:?} must be rejected with 422"
            );
        }
        let (status, _, _) = send(&app, get("/todos/1")).await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "a rejected todo is not stored"
        );
    }
}
