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
    use wiremock::matchers::method;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    #[tokio::test]
    async fn a_404_means_unknown_city() {
        // Arrange: a local server that answers 404 to any GET.
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(404))
            .mount(&server)
            .await;
        let client = WeatherClient::new(&server.uri(), "test-key").unwrap();
        // Act
        let result = client.current("Atlantis").await;
        // Assert: the exact variant, not just "an error".
        assert!(
            matches!(result, Err(WeatherError::UnknownCity)),
            "got {result:?}"
        );
    }

    // TODO: test the successful call, with a mock that only matches the request the contract
    // describes (see `wiremock::matchers`: path, query_param, bearer_token, ...), and assert the
    // parsed result. Test an error status other than 404 too. `.expect(1)` on a mock and
    // `server.received_requests()` let you assert what was sent.
}
