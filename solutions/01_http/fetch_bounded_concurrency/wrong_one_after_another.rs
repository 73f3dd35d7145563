//! wrong: fetches the products one after another, so there is never more than one in flight
//! expect: Send up to `limit` requests concurrently

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
    _limit: usize,
) -> reqwest::Result<Vec<Product>> {
    let mut products = Vec::with_capacity(ids.len());
    for id in ids {
        let product = client
            .get(format!("{base}/products/{id}"))
            .send()
            .await?
            .error_for_status()?
            .json::<Product>()
            .await?;
        products.push(product);
    }
    Ok(products)
}

fn main() {
    // The tests start a product server that counts requests in flight, and call
    // `fetch_products` against it.
}

