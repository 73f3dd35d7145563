//! wrong: echoes every message it receives, control frames included, so a Ping comes back as a Ping
//! expect: a Ping is a control frame the library answers with a
use axum::{
    Router,
    extract::ws::{Message, WebSocket, WebSocketUpgrade},
    response::Response,
    routing::get,
};

pub fn app() -> Router {
    Router::new().route("/ws", get(ws_handler))
}

/// `GET /ws`: accepts the upgrade and runs `echo` on the socket.
pub async fn ws_handler(upgrade: WebSocketUpgrade) -> Response {
    upgrade.on_upgrade(echo)
}

/// Sends back every text and binary message until the client closes the connection.
pub async fn echo(mut socket: WebSocket) {
    // `recv` returns `None` once the connection is closed, after it has sent the answer to the
    // client's Close; an error means the connection is broken and there is nobody to answer.
    while let Some(Ok(message)) = socket.recv().await {
        if matches!(message, Message::Close(_)) {
            continue; // the next recv sends the answer
        }
        if socket.send(message).await.is_err() {
            return;
        }
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    println!("echo on ws://{}/ws", listener.local_addr()?);
    axum::serve(listener, app()).await
}
