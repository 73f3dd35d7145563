//! wrong: uses buffer_unordered, which yields the products in the order the answers arrive
//! expect: return the products in the order of `ids`

// The tests call these items; `main` does not.
#![allow(dead_code)]

use futures::{StreamExt, TryStreamExt, stream};
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
    stream::iter(ids)
        .map(|id| async move {
            client
                .get(format!("{base}/products/{id}"))
                .send()
                .await?
                .error_for_status()?
                .json::<Product>()
                .await
        })
        // Runs up to `limit` of these futures at once, and yields results in input order.
        .buffer_unordered(limit)
        .try_collect()
        .await
}

fn main() {
    // The tests start a product server that counts requests in flight, and call
    // `fetch_products` against it.
}

