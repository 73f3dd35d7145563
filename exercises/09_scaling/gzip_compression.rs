//! # Response compression, and when to leave it off
//!
//! Finish `app`: compress responses with gzip (tower-http's `CompressionLayer`) for clients that
//! accept it (`Accept-Encoding: gzip`), except two kinds, sent as they are:
//! - bodies under 1 KiB: from 1024 bytes on they are compressed, below that gzip saves a few
//!   bytes at best and costs CPU on both sides;
//! - content that is already compressed: images (`image/...`, but not SVG, `image/svg+xml`,
//!   which is text and compresses well), `application/zip` and `application/gzip`. Compressing
//!   them again burns CPU and can make them bigger.
//!
//! A compressed response says so (`Content-Encoding: gzip`) and carries `Vary: Accept-Encoding`,
//! so that caches keep the two versions apart.
//!
//! Why it matters: JSON and HTML shrink five to ten times with gzip, which is bandwidth, money and
//! latency on slow links. The layer's default rules compress nearly everything from 32 bytes on;
//! and `compress_when` replaces those rules rather than adding to them.

use axum::{Router, http::header::CONTENT_TYPE, routing::get};
use tower_http::compression::{
    CompressionLayer,
    predicate::{NotForContentType, Predicate, SizeAbove},
};

/// `len` bytes of text made of repeated JSON records (it compresses well).
pub fn text_of_len(len: usize) -> String {
    let record = r#"{"sku":"A-1","name":"blue mug","price":12.5},"#;
    record.repeat(len / record.len() + 1)[..len].to_owned()
}

/// `len` bytes that look like compressed data (gzip finds nothing to squeeze in them).
pub fn noise_of_len(len: usize) -> Vec<u8> {
    let mut state: u32 = 0x2545_f491;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state.to_le_bytes()[0]
        })
        .collect()
}

fn with_type(
    content_type: &'static str,
    body: impl Into<axum::body::Body>,
) -> impl axum::response::IntoResponse {
    ([(CONTENT_TYPE, content_type)], body.into())
}

