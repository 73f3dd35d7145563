//! wrong: checks every status code but never the headers or the body
//! expect: the response to a creation has no Location header
//! expect: a new todo starts out already done
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
    async fn statuses() {
        let app = app();
        let (status, _, _) = send(&app, post("Buy milk")).await;
        assert_eq!(status, StatusCode::CREATED);
        let (status, _, _) = send(&app, get("/todos/1")).await;
        assert_eq!(status, StatusCode::OK);
        let (status, _, _) = send(&app, get("/todos/2")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        for title in ["", "  "] {
            let (status, _, _) = send(&app, post(title)).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{title:?}");
        }
    }
}
