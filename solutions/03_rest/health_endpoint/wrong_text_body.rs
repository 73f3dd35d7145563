//! wrong: answers the right text, but as a plain string, so the content-type is text/plain
//! expect: expected header `content-type: application/json`

use std::net::{Ipv4Addr, SocketAddr};

use axum::{Router, routing::get};

async fn health() -> &'static str {
    r#"{"status":"ok"}"#
}

/// The routes of the service.
pub fn app() -> Router {
    Router::new().route("/health", get(health))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let port: u16 = std::env::var("PORT")?.parse()?;
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let listener = tokio::net::TcpListener::bind(addr).await?;
    axum::serve(listener, app()).await?;
    Ok(())
}
