//! # CSRF without tokens: SameSite cookies and an Origin check
//!
//! An API used only by its own site, `SITE_ORIGIN`, authenticates with a session cookie. Defend
//! it against cross-site request forgery in two layers:
//! - `session_cookie` builds the `Set-Cookie` value: `HttpOnly`, `Secure`, `Path=/` and
//!   `SameSite=Lax` (or `Strict`), so the browser leaves the cookie off cross-site POSTs;
//! - the `verify_origin` middleware lets safe methods (GET, HEAD, OPTIONS) through and refuses
//!   every other request with `403` unless it comes from `SITE_ORIGIN`: its `Origin` header is
//!   exactly `SITE_ORIGIN`, or, when there is no `Origin` at all, the origin of its `Referer` URL
//!   is. A request with neither (or `Origin: null`) is refused.
//!
//! Why it matters: SameSite is enforced by the browser and has gaps (older browsers, sibling
//! subdomains, a Lax cookie on a top-level GET), so the server checks where a state-changing
//! request comes from too. Both checks must be exact: `https://bank.example.com.evil.test` starts
//! with `https://bank.example.com`.

use axum::{
    Router,
    extract::Request,
    http::{HeaderMap, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, post},
};

/// The one origin the site's pages are served from.
pub const SITE_ORIGIN: &str = "https://bank.example.com";

/// The `Set-Cookie` value for a new session.
pub fn session_cookie(session_id: &str) -> String {
    format!("session={session_id}; HttpOnly; Secure; Path=/; SameSite=Lax")
}

/// Where the request comes from: its `Origin`, or without one the origin of its `Referer`.
fn request_origin(headers: &HeaderMap) -> Option<String> {
    if let Some(origin) = headers.get(header::ORIGIN) {
        return origin.to_str().ok().map(str::to_owned);
    }
    let referer = headers.get(header::REFERER)?.to_str().ok()?;
    let url = url::Url::parse(referer).ok()?;
    Some(url.origin().ascii_serialization())
}

/// Refuses state-changing requests that do not come from `SITE_ORIGIN`.
pub async fn verify_origin(request: Request, next: Next) -> Response {
    if request.method().is_safe() {
        return next.run(request).await;
    }
    match request_origin(request.headers()) {
        Some(origin) if origin == SITE_ORIGIN => next.run(request).await,
        _ => (StatusCode::FORBIDDEN, "cross-site request refused").into_response(),
    }
}

/// `POST /login` (the password check is left out).
async fn login() -> Response {
    let session_id = hex::encode(rand::random::<[u8; 32]>());
    (
        [(header::SET_COOKIE, session_cookie(&session_id))],
        "signed in",
    )
        .into_response()
}

async fn account() -> &'static str {
    r#"{"email": "ada@example.com"}"#
}

async fn change_email() -> &'static str {
    "email changed"
}

async fn close_account() -> StatusCode {
    StatusCode::NO_CONTENT
}

pub fn app() -> Router {
    Router::new()
        .route("/login", post(login))
        .route(
            "/account",
            get(account).post(change_email).delete(close_account),
        )
        .layer(middleware::from_fn(verify_origin))
}

