//! wrong: sends Content-Type: application/json (the format of a body we send) instead of Accept
//! expect: send `Accept: application/json`

// The tests call these items; `main` does not.
#![allow(dead_code)]

use reqwest::Client;
use reqwest::header::{ACCEPT, HeaderValue};
use serde::Deserialize;

/// How our service introduces itself: a product token and version, plus where to learn more.
pub const USER_AGENT: &str = "inventory-sync/1.4 (+https://example.com/inventory-sync)";

/// The signed-in user, as `GET /me` returns it.
#[derive(Debug, PartialEq, Deserialize)]
pub struct Profile {
    pub id: u64,
    pub name: String,
}

/// A client whose every request carries `User-Agent: USER_AGENT`.
pub fn build_client() -> reqwest::Result<Client> {
    Client::builder().user_agent(USER_AGENT).build()
}

/// `GET {base}/me`, authenticated with `token` as a bearer token, asking for JSON.
pub async fn fetch_profile(client: &Client, base: &str, token: &str) -> reqwest::Result<Profile> {
    client
        .get(format!("{base}/me"))
        .bearer_auth(token)
        .header(reqwest::header::CONTENT_TYPE, HeaderValue::from_static("application/json"))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await
}

fn main() {
    // The tests start a mock accounts server and call `fetch_profile` against it.
}

