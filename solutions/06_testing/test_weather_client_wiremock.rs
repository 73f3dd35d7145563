//! # Replacing an HTTP dependency with a mock server
//!
//! `WeatherClient` calls a third-party weather API and is correct. Tests must not call the real
//! API (slow, flaky, costs money, needs a key), so start a local stand-in: a wiremock
//! `MockServer` listens on 127.0.0.1, answers what you tell it to, and records what it received.
//! Point the client at `server.uri()` and check two things: what the client *returns* for each
//! kind of answer, and what it *sent*.
//!
//! The contract with the API: `GET {base}/v1/current?city=<city>&units=metric` with the header
//! `Authorization: Bearer <api key>`. A `200` carries `{"temp_c": 21.5, "summary": "sunny"}`; a
//! `404` means the city is unknown (`WeatherError::UnknownCity`); any other status is
//! `WeatherError::Upstream(status)`, with the status the API gave.
//!
//! Why it matters: most backend bugs at service boundaries are about the request (wrong path,
//! parameter, or credentials) or about the unhappy answers (404s, 5xx). A mock that matches the
//! request exactly catches the first kind; scripted error answers catch the second.

use reqwest::{Client, StatusCode};
use serde::Deserialize;
use thiserror::Error;
use url::Url;

#[derive(Debug, Error)]
pub enum WeatherError {
    #[error("the weather service does not know this city")]
    UnknownCity,
    #[error("the weather service answered {0}")]
    Upstream(StatusCode),
    #[error("calling the weather service failed: {0}")]
    Http(#[from] reqwest::Error),
    #[error("invalid weather service URL: {0}")]
    Url(#[from] url::ParseError),
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Current {
    pub temp_c: f64,
    pub summary: String,
}

pub struct WeatherClient {
    http: Client,
    base_url: Url,
    api_key: String,
}

impl WeatherClient {
    /// A client for the service at `base_url` (e.g. "https://weather.example.com").
    pub fn new(base_url: &str, api_key: &str) -> Result<Self, WeatherError> {
        Ok(Self {
            http: Client::new(),
            base_url: Url::parse(base_url)?,
            api_key: api_key.to_string(),
        })
    }

    /// The current weather in `city`.
    pub async fn current(&self, city: &str) -> Result<Current, WeatherError> {
        let mut url = self.base_url.join("/v1/current")?;
        url.query_pairs_mut()
            .append_pair("city", city)
            .append_pair("units", "metric");
        let response = self.http.get(url).bearer_auth(&self.api_key).send().await?;
        match response.status() {
            StatusCode::OK => Ok(response.json().await?),
            StatusCode::NOT_FOUND => Err(WeatherError::UnknownCity),
            status => Err(WeatherError::Upstream(status)),
        }
    }
}

fn main() {
    // The client is exercised by the tests against a local mock server.
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use wiremock::matchers::{bearer_token, method, path, query_param};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    const KEY: &str = "test-key";

    #[tokio::test]
    async fn sends_the_documented_request_and_parses_the_answer() {
        let server = MockServer::start().await;
        // Matches only the exact request the contract describes; `expect(1)` makes the server
        // panic on drop if it was not called exactly once.
        Mock::given(method("GET"))
            .and(path("/v1/current"))
            .and(query_param("city", "São Paulo"))
            .and(query_param("units", "metric"))
            .and(bearer_token(KEY))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({ "temp_c": 21.5, "summary": "sunny" })),
            )
            .expect(1)
            .mount(&server)
            .await;

        let client = WeatherClient::new(&server.uri(), KEY).unwrap();
        let current = client.current("São Paulo").await.unwrap();
        assert_eq!(
            current,
            Current {
                temp_c: 21.5,
                summary: "sunny".to_string()
            }
        );
    }

    #[tokio::test]
    async fn the_api_key_travels_in_the_authorization_header() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({ "temp_c": 3.0, "summary": "snow" })),
            )
            .mount(&server)
            .await;

        WeatherClient::new(&server.uri(), KEY)
            .unwrap()
            .current("Oslo")
            .await
            .unwrap();

        // Another way to assert what was sent: inspect the recorded requests.
        let requests = server.received_requests().await.expect("recording is on");
        assert_eq!(requests.len(), 1, "one call, no retries");
        let authorization = requests[0]
            .headers
            .get("authorization")
            .map(|v| v.to_str().unwrap());
        assert_eq!(authorization, Some("Bearer test-key"));
    }

    #[tokio::test]
    async fn a_404_means_unknown_city() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/v1/current"))
            .respond_with(ResponseTemplate::new(404))
            .mount(&server)
            .await;

        let err = WeatherClient::new(&server.uri(), KEY)
            .unwrap()
            .current("Atlantis")
            .await
            .unwrap_err();
        assert!(matches!(err, WeatherError::UnknownCity), "got {err:?}");
    }

    #[tokio::test]
    async fn other_errors_report_the_upstream_status() {
        for status in [StatusCode::UNAUTHORIZED, StatusCode::SERVICE_UNAVAILABLE] {
            let server = MockServer::start().await;
            Mock::given(method("GET"))
                .and(path("/v1/current"))
                .respond_with(ResponseTemplate::new(status.as_u16()))
                .mount(&server)
                .await;

            let err = WeatherClient::new(&server.uri(), KEY)
                .unwrap()
                .current("Paris")
                .await
                .unwrap_err();
            assert!(
                matches!(err, WeatherError::Upstream(got) if got == status),
                "a {status} is Upstream({status}), got {err:?}"
            );
        }
    }
}
