//! # Request headers: who you are, what you accept, what you may do
//!
//! The accounts API wants three header fields on `GET /me`: `Authorization: Bearer <token>`
//! (the caller's access token), `Accept: application/json` (the format we can read), and a
//! `User-Agent` naming our service. Write `build_client`, which sets the User-Agent once for
//! every request the client sends, and `fetch_profile`, which adds the two per-request headers.
//!
//! Why it matters: servers route, authorize, negotiate formats and rate-limit by headers. A
//! descriptive User-Agent lets the other team find your traffic in their logs when something
//! goes wrong; an explicit Accept stops a server from answering HTML or XML you can't parse.

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
        .header(ACCEPT, HeaderValue::from_static("application/json"))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await
}

fn main() {
    // The tests start a mock accounts server and call `fetch_profile` against it.
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use wiremock::matchers::any;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    const TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJl";

    /// Calls `fetch_profile` once against a server that answers a profile, and returns the
    /// request it received along with the result.
    async fn fetch() -> (wiremock::Request, reqwest::Result<Profile>) {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(
                ResponseTemplate::new(200).set_body_json(json!({"id": 42, "name": "Ada"})),
            )
            .mount(&server)
            .await;
        let client = build_client().expect("build_client must succeed");

        let result = fetch_profile(&client, &server.uri(), TOKEN).await;

        let mut requests = server.received_requests().await.unwrap();
        assert_eq!(requests.len(), 1, "fetch_profile sends exactly one request");
        let request = requests.remove(0);
        assert_eq!(request.method.as_str(), "GET");
        assert_eq!(
            request.url.path(),
            "/me",
            "the profile lives at {{base}}/me"
        );
        (request, result)
    }

    /// All values of header `name` in `request`, as text.
    fn header_values(request: &wiremock::Request, name: &str) -> Vec<String> {
        request
            .headers
            .get_all(name)
            .iter()
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
            .collect()
    }

    #[tokio::test]
    async fn sends_the_token_as_a_bearer_credential() {
        let (request, _) = fetch().await;
        let values = header_values(&request, "authorization");
        let [value] = values.as_slice() else {
            panic!("send exactly one Authorization header; you sent {values:?}");
        };
        let (scheme, credential) = value.split_once(' ').unwrap_or(("", value));
        assert!(
            scheme.eq_ignore_ascii_case("bearer") && credential == TOKEN,
            "the header is `Authorization: Bearer <token>` (the scheme, one space, the token; \
             RFC 6750); you sent `Authorization: {value}`"
        );
    }

    #[tokio::test]
    async fn asks_for_json() {
        let (request, _) = fetch().await;
        let values = header_values(&request, "accept");
        let accepts_json = values
            .iter()
            .flat_map(|value| value.split(','))
            .any(|range| {
                let media_type = range.split(';').next().unwrap_or_default().trim();
                media_type.eq_ignore_ascii_case("application/json")
            });
        assert!(
            accepts_json,
            "send `Accept: application/json`; you sent Accept: {values:?}. Without it reqwest \
             sends `*/*`, which lets the server pick any format"
        );
    }

    #[tokio::test]
    async fn names_our_service_in_the_user_agent() {
        let (request, _) = fetch().await;
        assert_eq!(
            header_values(&request, "user-agent"),
            vec![USER_AGENT.to_string()],
            "every request from build_client's client carries `User-Agent: {USER_AGENT}` \
             (reqwest sends none by default)"
        );
    }

    #[tokio::test]
    async fn decodes_the_profile() {
        let (_, result) = fetch().await;
        let profile = result.expect("a 200 answer with a profile must decode");
        assert_eq!(
            profile,
            Profile {
                id: 42,
                name: "Ada".into()
            }
        );
    }
}
