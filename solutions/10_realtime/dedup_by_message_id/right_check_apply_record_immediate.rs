//! right: looks the id up with SELECT EXISTS, applies, then records, in an IMMEDIATE transaction
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

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

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
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let seen = tx
        .query_row(
            "SELECT 1 FROM processed_messages WHERE message_id = ?1",
            params![deposit.message_id],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if seen {
        return Ok(Handled::Duplicate);
    }
    match tx.execute(
        "UPDATE accounts SET balance = balance + ?1 WHERE id = ?2",
        params![deposit.amount, deposit.account],
    )? {
        0 => Err(HandleError::UnknownAccount(deposit.account)),
        _ => {
            tx.execute(
                "INSERT INTO processed_messages (message_id) VALUES (?1)",
                params![deposit.message_id],
            )?;
            tx.commit()?;
            Ok(Handled::Applied)
        }
    }
}

fn main() {}

