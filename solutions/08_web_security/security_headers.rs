//! # Security headers on every response
//!
//! The site is served over HTTPS by a proxy in front of it (the tests talk to it directly).
//! Complete `with_security_headers` so that every response of the site carries these four
//! headers, on every route, the 404 page included, and whatever a handler set itself:
//! - `Content-Security-Policy`: everything (scripts, styles, images...) only from the site itself
//!   (`default-src 'self'`), no plugins (`object-src 'none'`), no `<base>` tag
//!   (`base-uri 'none'`), no framing by any page (`frame-ancestors 'none'`); a `-src`
//!   directive lists only `'self'` or `'none'`, never `'unsafe-inline'` or `'unsafe-eval'`;
//! - `Strict-Transport-Security`: HTTPS only, for two years (`max-age=63072000`), subdomains
//!   included;
//! - `X-Content-Type-Options: nosniff`;
//! - `Referrer-Policy: strict-origin-when-cross-origin` (or the stricter `same-origin`,
//!   `strict-origin`, `no-referrer`), so other sites never see a page's path and query.
//!
//! Why it matters: these headers are the browser's second line of defence. A CSP stops a script
//! an attacker managed to inject from running, `frame-ancestors` stops clickjacking, HSTS stops
//! a network attacker from downgrading a visit to plain HTTP, `nosniff` stops an uploaded file
//! from being run as a script, and the referrer policy keeps ids and tokens in URLs at home.

use axum::{
    Router,
    http::{HeaderValue, header},
    response::{Html, IntoResponse},
    routing::get,
};
use tower_http::set_header::SetResponseHeaderLayer;

/// Only the site's own resources, no plugins, no `<base>`, never framed.
const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
/// Two years, subdomains included.
const STRICT_TRANSPORT_SECURITY: &str = "max-age=63072000; includeSubDomains";

async fn home() -> Html<&'static str> {
    Html(r#"<!doctype html><title>Shop</title><script src="/app.js"></script><h1>Shop</h1>"#)
}

/// A legacy page that still sets its own, far weaker policy. The site's policy must win.
async fn widget() -> impl IntoResponse {
    (
        [(
            header::CONTENT_SECURITY_POLICY,
            "default-src *; script-src * 'unsafe-inline' 'unsafe-eval'",
        )],
        Html("<!doctype html><title>Widget</title><p>widget</p>"),
    )
}

/// Adds the four security headers to every response of `router`.
pub fn with_security_headers(router: Router) -> Router {
    router
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(STRICT_TRANSPORT_SECURITY),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
}

pub fn app() -> Router {
    with_security_headers(
        Router::new()
            .route("/", get(home))
            .route("/widget", get(widget)),
    )
}

