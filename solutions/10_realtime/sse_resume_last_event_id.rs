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
        (feed, signals, last_seen),
        |(feed, mut signals, last_sent)| async move {
            loop {
                if let Some((id, data)) = feed.next_after(last_sent) {
                    let event = Event::default().id(id.to_string()).data(data);
                    return Some((Ok(event), (feed, signals, id)));
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

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::{Body, BodyDataStream};
    use axum::http::Request;
    use futures::StreamExt;
    use testkit::until_stalled;
    use tower::ServiceExt;

    /// An open event stream, read as far as the server has written it.
    struct Client {
        body: BodyDataStream,
        text: String,
    }

    impl Client {
        /// The events (id, data) received since the last call, once the server has written
        /// everything it can for now. Comments (keep-alives) are skipped.
        async fn received(&mut self) -> Vec<(Option<String>, String)> {
            while let Some(Some(chunk)) = until_stalled(&mut self.body.next()).await {
                let chunk = chunk.expect("the event stream broke");
                self.text.push_str(&String::from_utf8_lossy(&chunk));
            }
            let complete = self.text.rfind("\n\n").map_or(0, |end| end + 2);
            let blocks: String = self.text.drain(..complete).collect();
            blocks
                .split("\n\n")
                .filter_map(|block| {
                    let (mut id, mut data) = (None, Vec::new());
                    for line in block.lines() {
                        if let Some(value) = line.strip_prefix("id:") {
                            id = Some(value.trim_start().to_string());
                        } else if let Some(value) = line.strip_prefix("data:") {
                            data.push(value.trim_start().to_string());
                        }
                    }
                    (id.is_some() || !data.is_empty()).then(|| (id, data.join("\n")))
                })
                .collect()
        }

        /// Whether the server ended the response.
        async fn ended(&mut self) -> bool {
            matches!(until_stalled(&mut self.body.next()).await, Some(None))
        }
    }

    async fn connect(feed: &Feed, last_event_id: Option<&str>) -> Client {
        let mut request = Request::get("/events");
        if let Some(id) = last_event_id {
            request = request.header("last-event-id", id);
        }
        let response = app(feed.clone())
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "GET /events answers 200 OK");
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_string();
        assert!(
            content_type.starts_with("text/event-stream"),
            "an SSE response has content-type text/event-stream (return `Sse::new(stream)`), got \
             {content_type:?}"
        );
        Client {
            body: response.into_body().into_data_stream(),
            text: String::new(),
        }
    }

    fn feed_of(events: &[&str]) -> Feed {
        let feed = Feed::default();
        for data in events {
            feed.publish(data);
        }
        feed
    }

    fn event(id: u64, data: &str) -> (Option<String>, String) {
        (Some(id.to_string()), data.to_string())
    }

    #[tokio::test]
    async fn a_new_client_gets_every_event_with_its_id() {
        let feed = feed_of(&["order 1 placed", "order 1 paid", "order 2 placed"]);
        let mut client = connect(&feed, None).await;
        let events = client.received().await;
        assert!(
            events.iter().all(|(id, _)| id.is_some()),
            "every event is sent with its id (`Event::id`), so the client can resume: got \
             {events:?}"
        );
        assert_eq!(
            events,
            [
                event(1, "order 1 placed"),
                event(2, "order 1 paid"),
                event(3, "order 2 placed")
            ],
            "without Last-Event-ID the client gets every event from the first, in order, each \
             with its id in the feed"
        );
    }

    #[tokio::test]
    async fn a_reconnecting_client_gets_only_the_events_after_its_last_event_id() {
        let feed = feed_of(&["a", "b", "c", "d"]);
        let mut client = connect(&feed, Some("2")).await;
        let events = client.received().await;
        assert!(
            !events.iter().any(|(_, data)| data == "a"),
            "with Last-Event-ID: n the client gets only the events after n: it sent \
             Last-Event-ID: 2, so it has events 1 and 2 already. Got {events:?}"
        );
        assert!(
            !events.iter().any(|(_, data)| data == "b"),
            "with Last-Event-ID: 2 the client already has event 2: send the events after it, \
             not from it. Got {events:?}"
        );
        assert_eq!(
            events,
            [event(3, "c"), event(4, "d")],
            "with Last-Event-ID: n the client gets only the events after n, with their own ids \
             in the feed (the same on every connection)"
        );
        let mut up_to_date = connect(&feed, Some("4")).await;
        assert_eq!(
            up_to_date.received().await,
            [],
            "a client that has every event gets none again"
        );
        assert!(
            !up_to_date.ended().await,
            "the response stays open for the events to come, even when there is nothing to send \
             yet"
        );
    }

    #[tokio::test]
    async fn events_published_later_are_sent_as_they_are_published() {
        let feed = feed_of(&["a"]);
        let mut client = connect(&feed, None).await;
        assert_eq!(
            client.received().await,
            [event(1, "a")],
            "the history first"
        );
        assert!(
            !client.ended().await,
            "the response stays open: events published later must reach the client on the same \
             connection"
        );
        feed.publish("b");
        feed.publish("c");
        assert_eq!(
            client.received().await,
            [event(2, "b"), event(3, "c")],
            "events published later are sent as they are published, each once, with its id"
        );
        let mut resumed = connect(&feed, Some("1")).await;
        feed.publish("d");
        assert_eq!(
            resumed.received().await,
            [event(2, "b"), event(3, "c"), event(4, "d")],
            "a resumed client gets the events after its Last-Event-ID, then the new ones"
        );
    }
}
