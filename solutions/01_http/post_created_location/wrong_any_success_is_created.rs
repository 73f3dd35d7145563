//! wrong: accepts any 2xx as created
//! expect: a 200 OK means the order was NOT created

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

    let status = response.status();
    if !status.is_success() {
        return Err(CreateError::UnexpectedStatus(status));
    }
    let location = response
        .headers()
        .get(LOCATION)
        .ok_or(CreateError::MissingLocation)?;
    let location = location
        .to_str()
        .map_err(|_| CreateError::BadLocation(format!("{location:?}")))?;
    response
        .url()
        .join(location)
        .map_err(|err| CreateError::BadLocation(format!("{location}: {err}")))
}

fn main() {
    // The tests start a mock orders server and call `create_order` against it.
}

