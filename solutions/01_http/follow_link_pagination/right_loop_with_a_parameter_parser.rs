//! right: a for loop over the links and their parameters, and a loop that joins with Url::options

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
    for link in header.split(',') {
        let link = link.trim();
        let Some(close) = link.find('>') else {
            continue;
        };
        if !link.starts_with('<') {
            continue;
        }
        let target = &link[1..close];
        for param in link[close + 1..].split(';').skip(1) {
            let Some((name, value)) = param.split_once('=') else {
                continue;
            };
            if !name.trim().eq_ignore_ascii_case("rel") {
                continue;
            }
            let value = value.trim();
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(value);
            if value.split(' ').any(|rel| rel.eq_ignore_ascii_case("next")) {
                return Some(target);
            }
        }
    }
    None
}

/// Every item of every page, in order, starting at `first_page`.
pub async fn fetch_all_items(client: &Client, first_page: &str) -> Result<Vec<Item>, PageError> {
    let mut url = Url::parse(first_page).map_err(|_| PageError::BadUrl(first_page.to_string()))?;
    let mut items: Vec<Item> = Vec::new();
    loop {
        let response = client.get(url.clone()).send().await?;
        let response = response.error_for_status()?;
        let page_url = response.url().clone();
        let next = match response.headers().get(LINK).map(|value| value.to_str()) {
            None => None,
            Some(Err(_)) => return Err(PageError::BadUrl("a Link header that is not text".into())),
            Some(Ok(header)) => next_link(header).map(str::to_owned),
        };
        items.append(&mut response.json::<Vec<Item>>().await?);
        let Some(target) = next else {
            return Ok(items);
        };
        url = Url::options()
            .base_url(Some(&page_url))
            .parse(&target)
            .map_err(|_| PageError::BadUrl(target.clone()))?;
    }
}

fn main() {
    // The tests start a mock inventory server and call `fetch_all_items` against it.
}

