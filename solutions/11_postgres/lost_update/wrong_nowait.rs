//! wrong: FOR UPDATE NOWAIT fails at once when another withdrawal holds the row, instead of waiting for it
//! expect: NOWAIT gives up when the row is locked
//! # A lost update, and the lock that prevents it
//!
//! `withdraw` reads the balance, checks that it covers the amount, and writes the new balance
//! back. Alone, it works. When two withdrawals from one account run at the same time, at
//! PostgreSQL's default isolation level (READ COMMITTED), both read the same balance and the
//! second write overwrites the first: one withdrawal is lost, or the account goes below zero.
//! Fix `withdraw` so that the balance it checks is the balance it changes, however many
//! sessions withdraw at once: lock the row before reading it (`SELECT ... FOR UPDATE`, inside a
//! transaction), or run at REPEATABLE READ or SERIALIZABLE and run the whole transaction again
//! when PostgreSQL reports a serialization failure (SQLSTATE 40001). A withdrawal that another
//! one holds up waits for it, and then sees its result. The table is in `bank.sql`.
//!
//! Why it matters: read-modify-write is everywhere (balances, stock, seat maps, counters), and
//! every test with one user passes. Under load, two requests interleave, and the money or stock
//! that vanished is found weeks later in a reconciliation. The database can serialise them for
//! you, but only if you ask: a plain SELECT takes no lock, and a lock taken outside a
//! transaction is released as soon as its statement ends.

use tokio_postgres::{Client, Error};

#[derive(Debug, thiserror::Error)]
pub enum WithdrawError {
    #[error("account {0} does not exist")]
    NoSuchAccount(i64),
    #[error("insufficient funds: the balance is {balance_cents} cents")]
    InsufficientFunds { balance_cents: i64 },
    #[error(transparent)]
    Database(#[from] Error),
}

/// Takes `amount_cents` out of account `account_id`, never below zero, and returns the new
/// balance. A balance too small is `InsufficientFunds` with the balance seen, and changes nothing.
pub async fn withdraw(
    client: &mut Client,
    account_id: i64,
    amount_cents: i64,
) -> Result<i64, WithdrawError> {
    let tx = client.transaction().await?;
    let row = tx
        .query_opt(
            "SELECT balance_cents FROM accounts WHERE id = $1 FOR UPDATE NOWAIT",
            &[&account_id],
        )
        .await?
        .ok_or(WithdrawError::NoSuchAccount(account_id))?;
    let balance_cents: i64 = row.get(0);
    if balance_cents < amount_cents {
        return Err(WithdrawError::InsufficientFunds { balance_cents });
    }
    let new_balance = balance_cents - amount_cents;
    tx.execute(
        "UPDATE accounts SET balance_cents = $2 WHERE id = $1",
        &[&account_id, &new_balance],
    )
    .await?;
    tx.commit().await?;
    Ok(new_balance)
}

fn main() {}
