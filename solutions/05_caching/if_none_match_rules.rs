//! # If-None-Match: lists, `*` and weak comparison
//!
//! The article server from the previous exercise is complete except for one
//! function: `if_none_match_hits`, which decides whether an `If-None-Match`
//! header value matches the current ETag (then the server answers 304).
//! Implement the rules of RFC 9110 §13.1.2:
//! - the value `*` matches any current representation;
//! - otherwise the value is a comma-separated list of entity tags, such as
//!   `"a1", W/"b2" ,"c3"`, and it matches if ANY tag in it matches;
//! - tags are compared with the *weak* comparison (§8.8.3.2): ignore a `W/`
//!   prefix on either side, then the quoted parts must be identical, quotes
//!   included. `W/"x"` matches `"x"`; `"x"` does not match `"xy"`.
//!
//! Why it matters: browsers and proxies send every tag they hold (one per
//! cached variant), and servers that compress on the fly often weaken tags.
//! Getting these rules wrong means either 304s that never happen (wasted
//! bandwidth) or 304s for content the client never had (broken pages).

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};

pub struct Article {
    body: String,
    etag: String,
}

pub fn app(body: String) -> Router {
    let etag = format!("\"{}\"", hex::encode(Sha256::digest(&body)));
    Router::new()
        .route("/article", get(show_article))
        .with_state(Arc::new(Article { body, etag }))
}

async fn show_article(State(article): State<Arc<Article>>, headers: HeaderMap) -> Response {
    let cache_headers = [
        (ETAG, article.etag.clone()),
        (CACHE_CONTROL, "max-age=60".to_string()),
    ];
    // Several If-None-Match lines mean the same as one comma-joined line.
    let lines: Vec<&str> = headers
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect();
    if !lines.is_empty() && if_none_match_hits(&lines.join(", "), &article.etag) {
        return (StatusCode::NOT_MODIFIED, cache_headers).into_response();
    }
    (cache_headers, article.body.clone()).into_response()
}

/// Whether the `If-None-Match` value `header` matches `current`, the ETag of
/// the representation the server holds (quoted, possibly with `W/`).
pub fn if_none_match_hits(header: &str, current: &str) -> bool {
    if header.trim() == "*" {
        return true;
    }
    let current = without_weak_prefix(current);
    entity_tags(header).any(|tag| without_weak_prefix(tag) == current)
}

/// The opaque, quoted part of an entity tag: weak comparison ignores `W/`.
fn without_weak_prefix(tag: &str) -> &str {
    tag.strip_prefix("W/").unwrap_or(tag)
}

