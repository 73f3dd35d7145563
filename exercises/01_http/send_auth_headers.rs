//! # Request headers: who you are, what you accept, what you may do
//!
//! The accounts API wants three header fields on `GET /me`: `Authorization: Bearer <token>`
//! (the caller's access token), `Accept: application/json` (the format we can read), and a
//! `User-Agent` naming our service. Write `build_client`, which sets the User-Agent once for
//! every request the client sends, and `fetch_profile`, which adds the two per-request headers
//! to a request sent with the client it is given. An error status (a rejected token) is an error.
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
    // TODO: use `Client::builder()` and set the user agent once, for every request.
    todo!()
}

/// `GET {base}/me`, authenticated with `token` as a bearer token, asking for JSON.
pub async fn fetch_profile(client: &Client, base: &str, token: &str) -> reqwest::Result<Profile> {
    // TODO: send the GET with two more header fields:
    //   `Authorization: Bearer <token>` and `Accept: application/json`.
    // TODO: turn an error status into an error, and decode the JSON profile.
    todo!()
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

    /// A server that answers every request with `response`.
    async fn server(response: ResponseTemplate) -> MockServer {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(response)
            .mount(&server)
            .await;
        server
    }

    fn profile_answer() -> ResponseTemplate {
        ResponseTemplate::new(200).set_body_json(json!({"id": 42, "name": "Ada"}))
    }

    /// The only request `server` received, checked to be `GET /me`.
    async fn only_request(server: &MockServer) -> wiremock::Request {
        let mut requests = server.received_requests().await.unwrap();
        assert_eq!(requests.len(), 1, "fetch_profile sends exactly one request");
        let request = requests.remove(0);
        assert_eq!(
            request.method.as_str(),
            "GET",
            "reading the profile is a GET"
        );
        assert_eq!(
            request.url.path(),
            "/me",
            "the profile lives at {{base}}/me"
        );
        request
    }

    /// Calls `fetch_profile` once, with `build_client`'s client, against a server that answers
    /// a profile, and returns the request it received along with the result.
    async fn fetch() -> (wiremock::Request, reqwest::Result<Profile>) {
        let server = server(profile_answer()).await;
        let client = build_client().expect("build_client must succeed");

        let result = fetch_profile(&client, &server.uri(), TOKEN).await;

        (only_request(&server).await, result)
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
            "fetch_profile's request carries `User-Agent: {USER_AGENT}`, set once on the client \
             by build_client (reqwest sends none by default)"
        );
    }

    #[tokio::test]
    async fn every_request_of_the_client_carries_the_user_agent() {
        let server = server(ResponseTemplate::new(204)).await;
        let client = build_client().expect("build_client must succeed");

        let sent = client.get(format!("{}/health", server.uri())).send().await;

        sent.expect("the client from build_client can send any request");
        let requests = server.received_requests().await.unwrap();
        assert_eq!(
            header_values(&requests[0], "user-agent"),
            vec![USER_AGENT.to_string()],
            "every request the client from build_client sends, not only fetch_profile's, \
             carries `User-Agent: {USER_AGENT}`: set it on the client \
             (ClientBuilder::user_agent), once"
        );
    }

    #[tokio::test]
    async fn fetch_profile_uses_the_client_it_is_given() {
        let server = server(profile_answer()).await;
        let client = Client::builder()
            .user_agent("another-service/2.0")
            .build()
            .unwrap();

        let result = fetch_profile(&client, &server.uri(), TOKEN).await;

        let request = only_request(&server).await;
        assert_eq!(
            header_values(&request, "user-agent"),
            vec!["another-service/2.0".to_string()],
            "fetch_profile sends with the client it is given, and the User-Agent is that \
             client's: add only the two per-request headers (Authorization and Accept), don't \
             build another client or set the User-Agent per request"
        );
        let accept = header_values(&request, "accept");
        let authorization = header_values(&request, "authorization");
        let asks_for_json = accept
            .iter()
            .any(|value| value.contains("application/json"));
        let sends_the_token = authorization.len() == 1
            && authorization[0]
                .split_once(' ')
                .is_some_and(|(scheme, token)| {
                    scheme.eq_ignore_ascii_case("bearer") && token == TOKEN
                });
        assert!(
            asks_for_json && sends_the_token,
            "fetch_profile adds Accept and Authorization to its own request, whatever client it \
             is given (they are per-request headers, not defaults of build_client's client); \
             with another client it sent Accept: {accept:?} and Authorization: {authorization:?}"
        );
        result.expect("a 200 answer with a profile must decode");
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
            },
            "decode the JSON body into a Profile"
        );
    }

    #[tokio::test]
    async fn a_rejected_token_is_an_error() {
        // Some APIs answer a bad token with an anonymous profile and a 401 status.
        let server =
            server(ResponseTemplate::new(401).set_body_json(json!({"id": 0, "name": "anonymous"})))
                .await;
        let client = build_client().expect("build_client must succeed");

        let result = fetch_profile(&client, &server.uri(), "expired-token").await;

        match result {
            Err(err) => assert_eq!(
                err.status().map(|status| status.as_u16()),
                Some(401),
                "a 401 answer is the error of error_for_status, with its status; got {err:?}"
            ),
            Ok(profile) => panic!(
                "the server answered 401 Unauthorized: turn an error status into an error \
                 (error_for_status) before decoding, whatever the body says; got Ok({profile:?})"
            ),
        }
    }
}
