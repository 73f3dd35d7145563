//! right: splits the socket into a sink and a stream, forwards data messages and closes the sink after the client's Close (which flushes the queued answer)
use futures::{SinkExt, StreamExt};

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
    let (mut sink, mut stream) = socket.split();
    while let Some(Ok(message)) = stream.next().await {
        let reply = match message {
            Message::Text(_) | Message::Binary(_) => message,
            Message::Close(_) => break,
            Message::Ping(_) | Message::Pong(_) => continue,
        };
        if sink.send(reply).await.is_err() {
            return;
        }
    }
    // The answer to the client's Close is queued; closing the sink flushes it.
    let _ = sink.close().await;
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    println!("echo on ws://{}/ws", listener.local_addr()?);
    axum::serve(listener, app()).await
}
