//! wrong: reads the socket, then drains the room with try_recv: a member that says nothing never hears the others
//! expect: even while it sends nothing itself
//! # A WebSocket chat room on a broadcast channel
//!
//! Clients join the room with `GET /ws?name=ada`. Each connection is served by its own task
//! running `member`; the tasks talk to each other only through the room's
//! `tokio::sync::broadcast` channel (`Room::join` subscribes, `Room::say` sends to every
//! subscriber). Finish `member`:
//!
//! - every text message a member sends reaches every *other* member as the text
//!   `"<name>: <message>"`; the sender does not get its own message back. Two members may have
//!   the same name: tell them apart by the id `join` gave them;
//! - a member receives what the others say even while it sends nothing itself: wait for the
//!   socket and for the room at the same time (`tokio::select!`);
//! - a member that leaves (closes, or its connection breaks) is gone from the room: its task
//!   returns, which drops its receiver. The others go on chatting;
//! - a member too slow to keep up misses the oldest messages (`RecvError::Lagged`) and carries
//!   on; it is not disconnected.
//!
//! Why it matters: chat, presence, live cursors and multiplayer games all fan one message out
//! to many connections. A task per connection and a channel between them is how tokio servers
//! do it without locks around every socket.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::{
    Router,
    extract::{
        Query, State,
        ws::{Message, WebSocket, WebSocketUpgrade},
    },
    response::Response,
    routing::get,
};
use serde::Deserialize;
use tokio::sync::broadcast::{self, error::RecvError};

/// A line said in the room, and who said it.
#[derive(Debug, Clone)]
pub struct Said {
    pub from: u64,
    pub line: String,
}

#[derive(Clone)]
pub struct Room {
    said: broadcast::Sender<Said>,
    next_member: Arc<AtomicU64>,
}

impl Room {
    /// A room that keeps at most `capacity` messages for members that fall behind.
    pub fn new(capacity: usize) -> Room {
        Room {
            said: broadcast::channel(capacity).0,
            next_member: Arc::default(),
        }
    }

    /// A new member: its id, unique in this room, and its receiver of what is said.
    pub fn join(&self) -> (u64, broadcast::Receiver<Said>) {
        let id = self.next_member.fetch_add(1, Ordering::Relaxed);
        (id, self.said.subscribe())
    }

    /// Sends a line to every member (including the one that said it).
    pub fn say(&self, from: u64, line: String) {
        let _ = self.said.send(Said { from, line }); // an empty room is fine
    }

    /// How many members are in the room (receivers alive).
    pub fn members(&self) -> usize {
        self.said.receiver_count()
    }
}

#[derive(Deserialize)]
pub struct Join {
    name: String,
}

pub fn app(room: Room) -> Router {
    Router::new().route("/ws", get(ws_handler)).with_state(room)
}

pub async fn ws_handler(
    upgrade: WebSocketUpgrade,
    Query(join): Query<Join>,
    State(room): State<Room>,
) -> Response {
    upgrade.on_upgrade(move |socket| member(socket, join.name, room))
}

/// Serves one member of the room until it leaves.
pub async fn member(mut socket: WebSocket, name: String, room: Room) {
    let (me, mut said) = room.join();
    while let Some(Ok(message)) = socket.recv().await {
        if let Message::Text(text) = message {
            room.say(me, format!("{name}: {}", text.as_str()));
        }
        while let Ok(Said { from, line }) = said.try_recv() {
            if from != me && socket.send(Message::text(line)).await.is_err() {
                return;
            }
        }
    }
    let _ = RecvError::Closed;
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    println!("chat on ws://{}/ws?name=you", listener.local_addr()?);
    axum::serve(listener, app(Room::new(64))).await
}

