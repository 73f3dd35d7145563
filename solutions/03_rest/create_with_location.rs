//! # POST: 201 Created, a Location header, and JSON errors
//!
//! `POST /users` with a JSON body `{"name": "...", "email": "..."}` creates a user, with ids
//! counting up from 1. Answer `201 Created`, a `Location: /users/{id}` header pointing at the new
//! user, and the user as JSON (`{"id": 1, "name": "...", "email": "..."}`).
//!
//! Every failure answers a JSON body `{"error": "<what went wrong>"}`:
//! - a body axum cannot turn into `NewUser` keeps the status axum chose: `400` for broken JSON,
//!   `415` without `content-type: application/json`, `422` for a missing or mistyped field;
//! - a blank name, or an email without `@`, is `422 Unprocessable Content`.
//!
//! Why it matters: clients (and the generated SDKs they use) rely on 201 + Location to find what
//! they created, and on one error shape to show a useful message instead of crashing on a plain
//! text body.

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
            id: users.len() as u64 + 1,
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    async fn spawn_app() -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app()).await.unwrap() });
        format!("http://{addr}")
    }

    fn client() -> reqwest::Client {
        reqwest::Client::builder().no_proxy().build().unwrap()
    }

    /// Sends `body` to `POST /users` with the given content type.
    async fn post_users(base: &str, content_type: &str, body: &str) -> reqwest::Response {
        client()
            .post(format!("{base}/users"))
            .header("content-type", content_type)
            .body(body.to_owned())
            .send()
            .await
            .expect(
                "the server closed the connection without answering: did a handler panic? \
                 Look for `not yet implemented` above",
            )
    }

    const KEEP_STATUS: &str = "axum picks 400 (not JSON), 415 (not application/json) or 422 \
        (JSON of the wrong shape): keep it with `rejection.status()`";
    const INVALID_VALUE: &str =
        "a well-formed body with an invalid value is 422 Unprocessable Content";

    /// Asserts the response is `status` with a JSON body `{"error": "<non-empty text>"}`.
    async fn assert_json_error(response: reqwest::Response, status: u16, what: &str, why: &str) {
        let got = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let body = response.text().await.unwrap();
        assert_eq!(
            got, status,
            "{what}: expected status {status}, got {got} ({body}): {why}"
        );
        assert!(
            content_type.starts_with("application/json"),
            "{what}: error bodies must be JSON (`content-type: application/json`), got \
             `{content_type}` with body `{body}`: map the rejection to your \
             `{{\"error\": ...}}` body"
        );
        let json: Value = serde_json::from_str(&body)
            .unwrap_or_else(|e| panic!("{what}: the error body is not valid JSON ({e}): {body}"));
        let message = json["error"].as_str().unwrap_or("");
        assert!(
            !message.is_empty(),
            "{what}: the error body must look like {{\"error\": \"<what went wrong>\"}}, got {body}"
        );
    }

    #[tokio::test]
    async fn create_answers_201_with_location_and_body() {
        let base = spawn_app().await;
        let response = post_users(
            &base,
            "application/json",
            r#"{"name": "Ada", "email": "ada@example.com"}"#,
        )
        .await;
        let status = response.status().as_u16();
        assert_ne!(
            status, 200,
            "a created resource answers 201 Created, not 200 OK"
        );
        assert_eq!(status, 201, "POST /users should answer 201 Created");
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
            .expect(
                "a 201 response needs a `Location` header with the URL of the new resource, \
                 e.g. `Location: /users/1`",
            );
        let user: Value = response
            .json()
            .await
            .expect("the created user should be JSON");
        assert_eq!(
            user["name"], "Ada",
            "the body should echo the created user: {user}"
        );
        assert_eq!(
            user["email"], "ada@example.com",
            "the body should echo the created user: {user}"
        );
        let id = user["id"]
            .as_u64()
            .expect("the created user needs a numeric \"id\"");
        assert_eq!(
            location,
            format!("/users/{id}"),
            "Location must point at the new user: /users/{{id}} with the id from the body"
        );

        let fetched = client()
            .get(format!("{base}{location}"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            fetched.status().as_u16(),
            200,
            "GET on the Location URL should find the user"
        );
        let fetched: Value = fetched.json().await.unwrap();
        assert_eq!(
            fetched, user,
            "GET on the Location URL should return the same user"
        );
    }

    #[tokio::test]
    async fn ids_count_up_from_1() {
        let base = spawn_app().await;
        for (expected, name) in [(1, "Ada"), (2, "Grace")] {
            let body = format!(r#"{{"name": "{name}", "email": "{name}@example.com"}}"#);
            let response = post_users(&base, "application/json", &body).await;
            assert_eq!(
                response.status().as_u16(),
                201,
                "POST /users should answer 201 Created"
            );
            let location = response
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
                .expect("a 201 response needs a `Location` header");
            let user: Value = response.json().await.unwrap();
            assert!(
                user["id"].as_u64() == Some(expected) && location == format!("/users/{expected}"),
                "user number {expected} gets id {expected} (ids 1, 2, 3...: the first user is 1, \
                 not 0) and `Location: /users/{expected}`; got id {} and `Location: {location}`",
                user["id"]
            );
        }
    }

    #[tokio::test]
    async fn broken_json_is_400_with_json_error() {
        let base = spawn_app().await;
        let response = post_users(&base, "application/json", r#"{"name": "Ada", "#).await;
        assert_json_error(response, 400, "a body that is not valid JSON", KEEP_STATUS).await;
    }

    #[tokio::test]
    async fn missing_field_is_422_with_json_error() {
        let base = spawn_app().await;
        let response = post_users(&base, "application/json", r#"{"name": "Ada"}"#).await;
        assert_json_error(
            response,
            422,
            "valid JSON with a missing `email` field",
            KEEP_STATUS,
        )
        .await;
        let response = post_users(
            &base,
            "application/json",
            r#"{"name": 42, "email": "a@b.c"}"#,
        )
        .await;
        assert_json_error(
            response,
            422,
            "valid JSON where `name` is a number",
            KEEP_STATUS,
        )
        .await;
    }

    #[tokio::test]
    async fn wrong_content_type_is_415_with_json_error() {
        let base = spawn_app().await;
        let response =
            post_users(&base, "text/plain", r#"{"name": "Ada", "email": "a@b.c"}"#).await;
        assert_json_error(response, 415, "a body sent as text/plain", KEEP_STATUS).await;
    }

    #[tokio::test]
    async fn invalid_fields_are_422_with_json_error() {
        let base = spawn_app().await;
        let response = post_users(
            &base,
            "application/json",
            r#"{"name": "   ", "email": "a@b.c"}"#,
        )
        .await;
        assert_json_error(response, 422, "a blank name", INVALID_VALUE).await;
        let response = post_users(
            &base,
            "application/json",
            r#"{"name": "Ada", "email": "nope"}"#,
        )
        .await;
        assert_json_error(response, 422, "an email without '@'", INVALID_VALUE).await;

        let listed = client()
            .get(format!("{base}/users/1"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            listed.status().as_u16(),
            404,
            "a rejected request must not create a user"
        );
    }
}
