//! # CRUD over shared state: PUT replaces, DELETE removes
//!
//! A notes API keeps its notes in memory, shared by every request. Creating and reading are
//! written; finish the collection and the two methods whose semantics matter most:
//! - `GET /notes` answers every note as a JSON array, in id order;
//! - `PUT /notes/{id}` replaces the text of that note and answers `200` with the note as JSON,
//!   or `404` if there is no such note. It never creates a second note: sending the same PUT
//!   twice leaves the same state as sending it once (PUT is idempotent);
//! - `DELETE /notes/{id}` answers `204 No Content` with an empty body, and `404` once the note
//!   is gone.
//!
//! Why it matters: clients, proxies and retry middleware resend PUT and DELETE when a response
//! is lost, because RFC 9110 says they are idempotent. A PUT that appends, or a DELETE that fails
//! the second time with a 500, turns every network hiccup into corrupted data or false alarms.

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
pub async fn list_notes() -> Json<Vec<Note>> {
    // TODO: take `State(db): State<Db>`, hold a read lock, and answer every note in id order
    // (a `BTreeMap` iterates in key order).
    todo!()
}

/// `PUT /notes/{id}`
pub async fn update_note() -> Result<Json<Note>, StatusCode> {
    // TODO: take the state, the id (`Path<u64>`) and the body (`Json<NoteInput>`; the body
    // extractor goes last). Replace the text of the existing note and answer it, or 404 if there
    // is none. Do not insert anything: the same PUT twice must leave the same state.
    todo!()
}