pub fn app() -> Router {
    // TODO: build the rules of `compress_when`: `SizeAbove::new(..)`, combined with `.and(..)`
    // (from the `Predicate` trait) with `NotForContentType` values: `NotForContentType::IMAGES`,
    // and `NotForContentType::const_new("...")` for the other compressed types.
    Router::new()
        .route(
            "/report",
            get(|| async { with_type("application/json", text_of_len(8192)) }),
        )
        .route(
            "/small",
            get(|| async { with_type("text/plain", text_of_len(1023)) }),
        )
        .route(
            "/one-kib",
            get(|| async { with_type("text/plain", text_of_len(1024)) }),
        )
        .route(
            "/logo.png",
            get(|| async { with_type("image/png", noise_of_len(4096)) }),
        )
        .route(
            "/icon.svg",
            get(|| async { with_type("image/svg+xml", text_of_len(4096)) }),
        )
        .route(
            "/backup.zip",
            get(|| async { with_type("application/zip", noise_of_len(4096)) }),
        )
        .route(
            "/export.gz",
            get(|| async { with_type("application/gzip", noise_of_len(4096)) }),
        )
    // TODO: add `.layer(CompressionLayer::new().compress_when(..))` here, after the routes.
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    axum::serve(listener, app()).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::net::SocketAddr;
    use std::time::Duration;

    async fn start() -> SocketAddr {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app()).await.unwrap() });
        addr
    }

    struct Answer {
        encoding: Option<String>,
        vary: Option<String>,
        /// The body as sent, before any decoding.
        raw: Vec<u8>,
    }

    /// GET `path`, with this Accept-Encoding (or none). This client never decodes by itself.
    async fn get(addr: SocketAddr, path: &str, accept: Option<&str>) -> Answer {
        let client = reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap();
        let mut request = client.get(format!("http://{addr}{path}"));
        if let Some(accept) = accept {
            request = request.header("accept-encoding", accept);
        }
        let response = request.send().await.expect("no answer");
        assert_eq!(response.status().as_u16(), 200, "GET {path} answers 200");
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .map(|v| v.to_str().unwrap_or("(not text)").to_lowercase())
        };
        let encoding = header("content-encoding");
        let vary = header("vary");
        let raw = response
            .bytes()
            .await
            .expect("the body did not arrive")
            .to_vec();
        Answer {
            encoding,
            vary,
            raw,
        }
    }

    fn gunzip(raw: &[u8], path: &str) -> Vec<u8> {
        let mut decoded = Vec::new();
        flate2::read::GzDecoder::new(raw)
            .read_to_end(&mut decoded)
            .unwrap_or_else(|e| panic!("the body of {path} says gzip but is not gzip: {e}"));
        decoded
    }

    /// The path must come compressed with gzip, and decode to `original`.
    async fn assert_compressed(addr: SocketAddr, path: &str, original: &[u8], why: &str) {
        let answer = get(addr, path, Some("gzip")).await;
        assert_eq!(
            answer.encoding.as_deref(),
            Some("gzip"),
            "GET {path} with `Accept-Encoding: gzip` must come compressed \
             (`Content-Encoding: gzip`): {why}"
        );
        assert_eq!(
            gunzip(&answer.raw, path),
            original,
            "the body of {path} must decode to the original"
        );
        assert!(
            original.len() > answer.raw.len(),
            "compressed, the {} bytes of {path} must get smaller, not {}",
            original.len(),
            answer.raw.len()
        );
        assert!(
            answer
                .vary
                .as_deref()
                .is_some_and(|v| v.contains("accept-encoding")),
            "a compressed {path} must carry `Vary: Accept-Encoding`, so that a cache does not \
             hand it to a client that cannot decode it (got {:?})",
            answer.vary
        );
    }

    /// The path must come as it is, even to a client that accepts gzip.
    async fn assert_identity(addr: SocketAddr, path: &str, original: &[u8], why: &str) {
        let answer = get(addr, path, Some("gzip")).await;
        assert_eq!(
            answer.encoding, None,
            "GET {path} must be sent as it is, without Content-Encoding: {why}"
        );
        assert_eq!(answer.raw, original, "the body of {path} must be unchanged");
    }

    #[tokio::test]
    async fn large_text_is_gzipped_for_clients_that_accept_it() {
        let addr = start().await;
        assert_compressed(
            addr,
            "/report",
            text_of_len(8192).as_bytes(),
            "8 KiB of JSON is what compression is for (is the layer added after the routes?)",
        )
        .await;
    }

    #[tokio::test]
    async fn clients_that_do_not_accept_gzip_get_it_plain() {
        let addr = start().await;
        for accept in [None, Some("br"), Some("identity")] {
            let answer = get(addr, "/report", accept).await;
            assert_eq!(
                (answer.encoding, answer.raw.len()),
                (None, 8192),
                "a client that sent Accept-Encoding {accept:?} did not ask for gzip: it gets \
                 the 8192 bytes as they are"
            );
        }
    }

    #[tokio::test]
    async fn bodies_under_one_kib_are_not_compressed() {
        let addr = start().await;
        assert_identity(
            addr,
            "/small",
            text_of_len(1023).as_bytes(),
            "bodies under 1 KiB (1024 bytes) are not worth compressing \
             (`SizeAbove::new(1024)`; the layer's default compresses from 32 bytes on)",
        )
        .await;
        assert_compressed(
            addr,
            "/one-kib",
            text_of_len(1024).as_bytes(),
            "from 1024 bytes on, text is compressed",
        )
        .await;
    }

    #[tokio::test]
    async fn compressed_types_are_sent_as_they_are() {
        let addr = start().await;
        for (path, kind) in [
            ("/logo.png", "a PNG image"),
            ("/backup.zip", "a zip archive"),
            ("/export.gz", "a gzip file"),
        ] {
            assert_identity(
                addr,
                path,
                &noise_of_len(4096),
                &format!(
                    "{kind} is compressed already, so gzip only burns CPU. `compress_when` \
                     replaces the default rules, which skip images: add every exclusion \
                     yourself (`NotForContentType`)"
                ),
            )
            .await;
        }
    }

    #[tokio::test]
    async fn svg_is_text_and_is_compressed() {
        let addr = start().await;
        assert_compressed(
            addr,
            "/icon.svg",
            text_of_len(4096).as_bytes(),
            "SVG (`image/svg+xml`) is XML text and compresses well: exclude the compressed \
             image types, not every `image/` (`NotForContentType::IMAGES` knows this)",
        )
        .await;
    }
}
