//! # Pagination: follow `Link: <...>; rel="next"` to the end
//!
//! The inventory API returns items one page at a time, as a JSON list. Each page tells you
//! where the next one is in a `Link` header (RFC 8288), for example:
//!
//! ```text
//! Link: </items?page=1>; rel="prev", </items?page=3>; rel="next"
//! ```
//!
//! Write `next_link`, which finds the target of the `rel="next"` link in such a header (the
//! relation may also be written unquoted, `rel=next`, or in a list of types, `rel="next last"`),
//! and `fetch_all_items`, which starts at the first page, follows `next` links until a page has
//! none, and returns every item in order.
//! Link targets may be relative: resolve them against the URL of the page that sent them. An
//! error status on any page is an error, and a first page or a `next` link that is not a valid
//! URL is `PageError::BadUrl`: never return part of the list as if it were all of it.
//!
//! Why it matters: almost every list endpoint is paginated. Reading only the first page is a
//! silent data-loss bug that shows up in production, when the list grows; building page URLs
//! yourself instead of following the server's links breaks when it switches to cursors.

// The tests call these items; `main` does not.
#![allow(dead_code)]

use reqwest::header::LINK;
use reqwest::{Client, Url};
use serde::Deserialize;

#[derive(Debug, PartialEq, Deserialize)]
pub struct Item {
    pub id: u32,
    pub name: String,
}

#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error(transparent)]
    Http(#[from] reqwest::Error),
    /// A page URL (the first one, or a `next` link) that is not a valid URL.
    #[error("bad page URL {0:?}")]
    BadUrl(String),
}

/// The target of the first link whose relation types include `next`, exactly as written
/// between `<` and `>`.
pub fn next_link(header: &str) -> Option<&str> {
    // TODO: split the header into links at the commas. In each link, take the target between
    //   `<` and `>`, then look at the `;`-separated parameters after it: the link is the next
    //   page when a `rel` parameter (quoted or not) lists `next` among its space-separated types.
    todo!()
}

/// Every item of every page, in order, starting at `first_page`.
pub async fn fetch_all_items(client: &Client, first_page: &str) -> Result<Vec<Item>, PageError> {
    // TODO: loop: GET the current page (error statuses are errors), read its `Link` header
    //   and, if `next_link` finds a target, resolve it with `response.url().join(target)`.
    //   Do that before `.json()`, which consumes the response.
    // TODO: add the page's items to the result; stop when a page has no next link.
    todo!()
}

