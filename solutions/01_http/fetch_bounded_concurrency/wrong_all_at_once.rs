//! wrong: starts every request at once with try_join_all, ignoring the limit
//! expect: never start more than `limit` requests

// The tests call these items; `main` does not.
#![allow(dead_code)]


use reqwest::Client;
use serde::Deserialize;

#[derive(Debug, PartialEq, Deserialize)]
pub struct Product {
    pub id: u64,
    pub name: String,
}

/// Every product of `ids`, in the order of `ids`, with at most `limit` requests in flight.
pub async fn fetch_products(
    client: &Client,
    base: &str,
    ids: &[u64],
    limit: usize,
) -> reqwest::Result<Vec<Product>> {
    let requests = ids.iter().map(|id| async move {
        client
            .get(format!("{base}/products/{id}"))
            .send()
            .await?
            .error_for_status()?
            .json::<Product>()
            .await
    });
    futures::future::try_join_all(requests).await
}

fn main() {
    // The tests start a product server that counts requests in flight, and call
    // `fetch_products` against it.
}

