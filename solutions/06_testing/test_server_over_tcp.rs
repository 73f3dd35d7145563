//! # Testing a server over real TCP
//!
//! The link shortener below is correct. Test it the way its clients use it: start it on a real
//! socket and talk to it with an HTTP client (`reqwest`). In each test, bind a
//! `tokio::net::TcpListener` to `127.0.0.1:0` (port 0: the OS picks a free port, so tests can
//! run in parallel), read the chosen address back with `local_addr()`, spawn `axum::serve` on a
//! task, and send requests to `http://{addr}`.
//!
//! The API: `POST /links` with `{"url": "https://..."}` stores the link and answers
//! `201 Created` with `{"code": "...", "short_url": "<public base URL>/<code>"}`; only `http`
//! and `https` URLs are accepted (anything else answers `422`). `GET /<code>` answers
//! `308 Permanent Redirect` with a `Location` header naming the stored URL, or `404`.
//!
//! Why it matters: some things only exist on the wire: a real port, a real HTTP client with its
//! own behaviour (reqwest follows redirects unless told not to!), and absolute URLs that a
//! client must be able to follow.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::{
    Json, Router,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use serde::Deserialize;
use serde_json::json;
use tokio::net::TcpListener;
use url::Url;

#[derive(Clone)]
struct AppState {
    public_base_url: Arc<str>,
    links: Arc<Mutex<HashMap<String, String>>>,
}

#[derive(Debug, Deserialize)]
pub struct NewLink {
    pub url: String,
}

/// The application. `public_base_url` (no trailing slash) is where clients reach it; the short
/// URLs it hands out start with it.
pub fn app(public_base_url: &str) -> Router {
    let state = AppState {
        public_base_url: public_base_url.trim_end_matches('/').into(),
        links: Arc::default(),
    };
    Router::new()
        .route("/links", post(shorten))
        .route("/{code}", get(follow))
        .with_state(state)
}

async fn shorten(State(state): State<AppState>, Json(input): Json<NewLink>) -> Response {
    let target = match Url::parse(&input.url) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => url,
        _ => {
            let body = Json(json!({ "error": "the url must be an absolute http(s) URL" }));
            return (StatusCode::UNPROCESSABLE_ENTITY, body).into_response();
        }
    };
    let mut links = state.links.lock().expect("link table lock poisoned");
    let code = (links.len() + 1).to_string();
    links.insert(code.clone(), target.to_string());
    let short_url = format!("{}/{}", state.public_base_url, code);
    let body = Json(json!({ "code": code, "short_url": short_url }));
    (StatusCode::CREATED, body).into_response()
}

async fn follow(State(state): State<AppState>, Path(code): Path<String>) -> Response {
    let links = state.links.lock().expect("link table lock poisoned");
    match links.get(&code) {
        Some(target) => Redirect::permanent(target).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:3000").await?;
    let base = format!("http://{}", listener.local_addr()?);
    println!("listening on {base}");
    axum::serve(listener, app(&base)).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::{Client, StatusCode, header, redirect};
    use serde_json::Value;

    /// Starts the app on a free port and returns its base URL. The listener is bound before
    /// this returns, so requests sent right away queue up instead of being refused.
    async fn spawn_app() -> String {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a free port");
        let base = format!("http://{}", listener.local_addr().expect("bound address"));
        let app = app(&base);
        tokio::spawn(async move { axum::serve(listener, app).await.expect("server runs") });
        base
    }

    /// A client that shows redirects instead of following them.
    fn client() -> Client {
        Client::builder()
            .redirect(redirect::Policy::none())
            .build()
            .expect("client builds")
    }

    async fn shorten(client: &Client, base: &str, url: &str) -> (StatusCode, Value) {
        let response = client
            .post(format!("{base}/links"))
            .json(&json!({ "url": url }))
            .send()
            .await
            .expect("request sent");
        let status = response.status();
        (status, response.json().await.expect("JSON body"))
    }

    async fn location_of(client: &Client, short_url: &str) -> (StatusCode, Option<String>) {
        let response = client.get(short_url).send().await.expect("request sent");
        let location = response
            .headers()
            .get(header::LOCATION)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        (response.status(), location)
    }

    #[tokio::test]
    async fn a_short_url_redirects_permanently_to_the_target() {
        let base = spawn_app().await;
        let client = client();
        let (status, body) = shorten(&client, &base, "https://example.com/docs?page=2").await;
        assert_eq!(
            status,
            StatusCode::CREATED,
            "a stored link answers 201 Created"
        );

        let short_url = body["short_url"].as_str().expect("short_url is a string");
        assert!(
            short_url.starts_with(&base),
            "the short URL is on this server"
        );
        let (status, location) = location_of(&client, short_url).await;
        assert_eq!(
            status,
            StatusCode::PERMANENT_REDIRECT,
            "a short link redirects with 308"
        );
        assert_eq!(location.as_deref(), Some("https://example.com/docs?page=2"));
    }

    #[tokio::test]
    async fn each_link_keeps_its_own_code() {
        let base = spawn_app().await;
        let client = client();
        let (_, first) = shorten(&client, &base, "http://example.com/one").await;
        let (_, second) = shorten(&client, &base, "https://example.com/two").await;
        assert_ne!(first["code"], second["code"], "two links get two codes");

        for (body, target) in [
            (first, "http://example.com/one"),
            (second, "https://example.com/two"),
        ] {
            let short_url = body["short_url"].as_str().expect("short_url is a string");
            let (_, location) = location_of(&client, short_url).await;
            assert_eq!(location.as_deref(), Some(target));
        }
    }

    #[tokio::test]
    async fn only_web_urls_are_accepted() {
        let base = spawn_app().await;
        let client = client();
        for url in ["javascript:alert(1)", "ftp://example.com/file", "not a url"] {
            let (status, _) = shorten(&client, &base, url).await;
            assert_eq!(
                status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{url:?} must be rejected"
            );
        }
    }

    #[tokio::test]
    async fn an_unknown_code_answers_404() {
        let base = spawn_app().await;
        let (status, _) = location_of(&client(), &format!("{base}/nope")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}
