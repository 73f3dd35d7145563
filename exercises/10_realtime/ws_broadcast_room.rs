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
    // TODO: join the room (`room.join()` gives your id and your receiver), then loop on
    // `tokio::select!` over `socket.recv()` (a text message: `room.say(me, "<name>: <text>")`;
    // the connection closed or broken: return) and your receiver's `recv()` (another member's
    // line: `socket.send(Message::text(line))`; your own: skip it; `Lagged`: carry on).
    todo!("serve {name} in the room of {} members on {socket:?}", room.members())
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    println!("chat on ws://{}/ws?name=you", listener.local_addr()?);
    axum::serve(listener, app(Room::new(64))).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::{SinkExt, StreamExt};
    use std::time::Duration;
    use testkit::{settle, until_stalled};
    use tokio_tungstenite::tungstenite;

    type Client = tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >;

    /// How long to wait for a line that must come; a correct server sends it at once.
    const PATIENCE: Duration = Duration::from_secs(3);

    /// Serves a room on 127.0.0.1:0.
    async fn serve(capacity: usize) -> (Room, std::net::SocketAddr) {
        let room = Room::new(capacity);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = app(room.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        (room, addr)
    }

    /// Connects `names` in order, and waits until each has joined the room.
    async fn connect(room: &Room, addr: std::net::SocketAddr, names: &[&str]) -> Vec<Client> {
        let before = room.members();
        let mut clients = Vec::new();
        for name in names {
            let (client, _) =
                tokio_tungstenite::connect_async(format!("ws://{addr}/ws?name={name}"))
                    .await
                    .expect("GET /ws?name=... accepts the WebSocket upgrade");
            clients.push(client);
        }
        // The upgraded connections start their tasks in this process: no I/O to wait for.
        for _ in 0..10 {
            settle().await;
        }
        assert_eq!(
            room.members(),
            before + names.len(),
            "each connection joins the room (`room.join()`) as soon as it starts, and stays in \
             it while it is open"
        );
        clients
    }

    async fn say(client: &mut Client, text: &str) {
        client
            .send(tungstenite::Message::text(text))
            .await
            .expect("the server closed the connection");
    }

    /// The next text line the client receives, which must come (`what` says why); `None` if
    /// the server ended the connection.
    async fn next_line(client: &mut Client, what: &str) -> Option<String> {
        loop {
            match tokio::time::timeout(PATIENCE, client.next()).await {
                Ok(Some(Ok(tungstenite::Message::Text(text)))) => return Some(text.to_string()),
                Ok(Some(Ok(tungstenite::Message::Close(_)) | Err(_)) | None) => return None,
                Ok(Some(Ok(_))) => {}
                Err(_) => panic!("{what}: nothing arrived"),
            }
        }
    }

    /// The next `count` lines, which must come.
    async fn heard(client: &mut Client, count: usize, what: &str) -> Vec<String> {
        let mut lines = Vec::new();
        while lines.len() < count {
            match next_line(client, what).await {
                Some(line) => lines.push(line),
                None => break,
            }
        }
        lines
    }

    #[tokio::test]
    async fn a_message_reaches_every_other_member_with_the_name() {
        let (room, addr) = serve(16).await;
        let mut clients = connect(&room, addr, &["ada", "bob", "cy"]).await;
        say(&mut clients[0], "hello").await;
        let what = "a member receives what the others say, as \"<name>: <message>\", even while \
                    it sends nothing itself";
        assert_eq!(
            heard(&mut clients[1], 1, what).await,
            ["ada: hello"],
            "{what}"
        );
        assert_eq!(
            heard(
                &mut clients[2],
                1,
                "every other member receives the message"
            )
            .await,
            ["ada: hello"],
            "every other member receives the message"
        );
        // The next line ada hears is bob's: her own, had it come back, would arrive before it.
        say(&mut clients[1], "hi ada").await;
        assert_eq!(
            heard(&mut clients[0], 1, "ada hears what bob says").await,
            ["bob: hi ada"],
            "the sender does not get its own message back"
        );
    }

    #[tokio::test]
    async fn members_with_the_same_name_are_different_members() {
        let (room, addr) = serve(16).await;
        let mut clients = connect(&room, addr, &["ada", "ada"]).await;
        let what = "two members may have the same name: tell the sender apart by the id `join` \
                    gave it, not by its name";
        say(&mut clients[0], "is anyone there?").await;
        assert_eq!(
            heard(&mut clients[1], 1, what).await,
            ["ada: is anyone there?"],
            "{what}"
        );
        say(&mut clients[1], "yes, me").await;
        assert_eq!(
            heard(&mut clients[0], 1, what).await,
            ["ada: yes, me"],
            "the sender does not get its own message back, and a member with the same name is \
             someone else"
        );
    }

    #[tokio::test]
    async fn the_conversation_goes_both_ways_in_order() {
        let (room, addr) = serve(16).await;
        let mut clients = connect(&room, addr, &["ada", "bob"]).await;
        for round in 1..=3 {
            say(&mut clients[0], &format!("ping {round}")).await;
            say(&mut clients[1], &format!("pong {round}")).await;
        }
        let what = "a member keeps receiving what the others say, in order, while it talks too";
        assert_eq!(
            heard(&mut clients[1], 3, what).await,
            ["ada: ping 1", "ada: ping 2", "ada: ping 3"],
            "{what}"
        );
        assert_eq!(
            heard(&mut clients[0], 3, what).await,
            ["bob: pong 1", "bob: pong 2", "bob: pong 3"],
            "{what}"
        );
    }

    #[tokio::test]
    async fn a_member_that_leaves_is_gone_and_the_others_go_on() {
        let (room, addr) = serve(16).await;
        let mut clients = connect(&room, addr, &["ada", "bob", "cy"]).await;
        let mut cy = clients.pop().unwrap();
        cy.close(None).await.expect("cy could not close");
        // Once the connection has ended, the server has seen cy's Close.
        while let Ok(Some(Ok(_))) = tokio::time::timeout(PATIENCE, cy.next()).await {}
        say(&mut clients[0], "cy left").await;
        let what = "the others go on chatting after a member leaves";
        assert_eq!(
            heard(&mut clients[1], 1, what).await,
            ["ada: cy left"],
            "{what}"
        );
        let _ = until_stalled(&mut clients[1].next()).await;
        settle().await;
        assert_eq!(
            room.members(),
            2,
            "a member that leaves is gone from the room: when its connection closes, its task \
             returns and drops its receiver"
        );
    }

    #[tokio::test]
    async fn a_member_that_falls_behind_skips_what_it_missed() {
        // Room for 2 messages: bob's task cannot keep up if it is not polled while ada talks.
        let (room, addr) = serve(2).await;
        let mut clients = connect(&room, addr, &["ada", "bob"]).await;
        // Said directly into the room, with no chance for bob's task to run in between.
        for n in 1..=5 {
            room.say(u64::MAX, format!("ada: burst {n}"));
        }
        say(&mut clients[0], "after the burst").await;
        let what = "a member that falls behind (RecvError::Lagged) skips what it missed and \
                    carries on: it is not disconnected";
        let mut lines = Vec::new();
        while lines.last().map(String::as_str) != Some("ada: after the burst") {
            match next_line(&mut clients[1], what).await {
                Some(line) => lines.push(line),
                None => panic!("{what}. Got {lines:?}, then the connection ended"),
            }
        }
        assert!(
            (lines.len() < 6),
            "with room for 2 messages, bob cannot have received the whole burst, got {lines:?}"
        );
    }
}
