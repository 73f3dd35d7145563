//! right: a closure handler with serde_json::json!, the address as a string

use axum::{Json, Router, routing::get};
use serde_json::json;

/// The routes of the service.
pub fn app() -> Router {
    Router::new().route("/health", get(|| async { Json(json!({ "status": "ok" })) }))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let port = std::env::var("PORT")?;
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await?;
    axum::serve(listener, app()).await?;
    Ok(())
}
