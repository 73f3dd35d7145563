//! wrong: the city in the test is already lowercase, so a client that changes its case passes
//! expect: the city is sent in lowercase instead of as given
#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use wiremock::matchers::{any, bearer_token, method, path, query_param};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    async fn answering(status: u16) -> MockServer {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(status))
            .mount(&server)
            .await;
        server
    }

    async fn call(server: &MockServer, city: &str) -> Result<Current, WeatherError> {
        WeatherClient::new(&server.uri(), "k3y").unwrap().current(city).await
    }

    #[tokio::test]
    async fn the_documented_request_and_its_answer() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/v1/current"))
            .and(query_param("city", "oslo"))
            .and(query_param("units", "metric"))
            .and(bearer_token("k3y"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "temp_c": 21.5, "summary": "sunny" })))
            .expect(1)
            .mount(&server)
            .await;
        let current = call(&server, "oslo").await.unwrap();
        assert_eq!(current, Current { temp_c: 21.5, summary: "sunny".into() });
    }

    #[tokio::test]
    async fn a_404_is_an_unknown_city() {
        let err = call(&answering(404).await, "Atlantis").await.unwrap_err();
        assert!(matches!(err, WeatherError::UnknownCity), "{err:?}");
    }

    #[tokio::test]
    async fn other_statuses_are_upstream_errors() {
        for status in [401, 500, 503] {
            let err = call(&answering(status).await, "Paris").await.unwrap_err();
            assert!(
                matches!(&err, WeatherError::Upstream(s) if s.as_u16() == status),
                "{status}: {err:?}"
            );
        }
    }
}
