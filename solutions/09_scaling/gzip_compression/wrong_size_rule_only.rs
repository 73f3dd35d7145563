//! wrong: compress_when with the size rule alone, which drops the default exclusion of images
//! expect: `compress_when`

use axum::{Router, http::header::CONTENT_TYPE, routing::get};
use tower_http::compression::{CompressionLayer, predicate::SizeAbove};

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
    let compress_when = SizeAbove::new(1024);
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
        .layer(CompressionLayer::new().compress_when(compress_when))
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    axum::serve(listener, app()).await
}