fn main() {
    // Checked by the tests, which read the headers of real responses.
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// The pages the tests look at: a page, a page with its own weak policy, and a 404.
    const PAGES: [(&str, u16); 3] = [("/", 200), ("/widget", 200), ("/no-such-page", 404)];

    async fn spawn_app() -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app()).await.unwrap() });
        format!("http://{addr}")
    }

    /// Every value of header `name` on `path`; panics with a message if there is none.
    async fn header_values(base: &str, path: &str, status: u16, name: &str) -> Vec<String> {
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        let response = client
            .get(format!("{base}{path}"))
            .send()
            .await
            .expect("the server closed the connection without answering");
        assert_eq!(
            response.status().as_u16(),
            status,
            "GET {path} should answer {status}: the headers must not change what the site answers"
        );
        let values: Vec<String> = response
            .headers()
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_owned)
            .collect();
        assert!(
            !values.is_empty(),
            "GET {path} has no `{name}` header: every response needs it, the 404 page too \
             (`Router::layer`, not `route_layer`, wraps the fallback)"
        );
        values
    }

    /// The single value of header `name` on `path`.
    async fn single_value(base: &str, path: &str, status: u16, name: &str) -> String {
        let values = header_values(base, path, status, name).await;
        assert_eq!(
            values.len(),
            1,
            "GET {path} sends `{name}` {} times ({values:?}): the site's value must replace the \
             one a handler set (`overriding`), not sit beside it",
            values.len()
        );
        values[0].clone()
    }

    /// `a b; c d e` as {a: [b], c: [d, e]}, names lowercased.
    fn directives(value: &str) -> HashMap<String, Vec<String>> {
        value
            .split(';')
            .filter_map(|directive| {
                let mut words = directive.split_whitespace();
                let name = words.next()?.to_ascii_lowercase();
                Some((name, words.map(str::to_owned).collect()))
            })
            .collect()
    }

    #[tokio::test]
    async fn csp_allows_only_the_site_itself() {
        let base = spawn_app().await;
        for (path, status) in PAGES {
            let csp = single_value(&base, path, status, "content-security-policy").await;
            for unsafe_keyword in ["'unsafe-inline'", "'unsafe-eval'"] {
                assert!(
                    !csp.to_ascii_lowercase().contains(unsafe_keyword),
                    "GET {path}: the CSP `{csp}` contains {unsafe_keyword}, which lets an \
                     injected script run and undoes the policy's point: keep scripts in files"
                );
            }
            let policy = directives(&csp);
            assert_eq!(
                policy.get("default-src").map(Vec::as_slice),
                Some(["'self'".to_owned()].as_slice()),
                "GET {path}: the CSP `{csp}` needs `default-src 'self'`, so everything comes only \
                 from the site itself"
            );
            for (name, values) in &policy {
                if name.ends_with("-src") {
                    assert!(
                        values.iter().all(|v| v == "'self'" || v == "'none'"),
                        "GET {path}: `{name} {}` in the CSP allows more than the site itself: a \
                         -src directive lists only 'self' or 'none' (no `*`, no hosts, no \
                         `data:`)",
                        values.join(" ")
                    );
                }
            }
            for (name, why) in [
                ("object-src", "no plugins"),
                (
                    "base-uri",
                    "no <base> tag that would redirect relative URLs",
                ),
                (
                    "frame-ancestors",
                    "no page may frame the site (clickjacking); X-Frame-Options alone is the \
                     legacy way, and frame-ancestors is not covered by default-src",
                ),
            ] {
                assert_eq!(
                    policy.get(name).map(Vec::as_slice),
                    Some(["'none'".to_owned()].as_slice()),
                    "GET {path}: the CSP `{csp}` needs `{name} 'none'`: {why}"
                );
            }
        }
    }

    #[tokio::test]
    async fn hsts_for_two_years_with_subdomains() {
        let base = spawn_app().await;
        for (path, status) in PAGES {
            let hsts = single_value(&base, path, status, "strict-transport-security").await;
            let policy = directives(&hsts);
            let max_age = policy
                .keys()
                .find_map(|name| name.strip_prefix("max-age="))
                .map(|seconds| seconds.trim_matches('"'));
            let Some(max_age) = max_age else {
                panic!(
                    "GET {path}: `Strict-Transport-Security: {hsts}` has no max-age, and a \
                     browser ignores HSTS without it (RFC 6797: max-age is required); send \
                     `max-age=63072000; includeSubDomains`"
                )
            };
            let seconds: u64 = max_age.parse().unwrap_or(0);
            assert!(
                seconds >= 63_072_000,
                "GET {path}: HSTS max-age is {max_age} seconds: it must be two years \
                 (63072000), so a returning visitor never goes back to plain HTTP"
            );
            assert!(
                policy.contains_key("includesubdomains"),
                "GET {path}: `Strict-Transport-Security: {hsts}` must include subdomains \
                 (`includeSubDomains`), or a network attacker can use a plain-HTTP subdomain to \
                 set cookies for the site"
            );
        }
    }

    #[tokio::test]
    async fn nosniff_on_every_response() {
        let base = spawn_app().await;
        for (path, status) in PAGES {
            let value = single_value(&base, path, status, "x-content-type-options").await;
            assert_eq!(
                value.to_ascii_lowercase(),
                "nosniff",
                "GET {path}: send `X-Content-Type-Options: nosniff`, so the browser trusts the \
                 Content-Type and never runs an uploaded text file as a script"
            );
        }
    }

    #[tokio::test]
    async fn referrer_policy_never_sends_the_path_to_other_sites() {
        let base = spawn_app().await;
        for (path, status) in PAGES {
            let value = single_value(&base, path, status, "referrer-policy").await;
            assert!(
                [
                    "strict-origin-when-cross-origin",
                    "same-origin",
                    "strict-origin",
                    "no-referrer"
                ]
                .contains(&value.to_ascii_lowercase().as_str()),
                "GET {path}: `Referrer-Policy: {value}` can send a page's path and query (ids, \
                 reset tokens) to other sites: use strict-origin-when-cross-origin"
            );
        }
    }
}