fn main() {
    // The tests start a mock inventory server and call `fetch_all_items` against it.
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::time::Duration;
    use wiremock::matchers::{method, path, query_param, query_param_is_missing};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    #[test]
    fn finds_the_next_link_among_others() {
        let header = r#"</items?page=1>; rel="prev", </items?page=3>; rel="next""#;
        assert_eq!(
            next_link(header),
            Some("/items?page=3"),
            "a header can hold several links separated by commas: pick the one whose rel is next"
        );
    }

    #[test]
    fn finds_a_lone_next_link() {
        assert_eq!(
            next_link(r#"<https://api.example.test/items?cursor=abc>; rel="next""#),
            Some("https://api.example.test/items?cursor=abc"),
            "the target is everything between < and >, exactly as written"
        );
    }

    #[test]
    fn accepts_spacing_and_unquoted_relations() {
        assert_eq!(
            next_link("<a>;rel=first , <b> ; rel=next"),
            Some("b"),
            "rel may be unquoted (rel=next), and spaces around ; and , are allowed"
        );
        assert_eq!(
            next_link(r#"</items?page=1>;rel="prev",</items?page=3>;rel="next""#),
            Some("/items?page=3"),
            "spaces around ; and , are optional: links may be separated by a bare comma"
        );
    }

    #[test]
    fn accepts_a_list_of_relations() {
        assert_eq!(
            next_link(r#"</items?page=2>; rel="next last""#),
            Some("/items?page=2"),
            "rel may list several relation types separated by spaces: \"next last\" includes next"
        );
    }

    #[test]
    fn no_next_link_means_none() {
        assert_eq!(
            next_link(r#"</items?page=1>; rel="first", </items?page=2>; rel="prev""#),
            None,
            "without a rel=next link this is the last page"
        );
    }

    #[test]
    fn the_word_next_elsewhere_is_not_a_next_link() {
        assert_eq!(
            next_link(r#"</next>; rel="prev"; title="next steps""#),
            None,
            "only the rel parameter says what a link is: not the target, not the title"
        );
    }

    #[test]
    fn a_relation_that_starts_with_next_is_another_relation() {
        assert_eq!(
            next_link(r#"</archive/2>; rel="next-archive", </items?page=2>; rel="next""#),
            Some("/items?page=2"),
            "next-archive is another relation (RFC 5005), not next: compare whole relation \
             types, don't look for `next` inside them"
        );
    }

    /// A paginated inventory under `/api/v2/items` whose links are written every way a server
    /// may write them: a path-relative link, an absolute link to another path, a query-only
    /// link, and back-links that must not be followed.
    async fn four_pages() -> MockServer {
        let server = MockServer::start().await;
        let uri = server.uri();
        let page = |items: serde_json::Value, link: String| {
            ResponseTemplate::new(200)
                .set_body_json(items)
                .insert_header("Link", link)
        };
        Mock::given(method("GET"))
            .and(path("/api/v2/items"))
            .and(query_param_is_missing("cursor"))
            .respond_with(page(
                json!([{"id": 1, "name": "bolt"}, {"id": 2, "name": "nut"}]),
                r#"<items?cursor=c2>; rel="next", <items?cursor=c4>; rel="last""#.to_string(),
            ))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/api/v2/items"))
            .and(query_param("cursor", "c2"))
            .respond_with(page(
                json!([{"id": 3, "name": "washer"}, {"id": 4, "name": "screw"}]),
                format!(
                    r#"</api/v2/items>; rel="prev", <{uri}/api/v3/items?cursor=c3>; rel="next""#
                ),
            ))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/api/v3/items"))
            .and(query_param("cursor", "c3"))
            .respond_with(page(
                json!([{"id": 5, "name": "rivet"}, {"id": 6, "name": "pin"}]),
                r#"<?cursor=c2>; rel="prev", <?cursor=c4>; rel="next""#.to_string(),
            ))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/api/v3/items"))
            .and(query_param("cursor", "c4"))
            .respond_with(page(
                json!([{"id": 7, "name": "spring"}]),
                r#"</api/v2/items>; rel="first", <?cursor=c3>; rel="prev""#.to_string(),
            ))
            .mount(&server)
            .await;
        server
    }

    /// Runs `fetch_all_items`, failing the test if it loops without end.
    async fn fetch_all(first_page: &str) -> Result<Vec<Item>, PageError> {
        tokio::time::timeout(
            Duration::from_secs(2),
            fetch_all_items(&Client::new(), first_page),
        )
        .await
        .expect(
            "fetch_all_items never finished: follow only the link whose rel is next (pages also \
             link back with rel=\"prev\" and rel=\"first\") and stop when a page has no next link",
        )
    }

    /// The path and query of every request `server` received, in order.
    async fn requested(server: &MockServer) -> Vec<String> {
        let requests = server.received_requests().await.unwrap();
        requests
            .iter()
            .map(|r| match r.url.query() {
                Some(query) => format!("{}?{query}", r.url.path()),
                None => r.url.path().to_string(),
            })
            .collect()
    }

    #[tokio::test]
    async fn collects_every_page_in_order() {
        let server = four_pages().await;

        let result = fetch_all(&format!("{}/api/v2/items", server.uri())).await;

        let sent = requested(&server).await;
        let items = result.unwrap_or_else(|err| {
            panic!(
                "fetch_all_items failed after requesting {sent:?}: {err}. Resolve each link \
                 against the URL of the page that sent it (response.url().join(target)): page 1 \
                 at /api/v2/items links to `items?cursor=c2`, which is /api/v2/items?cursor=c2; \
                 page 3 at /api/v3/items?cursor=c3 links to `?cursor=c4`, which is \
                 /api/v3/items?cursor=c4"
            )
        });
        assert_eq!(
            sent,
            [
                "/api/v2/items",
                "/api/v2/items?cursor=c2",
                "/api/v3/items?cursor=c3",
                "/api/v3/items?cursor=c4",
            ],
            "fetch the first page, then the page each rel=\"next\" link points to (resolved \
             against the URL of the page that sent it), and stop after the page without one"
        );
        let ids: Vec<u32> = items.iter().map(|item| item.id).collect();
        assert_eq!(
            ids,
            vec![1, 2, 3, 4, 5, 6, 7],
            "every item of every page, in page order"
        );
        assert_eq!(
            items[6],
            Item {
                id: 7,
                name: "spring".into()
            },
            "decode each page's items as they are"
        );
    }

    #[tokio::test]
    async fn a_single_page_without_link_header() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/items"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(json!([{"id": 1, "name": "bolt"}])),
            )
            .mount(&server)
            .await;

        let result = fetch_all(&format!("{}/items", server.uri())).await;

        assert_eq!(
            server.received_requests().await.unwrap().len(),
            1,
            "a page without a Link header is the last one: one request in all"
        );
        let items = result.expect("a single page must be fetched");
        assert_eq!(
            items,
            vec![Item {
                id: 1,
                name: "bolt".into()
            }],
            "the items of the only page"
        );
    }

    #[tokio::test]
    async fn an_error_status_on_a_later_page_is_an_error() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/items"))
            .and(query_param_is_missing("page"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!([{"id": 1, "name": "bolt"}]))
                    .insert_header("Link", r#"</items?page=2>; rel="next""#),
            )
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/items"))
            .and(query_param("page", "2"))
            .respond_with(ResponseTemplate::new(503).set_body_json(json!([])))
            .mount(&server)
            .await;

        let result = fetch_all(&format!("{}/items", server.uri())).await;

        assert!(
            matches!(&result, Err(PageError::Http(err)) if err.status().is_some_and(|s| s.as_u16() == 503)),
            "page 2 answered 503: an error status on any page is an error (error_for_status), \
             PageError::Http; returning the items read so far would silently lose the rest; \
             got {result:?}"
        );
    }

    #[tokio::test]
    async fn a_first_page_that_is_not_a_url_is_bad_url() {
        let result = fetch_all("inventory/items").await;
        assert!(
            matches!(&result, Err(PageError::BadUrl(url)) if url == "inventory/items"),
            "a first page that is not a URL is PageError::BadUrl(that text): parse it with \
             Url::parse before sending anything; got {result:?}"
        );
    }

    #[tokio::test]
    async fn a_next_link_that_is_not_a_url_is_bad_url() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/items"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!([{"id": 1, "name": "bolt"}]))
                    .insert_header("Link", r#"<http://[::1/items?page=2>; rel="next""#),
            )
            .mount(&server)
            .await;

        let result = fetch_all(&format!("{}/items", server.uri())).await;

        assert!(
            matches!(&result, Err(PageError::BadUrl(_))),
            "a next link that is not a URL (`http://[::1/items?page=2`) is PageError::BadUrl: \
             there is a next page you cannot reach, so stopping there would silently lose it; \
             got {result:?}"
        );
    }
}
