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
    let tx = conn.transaction()?;
    // Claiming the id first makes the duplicate check and the record one statement.
    let first_time = tx.execute(
        "INSERT INTO processed_messages (message_id) VALUES (?1) ON CONFLICT DO NOTHING",
        params![deposit.message_id],
    )? == 1;
    if !first_time {
        return Ok(Handled::Duplicate); // dropping `tx` rolls back: nothing changed
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        init_schema(&conn).unwrap();
        conn.execute(
            "INSERT INTO accounts (id, balance) VALUES (1, 0), (2, 0)",
            [],
        )
        .unwrap();
        conn
    }

    fn deposit(message_id: &str, account: i64, amount: i64) -> Deposit {
        Deposit {
            message_id: message_id.to_string(),
            account,
            amount,
        }
    }

    fn balance(conn: &Connection, account: i64) -> i64 {
        conn.query_row(
            "SELECT balance FROM accounts WHERE id = ?1",
            [account],
            |row| row.get(0),
        )
        .unwrap()
    }

    fn processed(conn: &Connection) -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT message_id FROM processed_messages ORDER BY message_id")
            .unwrap();
        stmt.query_map([], |row| row.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn a_new_message_is_applied_and_recorded() {
        let mut conn = db();
        let outcome = handle(&mut conn, &deposit("m-1", 1, 500));
        assert!(
            matches!(outcome, Ok(Handled::Applied)),
            "a message seen for the first time is applied: Ok(Handled::Applied), got {outcome:?}"
        );
        assert_eq!(
            balance(&conn, 1),
            500,
            "the deposit is added to the account"
        );
        assert_eq!(
            processed(&conn),
            ["m-1"],
            "a handled message's id is recorded in processed_messages"
        );
    }

    #[test]
    fn a_message_delivered_twice_is_applied_once() {
        let mut conn = db();
        handle(&mut conn, &deposit("m-1", 1, 500)).unwrap();
        let again = handle(&mut conn, &deposit("m-1", 1, 500));
        assert!(
            again.is_ok(),
            "a duplicate is acknowledged, not an error (the broker would deliver it forever): \
             expected Ok(Handled::Duplicate), got {again:?}"
        );
        assert_eq!(
            balance(&conn, 1),
            500,
            "a message delivered twice is applied once: the second delivery changes nothing"
        );
        assert!(
            matches!(again, Ok(Handled::Duplicate)),
            "a message whose id was already handled returns Ok(Handled::Duplicate), got {again:?}"
        );
        for _ in 0..3 {
            handle(&mut conn, &deposit("m-1", 1, 500)).unwrap();
        }
        assert_eq!(
            balance(&conn, 1),
            500,
            "a message delivered twice is applied once, however many redeliveries follow"
        );
    }

    #[test]
    fn the_id_not_the_content_identifies_a_message() {
        let mut conn = db();
        handle(&mut conn, &deposit("m-1", 1, 500)).unwrap();
        let second = handle(&mut conn, &deposit("m-2", 1, 500));
        assert!(
            matches!(second, Ok(Handled::Applied)),
            "two deposits of the same amount with different ids are two deposits: the id, not \
             the content, identifies a message; got {second:?}"
        );
        assert_eq!(
            balance(&conn, 1),
            1000,
            "two deposits of the same amount with different ids are two deposits: the id, not \
             the content, identifies a message"
        );
        handle(&mut conn, &deposit("m-3", 2, 70)).unwrap();
        assert_eq!(balance(&conn, 2), 70, "a deposit changes its own account");
        assert_eq!(
            balance(&conn, 1),
            1000,
            "a deposit leaves the other accounts untouched"
        );
    }

    #[test]
    fn a_failed_delivery_records_nothing_and_is_applied_when_redelivered() {
        let mut conn = db();
        let failed = handle(&mut conn, &deposit("m-9", 9, 300));
        assert!(
            matches!(failed, Err(HandleError::UnknownAccount(9))),
            "a deposit to an unknown account fails with HandleError::UnknownAccount, got {failed:?}"
        );
        assert!(
            processed(&conn).is_empty(),
            "a failed delivery records nothing: its id was recorded anyway, so the redelivery \
             would be skipped as a duplicate. Record the id and apply the deposit in one \
             transaction"
        );
        conn.execute("INSERT INTO accounts (id, balance) VALUES (9, 0)", [])
            .unwrap();
        let redelivered = handle(&mut conn, &deposit("m-9", 9, 300));
        assert!(
            matches!(redelivered, Ok(Handled::Applied)),
            "a failed delivery records nothing, so its redelivery is applied, got {redelivered:?}"
        );
        assert_eq!(balance(&conn, 9), 300, "the redelivered deposit is applied");
    }

    #[test]
    fn a_failure_while_recording_the_id_undoes_the_deposit() {
        let mut conn = db();
        // The store fails to record this one id, as a full disk or a lost connection would.
        conn.execute_batch(
            "CREATE TRIGGER fault BEFORE INSERT ON processed_messages
             WHEN NEW.message_id = 'm-crash'
             BEGIN SELECT RAISE(ABORT, 'injected fault'); END;",
        )
        .unwrap();
        let outcome = handle(&mut conn, &deposit("m-crash", 1, 500));
        assert!(
            outcome.is_err(),
            "the id could not be recorded, so handling must fail, got {outcome:?}"
        );
        assert_eq!(
            balance(&conn, 1),
            0,
            "the deposit and the record of its id are written in one transaction: the id could \
             not be recorded, yet the deposit stayed, so the redelivery would apply it twice"
        );
    }
}
