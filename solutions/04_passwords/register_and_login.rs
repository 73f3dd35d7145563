//! # Registration and login over a users table
//!
//! Implement `register` (hash the password with Argon2id, store the PHC string) and `login`
//! (look the user up, verify the password) over SQLite. Both "no such email" and "wrong
//! password" must come back as the same `AuthError::InvalidCredentials`.
//! Why it matters: the database will leak one day, so it must hold only slow salted hashes;
//! and a login form that says "unknown email" tells anyone which emails have an account
//! (account enumeration), which feeds phishing and credential stuffing.

use argon2::password_hash;
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use rusqlite::{Connection, OptionalExtension, params};

pub const SCHEMA: &str = "
    CREATE TABLE users (
        id            INTEGER PRIMARY KEY,
        email         TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL
    );
";

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// The one answer for "no such user" and "wrong password".
    #[error("invalid email or password")]
    InvalidCredentials,
    #[error("database error")]
    Database(#[from] rusqlite::Error),
    #[error("password hashing error")]
    Hashing(#[from] password_hash::Error),
}

/// The service's hasher. Its defaults are Argon2id v19 with m=19456, t=2, p=1.
fn hasher() -> Argon2<'static> {
    Argon2::default()
}

/// Creates a user and returns their id. Stores only the Argon2id PHC string. An email that
/// already has an account is an error: its row, and its hash, stay as they are.
pub fn register(conn: &Connection, email: &str, password: &str) -> Result<i64, AuthError> {
    let phc = hasher().hash_password(password.as_bytes())?.to_string();
    conn.execute(
        "INSERT INTO users (email, password_hash) VALUES (?1, ?2)",
        params![email, phc],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Returns the id of the user if `password` is theirs.
pub fn login(conn: &Connection, email: &str, password: &str) -> Result<i64, AuthError> {
    let user: Option<(i64, String)> = conn
        .query_row(
            "SELECT id, password_hash FROM users WHERE email = ?1",
            params![email],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    // Returning early here still lets a stopwatch tell unknown emails apart (no hash is
    // computed); a later exercise closes that gap.
    let Some((id, stored)) = user else {
        return Err(AuthError::InvalidCredentials);
    };
    match hasher().verify_password(password.as_bytes(), stored.as_str()) {
        Ok(()) => Ok(id),
        Err(password_hash::Error::PasswordInvalid) => Err(AuthError::InvalidCredentials),
        Err(err) => Err(err.into()),
    }
}

fn main() -> Result<(), AuthError> {
    let conn = Connection::open_in_memory()?;
    conn.execute_batch(SCHEMA)?;
    let id = register(&conn, "ada@example.com", "correct horse battery staple")?;
    println!("registered user {id}");
    println!("{:?}", login(&conn, "ada@example.com", "wrong password"));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::PasswordHash;
    use rusqlite::types::Value;

    const EMAIL: &str = "ada@example.com";
    const PASSWORD: &str = "correct horse battery staple";

    fn db() -> Connection {
        let conn = Connection::open_in_memory().expect("in-memory database");
        conn.execute_batch(SCHEMA).expect("schema");
        conn
    }

    /// Every value of every column of every row of every table, as text.
    fn every_stored_value(conn: &Connection) -> Vec<String> {
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")
            .and_then(|mut stmt| stmt.query_map([], |row| row.get(0))?.collect())
            .expect("list tables");
        let mut values = Vec::new();
        for table in tables {
            let mut stmt = conn
                .prepare(&format!("SELECT * FROM \"{table}\""))
                .expect("select");
            let columns = stmt.column_count();
            let mut rows = stmt.query([]).expect("query");
            while let Some(row) = rows.next().expect("row") {
                for i in 0..columns {
                    match row.get::<_, Value>(i).expect("value") {
                        Value::Text(text) => values.push(text),
                        Value::Blob(bytes) => {
                            values.push(String::from_utf8_lossy(&bytes).into_owned())
                        }
                        other => values.push(format!("{other:?}")),
                    }
                }
            }
        }
        values
    }

    #[test]
    fn register_then_login_returns_the_same_user() {
        let conn = db();
        let id = register(&conn, EMAIL, PASSWORD).expect("register");
        let logged_in = login(&conn, EMAIL, PASSWORD).expect("login with the right password");
        assert_eq!(
            logged_in, id,
            "login must return the id that register created"
        );
    }

    #[test]
    fn the_table_holds_an_argon2id_hash_and_never_the_password() {
        let conn = db();
        register(&conn, EMAIL, PASSWORD).expect("register");
        for value in every_stored_value(&conn) {
            assert!(
                !value.contains(PASSWORD),
                "the database contains the plain password ({value:?}): store only its hash"
            );
        }
        let stored: String = conn
            .query_row(
                "SELECT password_hash FROM users WHERE email = ?1",
                [EMAIL],
                |row| row.get(0),
            )
            .expect("the user row");
        let parsed = PasswordHash::new(&stored).unwrap_or_else(|err| {
            panic!("password_hash must hold a PHC string from Argon2id, got {stored:?} ({err})")
        });
        assert_eq!(
            parsed.algorithm.as_str(),
            "argon2id",
            "hash with Argon2id, got {stored}"
        );
        assert_eq!(
            ["m", "t", "p"].map(|name| parsed.params.get_decimal(name)),
            [Some(19_456), Some(2), Some(1)],
            "register must hash with hasher(), whose parameters are m=19456, t=2, p=1 (OWASP's \
             minimum); got {stored}"
        );
    }

    #[test]
    fn a_wrong_password_is_invalid_credentials() {
        let conn = db();
        register(&conn, EMAIL, PASSWORD).expect("register");
        let err = login(&conn, EMAIL, "correct horse battery stapler").expect_err("wrong password");
        assert!(
            matches!(err, AuthError::InvalidCredentials),
            "a wrong password must give AuthError::InvalidCredentials, got {err:?}"
        );
    }

    #[test]
    fn unknown_email_and_wrong_password_give_the_same_error() {
        let conn = db();
        register(&conn, EMAIL, PASSWORD).expect("register");
        let wrong_password = login(&conn, EMAIL, "not my password").expect_err("wrong password");
        let unknown_email =
            login(&conn, "nobody@example.com", PASSWORD).expect_err("unknown email");
        assert!(
            matches!(unknown_email, AuthError::InvalidCredentials),
            "an unknown email must give AuthError::InvalidCredentials too (not a database \
             \"no rows\" error), or the login form tells attackers which emails exist; got {unknown_email:?}"
        );
        assert_eq!(
            (format!("{unknown_email:?}"), unknown_email.to_string()),
            (format!("{wrong_password:?}"), wrong_password.to_string()),
            "unknown email and wrong password must be indistinguishable"
        );
    }

    #[test]
    fn users_with_the_same_password_do_not_share_a_hash() {
        let conn = db();
        register(&conn, "ada@example.com", PASSWORD).expect("register ada");
        let grace = register(&conn, "grace@example.com", PASSWORD).expect("register grace");
        let hashes: Vec<String> = conn
            .prepare("SELECT password_hash FROM users")
            .and_then(|mut stmt| stmt.query_map([], |row| row.get(0))?.collect())
            .expect("hashes");
        assert_ne!(
            hashes[0], hashes[1],
            "each user's hash needs its own random salt"
        );
        let outcome = login(&conn, "grace@example.com", PASSWORD);
        assert!(
            matches!(outcome, Ok(id) if id == grace),
            "grace must log in as herself (id {grace}), even though ada has the same password; got {outcome:?}"
        );
    }

    #[test]
    fn each_user_gets_their_own_id_and_logs_into_their_own_account() {
        let conn = db();
        let ada = register(&conn, "ada@example.com", PASSWORD).expect("register ada");
        let grace =
            register(&conn, "grace@example.com", "a ship in port is safe").expect("register grace");
        let ids: Vec<i64> = conn
            .prepare("SELECT id FROM users ORDER BY email")
            .and_then(|mut stmt| stmt.query_map([], |row| row.get(0))?.collect())
            .expect("ids");
        assert_eq!(
            vec![ada, grace],
            ids,
            "register must return the id of the row it inserted (conn.last_insert_rowid()), \
             not the number of rows changed"
        );
        for (email, password, id) in [
            ("ada@example.com", PASSWORD, ada),
            ("grace@example.com", "a ship in port is safe", grace),
        ] {
            let outcome = login(&conn, email, password);
            assert!(
                matches!(outcome, Ok(got) if got == id),
                "login({email:?}) must return the id of the row with that email ({id}); got {outcome:?}"
            );
        }
        let outcome = login(&conn, "grace@example.com", PASSWORD);
        assert!(
            matches!(outcome, Err(AuthError::InvalidCredentials)),
            "ada's password must not open grace's account: verify against the hash of the row \
             whose email matched; got {outcome:?}"
        );
    }

    #[test]
    fn registering_a_taken_email_fails_and_keeps_the_account() {
        let conn = db();
        let id = register(&conn, EMAIL, PASSWORD).expect("register ada");
        let again = register(&conn, EMAIL, "the attacker's password");
        assert!(
            again.is_err(),
            "registering an email that already has an account must fail (a plain INSERT meets the \
             UNIQUE constraint); replacing or ignoring the row would let anyone take over an \
             account, got {again:?}"
        );
        let outcome = login(&conn, EMAIL, PASSWORD);
        assert!(
            matches!(outcome, Ok(got) if got == id),
            "the first registration's password must still log in, got {outcome:?}"
        );
    }

    #[test]
    fn a_corrupt_stored_hash_is_a_hashing_error_not_a_wrong_password() {
        let conn = db();
        conn.execute(
            "INSERT INTO users (email, password_hash) VALUES (?1, ?2)",
            params![EMAIL, "not a PHC string"],
        )
        .expect("insert a corrupt row");
        let outcome = login(&conn, EMAIL, PASSWORD);
        assert!(
            matches!(outcome, Err(AuthError::Hashing(_))),
            "a stored value that cannot be verified is a server fault: return AuthError::Hashing \
             so it gets logged (only password_hash::Error::PasswordInvalid is InvalidCredentials); \
             got {outcome:?}"
        );
    }
}
