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
    // TODO: this is the version that loses updates. Keep its steps (read, check, write) and
    // make them safe: a transaction whose SELECT locks the row (FOR UPDATE), committed after
    // the UPDATE; or a REPEATABLE READ transaction run again on a serialization failure.
    let row = client
        .query_opt(
            "SELECT balance_cents FROM accounts WHERE id = $1",
            &[&account_id],
        )
        .await?
        .ok_or(WithdrawError::NoSuchAccount(account_id))?;
    let balance_cents: i64 = row.get(0);
    if balance_cents < amount_cents {
        return Err(WithdrawError::InsufficientFunds { balance_cents });
    }
    let new_balance = balance_cents - amount_cents;
    client
        .execute(
            "UPDATE accounts SET balance_cents = $2 WHERE id = $1",
            &[&account_id, &new_balance],
        )
        .await?;
    Ok(new_balance)
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

    /// A private copy of the fixture's accounts in schema `name` (tests run at the same time
    /// and must not see each other's rows).
    async fn private_copy(name: &str) {
        connect()
            .await
            .batch_execute(&format!(
                "DROP SCHEMA IF EXISTS {name} CASCADE;
                 CREATE SCHEMA {name};
                 CREATE TABLE {name}.accounts (LIKE public.accounts INCLUDING ALL);
                 INSERT INTO {name}.accounts SELECT * FROM public.accounts;"
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

    async fn balance(client: &Client, account_id: i64) -> i64 {
        client
            .query_one(
                "SELECT balance_cents FROM accounts WHERE id = $1",
                &[&account_id],
            )
            .await
            .expect("read the balance")
            .get(0)
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

    /// What a failed withdrawal should have done instead, when the error says it.
    fn advice(result: &Result<i64, WithdrawError>) -> &'static str {
        match result {
            Err(WithdrawError::Database(err))
                if err.code() == Some(&SqlState::T_R_SERIALIZATION_FAILURE) =>
            {
                "At REPEATABLE READ and SERIALIZABLE, PostgreSQL aborts a transaction whose row \
                 another one changed meanwhile (could not serialize access, SQLSTATE 40001): \
                 roll back and run the whole transaction again, reading the balance anew."
            }
            Err(WithdrawError::Database(err))
                if err.code() == Some(&SqlState::LOCK_NOT_AVAILABLE) =>
            {
                "NOWAIT gives up when the row is locked; a withdrawal must wait for the other one."
            }
            _ => "",
        }
    }

    /// Another session's withdrawal of `other_cents` from account 1 is written but not
    /// committed when yours of `yours_cents` starts; it commits once yours waits for it (or has
    /// finished). Returns your result, and the balance of account 1 afterwards.
    async fn race(
        schema: &str,
        other_cents: i64,
        yours_cents: i64,
    ) -> (Result<i64, WithdrawError>, i64) {
        private_copy(schema).await;
        let (other, _) = session(schema).await;
        let (mut yours, pid) = session(schema).await;
        other
            .execute("BEGIN", &[])
            .await
            .expect("the other session begins");
        other
            .execute(
                "UPDATE accounts SET balance_cents = balance_cents - $1 WHERE id = 1",
                &[&other_cents],
            )
            .await
            .expect("the other session's withdrawal");
        let task = tokio::spawn(async move {
            let result = withdraw(&mut yours, 1, yours_cents).await;
            (yours, result)
        });
        blocked_or_finished(pid, &task).await;
        other
            .execute("COMMIT", &[])
            .await
            .expect("the other session commits");
        let (_yours, result) = task.await.expect("withdraw panicked");
        (result, balance(&other, 1).await)
    }

    /// Yours starts first: it has read the balance when another session's withdrawal of 30.00
    /// comes in. Your UPDATE is held at its start (a statement trigger waits on an advisory lock
    /// the test holds, before the UPDATE touches any row) until the other one has either
    /// finished or is waiting for you. Returns your result, and the balance afterwards.
    async fn race_reading_first(schema: &str) -> (Result<i64, WithdrawError>, i64) {
        private_copy(schema).await;
        let (gate, _) = session(schema).await;
        gate.batch_execute(
            "CREATE FUNCTION hold_paused_updates() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN
                 IF current_setting('test.pause', true) = 'on' THEN
                     PERFORM pg_advisory_xact_lock(1101);
                 END IF;
                 RETURN NULL;
             END $$;
             CREATE TRIGGER hold_paused_updates BEFORE UPDATE ON accounts
                 FOR EACH STATEMENT EXECUTE FUNCTION hold_paused_updates();
             SELECT pg_advisory_lock(1101);",
        )
        .await
        .expect("set the gate up");
        let (mut yours, pid) = session(schema).await;
        yours
            .batch_execute("SET test.pause = 'on'")
            .await
            .expect("your session's updates wait at the gate");
        let task = tokio::spawn(async move {
            let result = withdraw(&mut yours, 1, 5000).await;
            (yours, result)
        });
        blocked_or_finished(pid, &task).await;
        let (other, other_pid) = session(schema).await;
        let other_task = tokio::spawn(async move {
            other
                .execute(
                    "UPDATE accounts SET balance_cents = balance_cents - 3000 WHERE id = 1",
                    &[],
                )
                .await
        });
        blocked_or_finished(other_pid, &other_task).await;
        gate.batch_execute("SELECT pg_advisory_unlock(1101)")
            .await
            .expect("open the gate");
        let (_yours, result) = task.await.expect("withdraw panicked");
        let other_result = other_task.await.expect("the other withdrawal panicked");
        assert!(
            other_result.is_ok(),
            "the other session's withdrawal failed: {other_result:?}"
        );
        (result, balance(&gate, 1).await)
    }

    #[tokio::test]
    async fn a_withdrawal_takes_the_amount_out() {
        private_copy("withdraw_alone").await;
        let (mut client, _) = session("withdraw_alone").await;
        let result = withdraw(&mut client, 1, 3000).await;
        assert!(
            matches!(result, Ok(7000)),
            "100.00 minus 30.00 leaves 70.00: expected Ok(7000), got {result:?}"
        );
        assert_eq!(balance(&client, 1).await, 7000, "the new balance is stored");
        assert_eq!(
            balance(&client, 2).await,
            10000,
            "only the account withdrawn from changes"
        );
    }

    #[tokio::test]
    async fn a_withdrawal_larger_than_the_balance_is_refused() {
        private_copy("withdraw_too_much").await;
        let (mut client, pid) = session("withdraw_too_much").await;
        let result = withdraw(&mut client, 3, 2501).await;
        assert!(
            matches!(
                result,
                Err(WithdrawError::InsufficientFunds {
                    balance_cents: 2500
                })
            ),
            "25.01 out of 25.00 is refused with the balance seen: expected \
             Err(InsufficientFunds {{ balance_cents: 2500 }}), got {result:?}"
        );
        assert_eq!(
            balance(&client, 3).await,
            2500,
            "a refused withdrawal changes nothing"
        );
        // The round trip above ran after everything withdraw sent (a dropped Transaction sends
        // its ROLLBACK on its way out), so the session's state is final.
        let state: Option<String> = connect()
            .await
            .query_one("SELECT state FROM pg_stat_activity WHERE pid = $1", &[&pid])
            .await
            .expect("read the session's state")
            .get(0);
        assert_eq!(
            state.as_deref(),
            Some("idle"),
            "a refused withdrawal left its transaction open, so the account's row stays locked \
             and every other withdrawal from it waits forever: end the transaction on every path \
             (a tokio-postgres Transaction dropped without commit rolls back)"
        );
        let unknown = withdraw(&mut client, 99, 1).await;
        assert!(
            matches!(unknown, Err(WithdrawError::NoSuchAccount(99))),
            "account 99 does not exist: expected Err(NoSuchAccount(99)), got {unknown:?}"
        );
        let next = withdraw(&mut client, 3, 2500).await;
        assert!(
            matches!(next, Ok(0)),
            "after a refused withdrawal the session still works, and the whole balance can be \
             withdrawn: expected Ok(0), got {next:?}"
        );
    }

    #[tokio::test]
    async fn a_concurrent_withdrawal_is_not_lost() {
        let (result, left) = race("withdraw_race", 3000, 5000).await;
        assert!(
            result.is_ok(),
            "another session withdrew 30.00 from 100.00 while your withdrawal of 50.00 ran: yours \
             must wait for it and then succeed, got {result:?}. {}",
            advice(&result)
        );
        assert_eq!(
            left,
            2000,
            "withdrawals of 30.00 and 50.00 from 100.00 must leave 20.00, the account holds {}: \
             a lost update. Your withdrawal read the balance before the other one committed and \
             wrote back a balance computed from it. Lock the row when you read it (SELECT ... FOR \
             UPDATE, in the same transaction as the UPDATE), or retry on a serialization failure",
            left as f64 / 100.0
        );
        assert!(
            matches!(result, Ok(2000)),
            "withdraw returns the balance after the withdrawal, 20.00 here: expected Ok(2000), got \
             {result:?}"
        );
    }

    #[tokio::test]
    async fn a_withdrawal_that_read_first_does_not_overwrite_a_later_one() {
        let (result, left) = race_reading_first("withdraw_race_read_first").await;
        assert!(
            result.is_ok(),
            "your withdrawal of 50.00 had read the balance when another one of 30.00 came in: \
             yours must succeed, got {result:?}. {}",
            advice(&result)
        );
        assert_eq!(
            left,
            2000,
            "withdrawals of 50.00 (yours, which read the balance first) and 30.00 (another \
             session's, in the gap before your UPDATE) from 100.00 must leave 20.00, the account \
             holds {}: a lost update. Nothing stopped the other withdrawal between your read and \
             your write: keep the row locked from the SELECT to the COMMIT (FOR UPDATE, in one \
             transaction; a lock taken outside a transaction ends with its statement)",
            left as f64 / 100.0
        );
    }

    #[tokio::test]
    async fn a_concurrent_withdrawal_can_make_yours_too_large() {
        let (result, left) = race("withdraw_race_overdraft", 8000, 5000).await;
        assert!(
            left >= 0,
            "another session withdrew 80.00 from 100.00 while your withdrawal of 50.00 ran, and \
             the account went to {:.2}: an overdraft. The balance you checked was not the balance \
             you changed: lock the row before the check (FOR UPDATE), or retry on a \
             serialization failure",
            left as f64 / 100.0
        );
        assert!(
            matches!(
                result,
                Err(WithdrawError::InsufficientFunds {
                    balance_cents: 2000
                })
            ),
            "after the other withdrawal of 80.00 only 20.00 is left: yours of 50.00 must be \
             refused with Err(InsufficientFunds {{ balance_cents: 2000 }}), got {result:?}. {}",
            advice(&result)
        );
        assert_eq!(left, 2000, "only the other withdrawal happened");
    }
}
