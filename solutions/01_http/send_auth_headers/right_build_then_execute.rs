//! right: builds the Request first, then has the client execute it

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
    let request = client
        .request(reqwest::Method::GET, format!("{base}/me"))
        .header(ACCEPT, "application/json")
        .bearer_auth(token)
        .build()?;
    let response = client.execute(request).await?;
    let response = response.error_for_status()?;
    response.json::<Profile>().await
}

fn main() {
    // The tests start a mock accounts server and call `fetch_profile` against it.
}

