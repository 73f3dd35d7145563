//! wrong: hands the first page's text straight to reqwest, so a bad first URL is a reqwest error
//! expect: a first page that is not a URL is PageError::BadUrl

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
    let mut next = Some(first_page.to_string());

    while let Some(url) = next.take() {
        let response = client.get(&url).send().await?.error_for_status()?;
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
                next = Some(url.to_string());
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

