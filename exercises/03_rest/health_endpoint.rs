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

use axum::Router;

/// The routes of the service.
pub fn app() -> Router {
    // TODO: route `GET /health` to an async handler that returns `Json(...)` of a value that
    // serialises to {"status":"ok"} (a `#[derive(Serialize)]` struct or `serde_json::json!`).
    // `axum::Json` also sets the `content-type: application/json` header for you.
    Router::new()
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // TODO: read `PORT` with `std::env::var`, parse it as a `u16`, bind a
    // `tokio::net::TcpListener` on 127.0.0.1 at that port, and run `axum::serve(listener, app())`.
    // Return the errors with `?` instead of unwrapping them.
    todo!()
}
