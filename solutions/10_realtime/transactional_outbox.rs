//! # The transactional outbox and its relay
//!
//! Placing an order must also tell the rest of the system (`order_placed`), but a database
//! commit and a publish to a broker cannot be one atomic step: publish first and the commit may
//! fail (an event about an order that does not exist); commit first and the process may die
//! before publishing (an order nobody hears about). The outbox pattern writes the event into a
//! table of the same database, in the same transaction as the order, and a relay publishes it
//! later. Finish both halves:
//!
//! - `place_order` inserts the order and its `order_placed` event (payload: JSON with
//!   `order_id`, `customer` and `total`) in one transaction: both or neither;
//! - `relay_once` publishes the unpublished events oldest first, and marks an event published
//!   only after `publish` accepted it; at the first failure it stops, so the failed event and
//!   those after it stay unpublished and go out, in order, on the next run. A published event is
//!   never published twice. It returns how many it published.
//!
//! Why it matters: this is how services keep their database and their event stream in step
//! without distributed transactions (Debezium, most "event-driven" microservices). The relay
//! gives at-least-once delivery, which consumers deduplicate by event id.

use rusqlite::{Connection, params};

/// A row of the outbox table.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEvent {
    pub id: i64,
    pub topic: String,
    pub payload: String,
}

/// The broker refused or could not be reached.
#[derive(Debug, PartialEq)]
pub struct PublishError;

pub fn init_schema(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE orders (
             id INTEGER PRIMARY KEY,
             customer TEXT NOT NULL,
             total INTEGER NOT NULL
         );
         CREATE TABLE outbox (
             id INTEGER PRIMARY KEY AUTOINCREMENT,
             topic TEXT NOT NULL,
             payload TEXT NOT NULL,
             published INTEGER NOT NULL DEFAULT 0
         );",
    )
}

/// Stores a new order and its `order_placed` event, atomically; returns the order's id.
pub fn place_order(conn: &mut Connection, customer: &str, total: i64) -> rusqlite::Result<i64> {
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT INTO orders (customer, total) VALUES (?1, ?2)",
        params![customer, total],
    )?;
    let order_id = tx.last_insert_rowid();
    let payload = serde_json::json!({
        "order_id": order_id,
        "customer": customer,
        "total": total,
    });
    tx.execute(
        "INSERT INTO outbox (topic, payload) VALUES ('order_placed', ?1)",
        params![payload.to_string()],
    )?;
    tx.commit()?;
    Ok(order_id)
}

