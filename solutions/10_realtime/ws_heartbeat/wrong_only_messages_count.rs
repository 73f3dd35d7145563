//! wrong: only text messages count as hearing from the client, so a client that only answers the pings is closed
//! expect: a client that answers the pings (its library sends the Pong) stays connected
//! # WebSocket heartbeats: ping, and close the silent
//!
//! A WebSocket can die without a word: a phone goes into a tunnel, a NAT forgets the
//! connection. TCP notices only much later, and until then the server keeps the connection, its
//! task and its memory. So the server pings on a timer, and closes the clients that stopped
//! answering. Finish `heartbeat`, which echoes text messages as before and, on every tick of
//! `ticks` (the tests send the ticks, so no clock is involved):
//!
//! - sends a Ping to the client (the client's library answers it with a Pong by itself);
//! - if the client sent nothing at all (no Pong, no message) since the previous tick, sends a
//!   Close frame with code 1001 (going away) instead and returns: it stopped answering;
//! - on the first tick the client has had no Ping to answer yet: it is never closed then.
//!
//! A client that answers the pings stays connected however long it is quiet, and its text
//! messages are echoed in between. Why it matters: every WebSocket server behind a load balancer
//! needs heartbeats, both to free dead connections and to keep idle ones from being cut by
//! proxies that drop silent connections after a minute or so.

use axum::{
    Router,
    extract::{
        State,
        ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade, close_code},
    },
    response::Response,
    routing::get,
};
use tokio::sync::broadcast;

/// The server's timer: one `()` per tick, for every connection.
pub type Ticks = broadcast::Sender<()>;

pub fn app(ticks: Ticks) -> Router {
    Router::new()
        .route("/ws", get(ws_handler))
        .with_state(ticks)
}

pub async fn ws_handler(upgrade: WebSocketUpgrade, State(ticks): State<Ticks>) -> Response {
    // Subscribed before the upgrade answers, so no tick after the handshake is missed.
    let ticks = ticks.subscribe();
    upgrade.on_upgrade(move |socket| heartbeat(socket, ticks))
}

/// Echoes text messages, pings on every tick, and closes a client that stopped answering.
pub async fn heartbeat(mut socket: WebSocket, mut ticks: broadcast::Receiver<()>) {
    // The connection has just opened: that counts as hearing from the client.
    let mut heard_since_last_tick = true;
    loop {
        tokio::select! {
            incoming = socket.recv() => {
                let Some(Ok(message)) = incoming else {
                    return; // closed or broken
                };
                if let Message::Text(_) = message {
                    heard_since_last_tick = true;
                    if socket.send(message).await.is_err() {
                        return;
                    }
                }
            }
            tick = ticks.recv() => {
                if let Err(broadcast::error::RecvError::Closed) = tick {
                    return; // the server is shutting down
                }
                if !heard_since_last_tick {
                    let goodbye = CloseFrame {
                        code: close_code::AWAY,
                        reason: "no answer to ping".into(),
                    };
                    let _ = socket.send(Message::Close(Some(goodbye))).await;
                    return;
                }
                heard_since_last_tick = false;
                if socket.send(Message::Ping(Default::default())).await.is_err() {
                    return;
                }
            }
        }
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let ticks = Ticks::new(1);
    let timer = ticks.clone();
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(std::time::Duration::from_secs(30));
        loop {
            interval.tick().await;
            let _ = timer.send(());
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    axum::serve(listener, app(ticks)).await
}