/// The entity tags of a list such as `"a", W/"b"`, each with its `W/` and
/// quotes. A comma may appear inside the quotes, so the list is scanned tag by
/// tag rather than split on commas. Parsing stops at anything malformed.
fn entity_tags(list: &str) -> impl Iterator<Item = &str> {
    let mut rest = list;
    std::iter::from_fn(move || {
        rest = rest.trim_start_matches([',', ' ', '\t']);
        let opaque_start = if rest.starts_with("W/") { 2 } else { 0 };
        let after_open_quote = rest[opaque_start..].strip_prefix('"')?;
        let closing = opaque_start + 1 + after_open_quote.find('"')?;
        let (tag, tail) = rest.split_at(closing + 1);
        rest = tail;
        Some(tag)
    })
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port = std::env::var("PORT").unwrap_or_else(|_| "3000".to_string());
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await?;
    println!("try: curl -i -H 'If-None-Match: W/\"x\", \"y\"' http://127.0.0.1:{port}/article");
    axum::serve(listener, app("Caching is hard.\n".to_string())).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_single_identical_tag_matches() {
        assert!(
            if_none_match_hits("\"abc\"", "\"abc\""),
            "\"abc\" matches \"abc\""
        );
        assert!(
            !if_none_match_hits("\"abd\"", "\"abc\""),
            "\"abd\" is another version: no match"
        );
    }

    #[test]
    fn a_tag_that_only_contains_the_current_one_does_not_match() {
        assert!(
            !if_none_match_hits("\"abcd\"", "\"abc\""),
            "\"abcd\" is not \"abc\": compare whole tags, not substrings"
        );
        assert!(
            !if_none_match_hits("\"xabc\", \"abcx\"", "\"abc\""),
            "neither \"xabc\" nor \"abcx\" is \"abc\": compare whole tags, not substrings"
        );
    }

    #[test]
    fn any_tag_of_a_list_can_match() {
        for header in [
            "\"abc\", \"def\"",
            "\"def\", \"abc\"",
            "\"x\",\"y\",\"abc\"",
            "\"x\" ,  \"abc\"",
        ] {
            assert!(
                if_none_match_hits(header, "\"abc\""),
                "`{header}` lists \"abc\": If-None-Match is a comma-separated list and any \
                 tag in it may match (spaces around the commas are allowed)"
            );
        }
        assert!(
            !if_none_match_hits("\"x\", \"y\", \"z\"", "\"abc\""),
            "none of \"x\", \"y\", \"z\" is \"abc\""
        );
    }

    #[test]
    fn a_star_matches_any_current_representation() {
        assert!(
            if_none_match_hits("*", "\"abc\""),
            "`If-None-Match: *` matches whenever the resource exists (RFC 9110 §13.1.2)"
        );
        assert!(
            if_none_match_hits("*", "W/\"v7\""),
            "`*` matches weak tags too"
        );
        assert!(
            if_none_match_hits(" * ", "\"abc\""),
            "` * ` is `*` with spaces around it: trim the value before checking for `*`"
        );
        assert!(
            !if_none_match_hits("\"*\"", "\"abc\""),
            "\"*\" (in quotes) is an ordinary entity tag whose opaque part is a star, not the \
             wildcard: only the bare value `*` matches everything"
        );
    }

    #[test]
    fn weak_comparison_ignores_the_weak_prefix_on_either_side() {
        assert!(
            if_none_match_hits("W/\"abc\"", "\"abc\""),
            "If-None-Match uses the weak comparison: W/\"abc\" matches \"abc\""
        );
        assert!(
            if_none_match_hits("\"abc\"", "W/\"abc\""),
            "the server's own tag may be weak: \"abc\" matches W/\"abc\" (strip W/ on both sides)"
        );
        assert!(
            if_none_match_hits("W/\"abc\"", "W/\"abc\""),
            "W/\"abc\" matches W/\"abc\""
        );
        assert!(
            if_none_match_hits("\"zzz\", W/\"abc\"", "\"abc\""),
            "a weak tag inside a list matches too"
        );
        assert!(
            !if_none_match_hits("W/\"abd\"", "\"abc\""),
            "weak comparison still needs identical opaque tags: W/\"abd\" is not \"abc\""
        );
        assert!(
            !if_none_match_hits("\"aW/bc\"", "\"abc\""),
            "\"aW/bc\" is not \"abc\": W/ is a prefix in front of the quotes; strip it only \
             there, never from inside the tag"
        );
    }

    #[test]
    fn the_quoted_parts_must_be_identical() {
        assert!(
            !if_none_match_hits("\"ABC\"", "\"abc\""),
            "\"ABC\" is not \"abc\": entity tags are compared byte for byte, case included"
        );
        assert!(
            !if_none_match_hits("abc", "\"abc\""),
            "`abc` without quotes is not the entity tag \"abc\": compare tags quotes included, \
             do not strip the quotes"
        );
        assert!(
            !if_none_match_hits("\"ab\"", "\"abc\""),
            "\"ab\" is not \"abc\": compare whole tags, not substrings"
        );
    }

    #[test]
    fn an_empty_value_matches_nothing() {
        assert!(
            !if_none_match_hits("", "\"abc\""),
            "an empty If-None-Match matches nothing"
        );
    }

    async fn serve() -> (String, String) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/article", listener.local_addr().unwrap());
        tokio::spawn(async move {
            axum::serve(listener, app("The article.\n".to_string()))
                .await
                .unwrap()
        });
        let first = reqwest::get(&url).await.expect("the server must answer");
        let tag = first.headers()[ETAG].to_str().unwrap().to_string();
        (url, tag)
    }

    async fn status_with(url: &str, if_none_match: &[&str]) -> StatusCode {
        let mut request = reqwest::Client::new().get(url);
        for value in if_none_match {
            request = request.header(IF_NONE_MATCH, *value);
        }
        request
            .send()
            .await
            .expect("the server closed the connection: did if_none_match_hits panic?")
            .status()
    }

    #[tokio::test]
    async fn the_server_answers_304_for_lists_stars_and_weak_tags() {
        let (url, tag) = serve().await;
        let weak = format!("W/{tag}");
        let list = format!("\"old-1\", {tag}, \"old-2\"");
        let cases = [
            (vec![list.as_str()], "a list containing the current tag"),
            (vec!["*"], "`*`"),
            (vec![weak.as_str()], "the current tag marked weak (W/)"),
            (
                vec!["\"old-1\"", tag.as_str()],
                "two If-None-Match lines, the second current",
            ),
        ];
        for (header, what) in cases {
            assert_eq!(
                status_with(&url, &header).await,
                StatusCode::NOT_MODIFIED,
                "If-None-Match with {what} ({header:?}) must get 304 Not Modified"
            );
        }
        assert_eq!(
            status_with(&url, &["\"old-1\", W/\"old-2\""]).await,
            StatusCode::OK,
            "If-None-Match listing only old tags must get the full 200 response"
        );
    }
}