fn main() {
    // Checked by the tests, which send the headers a browser sends from this site and others.
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVIL_ORIGINS: [&str; 5] = [
        "https://evil.example",
        "https://bank.example.com.evil.test",
        "https://bank.example.com:8443",
        "http://bank.example.com",
        "null",
    ];

    async fn spawn_app() -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app()).await.unwrap() });
        format!("http://{addr}")
    }

    /// Sends `method /account` with the given (name, value) headers; returns the status.
    async fn send(base: &str, method: &str, headers: &[(&str, &str)]) -> u16 {
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = client.request(method.clone(), format!("{base}/account"));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.expect(
            "the server closed the connection without answering: did the middleware panic? \
             Look for `not yet implemented` above",
        );
        response.status().as_u16()
    }

    #[test]
    fn the_session_cookie_is_httponly_secure_and_samesite() {
        let cookie = session_cookie("abc123");
        let mut parts = cookie.split(';').map(str::trim);
        assert_eq!(
            parts.next(),
            Some("session=abc123"),
            "the cookie starts with `session=<id>`: got `{cookie}`"
        );
        let attributes: Vec<String> = parts.map(str::to_ascii_lowercase).collect();
        let has = |name: &str| attributes.iter().any(|a| a == name);
        let same_site = attributes
            .iter()
            .find_map(|a| a.strip_prefix("samesite="))
            .unwrap_or("(none)");
        assert!(
            same_site != "none" || has("secure"),
            "`{cookie}`: SameSite=None without Secure is dropped by browsers, and with Secure \
             the cookie rides along on every cross-site request: use SameSite=Lax"
        );
        assert!(
            same_site == "lax" || same_site == "strict",
            "`{cookie}`: SameSite is `{same_site}`; it must be Lax (or Strict), so the browser \
             does not send the session cookie on a cross-site POST"
        );
        assert!(
            has("secure"),
            "`{cookie}`: a session cookie needs `Secure`, so it never travels over plain HTTP"
        );
        assert!(
            has("httponly"),
            "`{cookie}`: a session cookie needs `HttpOnly`, so an injected script cannot read it"
        );
        assert!(
            has("path=/"),
            "`{cookie}`: the session cookie is for the whole site: `Path=/`"
        );
    }

    #[tokio::test]
    async fn the_login_answer_sets_that_cookie() {
        let base = spawn_app().await;
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        let response = client
            .post(format!("{base}/login"))
            .header("origin", SITE_ORIGIN)
            .send()
            .await
            .unwrap();
        let cookie = response
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase();
        assert!(
            cookie.starts_with("session=")
                && (cookie.contains("samesite=lax") || cookie.contains("samesite=strict")),
            "POST /login from the site must be let through and set the session cookie, got \
             `{cookie}`"
        );
    }

    #[tokio::test]
    async fn requests_from_the_site_itself_go_through() {
        let base = spawn_app().await;
        for method in ["POST", "DELETE"] {
            let status = send(&base, method, &[("origin", SITE_ORIGIN)]).await;
            assert!(
                status == 200 || status == 204,
                "{method} with `Origin: {SITE_ORIGIN}` comes from the site: let it through (got \
                 {status})"
            );
        }
        let status = send(
            &base,
            "POST",
            &[("referer", "https://bank.example.com/settings?tab=email")],
        )
        .await;
        assert_eq!(
            status, 200,
            "a POST without Origin whose Referer is a page of {SITE_ORIGIN} comes from the site \
             (compare the Referer URL's origin, not the whole URL): let it through"
        );
    }

    #[tokio::test]
    async fn unsafe_requests_from_other_origins_are_refused() {
        let base = spawn_app().await;
        for method in ["POST", "PUT", "PATCH", "DELETE"] {
            for origin in EVIL_ORIGINS {
                let status = send(&base, method, &[("origin", origin)]).await;
                assert_eq!(
                    status, 403,
                    "{method} with `Origin: {origin}` is not from {SITE_ORIGIN}: refuse it with \
                     403 (compare the whole origin exactly; every method but GET, HEAD and \
                     OPTIONS changes state)"
                );
            }
        }
        let status = send(
            &base,
            "POST",
            &[
                ("origin", "https://evil.example"),
                ("referer", "https://bank.example.com/"),
            ],
        )
        .await;
        assert_eq!(
            status, 403,
            "a POST whose Origin is another site is refused, whatever its Referer says: the \
             Referer is only looked at when there is no Origin"
        );
    }

    #[tokio::test]
    async fn without_origin_the_referer_decides_and_without_both_refuse() {
        let base = spawn_app().await;
        for referer in [
            "https://evil.example/bank.example.com",
            "https://bank.example.com.evil.test/settings",
            "http://bank.example.com/settings",
            "not a url",
        ] {
            let status = send(&base, "POST", &[("referer", referer)]).await;
            assert_eq!(
                status, 403,
                "a POST without Origin from the page `{referer}` is not from {SITE_ORIGIN}: 403 \
                 (parse the Referer and compare its origin exactly)"
            );
        }
        let status = send(&base, "POST", &[]).await;
        assert_eq!(
            status, 403,
            "a POST with neither Origin nor Referer cannot be shown to come from the site: \
             refuse it (403)"
        );
    }

    #[tokio::test]
    async fn safe_methods_from_anywhere_go_through() {
        let base = spawn_app().await;
        for headers in [
            &[("origin", "https://evil.example")][..],
            &[("referer", "https://evil.example/")][..],
            &[][..],
        ] {
            let status = send(&base, "GET", headers).await;
            assert_eq!(
                status, 200,
                "GET changes nothing, so a link from another site (headers {headers:?}) must \
                 still work: only unsafe methods are checked"
            );
        }
    }
}
