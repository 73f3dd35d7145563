//! # Build URLs from user input without breaking them
//!
//! Write two calls to a notes service. `search` sends `GET /search?q=<term>&page=<n>`;
//! `get_note` sends `GET /users/<user>/notes/<title>`. The term, the user and the title come from
//! users, so they may contain `&`, `?`, `#`, `+`, `%`, `/`, spaces or any Unicode: each must
//! reach the server exactly as typed, as ONE query value or ONE path segment. Build the URLs
//! with `url::Url` (`query_pairs_mut`, `path_segments_mut`), never by pasting strings together.
//! `base` may carry a path prefix, with or without a trailing slash (`http://gateway/notes-api/`
//! or `http://gateway/notes-api`): keep all of it. An error status is an error.
//!
//! Why it matters: `format!("{base}/search?q={term}")` works in the demo and breaks on the first
//! `&` a user types; worse, input that changes the shape of a URL can reach endpoints or
//! parameters you never meant to call (a classic injection bug).

// The tests call these items; `main` does not.
#![allow(dead_code)]

use reqwest::Client;
use serde::Deserialize;
use url::Url;

/// One search result.
#[derive(Debug, PartialEq, Deserialize)]
pub struct Hit {
    pub title: String,
}

/// Searches the notes: `GET {base}/search?q={term}&page={page}`, answered with a JSON list of
/// hits.
pub async fn search(
    client: &Client,
    base: &Url,
    term: &str,
    page: u32,
) -> reqwest::Result<Vec<Hit>> {
    // TODO: start from `with_path(base, &["search"])`, then add the two query parameters with
    //   `url.query_pairs_mut()`; it percent-encodes each value for you.
    // TODO: send the GET with `client` (it accepts a `Url`), turn an error status into an
    //   error, and decode the JSON list.
    todo!()
}

/// Reads one note: `GET {base}/users/{user}/notes/{title}`, answered with the note's text.
pub async fn get_note(
    client: &Client,
    base: &Url,
    user: &str,
    title: &str,
) -> reqwest::Result<String> {
    // TODO: build the URL with `with_path`, send the GET, turn an error status into an error,
    //   and return the body as text.
    todo!()
}

/// `base` with `segments` appended to its path, each one percent-encoded as needed.
fn with_path(base: &Url, segments: &[&str]) -> Url {
    // TODO: clone `base` and append every segment with `path_segments_mut()`. Call
    //   `pop_if_empty()` first, so that a base ending in `/` (`http://host/api/`) gives
    //   `http://host/api/users`, not `http://host/api//users`.
    //   `path_segments_mut()` only fails for URLs such as `mailto:`, never for http(s).
    todo!()
}

