//! right: matches on the status, and parses the Location with Url::options().base_url

// The tests call these items; `main` does not.
#![allow(dead_code)]

use reqwest::header::LOCATION;
use reqwest::{Client, StatusCode};
use serde::Serialize;
use url::Url;

/// What we ask the orders API to create.
#[derive(Debug, Serialize)]
pub struct NewOrder {
    pub sku: String,
    pub quantity: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    /// The server answered something other than 201 Created.
    #[error("expected 201 Created, got {0}")]
    UnexpectedStatus(StatusCode),
    /// 201 Created, but no Location header.
    #[error("201 Created without a Location header")]
    MissingLocation,
    /// A Location header that is not a valid URL reference.
    #[error("invalid Location header: {0}")]
    BadLocation(String),
    #[error(transparent)]
    Http(#[from] reqwest::Error),
}

/// `POST {base}/orders` with `order` as a JSON body; returns the absolute URL of the new order.
///
/// `Location` may be relative (`/orders/42`): resolve it against the URL of the request.
pub async fn create_order(
    client: &Client,
    base: &str,
    order: &NewOrder,
) -> Result<Url, CreateError> {
    let response = client
        .post(format!("{base}/orders"))
        .json(order)
        .send()
        .await?;

    match response.status() {
        StatusCode::CREATED => {}
        other => return Err(CreateError::UnexpectedStatus(other)),
    }
    let Some(value) = response.headers().get(LOCATION) else {
        return Err(CreateError::MissingLocation);
    };
    let Ok(text) = value.to_str() else {
        return Err(CreateError::BadLocation(String::from_utf8_lossy(value.as_bytes()).into()));
    };
    Url::options()
        .base_url(Some(response.url()))
        .parse(text)
        .map_err(|err| CreateError::BadLocation(format!("{text}: {err}")))
}

fn main() {
    // The tests start a mock orders server and call `create_order` against it.
}

