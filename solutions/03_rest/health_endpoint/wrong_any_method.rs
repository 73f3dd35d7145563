//! wrong: routes /health with any(..), so a POST gets 200 instead of 405
//! expect: expected status 405 Method Not Allowed, got 200 OK

use std::net::{Ipv4Addr, SocketAddr};

use axum::{Json, Router, routing::any};
use serde::Serialize;

#[derive(Serialize)]
struct Health {
    status: &'static str,
}

async fn health() -> Json<Health> {
    Json(Health { status: "ok" })
}

/// The routes of the service.
pub fn app() -> Router {
    Router::new().route("/health", any(health))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let port: u16 = std::env::var("PORT")?.parse()?;
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let listener = tokio::net::TcpListener::bind(addr).await?;
    axum::serve(listener, app()).await?;
    Ok(())
}
