//! right: renames the one camelCase field and defaults tags, field by field

// The tests call these items; `main` does not.
#![allow(dead_code)]

use reqwest::Client;
use serde::Deserialize;

/// A book as the catalogue API returns it, for example:
///
/// ```json
/// {"id": 7, "title": "Dune", "subtitle": null, "authors": ["Frank Herbert"],
///  "pageCount": 412, "tags": ["sf"], "isbn": "978-0441013593"}
/// ```
#[derive(Debug, PartialEq, Deserialize)]
pub struct Book {
    pub id: u64,
    pub title: String,
    /// `null` or absent when the book has no subtitle.
    pub subtitle: Option<String>,
    pub authors: Vec<String>,
    /// Sent as `pageCount`.
    #[serde(rename = "pageCount")]
    pub page_count: u32,
    /// Absent when the book has no tags.
    #[serde(default = "Vec::new")]
    pub tags: Vec<String>,
}

/// Fetches `GET {base}/books/{id}` and decodes the JSON body into a `Book`.
pub async fn get_book(client: &Client, base: &str, id: u64) -> reqwest::Result<Book> {
    let response = client
        .request(reqwest::Method::GET, format!("{base}/books/{id}"))
        .send()
        .await?;
    response.error_for_status()?.json::<Book>().await
}

fn main() {
    // The tests start a mock catalogue server and call `get_book` against it.
}

