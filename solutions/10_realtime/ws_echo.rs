//! # WebSocket echo: the upgrade, the conversation, the closing handshake
//!
//! A WebSocket starts as an HTTP `GET` that asks to *upgrade* the connection. Once the server
//! agrees (`101 Switching Protocols`), both sides send messages on the same TCP connection
//! whenever they like, until one of them starts the closing handshake. Write `ws_handler`, which
//! accepts the upgrade on `GET /ws` and hands the socket to `echo`, and `echo`, which runs the
//! conversation:
//!
//! - every text message comes back as the same text, and every binary message as the same bytes,
//!   in order, for as long as the client keeps talking;
//! - a Ping is not a message to echo: the library answers it with a Pong by itself;
//! - when the client sends a Close frame, answer it with a Close frame before the connection is
//!   dropped (the library queues that answer and sends it on the next `recv`, which then returns
//!   `None`), then return.
//!
//! Why it matters: chat, live dashboards, games and collaborative editors all run on this loop.
//! A server that drops the TCP connection instead of answering the Close shows up in every
//! client as an abnormal closure (code 1006), and clients reconnect as if the server had crashed.

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
        match message {
            Message::Text(_) | Message::Binary(_) => {
                if socket.send(message).await.is_err() {
                    return; // the client is gone
                }
            }
            // Pings are answered by the library; the answer to a Close is queued and sent by
            // the next `recv`.
            Message::Ping(_) | Message::Pong(_) | Message::Close(_) => {}
        }
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    println!("echo on ws://{}/ws", listener.local_addr()?);
    axum::serve(listener, app()).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::{SinkExt, StreamExt};
    use std::time::Duration;
    use tokio_tungstenite::tungstenite::{
        self,
        protocol::{CloseFrame, frame::coding::CloseCode},
    };

    type Client = tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >;

    /// Serves `app()` on 127.0.0.1:0 and opens a WebSocket to `/ws`.
    async fn connect() -> Client {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app()).await });
        let (client, response) = tokio_tungstenite::connect_async(format!("ws://{addr}/ws"))
            .await
            .unwrap_or_else(|err| {
                panic!(
                    "GET /ws must accept the WebSocket upgrade (101 Switching Protocols), but the \
                     handshake failed: {err}. Does `ws_handler` return `upgrade.on_upgrade(echo)`? \
                     Look for `not yet implemented` above"
                )
            });
        assert_eq!(
            response.status().as_u16(),
            101,
            "the upgrade is answered 101 Switching Protocols"
        );
        client
    }

    async fn send(client: &mut Client, message: tungstenite::Message) {
        client
            .send(message)
            .await
            .expect("the server closed the connection before the client could send");
    }

    /// How long to wait for an answer that must come; a correct server sends it at once.
    const PATIENCE: Duration = Duration::from_secs(10);

    /// What the server sends back for `what`.
    async fn echoed(client: &mut Client, what: &str) -> tungstenite::Message {
        match tokio::time::timeout(PATIENCE, client.next()).await.ok() {
            Some(Some(Ok(message))) => message,
            None => panic!(
                "the server sent nothing back for {what}: every text and binary message is echoed"
            ),
            Some(Some(Err(err))) => panic!(
                "the server dropped the connection after {what} ({err}): every text and binary \
                 message is echoed, for as long as the client keeps talking. Did `echo` return \
                 or panic? Look for `not yet implemented` above"
            ),
            Some(None) => panic!(
                "the server closed the connection after {what}: every text and binary message is \
                 echoed, for as long as the client keeps talking"
            ),
        }
    }

    #[tokio::test]
    async fn a_text_message_comes_back_as_the_same_text() {
        let mut client = connect().await;
        send(&mut client, tungstenite::Message::text("hello, socket")).await;
        assert_eq!(
            echoed(&mut client, "a text message").await,
            tungstenite::Message::text("hello, socket"),
            "a text message comes back as the same text message"
        );
    }

    #[tokio::test]
    async fn a_binary_message_comes_back_as_the_same_bytes() {
        let mut client = connect().await;
        // Not valid UTF-8: a binary message is bytes, not text.
        let bytes = vec![0x00, 0x9f, 0x92, 0x96, 0xff];
        send(&mut client, tungstenite::Message::binary(bytes.clone())).await;
        let answer = echoed(&mut client, "a binary message").await;
        assert!(
            answer.is_binary(),
            "a binary message comes back as a binary message with the same bytes, got {answer:?}"
        );
        assert_eq!(
            answer.into_data().to_vec(),
            bytes,
            "a binary message comes back with exactly the same bytes"
        );
    }

    #[tokio::test]
    async fn the_conversation_lasts_as_long_as_the_client_talks() {
        let mut client = connect().await;
        for round in 1..=5 {
            let text = format!("message {round}");
            send(&mut client, tungstenite::Message::text(text.clone())).await;
            assert_eq!(
                echoed(&mut client, &format!("message {round} of 5")).await,
                tungstenite::Message::text(text),
                "every message is echoed, in order, for as long as the client keeps talking"
            );
            send(&mut client, tungstenite::Message::binary(vec![round])).await;
            assert_eq!(
                echoed(&mut client, &format!("binary message {round} of 5")).await,
                tungstenite::Message::binary(vec![round]),
                "text and binary messages are echoed in the order they arrive"
            );
        }
    }

    #[tokio::test]
    async fn a_ping_is_answered_with_a_pong_not_echoed() {
        let mut client = connect().await;
        send(
            &mut client,
            tungstenite::Message::Ping(b"are you there?"[..].into()),
        )
        .await;
        send(&mut client, tungstenite::Message::text("after the ping")).await;
        let mut received = Vec::new();
        while received.len() < 3 {
            let message = echoed(&mut client, "a Ping then a text message").await;
            let done = message == tungstenite::Message::text("after the ping");
            received.push(message);
            if done {
                break;
            }
        }
        assert!(
            received.contains(&tungstenite::Message::Pong(b"are you there?"[..].into())),
            "a Ping is answered with a Pong carrying the same bytes (the library does it while \
             `recv` is being called), got {received:?}"
        );
        assert!(
            !received.iter().any(|message| message.is_ping()),
            "the server sent a Ping back: a Ping is a control frame the library answers with a \
             Pong, not a message to echo. Echo only Text and Binary messages. Got {received:?}"
        );
        assert_eq!(
            received.last(),
            Some(&tungstenite::Message::text("after the ping")),
            "the text message after the Ping is echoed too, got {received:?}"
        );
    }

    #[tokio::test]
    async fn a_close_is_answered_with_a_close() {
        let mut client = connect().await;
        send(&mut client, tungstenite::Message::text("last words")).await;
        assert_eq!(
            echoed(&mut client, "a text message").await,
            tungstenite::Message::text("last words"),
            "a text message comes back as the same text message"
        );
        client
            .close(Some(CloseFrame {
                code: CloseCode::Normal,
                reason: "bye".into(),
            }))
            .await
            .expect("the client could not send its Close frame");
        match tokio::time::timeout(PATIENCE, client.next()).await.ok() {
            Some(Some(Ok(tungstenite::Message::Close(_)))) => {}
            None => panic!(
                "the server never answered the client's Close frame: after a Close, keep calling \
                 `recv` (it sends the queued answer, then returns `None`) and then return"
            ),
            Some(other) => panic!(
                "the server must answer the client's Close frame with a Close frame before it \
                 drops the connection, got {other:?}: do not return as soon as `recv` gives you a \
                 Close; call `recv` again (it sends the queued answer, then returns `None`)"
            ),
        }
    }
}
