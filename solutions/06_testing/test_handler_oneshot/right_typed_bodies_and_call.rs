//! right: drives the router with `ready().await` and `call`, and reads bodies into `Todo` values
#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::{Body, to_bytes};
    use axum::http::Request;
    use tower::{Service, ServiceExt};

    async fn call(app: &mut Router, request: Request<Body>) -> Response {
        app.as_service::<Body>().ready().await.unwrap().call(request).await.unwrap()
    }

    async fn todo_of(response: Response) -> Todo {
        let bytes = to_bytes(response.into_body(), 1 << 16).await.unwrap();
        serde_json::from_slice(&bytes).expect("a todo as JSON")
    }

    fn create(title: &str) -> Request<Body> {
        Request::builder()
            .method("POST")
            .uri("/todos")
            .header("content-type", "application/json")
            .body(Body::from(format!(r#"{{"title": {title:?}}}"#)))
            .unwrap()
    }

    fn fetch(uri: &str) -> Request<Body> {
        Request::builder().uri(uri).body(Body::empty()).unwrap()
    }

    #[tokio::test]
    async fn two_todos_are_created_and_fetched_back() {
        let mut app = app();
        let mut urls = Vec::new();
        for (id, title) in [(1, "\tfirst "), (2, "second")] {
            let response = call(&mut app, create(title)).await;
            assert_eq!(response.status(), 201);
            let url = response.headers()["location"].to_str().unwrap().to_owned();
            assert_eq!(url, format!("/todos/{id}"));
            let expected = Todo { id, title: title.trim().to_owned(), done: false };
            assert_eq!(todo_of(response).await, expected);
            urls.push((url, expected));
        }
        for (url, expected) in urls.into_iter().rev() {
            let response = call(&mut app, fetch(&url)).await;
            assert_eq!(response.status(), 200);
            assert_eq!(todo_of(response).await, expected);
        }
        assert_eq!(call(&mut app, fetch("/todos/3")).await.status(), 404);
    }

    #[tokio::test]
    async fn blank_titles_are_unprocessable() {
        let mut app = app();
        for title in ["", " \t "] {
            let response = call(&mut app, create(title)).await;
            assert_eq!(response.status(), 422, "{title:?}");
        }
    }
}
