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
//! Link targets may be relative: resolve them against the URL of the page that sent them.
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
    // Each link is `<target>` followed by `; param=value` pairs; links are separated by commas.
    header.split(',').find_map(|link| {
        let (target, params) = link.trim().strip_prefix('<')?.split_once('>')?;
        let is_next = params.split(';').any(|param| {
            param.split_once('=').is_some_and(|(name, value)| {
                name.trim().eq_ignore_ascii_case("rel")
                    && value
                        .trim()
                        .trim_matches('"')
                        .split_ascii_whitespace()
                        .any(|rel| rel.eq_ignore_ascii_case("next"))
            })
        });
        is_next.then_some(target)
    })
}

/// Every item of every page, in order, starting at `first_page`.
pub async fn fetch_all_items(client: &Client, first_page: &str) -> Result<Vec<Item>, PageError> {
    let mut items = Vec::new();
    let mut next = Some(Url::parse(first_page).map_err(|_| PageError::BadUrl(first_page.into()))?);

    while let Some(url) = next.take() {
        let response = client.get(url).send().await?.error_for_status()?;
        // Resolve the link before `json()` consumes the response.
        let base = response.url().clone();
        if let Some(link) = response.headers().get(LINK) {
            let header = link
                .to_str()
                .map_err(|_| PageError::BadUrl(format!("{link:?}")))?;
            if let Some(target) = next_link(header) {
                let url = base
                    .join(target)
                    .map_err(|_| PageError::BadUrl(target.into()))?;
                next = Some(url);
            }
        }
        let page: Vec<Item> = response.json().await?;
        items.extend(page);
    }
    Ok(items)
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
            Some("https://api.example.test/items?cursor=abc")
        );
    }

    #[test]
    fn accepts_spacing_and_unquoted_relations() {
        assert_eq!(
            next_link("<a>;rel=first , <b> ; rel=next"),
            Some("b"),
            "rel may be unquoted (rel=next), and spaces around ; and , are allowed"
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

    /// Three pages of items. Page 1 links with an absolute URL, page 2 with relative ones,
    /// page 3 has no next link.
    async fn three_pages() -> MockServer {
        let server = MockServer::start().await;
        let uri = server.uri();
        let page = |items: serde_json::Value, link: String| {
            ResponseTemplate::new(200)
                .set_body_json(items)
                .insert_header("Link", link)
        };
        Mock::given(method("GET"))
            .and(path("/items"))
            .and(query_param_is_missing("page"))
            .respond_with(page(
                json!([{"id": 1, "name": "bolt"}, {"id": 2, "name": "nut"}]),
                format!(r#"<{uri}/items?page=2>; rel="next", <{uri}/items?page=3>; rel="last""#),
            ))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/items"))
            .and(query_param("page", "2"))
            .respond_with(page(
                json!([{"id": 3, "name": "washer"}, {"id": 4, "name": "screw"}]),
                r#"</items>; rel="prev", </items?page=3>; rel="next""#.to_string(),
            ))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/items"))
            .and(query_param("page", "3"))
            .respond_with(page(
                json!([{"id": 5, "name": "rivet"}]),
                r#"</items>; rel="first", </items?page=2>; rel="prev""#.to_string(),
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
            "fetch_all_items never finished: follow only the link whose rel is next (page 2 \
             also links back to page 1 with rel=\"prev\") and stop when a page has no next link",
        )
    }

    #[tokio::test]
    async fn collects_every_page_in_order() {
        let server = three_pages().await;

        let result = fetch_all(&format!("{}/items", server.uri())).await;

        let requests = server.received_requests().await.unwrap();
        let queries: Vec<Option<&str>> = requests.iter().map(|r| r.url.query()).collect();
        let items = result.unwrap_or_else(|err| {
            panic!(
                "fetch_all_items failed after requesting the pages with queries {queries:?}: \
                 {err}. Page 2's links are relative (`</items?page=3>`): resolve them against \
                 the page's URL with Url::join"
            )
        });
        assert_eq!(
            queries,
            vec![None, Some("page=2"), Some("page=3")],
            "fetch page 1, then the page each rel=\"next\" link points to, and stop after the \
             last page; requests sent: {queries:?}"
        );
        let ids: Vec<u32> = items.iter().map(|item| item.id).collect();
        assert_eq!(
            ids,
            vec![1, 2, 3, 4, 5],
            "every item of every page, in page order"
        );
        assert_eq!(
            items[4],
            Item {
                id: 5,
                name: "rivet".into()
            }
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
            }]
        );
    }
}
