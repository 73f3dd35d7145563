//! right: one `TestServer` struct with its own client (a custom policy that stops at redirects),
//! and the short URL's last segment compared with the code
#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::{Client, redirect::Policy};

    struct TestServer {
        base: Url,
        http: Client,
    }

    impl TestServer {
        async fn start() -> Self {
            let listener = TcpListener::bind(("127.0.0.1", 0)).await.expect("bind");
            let addr = listener.local_addr().expect("addr");
            let base = Url::parse(&format!("http://{addr}")).expect("base URL");
            let app = app(base.as_str());
            tokio::spawn(async move { axum::serve(listener, app).await });
            let http = Client::builder()
                .redirect(Policy::custom(|attempt| attempt.stop()))
                .build()
                .expect("client");
            Self { base, http }
        }

        /// Stores `target`; returns the status and, when stored, (code, short_url).
        async fn store(&self, target: &str) -> (u16, Option<(String, String)>) {
            let response = self
                .http
                .post(self.base.join("links").expect("url"))
                .json(&json!({ "url": target }))
                .send()
                .await
                .expect("sent");
            let status = response.status().as_u16();
            let body: serde_json::Value = response.json().await.expect("JSON");
            let link = match (body["code"].as_str(), body["short_url"].as_str()) {
                (Some(code), Some(short)) => Some((code.to_owned(), short.to_owned())),
                _ => None,
            };
            (status, link)
        }

        async fn visit(&self, url: &str) -> (u16, Option<String>) {
            let response = self.http.get(url).send().await.expect("sent");
            let location = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .map(String::from);
            (response.status().as_u16(), location)
        }
    }

    #[tokio::test]
    async fn links_are_stored_and_followed() {
        let server = TestServer::start().await;
        let targets = [
            "https://example.com/docs?page=2",
            "http://example.org/",
            "https://example.net/a/b?q=x&r=y",
        ];
        let mut links = Vec::new();
        for target in targets {
            let (status, link) = server.store(target).await;
            assert_eq!(status, 201, "{target}");
            let (code, short_url) = link.expect("code and short_url");
            let short = Url::parse(&short_url).expect("absolute short URL");
            assert_eq!(short.origin(), server.base.origin(), "{short_url}");
            assert_eq!(short.path(), format!("/{code}"), "{short_url}");
            links.push((short_url, target));
        }
        for (short_url, target) in links {
            assert_eq!(server.visit(&short_url).await, (308, Some(target.to_owned())));
        }
        let missing = server.base.join("zzz").expect("url");
        assert_eq!(server.visit(missing.as_str()).await, (404, None));
    }

    #[tokio::test]
    async fn non_web_urls_are_unprocessable() {
        let server = TestServer::start().await;
        for target in ["javascript:alert(1)", "mailto:a@example.com", "file:///etc/passwd", "::"] {
            assert_eq!(server.store(target).await.0, 422, "{target}");
        }
    }
}
