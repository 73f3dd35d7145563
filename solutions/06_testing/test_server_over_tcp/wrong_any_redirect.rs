//! wrong: accepts any redirect status (`is_redirection()`) where the API promises 308
//! expect: short links redirect with 307 Temporary Redirect instead of 308 Permanent Redirect
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
    async fn a_short_url_redirects() {
        let base = spawn_app().await;
        let (status, body) = shorten(&base, "https://example.com/docs?page=2").await;
        assert_eq!(status, StatusCode::CREATED);
        let (status, location) = follow(body["short_url"].as_str().unwrap()).await;
        assert!(status.is_redirection(), "a short link redirects: {status}");
        assert_eq!(location.as_deref(), Some("https://example.com/docs?page=2"));
    }

    #[tokio::test]
    async fn two_links_two_codes() {
        let base = spawn_app().await;
        let (_, one) = shorten(&base, "http://example.com/one").await;
        let (_, two) = shorten(&base, "https://example.com/two?x=1").await;
        assert_ne!(one["code"], two["code"]);
        let (_, location) = follow(one["short_url"].as_str().unwrap()).await;
        assert_eq!(location.as_deref(), Some("http://example.com/one"));
        let (_, location) = follow(two["short_url"].as_str().unwrap()).await;
        assert_eq!(location.as_deref(), Some("https://example.com/two?x=1"));
    }

    #[tokio::test]
    async fn refused_urls() {
        let base = spawn_app().await;
        for url in ["javascript:alert(1)", "ftp://example.com/f", "nope"] {
            assert_eq!(shorten(&base, url).await.0, StatusCode::UNPROCESSABLE_ENTITY, "{url}");
        }
    }

    #[tokio::test]
    async fn unknown_code() {
        let base = spawn_app().await;
        assert_eq!(follow(&format!("{base}/nope")).await.0, StatusCode::NOT_FOUND);
    }
}
