//! wrong: reads every outbox row instead of the unpublished ones, so each run sends all events again
//! expect: a published event is never published twice
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
            conn.prepare("SELECT id, topic, payload FROM outbox ORDER BY id")?;
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