/// `DELETE /notes/{id}`
pub async fn delete_note() -> StatusCode {
    // TODO: take the state and the id. Remove the note and answer 204 No Content (a bare
    // `StatusCode` is a response with an empty body), or 404 if it was not there.
    todo!()
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    struct Api {
        base: String,
        client: reqwest::Client,
    }

    impl Api {
        async fn start() -> Api {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            tokio::spawn(async move { axum::serve(listener, app()).await.unwrap() });
            // A handler answers in microseconds; the timeout only turns a hang into a message.
            let client = reqwest::Client::builder()
                .no_proxy()
                .timeout(std::time::Duration::from_secs(5))
                .build()
                .unwrap();
            Api {
                base: format!("http://{addr}"),
                client,
            }
        }

        async fn send(&self, method: &str, path: &str, body: Option<Value>) -> (u16, String) {
            let verb = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
            let mut request = self.client.request(verb, format!("{}{path}", self.base));
            if let Some(body) = body {
                request = request.json(&body);
            }
            let response = request.send().await.unwrap_or_else(|err| {
                if err.is_timeout() {
                    panic!(
                        "{method} {path} got no answer within 5 s: does the handler wait for a \
                         lock that is never released? A read guard still alive while the same \
                         handler asks for the write lock waits forever"
                    )
                }
                panic!(
                    "{method} {path}: the server closed the connection without answering \
                     ({err}): did a handler panic? Look for `not yet implemented` above"
                )
            });
            let status = response.status().as_u16();
            (status, response.text().await.unwrap())
        }

        async fn create(&self, text: &str) -> u64 {
            let (status, body) = self
                .send("POST", "/notes", Some(json!({ "text": text })))
                .await;
            assert_eq!(status, 201, "POST /notes should create a note: {body}");
            let note: Value = serde_json::from_str(&body).unwrap();
            note["id"].as_u64().unwrap()
        }

        async fn list(&self) -> Vec<Value> {
            let (status, body) = self.send("GET", "/notes", None).await;
            assert_eq!(status, 200, "GET /notes should answer 200 OK: {body}");
            serde_json::from_str(&body)
                .unwrap_or_else(|e| panic!("GET /notes should answer a JSON array ({e}): {body}"))
        }
    }

    #[tokio::test]
    async fn list_returns_every_note_in_id_order() {
        let api = Api::start().await;
        assert!(api.list().await.is_empty(), "a new app has no notes");
        let first = api.create("buy milk").await;
        let second = api.create("call mum").await;
        let notes = api.list().await;
        let ids: Vec<u64> = notes.iter().filter_map(|n| n["id"].as_u64()).collect();
        assert_eq!(
            ids,
            vec![first, second],
            "GET /notes should list both notes in id order"
        );
        assert!(
            notes[0]["text"] == "buy milk" && notes[1]["text"] == "call mum",
            "GET /notes should list each note with its text: {notes:?}"
        );
    }

    #[tokio::test]
    async fn put_replaces_the_note() {
        let api = Api::start().await;
        let id = api.create("draft").await;
        let other = api.create("untouched").await;
        let (status, body) = api
            .send(
                "PUT",
                &format!("/notes/{id}"),
                Some(json!({ "text": "final" })),
            )
            .await;
        assert_eq!(
            status, 200,
            "PUT on an existing note answers 200 OK: {body}"
        );
        let note: Value = serde_json::from_str(&body).expect("PUT should answer the note as JSON");
        assert_eq!(
            note,
            json!({ "id": id, "text": "final" }),
            "PUT should answer the updated note"
        );

        let (_, body) = api.send("GET", &format!("/notes/{id}"), None).await;
        let stored: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            stored["text"], "final",
            "after PUT, GET should see the new text"
        );
        let (_, body) = api.send("GET", &format!("/notes/{other}"), None).await;
        let untouched: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            untouched["text"], "untouched",
            "PUT must only change the note in the path"
        );
    }

    #[tokio::test]
    async fn put_is_idempotent() {
        let api = Api::start().await;
        let id = api.create("draft").await;
        let path = format!("/notes/{id}");
        let first = api
            .send("PUT", &path, Some(json!({ "text": "final" })))
            .await;
        let state_after_one = api.list().await;
        let second = api
            .send("PUT", &path, Some(json!({ "text": "final" })))
            .await;
        let state_after_two = api.list().await;
        assert_eq!(
            first.0, 200,
            "PUT on an existing note answers 200 OK: {}",
            first.1
        );
        assert_eq!(
            state_after_two.len(),
            1,
            "after two identical PUTs there must still be one note, found {state_after_two:?}: \
             PUT replaces the resource at that URL, it never adds a new one"
        );
        assert_eq!(
            state_after_one, state_after_two,
            "sending the same PUT twice must leave the same state as sending it once"
        );
        assert_eq!(
            first, second,
            "the same PUT twice should answer the same thing"
        );
    }

    #[tokio::test]
    async fn put_on_missing_note_is_404() {
        let api = Api::start().await;
        let (status, _) = api
            .send("PUT", "/notes/77", Some(json!({ "text": "x" })))
            .await;
        assert_eq!(
            status, 404,
            "PUT on a note that does not exist answers 404 Not Found"
        );
        assert!(
            api.list().await.is_empty(),
            "a PUT on a missing note must not create one"
        );
    }

    #[tokio::test]
    async fn delete_is_204_then_404() {
        let api = Api::start().await;
        let before = api.create("keep me").await;
        let id = api.create("temporary").await;
        let after = api.create("keep me too").await;
        let path = format!("/notes/{id}");

        let (status, body) = api.send("DELETE", &path, None).await;
        assert_ne!(
            status, 404,
            "the first DELETE of an existing note must succeed, not 404"
        );
        assert_eq!(
            status, 204,
            "a successful DELETE with nothing to say answers 204 No Content, not {status}"
        );
        assert!(body.is_empty(), "a 204 response has no body, got `{body}`");

        let (status, _) = api.send("GET", &path, None).await;
        assert_eq!(
            status, 404,
            "after DELETE, GET on the note answers 404 Not Found"
        );
        let (status, _) = api.send("DELETE", &path, None).await;
        assert_eq!(
            status, 404,
            "a second DELETE finds nothing to delete: 404 Not Found (the state is unchanged, \
             which is what idempotent means)"
        );
        let ids: Vec<u64> = api
            .list()
            .await
            .iter()
            .filter_map(|n| n["id"].as_u64())
            .collect();
        assert_eq!(
            ids,
            vec![before, after],
            "DELETE /notes/{id} must remove exactly the note in the path, and keep the others"
        );
    }
}