/// Publishes the unpublished events in order, stopping at the first one `publish` refuses.
pub fn relay_once(
    conn: &Connection,
    publish: &mut dyn FnMut(&OutboxEvent) -> Result<(), PublishError>,
) -> rusqlite::Result<usize> {
    let pending = {
        let mut stmt =
            conn.prepare("SELECT id, topic, payload FROM outbox WHERE published = 0 ORDER BY id")?;
        stmt.query_map([], |row| {
            Ok(OutboxEvent {
                id: row.get(0)?,
                topic: row.get(1)?,
                payload: row.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?
    };
    let mut published = 0;
    for event in &pending {
        if publish(event).is_err() {
            break; // later events wait, so consumers see them in order
        }
        conn.execute(
            "UPDATE outbox SET published = 1 WHERE id = ?1",
            params![event.id],
        )?;
        published += 1;
    }
    Ok(published)
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database whose next order id (42) differs from the next outbox id (1).
    fn db() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        init_schema(&conn).unwrap();
        conn.execute(
            "INSERT INTO orders (id, customer, total) VALUES (41, 'earlier', 1)",
            [],
        )
        .unwrap();
        conn
    }

    fn count(conn: &Connection, sql: &str) -> i64 {
        conn.query_row(sql, [], |row| row.get(0)).unwrap()
    }

    fn payload(event: &OutboxEvent) -> serde_json::Value {
        serde_json::from_str(&event.payload)
            .unwrap_or_else(|err| panic!("the payload is JSON, got {:?}: {err}", event.payload))
    }

    /// Publishes into a Vec; refuses the events whose ids are in `refuse`.
    fn broker<'a>(
        sent: &'a mut Vec<OutboxEvent>,
        refuse: &'a [i64],
    ) -> impl FnMut(&OutboxEvent) -> Result<(), PublishError> + 'a {
        move |event| {
            if refuse.contains(&event.id) {
                Err(PublishError)
            } else {
                sent.push(event.clone());
                Ok(())
            }
        }
    }

    fn order_ids(events: &[OutboxEvent]) -> Vec<i64> {
        events
            .iter()
            .map(|event| payload(event)["order_id"].as_i64().unwrap_or(-1))
            .collect()
    }

    #[test]
    fn placing_an_order_writes_the_order_and_its_event() {
        let mut conn = db();
        let id = place_order(&mut conn, "ada", 1250).unwrap();
        assert_eq!(id, 42, "place_order returns the id of the new order");
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM orders WHERE id = 42 AND customer = 'ada' AND total = 1250"
            ),
            1,
            "place_order stores the order"
        );
        let mut sent = Vec::new();
        relay_once(&conn, &mut broker(&mut sent, &[])).unwrap();
        assert_eq!(
            sent.len(),
            1,
            "placing an order writes one event to the outbox"
        );
        assert_eq!(
            sent[0].topic, "order_placed",
            "the event's topic is order_placed"
        );
        let body = payload(&sent[0]);
        assert_eq!(
            body["order_id"], 42,
            "the event carries the id of the order it is about (not the outbox row's id), got {body}"
        );
        assert_eq!(
            body["customer"], "ada",
            "the event carries the customer, got {body}"
        );
        assert_eq!(
            body["total"], 1250,
            "the event carries the total, got {body}"
        );
    }

    #[test]
    fn the_order_and_its_event_are_written_in_one_transaction() {
        let mut conn = db();
        // The outbox insert fails, as a full disk or a constraint would.
        conn.execute_batch(
            "CREATE TRIGGER fault BEFORE INSERT ON outbox
             BEGIN SELECT RAISE(ABORT, 'injected fault'); END;",
        )
        .unwrap();
        assert!(
            place_order(&mut conn, "ada", 1250).is_err(),
            "place_order fails when the event cannot be written"
        );
        assert_eq!(
            count(&conn, "SELECT count(*) FROM orders WHERE customer = 'ada'"),
            0,
            "the order and its event are written in one transaction: the event could not be \
             written, yet the order stayed, and nobody will ever hear about it"
        );
    }

    #[test]
    fn the_relay_publishes_oldest_first_and_only_once() {
        let mut conn = db();
        for customer in ["a", "b", "c"] {
            place_order(&mut conn, customer, 10).unwrap();
        }
        let mut sent = Vec::new();
        let published = relay_once(&conn, &mut broker(&mut sent, &[])).unwrap();
        assert_eq!(
            order_ids(&sent),
            [42, 43, 44],
            "the relay publishes the unpublished events, oldest first"
        );
        assert_eq!(
            published, 3,
            "relay_once returns how many events it published"
        );
        place_order(&mut conn, "d", 10).unwrap();
        let mut again = Vec::new();
        let published = relay_once(&conn, &mut broker(&mut again, &[])).unwrap();
        assert_eq!(
            order_ids(&again),
            [45],
            "a published event is never published twice: the second run sends only the new one"
        );
        assert_eq!(
            published, 1,
            "relay_once returns how many events it published"
        );
    }

    #[test]
    fn an_event_the_broker_refused_stays_in_the_outbox() {
        let mut conn = db();
        place_order(&mut conn, "a", 10).unwrap();
        let mut sent = Vec::new();
        let published = relay_once(&conn, &mut broker(&mut sent, &[1])).unwrap();
        assert_eq!(
            published, 0,
            "an event the broker refused is not counted as published"
        );
        let mut retried = Vec::new();
        relay_once(&conn, &mut broker(&mut retried, &[])).unwrap();
        assert_eq!(
            order_ids(&retried),
            [42],
            "an event is marked published only after `publish` accepted it: the broker refused \
             it, so the next run must send it again"
        );
    }

    #[test]
    fn the_relay_stops_at_the_first_failure_to_keep_the_order() {
        let mut conn = db();
        for customer in ["a", "b", "c"] {
            place_order(&mut conn, customer, 10).unwrap();
        }
        let mut sent = Vec::new();
        let published = relay_once(&conn, &mut broker(&mut sent, &[2])).unwrap();
        assert_eq!(
            order_ids(&sent),
            [42],
            "the relay stops at the first failure: an event published after the one that failed \
             reaches consumers out of order"
        );
        assert_eq!(
            published, 1,
            "relay_once returns how many events it published"
        );
        let mut rest = Vec::new();
        relay_once(&conn, &mut broker(&mut rest, &[])).unwrap();
        assert_eq!(
            order_ids(&rest),
            [43, 44],
            "after a failure the next run publishes the failed event and those after it, in order"
        );
    }
}
