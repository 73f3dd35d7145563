//! wrong: numbers the events from 1 on each connection instead of sending the feed's ids
//! expect: with their own ids in the feed (the same on every connection)
//! # Server-Sent Events that resume with `Last-Event-ID`
//!
//! Server-Sent Events (SSE) are a long-lived HTTP response of type `text/event-stream` in which
//! the server writes events as they happen; the browser's `EventSource` reads them and, when
//! the connection drops, reconnects by itself, sending the id of the last event it received in
//! a `Last-Event-ID` header. Finish `events`, the handler of `GET /events` over a `Feed` of
//! numbered events:
//!
//! - every event is sent with its id in the feed (`id:` field, 1, 2, 3, ...) and its text
//!   (`data:`), in order; the id is the event's own, the same on every connection;
//! - without `Last-Event-ID` the client gets every event from the first;
//! - with `Last-Event-ID: n` it gets only the events after `n`: nothing it already has, nothing
//!   missed while it was away;
//! - the response stays open: events published later are sent as they are published.
//!
//! Why it matters: live notifications, progress bars, dashboards and the token streams of
//! language models run on SSE. Without ids and resumption, every network blip loses events or
//! replays the whole history to every client.

use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use axum::{
    Router,
    extract::State,
    http::HeaderMap,
    response::sse::{Event, KeepAlive, Sse},
    routing::get,
};
use futures::stream::{self, Stream};
use tokio::sync::broadcast;

/// Events numbered from 1, and a signal whenever one is added.
#[derive(Clone)]
pub struct Feed {
    log: Arc<Mutex<Vec<String>>>,
    published: broadcast::Sender<u64>,
}

impl Default for Feed {
    fn default() -> Self {
        Feed {
            log: Arc::default(),
            published: broadcast::channel(16).0,
        }
    }
}

impl Feed {
    /// Adds an event and returns its id.
    pub fn publish(&self, data: &str) -> u64 {
        let mut log = self.log.lock().unwrap();
        log.push(data.to_string());
        let id = log.len() as u64;
        let _ = self.published.send(id); // nobody listening is fine
        id
    }

    /// The first event after id `after` (0: the very first), if it was published already.
    pub fn next_after(&self, after: u64) -> Option<(u64, String)> {
        let log = self.log.lock().unwrap();
        let index = usize::try_from(after).ok()?;
        log.get(index).map(|data| (after + 1, data.clone()))
    }

    /// Receives a signal whenever an event is published (`Err(Lagged)` when some signals were
    /// missed: the events are still in the log, look again).
    pub fn subscribe(&self) -> broadcast::Receiver<u64> {
        self.published.subscribe()
    }
}

pub fn app(feed: Feed) -> Router {
    Router::new().route("/events", get(events)).with_state(feed)
}

/// `GET /events`: the events after `Last-Event-ID`, then the new ones as they come.
pub async fn events(
    State(feed): State<Feed>,
    headers: HeaderMap,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    // An id we cannot read is not one we sent: start from the first event.
    let last_seen: u64 = headers
        .get("last-event-id")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(0);
    // Subscribe before reading the log, so nothing published in between is missed.
    let signals = feed.subscribe();
    let stream = stream::unfold(
        (feed, signals, last_seen, 0_u64),
        |(feed, mut signals, last_sent, count)| async move {
            loop {
                if let Some((id, data)) = feed.next_after(last_sent) {
                    let event = Event::default().id((count + 1).to_string()).data(data);
                    return Some((Ok(event), (feed, signals, id, count + 1)));
                }
                // Nothing new yet: wait for a signal. A lagged receiver missed only signals,
                // not events, so look again either way.
                if let Err(broadcast::error::RecvError::Closed) = signals.recv().await {
                    return None;
                }
            }
        },
    );
    Sse::new(stream).keep_alive(KeepAlive::default())
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let feed = Feed::default();
    feed.publish("hello");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    println!("curl -N http://{}/events", listener.local_addr()?);
    axum::serve(listener, app(feed)).await
}

