//! wrong: expects an empty title to answer 400 Bad Request, but the API answers 422
//! expect: your tests fail on the correct implementation
//! expect: 422
#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::{Body, to_bytes};
    use axum::http::{HeaderMap, Request};
    use serde_json::Value;
    use tower::ServiceExt;

    async fn send(app: &Router, request: Request<Body>) -> (StatusCode, HeaderMap, Value) {
        let response = app.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = to_bytes(response.into_body(), 64 * 1024).await.unwrap();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        (status, headers, body)
    }

    fn post(title: &str) -> Request<Body> {
        Request::post("/todos")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(json!({ "title": title }).to_string()))
            .unwrap()
    }

    fn get(uri: &str) -> Request<Body> {
        Request::get(uri).body(Body::empty()).unwrap()
    }

    fn location(headers: &HeaderMap) -> Option<&str> {
        headers.get(header::LOCATION).and_then(|v| v.to_str().ok())
    }

    #[tokio::test]
    async fn create() {
        let app = app();
        let (status, headers, _) = send(&app, post("Buy milk")).await;
        assert_eq!(status, StatusCode::CREATED);
        assert_eq!(location(&headers), Some("/todos/1"));
    }

    #[tokio::test]
    async fn an_empty_title_is_a_bad_request() {
        let (status, _, _) = send(&app(), post("")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }
}
