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
    // TODO: loop on `tokio::select!` over `socket.recv()` (anything received: the client is
    // alive; echo Text messages; None or an error: return) and `ticks.recv()` (send a
    // `Message::Ping`, unless nothing was received since the previous tick: then send
    // `Message::Close(Some(CloseFrame { code: close_code::AWAY, reason: ... }))` and return).
    // The connection opening counts as hearing from the client.
    todo!("heartbeat on {socket:?}, {} ticks queued", ticks.len())
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

#[cfg(test)]
mod tests {
    use super::*;
    use futures::{SinkExt, StreamExt};
    use std::time::Duration;
    use testkit::{settle, until_stalled};
    use tokio_tungstenite::tungstenite::{self, protocol::frame::coding::CloseCode};

    type Client = tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >;

    /// How long to wait for a message that must come; a correct server sends it at once.
    const PATIENCE: Duration = Duration::from_secs(10);

    async fn connect() -> (Ticks, Client) {
        let ticks = Ticks::new(8);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = app(ticks.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        let (client, _) = tokio_tungstenite::connect_async(format!("ws://{addr}/ws"))
            .await
            .expect("GET /ws accepts the WebSocket upgrade");
        (ticks, client)
    }

    fn tick(ticks: &Ticks) {
        ticks
            .send(())
            .expect("the connection's task stopped listening to the ticks");
    }

    /// The next message from the server, which must come; `None` when the connection ended.
    async fn next(client: &mut Client, what: &str) -> Option<tungstenite::Message> {
        match tokio::time::timeout(PATIENCE, client.next()).await {
            Ok(Some(Ok(message))) => Some(message),
            Ok(_) => None,
            Err(_) => panic!("{what}: the server sent nothing"),
        }
    }

    /// Reads until the server has processed everything the client sent so far (including the
    /// client library's answers to pings): sends a Ping of its own and waits for its Pong.
    /// Returns the other messages received meanwhile; `None` if the connection ended.
    async fn sync(client: &mut Client, what: &str) -> Option<Vec<tungstenite::Message>> {
        client.flush().await.ok()?; // the pending answers to pings go out first
        let marker = tungstenite::Message::Ping(b"sync"[..].into());
        client.send(marker).await.ok()?;
        let mut messages = Vec::new();
        loop {
            match next(client, what).await? {
                tungstenite::Message::Pong(data) if &data[..] == b"sync" => return Some(messages),
                message => messages.push(message),
            }
        }
    }

    fn is_close(message: &tungstenite::Message) -> bool {
        matches!(message, tungstenite::Message::Close(_))
    }

    #[tokio::test]
    async fn every_tick_sends_a_ping() {
        let (ticks, mut client) = connect().await;
        for n in 1..=3 {
            tick(&ticks);
            let first = next(
                &mut client,
                &format!("every tick sends a Ping to the client: tick {n}"),
            )
            .await;
            assert!(
                first.as_ref().is_some_and(tungstenite::Message::is_ping),
                "every tick sends a Ping to the client: tick {n} gave {first:?}"
            );
            let more = sync(&mut client, "the client's own Ping is answered").await;
            assert!(
                more.as_ref()
                    .is_some_and(|more| !more.iter().any(tungstenite::Message::is_ping)),
                "every tick sends one Ping: tick {n} gave more, {more:?}"
            );
        }
    }

    #[tokio::test]
    async fn a_client_that_answers_stays_connected_and_is_echoed() {
        let (ticks, mut client) = connect().await;
        for n in 1..=6 {
            tick(&ticks);
            let ping = next(
                &mut client,
                &format!("every tick sends a Ping to the client: tick {n}"),
            )
            .await;
            let rest = sync(&mut client, "the client's own Ping is answered").await;
            let closed = !ping.as_ref().is_some_and(tungstenite::Message::is_ping)
                || rest.as_ref().is_none_or(|rest| rest.iter().any(is_close));
            assert!(
                !closed,
                "a client that answers the pings (its library sends the Pong) stays connected, \
                 however quiet it is otherwise: at tick {n} got {ping:?} then {rest:?}"
            );
        }
        client
            .send(tungstenite::Message::text("still here"))
            .await
            .expect("the server closed the connection");
        let echo = next(&mut client, "text messages are echoed between the ticks").await;
        assert_eq!(
            echo,
            Some(tungstenite::Message::text("still here")),
            "text messages are echoed between the ticks"
        );
    }

    #[tokio::test]
    async fn the_first_tick_never_closes() {
        let (ticks, mut client) = connect().await;
        tick(&ticks);
        let first = next(&mut client, "the first tick sends a Ping").await;
        assert!(
            !first.as_ref().is_none_or(is_close),
            "on the first tick the client has had no Ping to answer yet: it is never closed \
             then, got {first:?}"
        );
        assert!(
            first.as_ref().is_some_and(tungstenite::Message::is_ping),
            "the first tick sends a Ping, got {first:?}"
        );
    }

    #[tokio::test]
    async fn a_client_silent_between_two_ticks_is_closed_with_1001() {
        let (ticks, mut client) = connect().await;
        // The client does not read before both ticks are sent, so its library cannot answer
        // the first Ping; the server handles the ticks in order.
        tick(&ticks);
        tick(&ticks);
        let mut messages = Vec::new();
        let code = loop {
            let what = "a client that sent nothing since the previous tick is closed on this \
                        tick with a Close frame with code 1001 (going away)";
            let Some(message) = next(&mut client, what).await else {
                panic!("{what}: the connection was dropped without one, after {messages:?}");
            };
            if let tungstenite::Message::Close(frame) = &message {
                break frame.as_ref().map_or(CloseCode::Status, |frame| frame.code);
            }
            messages.push(message);
        };
        assert_eq!(
            code,
            CloseCode::Away,
            "a client that stopped answering is closed with a Close frame with code 1001 (going \
             away), got code {code}"
        );
        // Whatever the client does now, the server has returned: its receiver of ticks is gone.
        let _ = until_stalled(&mut client.next()).await;
        settle().await;
        assert_eq!(
            ticks.receiver_count(),
            0,
            "after closing a client that stopped answering, `heartbeat` returns"
        );
    }
}
