//! right: a tokio Semaphore with `limit` permits bounds try_join_all

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
    let permits = tokio::sync::Semaphore::new(limit.max(1));
    let permits = &permits;
    let requests = ids.iter().map(|&id| async move {
        let _permit = permits.acquire().await.expect("the semaphore is never closed");
        let response = client.get(format!("{base}/products/{id}")).send().await?;
        response.error_for_status()?.json::<Product>().await
    });
    futures::future::try_join_all(requests).await
}

fn main() {
    // The tests start a product server that counts requests in flight, and call
    // `fetch_products` against it.
}

