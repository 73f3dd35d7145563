//! # A health endpoint that answers JSON
//!
//! Write a complete little server: `main` reads the port from the `PORT` environment variable,
//! binds `127.0.0.1:$PORT` and serves the router from `app()`, where `GET /health` answers
//! `200 OK` with the JSON body `{"status":"ok"}`.
//!
//! Why it matters: load balancers, orchestrators and uptime monitors probe a health endpoint
//! every few seconds to decide whether to send traffic to an instance. Reading the port from the
//! environment is how platforms tell a process where to listen.
//!
//! Checked by running your server: the runner sets `PORT`, waits for your server to accept
//! connections, then sends `GET /health`, `GET /nope` (no such route: 404) and `POST /health`
//! (wrong method: 405).

use std::net::{Ipv4Addr, SocketAddr};

use axum::{Json, Router, routing::get};
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
