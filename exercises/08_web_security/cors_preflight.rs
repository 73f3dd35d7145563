//! # CORS preflight: exactly the methods and headers the front ends send
//!
//! The notes front ends edit notes across origins, with the session cookie: `PUT` and `DELETE` on
//! `/api/notes/{id}`, a JSON body (`content-type: application/json`) and an `x-csrf-token`
//! header. Before each such request the browser sends a *preflight* (`OPTIONS` with
//! `Access-Control-Request-Method` and `-Headers`) and goes on only if the answer allows it.
//! Build the `CorsLayer` (tower-http) that answers it:
//! - origins: exactly `ALLOWED_ORIGINS`, each answered with itself, and credentials allowed;
//! - methods: `GET`, `POST`, `PUT` and `DELETE`, and no others;
//! - request headers: `content-type` and `x-csrf-token`, and no others;
//! - browsers may keep the preflight's answer for 10 minutes (`Access-Control-Max-Age: 600`).
//!
//! Why it matters: a preflight that forgets a method or a header breaks the front end in every
//! browser at once, and the usual "fix", allowing everything (`*`, or echoing back whatever is
//! asked) with credentials, lets any web page a signed-in user visits act as them.

use axum::{
    Router,
    extract::Path,
    routing::{get, put},
};
use tower_http::cors::CorsLayer;

/// The exact origins (scheme, host and port) of the company's front ends.
pub const ALLOWED_ORIGINS: [&str; 2] = ["https://notes.example.com", "https://admin.example.com"];

/// The CORS policy of the notes API.
pub fn cors_layer() -> CorsLayer {
    // TODO: start from `CorsLayer::new()` and set `allow_origin` (an `AllowOrigin::list` of
    // header values), `allow_credentials`, `allow_methods`, `allow_headers` and `max_age`.
    // tower-http panics when `Any` (`*`) is combined with credentials: list what is allowed.
    todo!()
}

async fn list_notes() -> &'static str {
    r#"[{"id": 1, "text": "buy milk"}]"#
}

async fn create_note() -> &'static str {
    r#"{"id": 2}"#
}

