//! wrong: expects a 404 to be Upstream(404) like any other status, but it means UnknownCity
//! expect: your tests fail on the correct implementation
//! expect: UnknownCity
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
            .and(query_param("city", "Rio de Janeiro"))
            .and(query_param("units", "metric"))
            .and(bearer_token("k3y"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "temp_c": 21.5, "summary": "sunny" })))
            .expect(1)
            .mount(&server)
            .await;
        let current = call(&server, "Rio de Janeiro").await.unwrap();
        assert_eq!(current, Current { temp_c: 21.5, summary: "sunny".into() });
    }

    #[tokio::test]
    async fn every_error_status_is_upstream() {
        for status in [404, 500] {
            let err = call(&answering(status).await, "Paris").await.unwrap_err();
            assert!(
                matches!(&err, WeatherError::Upstream(s) if s.as_u16() == status),
                "{status}: {err:?}"
            );
        }
    }
}
