//! # Upgrading old hashes on login
//!
//! Users registered years ago have hashes made with cheaper parameters (or Argon2i). Write
//! `needs_rehash`, then make `login` replace such a hash with one made with today's
//! parameters, right after the password has been verified.
//! Why it matters: hardware gets faster, so the recommended cost goes up over time. The only
//! moment you hold a user's plain password is a successful login, so that is when an outdated
//! hash can be upgraded, one user at a time and without forcing anyone to reset.

use argon2::password_hash;
use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version};
use rusqlite::{Connection, OptionalExtension, params};

pub const SCHEMA: &str = "
    CREATE TABLE users (
        id            INTEGER PRIMARY KEY,
        email         TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL
    );
";

/// Today's policy: Argon2id, version 19, m=19456 KiB, t=2, p=1.
pub const CURRENT_PARAMS: Params = match Params::new(19_456, 2, 1, None) {
    Ok(params) => params,
    Err(_) => panic!("invalid Argon2 parameters"),
};

fn hasher() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, CURRENT_PARAMS)
}

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("invalid email or password")]
    InvalidCredentials,
    #[error("database error")]
    Database(#[from] rusqlite::Error),
    #[error("password hashing error")]
    Hashing(#[from] password_hash::Error),
}

/// Whether `stored` differs from today's policy in algorithm, version, or m/t/p parameters.
/// Any difference counts, higher costs included: the policy alone decides what is stored.
pub fn needs_rehash(stored: &PasswordHash) -> bool {
    // TODO: compare `stored.algorithm` with Argon2id, `stored.version` with Version::V0x13
    // (as a u32), and the m/t/p costs with CURRENT_PARAMS. `Params::try_from(stored)` reads
    // the costs out of the PHC string; compare them one by one, because a `Params` read from
    // a hash also records the output length, which `CURRENT_PARAMS` leaves unset.
    todo!()
}

/// Returns the id of the user if `password` is theirs, upgrading an outdated hash on the way.
pub fn login(conn: &Connection, email: &str, password: &str) -> Result<i64, AuthError> {
    let user: Option<(i64, String)> = conn
        .query_row(
            "SELECT id, password_hash FROM users WHERE email = ?1",
            params![email],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    // Returning at once lets a stopwatch tell unknown emails apart (no hash is verified);
    // `dummy_hash_for_unknown_users` closes that gap.
    let Some((id, stored)) = user else {
        return Err(AuthError::InvalidCredentials);
    };
    let parsed = PasswordHash::new(&stored).map_err(password_hash::Error::from)?;
    match hasher().verify_password(password.as_bytes(), &parsed) {
        Ok(()) => {}
        Err(password_hash::Error::PasswordInvalid) => return Err(AuthError::InvalidCredentials),
        Err(err) => return Err(err.into()),
    }

    // TODO: the password is verified, so this is the moment to upgrade: if the stored hash
    // needs a rehash, hash the password with `hasher()` and UPDATE this user's row.
    Ok(id)
}

fn main() -> Result<(), AuthError> {
    let conn = Connection::open_in_memory()?;
    conn.execute_batch(SCHEMA)?;
    let old_params = Params::new(1024, 1, 1, None).map_err(password_hash::Error::from)?;
    let old = Argon2::new(Algorithm::Argon2id, Version::V0x13, old_params)
        .hash_password(b"hunter2")?
        .to_string();
    conn.execute(
        "INSERT INTO users (email, password_hash) VALUES (?1, ?2)",
        params!["ada@example.com", old],
    )?;
    login(&conn, "ada@example.com", "hunter2")?;
    let now: String = conn.query_row("SELECT password_hash FROM users", [], |row| row.get(0))?;
    println!("before: {old}\nafter:  {now}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMAIL: &str = "ada@example.com";
    const PASSWORD: &str = "correct horse battery staple";
    /// Made with today's policy from PASSWORD.
    const CURRENT_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$hkGWNAWe6eA97bvU18N6fQ$9/G7UfbFkayKaho2PR2axFRzejzijHhIp4WchjLP1ms";

    fn parse(phc: &str) -> PasswordHash {
        PasswordHash::new(phc).unwrap_or_else(|err| {
            panic!("password_hash must hold a PHC string, made by hasher(); found {phc:?} ({err})")
        })
    }

    /// A hash of `password` made the way an older release of the service did.
    fn old_hash(algorithm: Algorithm, m_kib: u32, t: u32, password: &str) -> String {
        let params = Params::new(m_kib, t, 1, None).expect("params");
        Argon2::new(algorithm, Version::V0x13, params)
            .hash_password(password.as_bytes())
            .expect("hash")
            .to_string()
    }

    fn db_with_user(stored: &str) -> Connection {
        let conn = Connection::open_in_memory().expect("in-memory database");
        conn.execute_batch(SCHEMA).expect("schema");
        conn.execute(
            "INSERT INTO users (email, password_hash) VALUES (?1, ?2)",
            params![EMAIL, stored],
        )
        .expect("insert");
        conn
    }

    fn stored_hash(conn: &Connection) -> String {
        stored_hash_of(conn, EMAIL)
    }

    fn stored_hash_of(conn: &Connection, email: &str) -> String {
        conn.query_row(
            "SELECT password_hash FROM users WHERE email = ?1",
            [email],
            |row| row.get(0),
        )
        .expect("the user row")
    }

    #[test]
    fn a_hash_made_with_todays_policy_needs_no_rehash() {
        assert!(
            !needs_rehash(&parse(CURRENT_HASH)),
            "an Argon2id v19 hash with m=19456,t=2,p=1 already follows the policy"
        );
    }

    #[test]
    fn anything_that_differs_from_the_policy_needs_a_rehash() {
        for (phc, what) in [
            (
                CURRENT_HASH.replace("m=19456", "m=4096"),
                "less memory (m=4096)",
            ),
            (CURRENT_HASH.replace("t=2", "t=1"), "fewer passes (t=1)"),
            (
                CURRENT_HASH.replace("$argon2id$", "$argon2i$"),
                "the Argon2i variant",
            ),
            (CURRENT_HASH.replace("v=19", "v=16"), "the old version 16"),
            (
                CURRENT_HASH.replace("m=19456,t=2,p=1", "m=65536,t=3,p=4"),
                "other costs, even higher ones (m=65536,t=3,p=4)",
            ),
            (CURRENT_HASH.replace("p=1", "p=2"), "two lanes (p=2)"),
        ] {
            assert!(
                needs_rehash(&parse(&phc)),
                "a hash with {what} does not follow today's policy and must be upgraded: compare \
                 the algorithm, the version and each of m, t and p with the policy for \
                 inequality, so the policy alone decides what is stored; {phc}"
            );
        }
    }

    #[test]
    fn a_successful_login_upgrades_an_old_hash() {
        let old = old_hash(Algorithm::Argon2id, 4096, 1, PASSWORD);
        let conn = db_with_user(&old);
        let grace_old = old_hash(Algorithm::Argon2id, 4096, 1, "a ship in port is safe");
        conn.execute(
            "INSERT INTO users (email, password_hash) VALUES (?1, ?2)",
            params!["grace@example.com", grace_old],
        )
        .expect("insert grace");
        login(&conn, EMAIL, PASSWORD).expect("the right password logs in");
        assert_eq!(
            stored_hash_of(&conn, "grace@example.com"),
            grace_old,
            "ada's login must update ada's row only (UPDATE ... WHERE id = ?): grace's hash changed"
        );
        let now = stored_hash(&conn);
        assert_ne!(
            now, old,
            "after a successful login, a hash with outdated parameters must be replaced in the database"
        );
        let parsed = parse(&now);
        assert!(
            !needs_rehash(&parsed),
            "the new hash must follow today's policy (Argon2id v19, m=19456,t=2,p=1), got {now}"
        );
        assert!(
            hasher()
                .verify_password(PASSWORD.as_bytes(), &parsed)
                .is_ok(),
            "the new hash must be a hash of the user's password, got {now}"
        );
    }

    #[test]
    fn an_argon2i_hash_is_upgraded_to_argon2id() {
        let old = old_hash(Algorithm::Argon2i, 19_456, 2, PASSWORD);
        let conn = db_with_user(&old);
        login(&conn, EMAIL, PASSWORD).expect("the right password logs in");
        let now = stored_hash(&conn);
        assert_eq!(
            parse(&now).algorithm.as_str(),
            "argon2id",
            "an Argon2i hash must be upgraded to Argon2id, got {now}"
        );
    }

    #[test]
    fn a_failed_login_changes_nothing() {
        let old = old_hash(Algorithm::Argon2id, 4096, 1, PASSWORD);
        let conn = db_with_user(&old);
        let err = login(&conn, EMAIL, "not the password").expect_err("wrong password");
        assert!(
            matches!(err, AuthError::InvalidCredentials),
            "a wrong password is AuthError::InvalidCredentials, got {err:?}"
        );
        assert_eq!(
            stored_hash(&conn),
            old,
            "a failed login must not touch the stored hash: only rehash after the password verified"
        );
    }

    #[test]
    fn an_up_to_date_hash_is_left_alone() {
        let conn = db_with_user(CURRENT_HASH);
        login(&conn, EMAIL, PASSWORD).expect("the right password logs in");
        assert_eq!(
            stored_hash(&conn),
            CURRENT_HASH,
            "a hash that already follows the policy must not be rewritten: rehashing on every \
             login doubles the cost of each login for nothing"
        );
    }
}
