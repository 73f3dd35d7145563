//! # CORS: an allow-list of origins, with credentials
//!
//! The company's two front ends call `GET /api/me` from the browser with the session cookie
//! (`fetch(url, { credentials: "include" })`). Complete the middleware `cors` so that every
//! response of the API carries the right CORS headers:
//! - a request whose `Origin` is exactly one of `ALLOWED_ORIGINS` gets
//!   `Access-Control-Allow-Origin` with *that* origin, and `Access-Control-Allow-Credentials: true`;
//! - any other `Origin`, or none, gets no `Access-Control-Allow-Origin`, so the browser keeps the
//!   answer from the page that asked;
//! - every response, allowed or not, gets `Vary: Origin`, added to any `Vary` the handler set.
//!
//! Why it matters: browsers refuse `*` on a request with credentials, so servers are tempted to
//! echo back whatever `Origin` arrives, and then any site a signed-in user visits can read their
//! data. Without `Vary: Origin`, a shared cache serves one origin's answer to another.

use axum::{
    Router,
    extract::Request,
    http::{HeaderValue, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::get,
};

/// The exact origins (scheme, host and port) of the company's front ends.
pub const ALLOWED_ORIGINS: [&str; 2] = ["https://app.example.com", "https://admin.example.com"];

/// `GET /api/me`: the signed-in user's profile (the session check is left out here). Its body
/// depends on the language asked for, and its own `Vary` says so.
async fn me() -> impl IntoResponse {
    (
        [(header::VARY, "accept-language")],
        r#"{"name": "Ada", "email": "ada@example.com"}"#,
    )
}

/// Adds the CORS headers to every response of the API.
pub async fn cors(request: Request, next: Next) -> Response {
    let allowed_origin = request
        .headers()
        .get(header::ORIGIN)
        .filter(|origin| {
            ALLOWED_ORIGINS
                .iter()
                .any(|allowed| origin.as_bytes() == allowed.as_bytes())
        })
        .cloned();

    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if let Some(origin) = allowed_origin {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("true"),
        );
    }
    // The answer depends on Origin whether it was allowed or not; keep the handler's Vary too.
    headers.append(header::VARY, HeaderValue::from_static("origin"));
    response
}

pub fn app() -> Router {
    Router::new()
        .route("/api/me", get(me))
        .layer(middleware::from_fn(cors))
}

fn main() {
    // Checked by the tests, which send requests with various `Origin` headers.
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderMap;

    async fn spawn_app() -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app()).await.unwrap() });
        format!("http://{addr}")
    }

    /// `GET /api/me` with the given `Origin` (none for `None`), as a browser's fetch sends it.
    async fn get_me(base: &str, origin: Option<&str>) -> HeaderMap {
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        let mut request = client.get(format!("{base}/api/me"));
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        let response = request.send().await.expect(
            "the server closed the connection without answering: did the middleware panic? \
             Look for `not yet implemented` above",
        );
        assert_eq!(
            response.status().as_u16(),
            200,
            "GET /api/me must still reach the handler and answer 200"
        );
        response.headers().clone()
    }

    fn header_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
        headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Every value of every `Vary` line, lowercased (`Vary: a, b` and two `Vary` lines alike).
    fn vary(headers: &HeaderMap) -> Vec<String> {
        headers
            .get_all("vary")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|v| v.trim().to_ascii_lowercase())
            .collect()
    }

    #[tokio::test]
    async fn each_allowed_origin_gets_itself_back_with_credentials() {
        let base = spawn_app().await;
        for origin in ALLOWED_ORIGINS {
            let headers = get_me(&base, Some(origin)).await;
            let allow_origin = header_value(&headers, "access-control-allow-origin");
            assert_ne!(
                allow_origin,
                Some("*"),
                "with credentials, Access-Control-Allow-Origin must be the request's origin, \
                 never `*`: browsers refuse `*` on a request that carries cookies"
            );
            assert_eq!(
                allow_origin,
                Some(origin),
                "`Origin: {origin}` is allowed, so Access-Control-Allow-Origin must be the \
                 request's origin exactly (each front end gets its own origin back)"
            );
            assert_eq!(
                header_value(&headers, "access-control-allow-credentials"),
                Some("true"),
                "an allowed origin calls with the session cookie: send \
                 `Access-Control-Allow-Credentials: true`, or the browser hides the answer"
            );
        }
    }

    #[tokio::test]
    async fn other_origins_get_no_allow_origin() {
        let base = spawn_app().await;
        for origin in [
            "https://evil.example",
            "https://app.example.com.evil.test",
            "https://app.example.com:8443",
            "http://app.example.com",
            "https://evilapp.example.com",
            "https://app.example.co",
            "null",
        ] {
            let headers = get_me(&base, Some(origin)).await;
            let allow_origin = header_value(&headers, "access-control-allow-origin");
            assert_eq!(
                allow_origin, None,
                "`Origin: {origin}` is not in ALLOWED_ORIGINS, so it must get no \
                 Access-Control-Allow-Origin (got {allow_origin:?}): compare the whole origin \
                 exactly, since a prefix, suffix or substring match also lets in \
                 `https://app.example.com.evil.test`, and echoing any origin lets every site read \
                 a signed-in user's data"
            );
        }
        let headers = get_me(&base, None).await;
        assert_eq!(
            header_value(&headers, "access-control-allow-origin"),
            None,
            "a request without `Origin` is not a cross-origin call: no Access-Control-Allow-Origin"
        );
    }

    #[tokio::test]
    async fn vary_origin_is_on_every_response_beside_the_handlers_vary() {
        let base = spawn_app().await;
        for origin in [Some(ALLOWED_ORIGINS[0]), Some("https://evil.example"), None] {
            let headers = get_me(&base, origin).await;
            let vary = vary(&headers);
            assert!(
                vary.iter().any(|v| v == "origin"),
                "request with Origin {origin:?}: send `Vary: Origin` on every response, allowed \
                 or not, because the answer differs by Origin and a cache must not give one \
                 origin's answer to another; got Vary {vary:?}"
            );
            assert!(
                vary.iter().any(|v| v == "accept-language"),
                "request with Origin {origin:?}: keep the handler's `Vary: accept-language` and \
                 add Origin beside it (`HeaderMap::append`, not `insert`, which replaces it); got \
                 Vary {vary:?}"
            );
        }
    }
}
