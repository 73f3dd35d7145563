//! wrong: records the id in autocommit before the transaction, so a failed deposit leaves its id recorded and the redelivery is skipped
//! expect: a failed delivery records nothing
//! # At-least-once delivery: deduplicate by message id
//!
//! A message broker delivers every message *at least* once: after a lost acknowledgement, a
//! consumer restart or a rebalance, the same message arrives again. Finish `handle`, which
//! applies a `Deposit` to its account exactly once, however often it is delivered:
//!
//! - the deposit and the record that its message id was handled (table `processed_messages`)
//!   are written in one transaction: a failure between the two must neither lose the deposit
//!   nor leave it applied without its record;
//! - a message whose id was already handled changes nothing and returns
//!   `Ok(Handled::Duplicate)`: it is not an error, the broker must still get its ack or it keeps
//!   delivering the message;
//! - the id, not the content, says which message it is: two deposits of the same amount to the
//!   same account with different ids are two deposits;
//! - a delivery that fails (an unknown account) records nothing, so a later redelivery is
//!   applied.
//!
//! Why it matters: every queue you will use in production (SQS, RabbitMQ, Kafka consumers,
//! webhooks) is at-least-once. Exactly-once *effects* come from consumers that remember what
//! they have done, in the same transaction as the work.

use rusqlite::{Connection, params};

/// One message from the broker: add `amount` cents to `account`.
#[derive(Debug, Clone)]
pub struct Deposit {
    pub message_id: String,
    pub account: i64,
    pub amount: i64,
}

/// What happened to a delivered message; both are acknowledged to the broker.
#[derive(Debug, PartialEq, Eq)]
pub enum Handled {
    Applied,
    Duplicate,
}

#[derive(Debug, thiserror::Error)]
pub enum HandleError {
    #[error("no account {0}")]
    UnknownAccount(i64),
    #[error(transparent)]
    Database(#[from] rusqlite::Error),
}

pub fn init_schema(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL);
         CREATE TABLE processed_messages (message_id TEXT PRIMARY KEY);",
    )
}

/// Applies `deposit` unless its message id was already handled.
pub fn handle(conn: &mut Connection, deposit: &Deposit) -> Result<Handled, HandleError> {
    let first_time = conn.execute(
        "INSERT INTO processed_messages (message_id) VALUES (?1) ON CONFLICT DO NOTHING",
        params![deposit.message_id],
    )? == 1;
    if !first_time {
        return Ok(Handled::Duplicate);
    }
    let tx = conn.transaction()?;
    let updated = tx.execute(
        "UPDATE accounts SET balance = balance + ?1 WHERE id = ?2",
        params![deposit.amount, deposit.account],
    )?;
    if updated == 0 {
        return Err(HandleError::UnknownAccount(deposit.account)); // rolls the record back
    }
    tx.commit()?;
    Ok(Handled::Applied)
}

fn main() {}

