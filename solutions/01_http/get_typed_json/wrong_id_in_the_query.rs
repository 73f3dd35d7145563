//! wrong: asks for the book with a query parameter instead of its path
//! expect: the book lives at {base}/books/{id}

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
#[serde(rename_all = "camelCase")]
pub struct Book {
    pub id: u64,
    pub title: String,
    /// `null` or absent when the book has no subtitle.
    pub subtitle: Option<String>,
    pub authors: Vec<String>,
    /// Sent as `pageCount`.
    pub page_count: u32,
    /// Absent when the book has no tags.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// Fetches `GET {base}/books/{id}` and decodes the JSON body into a `Book`.
pub async fn get_book(client: &Client, base: &str, id: u64) -> reqwest::Result<Book> {
    client
        .get(format!("{base}/books?id={id}"))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await
}

fn main() {
    // The tests start a mock catalogue server and call `get_book` against it.
}

