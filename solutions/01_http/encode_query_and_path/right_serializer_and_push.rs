//! right: a form_urlencoded Serializer for the query, and a trimmed base path with one push per segment

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
    let mut url = with_path(base, &["search"]);
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("page", &page.to_string())
        .append_pair("q", term)
        .finish();
    url.set_query(Some(&query));
    client
        .get(url)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await
}

/// Reads one note: `GET {base}/users/{user}/notes/{title}`, answered with the note's text.
pub async fn get_note(
    client: &Client,
    base: &Url,
    user: &str,
    title: &str,
) -> reqwest::Result<String> {
    let url = with_path(base, &["users", user, "notes", title]);
    client
        .get(url)
        .send()
        .await?
        .error_for_status()?
        .text()
        .await
}

/// `base` with `segments` appended to its path, each one percent-encoded as needed.
fn with_path(base: &Url, segments: &[&str]) -> Url {
    let mut url = base.clone();
    let prefix = base.path().trim_end_matches('/').to_string();
    url.set_path(&prefix);
    if let Ok(mut path) = url.path_segments_mut() {
        for segment in segments {
            path.push(segment);
        }
    }
    url
}

fn main() {
    // The tests start a mock notes server and call `search` and `get_note` against it.
}