async fn update_note(Path(id): Path<u64>) -> String {
    format!(r#"{{"id": {id}, "updated": true}}"#)
}

async fn delete_note(Path(id): Path<u64>) -> String {
    format!(r#"{{"id": {id}, "deleted": true}}"#)
}

pub fn app() -> Router {
    Router::new()
        .route("/api/notes", get(list_notes).post(create_note))
        .route("/api/notes/{id}", put(update_note).delete(delete_note))
        .layer(cors_layer())
}

fn main() {
    // Checked by the tests, which send preflights and requests as a browser does.
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderMap;

    const EVIL: &str = "https://evil.example";

    async fn spawn_app() -> String {
        let app = match std::panic::catch_unwind(app) {
            Ok(app) => app,
            Err(panic) => {
                let message = panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("(no message)");
                panic!(
                    "building the app panicked: {message}. With credentials, list the allowed \
                     origins, methods and headers: a wildcard (`Any`, `*`) is refused"
                )
            }
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        format!("http://{addr}")
    }

    fn client() -> reqwest::Client {
        reqwest::Client::builder().no_proxy().build().unwrap()
    }

    /// The preflight a browser sends before `method` with `headers` from `origin`.
    async fn preflight(base: &str, origin: &str, method: &str, headers: &str) -> HeaderMap {
        let response = client()
            .request(reqwest::Method::OPTIONS, format!("{base}/api/notes/7"))
            .header("origin", origin)
            .header("access-control-request-method", method)
            .header("access-control-request-headers", headers)
            .send()
            .await
            .expect("the server closed the connection without answering the preflight");
        assert!(
            response.status().is_success(),
            "a preflight is answered with a 2xx status (tower-http answers 200), got {}",
            response.status()
        );
        response.headers().clone()
    }

    fn header_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
        headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The comma-separated values of every `name` line, lowercased.
    fn list(headers: &HeaderMap, name: &str) -> Vec<String> {
        headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|v| v.trim().to_ascii_lowercase())
            .collect()
    }

    #[tokio::test]
    async fn preflight_from_an_allowed_origin_is_answered_for_that_origin() {
        let base = spawn_app().await;
        for origin in ALLOWED_ORIGINS {
            let headers = preflight(&base, origin, "PUT", "content-type,x-csrf-token").await;
            let allow_origin = header_value(&headers, "access-control-allow-origin");
            assert_ne!(
                allow_origin,
                Some("*"),
                "with credentials, Access-Control-Allow-Origin must be the request's origin, \
                 never `*`"
            );
            assert_eq!(
                allow_origin,
                Some(origin),
                "a preflight from the allowed origin {origin} gets Access-Control-Allow-Origin: \
                 {origin} (`AllowOrigin::list`)"
            );
            assert_eq!(
                header_value(&headers, "access-control-allow-credentials"),
                Some("true"),
                "the front ends send the session cookie: the preflight must allow credentials"
            );
            assert!(
                list(&headers, "vary").iter().any(|v| v == "origin"),
                "the preflight's answer depends on Origin: it must carry `Vary: Origin`"
            );
        }
    }

    #[tokio::test]
    async fn every_method_the_front_ends_use_is_allowed_and_no_other() {
        let base = spawn_app().await;
        for method in ["GET", "POST", "PUT", "DELETE"] {
            let headers = preflight(&base, ALLOWED_ORIGINS[0], method, "content-type").await;
            let methods = list(&headers, "access-control-allow-methods");
            assert!(
                methods.iter().any(|m| m == &method.to_ascii_lowercase()),
                "the front ends send {method}: Access-Control-Allow-Methods must list it, or the \
                 browser never sends the request; got {methods:?}"
            );
        }
        let headers = preflight(&base, ALLOWED_ORIGINS[0], "PATCH", "content-type").await;
        let methods = list(&headers, "access-control-allow-methods");
        assert!(
            !methods.iter().any(|m| m == "patch" || m == "*"),
            "only GET, POST, PUT and DELETE are allowed: Access-Control-Allow-Methods must not \
             list PATCH (nor `*`, nor echo whatever method is asked); got {methods:?}"
        );
    }

    #[tokio::test]
    async fn exactly_the_two_request_headers_are_allowed() {
        let base = spawn_app().await;
        let headers = preflight(
            &base,
            ALLOWED_ORIGINS[1],
            "DELETE",
            "content-type,x-csrf-token",
        )
        .await;
        let allowed = list(&headers, "access-control-allow-headers");
        for name in ["content-type", "x-csrf-token"] {
            assert!(
                allowed.iter().any(|h| h == name),
                "the front ends send `{name}`: Access-Control-Allow-Headers must list it, or the \
                 browser never sends the request; got {allowed:?}"
            );
        }
        let headers = preflight(&base, ALLOWED_ORIGINS[1], "DELETE", "x-debug").await;
        let allowed = list(&headers, "access-control-allow-headers");
        assert!(
            !allowed.iter().any(|h| h == "x-debug" || h == "*"),
            "only content-type and x-csrf-token are allowed: a preflight asking for `x-debug` \
             must not get it back in Access-Control-Allow-Headers (list the headers instead of \
             echoing the request's); got {allowed:?}"
        );
    }

    #[tokio::test]
    async fn browsers_may_cache_the_preflight_for_ten_minutes() {
        let base = spawn_app().await;
        let headers = preflight(&base, ALLOWED_ORIGINS[0], "PUT", "content-type").await;
        assert_eq!(
            header_value(&headers, "access-control-max-age"),
            Some("600"),
            "send `Access-Control-Max-Age: 600` (`max_age`), so the browser does not send a \
             preflight before every single request"
        );
    }

    #[tokio::test]
    async fn a_preflight_from_another_origin_is_not_allowed() {
        let base = spawn_app().await;
        for origin in [EVIL, "https://notes.example.com.evil.test", "null"] {
            let headers = preflight(&base, origin, "DELETE", "content-type").await;
            assert_eq!(
                header_value(&headers, "access-control-allow-origin"),
                None,
                "`Origin: {origin}` is not in ALLOWED_ORIGINS: its preflight must get no \
                 Access-Control-Allow-Origin (never echo the request's Origin), so the browser \
                 does not send the DELETE"
            );
        }
    }

    #[tokio::test]
    async fn the_request_after_the_preflight_is_answered_for_its_origin() {
        let base = spawn_app().await;
        let response = client()
            .put(format!("{base}/api/notes/7"))
            .header("origin", ALLOWED_ORIGINS[0])
            .header("content-type", "application/json")
            .header("x-csrf-token", "t0k3n")
            .body(r#"{"text": "buy oat milk"}"#)
            .send()
            .await
            .expect("the server closed the connection without answering PUT");
        assert_eq!(
            response.status().as_u16(),
            200,
            "the PUT itself must reach its handler"
        );
        let headers = response.headers();
        assert_eq!(
            header_value(headers, "access-control-allow-origin"),
            Some(ALLOWED_ORIGINS[0]),
            "the actual request needs Access-Control-Allow-Origin too, or the page cannot read \
             the answer"
        );
        assert_eq!(
            header_value(headers, "access-control-allow-credentials"),
            Some("true"),
            "the actual request needs Access-Control-Allow-Credentials: true too"
        );
    }
}
