//! right: a catch-all mock, then the recorded request inspected field by field; statuses in a table
#[cfg(test)]
mod tests {
    use super::*;
    use wiremock::{Mock, MockServer, ResponseTemplate, matchers::any};

    async fn server_answering(template: ResponseTemplate) -> MockServer {
        let server = MockServer::start().await;
        Mock::given(any()).respond_with(template).mount(&server).await;
        server
    }

    #[tokio::test]
    async fn the_request_is_the_documented_one() {
        let body = r#"{"temp_c": -3.25, "summary": "light snow"}"#;
        let server = server_answering(
            ResponseTemplate::new(200).set_body_raw(body, "application/json"),
        )
        .await;
        let client = WeatherClient::new(&server.uri(), "secret-123").expect("client");

        let current = client.current("Nuuk & Ilulissat").await.expect("a 200 parses");
        assert_eq!(
            current,
            Current { temp_c: -3.25, summary: String::from("light snow") }
        );

        let received = server.received_requests().await.expect("recording on");
        let [request] = received.as_slice() else {
            panic!("exactly one request, got {}", received.len());
        };
        assert_eq!(request.method.as_str(), "GET");
        assert_eq!(request.url.path(), "/v1/current");
        let mut query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        query.sort();
        assert_eq!(
            query,
            [
                ("city".to_string(), "Nuuk & Ilulissat".to_string()),
                ("units".to_string(), "metric".to_string()),
            ]
        );
        let auth = request.headers.get("authorization").and_then(|v| v.to_str().ok());
        assert_eq!(auth, Some("Bearer secret-123"));
    }

    #[tokio::test]
    async fn each_status_maps_to_its_error() {
        for code in [404u16, 400, 403, 429, 500, 502] {
            let server = server_answering(ResponseTemplate::new(code)).await;
            let result = WeatherClient::new(&server.uri(), "k").expect("client").current("X").await;
            match (code, result) {
                (404, Err(WeatherError::UnknownCity)) => {}
                (404, other) => panic!("404 must be UnknownCity, got {other:?}"),
                (_, Err(WeatherError::Upstream(status))) => assert_eq!(status.as_u16(), code),
                (_, other) => panic!("{code} must be Upstream({code}), got {other:?}"),
            }
        }
    }
}