fn main() {
    // The tests start a mock notes server and call `search` and `get_note` against it.
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use wiremock::matchers::any;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    /// A server that answers every request with `response`, and its base URL: the server's
    /// root followed by `prefix` (which starts with `/`, and may end with one).
    async fn server(response: ResponseTemplate, prefix: &str) -> (MockServer, Url) {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(response)
            .mount(&server)
            .await;
        let base = Url::parse(&format!("{}{prefix}", server.uri())).unwrap();
        (server, base)
    }

    /// The only request `server` received.
    async fn only_request(server: &MockServer) -> wiremock::Request {
        let mut requests = server.received_requests().await.unwrap();
        assert_eq!(requests.len(), 1, "each call sends exactly one request");
        requests.remove(0)
    }

    /// Decodes %XX escapes in a path segment the way a server does.
    fn percent_decode(segment: &str) -> String {
        let bytes = segment.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok());
            match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
                (b'%', Some(byte)) => {
                    out.push(byte);
                    i += 3;
                }
                (byte, _) => {
                    out.push(byte);
                    i += 1;
                }
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    }

    async fn check_search_term(prefix: &str, term: &str) {
        let (server, base) = server(
            ResponseTemplate::new(200).set_body_json(json!([{"title": "Async in depth"}])),
            prefix,
        )
        .await;

        let result = search(&Client::new(), &base, term, 2).await;

        let request = only_request(&server).await;
        assert_eq!(
            request.url.path(),
            format!("{}/search", prefix.trim_end_matches('/')),
            "the search endpoint is {{base}}/search with base {prefix:?}: keep all of the base's \
             path, whether or not it ends with `/` (Url::join would replace its last segment), \
             without a doubled `//` (call PathSegmentsMut::pop_if_empty before adding segments)"
        );
        let mut pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        pairs.sort();
        let mut expected = vec![
            ("q".to_string(), term.to_string()),
            ("page".to_string(), "2".to_string()),
        ];
        expected.sort();
        assert_eq!(
            pairs,
            expected,
            "the server must decode q={term:?} and page=2, but the query you sent was {:?}. \
             Characters like & ? # + % and spaces must be percent-encoded inside a value: \
             let Url::query_pairs_mut().append_pair(..) do it",
            request.url.query().unwrap_or("")
        );
        let hits = result.expect("a 200 answer with a JSON list must decode");
        assert_eq!(
            hits,
            vec![Hit {
                title: "Async in depth".into()
            }],
            "decode the JSON list of hits"
        );
    }

    #[tokio::test]
    async fn a_plain_search_term() {
        check_search_term("/", "tokio").await;
    }

    #[tokio::test]
    async fn a_search_term_with_ampersand_and_question_mark() {
        check_search_term("/", "rust & tokio?").await;
    }

    #[tokio::test]
    async fn a_search_term_with_hash_plus_and_percent() {
        check_search_term("/", "C# + 100% = #1").await;
    }

    #[tokio::test]
    async fn a_search_term_with_unicode() {
        check_search_term("/", "café naïve 東京").await;
    }

    async fn check_note(prefix: &str, user: &str, title: &str) {
        let (server, base) = server(
            ResponseTemplate::new(200).set_body_string("buy milk"),
            prefix,
        )
        .await;

        let result = get_note(&Client::new(), &base, user, title).await;

        let request = only_request(&server).await;
        let raw_path = request.url.path().to_string();
        let segments: Vec<String> = raw_path
            .trim_start_matches('/')
            .split('/')
            .map(percent_decode)
            .collect();
        let mut expected: Vec<&str> = prefix.split('/').filter(|s| !s.is_empty()).collect();
        expected.extend(["users", user, "notes", title]);
        assert_eq!(
            segments,
            expected,
            "the server must see the base's path, then four segments users/{user:?}/notes/\
             {title:?}, but your request path was {raw_path:?} (query {:?}). A `/` inside a \
             value must be sent as %2F, and ? and # must be escaped too: let \
             Url::path_segments_mut() add each segment",
            request.url.query()
        );
        assert_eq!(
            request.url.query(),
            None,
            "this request has no query string"
        );
        assert_eq!(
            result.expect("a 200 answer must be read as text"),
            "buy milk",
            "the note is the body of the answer, as text"
        );
    }

    #[tokio::test]
    async fn a_base_path_prefix_is_kept() {
        check_search_term("/notes-api/v1/", "tokio").await;
        check_note("/notes-api/v1/", "ada", "shopping").await;
    }

    #[tokio::test]
    async fn a_base_without_a_trailing_slash_keeps_its_last_segment() {
        check_search_term("/notes-api", "tokio").await;
        check_note("/gateway/notes-api", "ada", "shopping").await;
    }

    #[tokio::test]
    async fn a_plain_note() {
        check_note("/", "ada", "shopping").await;
    }

    #[tokio::test]
    async fn a_note_title_with_a_slash_stays_one_segment() {
        check_note("/", "ada", "2024/05 plans").await;
    }

    #[tokio::test]
    async fn a_note_title_with_query_characters() {
        check_note("/", "ada", "why? #tokio & you").await;
    }

    #[tokio::test]
    async fn a_user_name_with_a_slash_cannot_reach_another_path() {
        check_note("/", "ada/notes/secret", "x").await;
    }

    #[tokio::test]
    async fn an_error_status_is_an_error() {
        let (_server, base) = server(
            ResponseTemplate::new(404).set_body_string("no such note"),
            "/",
        )
        .await;

        let result = get_note(&Client::new(), &base, "ada", "shopping").await;

        match result {
            Err(err) => assert_eq!(
                err.status().map(|status| status.as_u16()),
                Some(404),
                "a 404 is the error of error_for_status, with its status; got {err:?}"
            ),
            Ok(text) => panic!(
                "the server answered 404: that page is not the note, so turn the error status \
                 into an error (error_for_status); got Ok({text:?})"
            ),
        }
    }
}
