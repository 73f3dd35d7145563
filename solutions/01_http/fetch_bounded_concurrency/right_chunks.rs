//! right: fetches the ids in chunks of `limit`, each chunk at once

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
    let mut products = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(limit.max(1)) {
        let fetches = chunk.iter().map(|id| async move {
            let response = client.get(format!("{base}/products/{id}")).send().await?;
            response.error_for_status()?.json::<Product>().await
        });
        products.extend(futures::future::try_join_all(fetches).await?);
    }
    Ok(products)
}

fn main() {
    // The tests start a product server that counts requests in flight, and call
    // `fetch_products` against it.
}

