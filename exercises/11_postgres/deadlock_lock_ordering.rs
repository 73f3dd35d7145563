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
    let tx = client.transaction().await?;
    // TODO: these two locks are taken in the order of the transfer (source, then
    // destination). Take them in ascending id order instead, in one statement with ORDER BY
    // or in two, and keep reading the source's balance from its locked row.
    let balance_cents: i64 = tx
        .query_opt(
            "SELECT balance_cents FROM accounts WHERE id = $1 FOR UPDATE",
            &[&from],
        )
        .await?
        .ok_or(TransferError::NoSuchAccount(from))?
        .get(0);
    tx.query_opt("SELECT id FROM accounts WHERE id = $1 FOR UPDATE", &[&to])
        .await?
        .ok_or(TransferError::NoSuchAccount(to))?;
    if balance_cents < amount_cents {
        return Err(TransferError::InsufficientFunds { balance_cents });
    }
    tx.execute(
        "UPDATE accounts SET balance_cents = balance_cents - $2 WHERE id = $1",
        &[&from, &amount_cents],
    )
    .await?;
    tx.execute(
        "UPDATE accounts SET balance_cents = balance_cents + $2 WHERE id = $1",
        &[&to, &amount_cents],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;
    use tokio_postgres::NoTls;
    use tokio_postgres::error::SqlState;

    /// A session on the check's database (the runner's `DATABASE_URL`).
    async fn connect() -> Client {
        let url = std::env::var("DATABASE_URL")
            .expect("the runner hands the exercise's database as DATABASE_URL");
        let (client, connection) = tokio_postgres::connect(&url, NoTls)
            .await
            .expect("connect to the exercise's database");
        tokio::spawn(connection);
        client
    }

    /// A private copy of the fixture's accounts in schema `name`, rows in the fixture's order
    /// (tests run at the same time and must not see each other's rows).
    async fn private_copy(name: &str) {
        connect()
            .await
            .batch_execute(&format!(
                "DROP SCHEMA IF EXISTS {name} CASCADE;
                 CREATE SCHEMA {name};
                 CREATE TABLE {name}.accounts (LIKE public.accounts INCLUDING ALL);
                 INSERT INTO {name}.accounts SELECT * FROM public.accounts;
                 ANALYZE {name}.accounts;"
            ))
            .await
            .expect("copy the fixture's accounts");
    }

    /// A session whose unqualified table names resolve in `schema`, and its process id.
    async fn session(schema: &str) -> (Client, i32) {
        let client = connect().await;
        client
            .batch_execute(&format!("SET search_path = {schema}"))
            .await
            .expect("use the test's schema");
        let pid = client
            .query_one("SELECT pg_backend_pid()", &[])
            .await
            .expect("read the session's process id")
            .get(0);
        (client, pid)
    }

    async fn balances(client: &Client) -> Vec<(i64, i64)> {
        client
            .query("SELECT id, balance_cents FROM accounts ORDER BY id", &[])
            .await
            .expect("read the balances")
            .iter()
            .map(|row| (row.get(0), row.get(1)))
            .collect()
    }

    /// Waits until session `pid` waits for a lock another session holds, or `task` has ended.
    async fn blocked_or_finished<T>(pid: i32, task: &tokio::task::JoinHandle<T>) {
        let monitor = connect().await;
        while !task.is_finished() {
            let blocked: bool = monitor
                .query_one("SELECT cardinality(pg_blocking_pids($1)) > 0", &[&pid])
                .await
                .expect("read the server's lock table")
                .get(0);
            if blocked {
                return;
            }
            // Paces the polling of the server's state; nothing depends on how long it takes.
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    #[tokio::test]
    async fn a_transfer_moves_the_money_either_way() {
        private_copy("transfer_alone").await;
        let (mut client, _) = session("transfer_alone").await;
        let result = transfer(&mut client, 2, 1, 2500).await;
        assert!(
            result.is_ok(),
            "25.00 from account 2 to account 1: got {result:?}"
        );
        assert_eq!(
            balances(&client).await,
            [(1, 12500), (2, 7500), (3, 2500)],
            "a transfer from 2 to 1 must move 25.00 from account 2 to account 1"
        );
        let result = transfer(&mut client, 1, 3, 12500).await;
        assert!(
            result.is_ok(),
            "125.00 from account 1 to account 3: got {result:?}"
        );
        assert_eq!(
            balances(&client).await,
            [(1, 0), (2, 7500), (3, 15000)],
            "a transfer from 1 to 3 must move 125.00 from account 1 to account 3 (the whole \
             balance may go)"
        );
    }

    #[tokio::test]
    async fn a_failed_transfer_changes_nothing() {
        private_copy("transfer_fails").await;
        let (mut client, _) = session("transfer_fails").await;
        let result = transfer(&mut client, 3, 1, 2501).await;
        assert!(
            matches!(
                result,
                Err(TransferError::InsufficientFunds {
                    balance_cents: 2500
                })
            ),
            "25.01 out of account 3's 25.00: expected Err(InsufficientFunds {{ balance_cents: \
             2500 }}), got {result:?}"
        );
        let result = transfer(&mut client, 2, 99, 100).await;
        assert!(
            matches!(result, Err(TransferError::NoSuchAccount(99))),
            "account 99 does not exist: expected Err(NoSuchAccount(99)), got {result:?}"
        );
        let result = transfer(&mut client, 99, 2, 100).await;
        assert!(
            matches!(result, Err(TransferError::NoSuchAccount(99))),
            "account 99 does not exist: expected Err(NoSuchAccount(99)), got {result:?}"
        );
        assert_eq!(
            balances(&client).await,
            [(1, 10000), (2, 10000), (3, 2500)],
            "a transfer that fails must change nothing: nothing may change unless everything does \
             (one transaction, committed only at the end)"
        );
    }

    #[tokio::test]
    async fn the_balance_checked_is_the_one_locked() {
        let schema = "transfer_checked_when_locked";
        private_copy(schema).await;
        let (other, _) = session(schema).await;
        let (mut yours, pid) = session(schema).await;
        // Another transfer, of 90.00 from 2 to 3, has taken the money out of account 2 and not
        // committed yet.
        other
            .batch_execute(
                "BEGIN; UPDATE accounts SET balance_cents = balance_cents - 9000 WHERE id = 2",
            )
            .await
            .expect("the other transfer debits account 2");
        let task = tokio::spawn(async move {
            let result = transfer(&mut yours, 2, 1, 2500).await;
            (yours, result)
        });
        blocked_or_finished(pid, &task).await;
        other
            .batch_execute(
                "UPDATE accounts SET balance_cents = balance_cents + 9000 WHERE id = 3; COMMIT",
            )
            .await
            .expect("the other transfer credits account 3 and commits");
        let (yours, result) = task.await.expect("transfer panicked");
        assert!(
            matches!(
                result,
                Err(TransferError::InsufficientFunds {
                    balance_cents: 1000
                })
            ),
            "another transfer took 90.00 out of account 2 while yours of 25.00 from it waited: \
             when your transfer got the row, 10.00 was left, so it must be refused with \
             Err(InsufficientFunds {{ balance_cents: 1000 }}), got {result:?}. Check the balance \
             you read from the locked row, not one read before the lock"
        );
        assert_eq!(
            balances(&yours).await,
            [(1, 10000), (2, 1000), (3, 11500)],
            "only the other transfer happened"
        );
    }

    #[tokio::test]
    async fn opposite_transfers_at_the_same_time_do_not_deadlock() {
        let schema = "transfer_opposite";
        private_copy(schema).await;
        let (other, _) = session(schema).await;
        let (mut yours, pid) = session(schema).await;
        // Another transfer, of 10.00 from 1 to 2, has locked account 1 (the lower id, as the
        // bank's rule says) and will lock account 2 next.
        other
            .batch_execute(
                "BEGIN; UPDATE accounts SET balance_cents = balance_cents - 1000 WHERE id = 1",
            )
            .await
            .expect("the other transfer locks account 1");
        let task = tokio::spawn(async move {
            let result = transfer(&mut yours, 2, 1, 2500).await;
            (yours, result)
        });
        blocked_or_finished(pid, &task).await;
        // Does your transfer, now waiting, hold account 2? NOWAIT fails at once if it does.
        let probe = connect().await;
        probe
            .batch_execute(&format!("SET search_path = {schema}; BEGIN"))
            .await
            .expect("the probe begins");
        let held = probe
            .query(
                "SELECT id FROM accounts WHERE id = 2 FOR UPDATE NOWAIT",
                &[],
            )
            .await;
        probe
            .batch_execute("ROLLBACK")
            .await
            .expect("the probe ends");
        let holds_2 =
            matches!(&held, Err(err) if err.code() == Some(&SqlState::LOCK_NOT_AVAILABLE));
        // The other transfer goes on: it locks account 2. If yours holds it, that is the
        // deadlock, and PostgreSQL aborts one of the two after deadlock_timeout.
        let other_done = other
            .batch_execute(
                "UPDATE accounts SET balance_cents = balance_cents + 1000 WHERE id = 2; COMMIT",
            )
            .await;
        if other_done.is_err() {
            other
                .batch_execute("ROLLBACK")
                .await
                .expect("the other transfer rolls back");
        }
        let (yours, result) = task.await.expect("transfer panicked");
        assert!(
            !holds_2,
            "deadlock: your transfer from 2 to 1 locked account 2 and then waited for account 1, \
             which a transfer from 1 to 2 held; that one then waited for account 2 (its outcome: \
             {other_done:?}; yours: {result:?}). Lock the two accounts in ascending id order \
             (account 1, then account 2) whatever the direction of the transfer: then a transfer \
             waits before it holds anything the other needs"
        );
        assert!(
            other_done.is_ok() && result.is_ok(),
            "both transfers must succeed, yours waiting for the other: the other got \
             {other_done:?}, yours {result:?}"
        );
        assert_eq!(
            balances(&yours).await,
            [(1, 11500), (2, 8500), (3, 2500)],
            "10.00 went from 1 to 2 and 25.00 from 2 to 1"
        );
    }
}
