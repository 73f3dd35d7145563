//! wrong: accepts any 2xx for a creation (`is_success()`) instead of 201 exactly
//! expect: creating a todo answers 200 OK instead of 201 Created
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
    async fn create_and_fetch() {
        let app = app();
        let (status, headers, body) = send(&app, post(" Buy milk ")).await;
        assert!(status.is_success(), "creating succeeds: {status}");
        assert_eq!(location(&headers), Some("/todos/1"));
        assert_eq!(body, json!({ "id": 1, "title": "Buy milk", "done": false }));

        let (_, headers, _) = send(&app, post("Walk the dog")).await;
        let url = location(&headers).unwrap().to_string();
        let (status, _, body) = send(&app, get(&url)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, json!({ "id": 2, "title": "Walk the dog", "done": false }));
    }

    #[tokio::test]
    async fn errors() {
        let app = app();
        assert_eq!(send(&app, get("/todos/9")).await.0, StatusCode::NOT_FOUND);
        assert_eq!(send(&app, post("")).await.0, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(send(&app, post("   ")).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    }
}
