//! wrong: appends segments without pop_if_empty, so a base ending in `/` gives `//search`
//! expect: without a doubled `//`

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
    url.query_pairs_mut()
        .append_pair("q", term)
        .append_pair("page", &page.to_string());
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
    url.path_segments_mut()
        .expect("an http(s) URL always has a path")
        .extend(segments);
    url
}

fn main() {
    // The tests start a mock notes server and call `search` and `get_note` against it.
}

