//! wrong: numbers users from 0 (the length of the list before the push)
//! expect: the first user is 1, not 0

use std::sync::{Arc, Mutex};

use axum::{
    Json, Router,
    extract::{Path, State, rejection::JsonRejection},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Debug, Clone, Serialize)]
pub struct User {
    pub id: u64,
    pub name: String,
    pub email: String,
}

#[derive(Debug, Deserialize)]
pub struct NewUser {
    pub name: String,
    pub email: String,
}

#[derive(Clone, Default)]
pub struct AppState {
    users: Arc<Mutex<Vec<User>>>,
}

/// The one error shape of this API: `{"error": "..."}` with the given status.
pub fn error_response(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "error": message.into() }))).into_response()
}

/// `POST /users`
pub async fn create_user(
    State(state): State<AppState>,
    payload: Result<Json<NewUser>, JsonRejection>,
) -> Response {
    let Json(new_user) = match payload {
        Ok(payload) => payload,
        Err(rejection) => return error_response(rejection.status(), rejection.body_text()),
    };
    let name = new_user.name.trim();
    if name.is_empty() {
        return error_response(StatusCode::UNPROCESSABLE_ENTITY, "name must not be blank");
    }
    if !new_user.email.contains('@') {
        return error_response(StatusCode::UNPROCESSABLE_ENTITY, "email must contain '@'");
    }

    let user = {
        let Ok(mut users) = state.users.lock() else {
            return error_response(StatusCode::INTERNAL_SERVER_ERROR, "internal server error");
        };
        let user = User {
            id: users.len() as u64,
            name: name.to_owned(),
            email: new_user.email,
        };
        users.push(user.clone());
        user
    };
    let location = format!("/users/{}", user.id);
    (
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(user),
    )
        .into_response()
}

/// `GET /users/{id}`: where the `Location` header points.
pub async fn get_user(State(state): State<AppState>, Path(id): Path<u64>) -> Response {
    let Ok(users) = state.users.lock() else {
        return error_response(StatusCode::INTERNAL_SERVER_ERROR, "internal server error");
    };
    match users.iter().find(|user| user.id == id) {
        Some(user) => Json(user.clone()).into_response(),
        None => error_response(StatusCode::NOT_FOUND, format!("no user with id {id}")),
    }
}

pub fn app() -> Router {
    Router::new()
        .route("/users", post(create_user))
        .route("/users/{id}", get(get_user))
        .with_state(AppState::default())
}

fn main() {
    // Checked by the tests: `POST /users` is described at the top.
}
