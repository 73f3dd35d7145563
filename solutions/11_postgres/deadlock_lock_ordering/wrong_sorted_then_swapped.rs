//! wrong: sorts the two ids to lock them in order, then debits the lower id and credits the higher whatever the direction
//! expect: a transfer from 2 to 1 must move 25.00 from account 2 to account 1
//! # A deadlock, and the lock order that avoids it
//!
//! `transfer` moves money between two accounts in one transaction, locking each account's row
//! before touching it. It locks the source first, then the destination. A transfer from 1 to 2
//! and one from 2 to 1 at the same moment then each hold one row and wait for the other's: a
//! deadlock. PostgreSQL detects it after a second (`deadlock_timeout`) and aborts one of them
//! with "deadlock detected" (SQLSTATE 40P01). Fix `transfer` so that it cannot take part in a
//! deadlock: lock both rows in ascending id order, whatever the direction of the transfer, as
//! every other piece of code of this bank that locks several accounts does. Everything else
//! stays: one transaction, the balance checked after the lock, nothing changed on an error, and
//! a transfer held up by another one waits for it. The table is in `bank.sql`.
//!
//! Why it matters: deadlocks appear under load, between requests that are each correct, and
//! look like random failures. Retrying hides them but wastes a second each time and still
//! fails under contention. A global rule for the order in which rows (or tables) are locked
//! makes a cycle of waits impossible. Mind that `SELECT ... WHERE id IN (...) FOR UPDATE`
//! locks the rows in the order it happens to read them, which is not the order of the list.

use tokio_postgres::{Client, Error};

#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    #[error("account {0} does not exist")]
    NoSuchAccount(i64),
    #[error("insufficient funds: the balance is {balance_cents} cents")]
    InsufficientFunds { balance_cents: i64 },
    #[error(transparent)]
    Database(#[from] Error),
}

/// Moves `amount_cents` from account `from` to account `to` (two different accounts), never
/// taking the source below zero. On any error nothing changes.
pub async fn transfer(
    client: &mut Client,
    from: i64,
    to: i64,
    amount_cents: i64,
) -> Result<(), TransferError> {
    let (first, second) = (from.min(to), from.max(to));
    let tx = client.transaction().await?;
    let balance_cents: i64 = tx
        .query_opt(
            "SELECT balance_cents FROM accounts WHERE id = $1 FOR UPDATE",
            &[&first],
        )
        .await?
        .ok_or(TransferError::NoSuchAccount(first))?
        .get(0);
    tx.query_opt("SELECT id FROM accounts WHERE id = $1 FOR UPDATE", &[&second])
        .await?
        .ok_or(TransferError::NoSuchAccount(second))?;
    if balance_cents < amount_cents {
        return Err(TransferError::InsufficientFunds { balance_cents });
    }
    tx.execute(
        "UPDATE accounts SET balance_cents = balance_cents - $2 WHERE id = $1",
        &[&first, &amount_cents],
    )
    .await?;
    tx.execute(
        "UPDATE accounts SET balance_cents = balance_cents + $2 WHERE id = $1",
        &[&second, &amount_cents],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn main() {}
