//! # Equal work for unknown users
//!
//! `login` answers an unknown email at once, but spends ~25 ms in Argon2 for a known one. Make
//! it verify the password against a dummy hash when the email is unknown, so both paths do
//! exactly one verification, and still refuse the login.
//! Why it matters: the same error message is not enough if the response time differs; an
//! attacker timing the login form learns which emails have accounts. The verifier is passed
//! in as a trait object, which is also how the tests count the verifications.

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

/// A hash with the same algorithm and parameters as real ones (Argon2id, m=19456, t=2, p=1),
/// made once from 32 random bytes that were then thrown away. Verifying against it costs as
/// much as verifying a real user. If the parameters change, make a new one.
pub const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$VPq9SkCbrrNutPRZuTjdTg$lEzp7mnishbgpul0vy4FUTgnf/gdvIenuB5MYi1j9vw";

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("invalid email or password")]
    InvalidCredentials,
    #[error("database error")]
    Database(#[from] rusqlite::Error),
    #[error("password hashing error")]
    Hashing(#[from] password_hash::Error),
}

pub fn register(conn: &Connection, email: &str, password: &str) -> Result<i64, AuthError> {
    let phc = Argon2::default()
        .hash_password(password.as_bytes())?
        .to_string();
    conn.execute(
        "INSERT INTO users (email, password_hash) VALUES (?1, ?2)",
        params![email, phc],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Returns the id of the user if `password` is theirs. `verifier` checks a password against
/// a PHC string; in production it is `&Argon2::default()`.
pub fn login(
    conn: &Connection,
    verifier: &dyn PasswordVerifier<str>,
    email: &str,
    password: &str,
) -> Result<i64, AuthError> {
    let user: Option<(i64, String)> = conn
        .query_row(
            "SELECT id, password_hash FROM users WHERE email = ?1",
            params![email],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let Some((id, stored)) = user else {
        // Spend the same time as a real check, then refuse whatever the outcome: nobody may
        // log in as an account that does not exist, even with the dummy's password.
        let _ = verifier.verify_password(password.as_bytes(), DUMMY_HASH);
        return Err(AuthError::InvalidCredentials);
    };
    match verifier.verify_password(password.as_bytes(), &stored) {
        Ok(()) => Ok(id),
        Err(password_hash::Error::PasswordInvalid) => Err(AuthError::InvalidCredentials),
        Err(err) => Err(err.into()),
    }
}

fn main() -> Result<(), AuthError> {
    let conn = Connection::open_in_memory()?;
    conn.execute_batch(SCHEMA)?;
    register(&conn, "ada@example.com", "correct horse battery staple")?;
    let argon2 = Argon2::default();
    for email in ["ada@example.com", "nobody@example.com"] {
        let started = std::time::Instant::now();
        let outcome = login(&conn, &argon2, email, "wrong guess");
        println!("{email}: {outcome:?} in {:?}", started.elapsed());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::PasswordHash;
    use std::cell::RefCell;

    const EMAIL: &str = "ada@example.com";
    const PASSWORD: &str = "correct horse battery staple";

    /// Wraps the real Argon2 verifier and records every hash it is asked to verify against.
    #[derive(Default)]
    struct CountingVerifier {
        hashes_seen: RefCell<Vec<String>>,
    }

    impl PasswordVerifier<str> for CountingVerifier {
        fn verify_password(&self, password: &[u8], hash: &str) -> password_hash::Result<()> {
            self.hashes_seen.borrow_mut().push(hash.to_string());
            Argon2::default().verify_password(password, hash)
        }
    }

    /// A broken verifier that accepts every password for every hash.
    struct AcceptEverything;

    impl PasswordVerifier<str> for AcceptEverything {
        fn verify_password(&self, _password: &[u8], _hash: &str) -> password_hash::Result<()> {
            Ok(())
        }
    }

    /// Ada's row, as `register` stores it (Argon2id, m=19456, t=2, p=1, from PASSWORD).
    const ADA_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$hkGWNAWe6eA97bvU18N6fQ$9/G7UfbFkayKaho2PR2axFRzejzijHhIp4WchjLP1ms";

    fn db_with_ada() -> (Connection, String) {
        let conn = Connection::open_in_memory().expect("in-memory database");
        conn.execute_batch(SCHEMA).expect("schema");
        conn.execute(
            "INSERT INTO users (email, password_hash) VALUES (?1, ?2)",
            params![EMAIL, ADA_HASH],
        )
        .expect("insert ada");
        (conn, ADA_HASH.to_string())
    }

    /// The cost parameters of a PHC string, to compare the dummy with a real hash.
    fn cost(phc: &str) -> (String, Option<u32>, String) {
        let parsed = PasswordHash::new(phc).unwrap_or_else(|err| {
            panic!(
                "{phc:?} is not a PHC string ({err}): verifying against it fails at once, \
                 without the work of a real verification"
            )
        });
        (
            parsed.algorithm.to_string(),
            parsed.version,
            parsed.params.to_string(),
        )
    }

    #[test]
    fn an_unknown_email_still_costs_one_verification_against_a_real_looking_hash() {
        let (conn, stored) = db_with_ada();
        let verifier = CountingVerifier::default();
        let err = login(&conn, &verifier, "nobody@example.com", PASSWORD)
            .expect_err("an unknown email cannot log in");
        assert!(
            matches!(err, AuthError::InvalidCredentials),
            "an unknown email is InvalidCredentials, got {err:?}"
        );
        let seen = verifier.hashes_seen.into_inner();
        assert_eq!(
            seen.len(),
            1,
            "an unknown email must cost exactly one `verifier.verify_password` call (against \
             DUMMY_HASH), like a known one; skipping it lets a stopwatch tell which emails exist"
        );
        assert_eq!(
            cost(&seen[0]),
            cost(&stored),
            "the dummy hash must use the same algorithm and parameters as real users' hashes, or it takes a different time"
        );
    }

    #[test]
    fn every_unknown_email_is_checked_against_the_same_fixed_dummy() {
        let (conn, _) = db_with_ada();
        let verifier = CountingVerifier::default();
        for email in ["nobody@example.com", "someone@example.com"] {
            let _ = login(&conn, &verifier, email, PASSWORD);
        }
        let seen = verifier.hashes_seen.into_inner();
        assert!(
            seen.len() == 2 && seen[0] == seen[1],
            "two unknown-email logins must verify against the same fixed dummy hash (DUMMY_HASH): \
             making a new hash per request costs a hash and a verification, twice the work of a \
             real login; verified against {seen:?}"
        );
    }

    #[test]
    fn a_known_email_costs_exactly_one_verification() {
        let (conn, stored) = db_with_ada();
        for password in [PASSWORD, "wrong guess"] {
            let verifier = CountingVerifier::default();
            let _ = login(&conn, &verifier, EMAIL, password);
            assert_eq!(
                verifier.hashes_seen.into_inner(),
                vec![stored.clone()],
                "a known email is verified once, against the user's own hash, and never also against the dummy"
            );
        }
    }

    #[test]
    fn the_dummy_verification_never_logs_anyone_in() {
        let (conn, _) = db_with_ada();
        let outcome = login(&conn, &AcceptEverything, "nobody@example.com", "anything");
        assert!(
            matches!(outcome, Err(AuthError::InvalidCredentials)),
            "an unknown email must be refused even if the dummy verification succeeds \
             (someone could guess the dummy's password); ignore its result, got {outcome:?}"
        );
    }

    #[test]
    fn logins_still_work_and_both_failures_look_the_same() {
        let (conn, _) = db_with_ada();
        let argon2 = Argon2::default();
        let outcome = login(&conn, &argon2, EMAIL, PASSWORD);
        assert!(
            matches!(outcome, Ok(1)),
            "ada (id 1) still logs in with her password; got {outcome:?}"
        );
        let wrong = login(&conn, &argon2, EMAIL, "wrong guess").expect_err("wrong password");
        let unknown =
            login(&conn, &argon2, "nobody@example.com", "wrong guess").expect_err("unknown email");
        assert_eq!(
            (format!("{unknown:?}"), unknown.to_string()),
            (format!("{wrong:?}"), wrong.to_string()),
            "unknown email and wrong password must give the same error"
        );
    }
}
