//! wrong: expects 301 Moved Permanently, but the API answers 308 Permanent Redirect
//! expect: your tests fail on the correct implementation
//! expect: 308
#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::{Client, StatusCode, redirect};
    use serde_json::Value;

    async fn spawn_app() -> String {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let app = app(&base);
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        base
    }

    fn client() -> Client {
        Client::builder()
            .redirect(redirect::Policy::none())
            .build()
            .unwrap()
    }

    async fn shorten(base: &str, url: &str) -> (StatusCode, Value) {
        let response = client()
            .post(format!("{base}/links"))
            .json(&json!({ "url": url }))
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn follow(url: &str) -> (StatusCode, Option<String>) {
        let response = client().get(url).send().await.unwrap();
        let location = response
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_string());
        (response.status(), location)
    }

    #[tokio::test]
    async fn a_short_url_moves_permanently() {
        let base = spawn_app().await;
        let (status, body) = shorten(&base, "https://example.com/docs").await;
        assert_eq!(status, StatusCode::CREATED);
        let (status, _) = follow(body["short_url"].as_str().unwrap()).await;
        assert_eq!(status, StatusCode::MOVED_PERMANENTLY);
    }

    #[tokio::test]
    async fn unknown_code() {
        let base = spawn_app().await;
        assert_eq!(follow(&format!("{base}/nope")).await.0, StatusCode::NOT_FOUND);
    }
}
