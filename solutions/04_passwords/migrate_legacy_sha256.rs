//! # Migrating legacy SHA-256 hashes on login
//!
//! Some rows still hold hashes from an older release: `sha256$<hex digest>`, an unsalted
//! SHA-256 of the password (INSECURE, see the first exercise). Check such a row in constant
//! time, and on a successful login replace it with an Argon2id PHC string.
//! Why it matters: you cannot rehash what you do not know, and the plain password only
//! passes through your server at login. Each successful login moves one more user off the
//! weak scheme; a failed login must change nothing.

use argon2::password_hash;
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

pub const SCHEMA: &str = "
    CREATE TABLE users (
        id            INTEGER PRIMARY KEY,
        email         TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL
    );
";

/// Prefix of the legacy format: `sha256$` followed by 64 lowercase hex characters.
pub const LEGACY_PREFIX: &str = "sha256$";

/// Same algorithm and parameters as real hashes; its password was random and thrown away.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$VPq9SkCbrrNutPRZuTjdTg$lEzp7mnishbgpul0vy4FUTgnf/gdvIenuB5MYi1j9vw";

/// Argon2id v19, m=19456, t=2, p=1.
fn hasher() -> Argon2<'static> {
    Argon2::default()
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

/// Whether SHA-256 of `password` is the digest written as hex in `hex_digest`, compared in
/// constant time. A digest that is not valid hex matches nothing.
pub fn legacy_sha256_matches(password: &str, hex_digest: &str) -> bool {
    let Ok(expected) = hex::decode(hex_digest) else {
        return false;
    };
    let actual = Sha256::digest(password.as_bytes());
    actual.as_slice().ct_eq(expected.as_slice()).into()
}

/// Returns the id of the user if `password` is theirs; moves a legacy hash to Argon2id.
pub fn login(conn: &Connection, email: &str, password: &str) -> Result<i64, AuthError> {
    let user: Option<(i64, String)> = conn
        .query_row(
            "SELECT id, password_hash FROM users WHERE email = ?1",
            params![email],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let Some((id, stored)) = user else {
        // Same work as a real check, then refuse: timing must not reveal unknown emails.
        let _ = hasher().verify_password(password.as_bytes(), DUMMY_HASH);
        return Err(AuthError::InvalidCredentials);
    };

    if let Some(legacy_digest) = stored.strip_prefix(LEGACY_PREFIX) {
        if !legacy_sha256_matches(password, legacy_digest) {
            return Err(AuthError::InvalidCredentials);
        }
        let upgraded = hasher().hash_password(password.as_bytes())?.to_string();
        conn.execute(
            "UPDATE users SET password_hash = ?1 WHERE id = ?2",
            params![upgraded, id],
        )?;
        return Ok(id);
    }

    match hasher().verify_password(password.as_bytes(), stored.as_str()) {
        Ok(()) => Ok(id),
        Err(password_hash::Error::PasswordInvalid) => Err(AuthError::InvalidCredentials),
        Err(err) => Err(err.into()),
    }
}

fn main() -> Result<(), AuthError> {
    let conn = Connection::open_in_memory()?;
    conn.execute_batch(SCHEMA)?;
    let legacy = format!(
        "{LEGACY_PREFIX}{}",
        hex::encode(Sha256::digest(b"correct horse battery staple"))
    );
    conn.execute(
        "INSERT INTO users (email, password_hash) VALUES (?1, ?2)",
        params!["ada@example.com", legacy],
    )?;
    login(&conn, "ada@example.com", "correct horse battery staple")?;
    let now: String = conn.query_row("SELECT password_hash FROM users", [], |row| row.get(0))?;
    println!("before: {legacy}\nafter:  {now}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::PasswordHash;

    const LEGACY_EMAIL: &str = "ada@example.com";
    const LEGACY_PASSWORD: &str = "correct horse battery staple";
    /// `sha256$` + SHA-256 of LEGACY_PASSWORD.
    const LEGACY_HASH: &str =
        "sha256$c4bbcb1fbec99d65bf59d85c8cb62ee2db963f0fe106f483d9afa73bd4e39a8a";

    const MODERN_EMAIL: &str = "grace@example.com";
    const MODERN_PASSWORD: &str = "a ship in port is safe";
    /// Argon2id with cheap parameters (this test is not about them), from MODERN_PASSWORD.
    fn modern_hash() -> String {
        let params = argon2::Params::new(1024, 1, 1, None).expect("params");
        Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
            .hash_password(MODERN_PASSWORD.as_bytes())
            .expect("hash")
            .to_string()
    }

    fn db() -> Connection {
        let conn = Connection::open_in_memory().expect("in-memory database");
        conn.execute_batch(SCHEMA).expect("schema");
        for (email, stored) in [
            (LEGACY_EMAIL, LEGACY_HASH.to_string()),
            (MODERN_EMAIL, modern_hash()),
        ] {
            conn.execute(
                "INSERT INTO users (email, password_hash) VALUES (?1, ?2)",
                params![email, stored],
            )
            .expect("insert");
        }
        conn
    }

    fn rows(conn: &Connection) -> Vec<(i64, String, String)> {
        conn.prepare("SELECT id, email, password_hash FROM users ORDER BY id")
            .and_then(|mut stmt| {
                stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
                    .collect()
            })
            .expect("rows")
    }

    /// Calls `legacy_sha256_matches`, turning a panic into a failure that says why it matters.
    fn matches_without_panic(password: &str, hex_digest: &str) -> bool {
        std::panic::catch_unwind(|| legacy_sha256_matches(password, hex_digest)).unwrap_or_else(
            |_| {
                panic!(
                    "legacy_sha256_matches panicked on the digest {hex_digest:?}: a row that is \
                     not valid hex matches nothing (return false), it must not crash the login"
                )
            },
        )
    }

    /// Logs in with the right password, failing with a message that says what was expected.
    #[track_caller]
    fn login_ok(conn: &Connection, email: &str, password: &str, id: i64, why: &str) {
        let outcome = login(conn, email, password);
        assert!(
            matches!(outcome, Ok(got) if got == id),
            "{email} (id {id}) must log in with the right password: {why}; got {outcome:?}"
        );
    }

    const MIGRATES: &str =
        "a legacy row that matches is migrated and the login returns Ok(id) right after the UPDATE";

    fn stored_hash(conn: &Connection, email: &str) -> String {
        conn.query_row(
            "SELECT password_hash FROM users WHERE email = ?1",
            [email],
            |row| row.get(0),
        )
        .expect("the user row")
    }

    #[test]
    fn legacy_digests_are_checked_correctly() {
        let digest = &LEGACY_HASH[LEGACY_PREFIX.len()..];
        assert!(
            legacy_sha256_matches(LEGACY_PASSWORD, digest),
            "SHA-256 of the right password matches the stored hex digest"
        );
        assert!(
            !legacy_sha256_matches("correct horse battery stapler", digest),
            "any other password must not match"
        );
        assert!(
            !legacy_sha256_matches(digest, digest),
            "presenting the leaked digest itself as the password must not log anyone in"
        );
        assert!(
            !matches_without_panic(LEGACY_PASSWORD, "c4bbcb1f"),
            "a truncated digest matches nothing: compare all 32 bytes (ct_eq on slices of \
             different lengths is false), not just the bytes both have"
        );
        assert!(
            !matches_without_panic(LEGACY_PASSWORD, "not hex at all"),
            "a digest that is not hex matches nothing"
        );
    }

    #[test]
    fn a_successful_legacy_login_replaces_the_hash_with_argon2id() {
        let conn = db();
        let grace_before = stored_hash(&conn, MODERN_EMAIL);
        login_ok(&conn, LEGACY_EMAIL, LEGACY_PASSWORD, 1, MIGRATES);
        assert_eq!(
            stored_hash(&conn, MODERN_EMAIL),
            grace_before,
            "migrating ada must update ada's row only (UPDATE ... WHERE id = ?): grace's hash changed"
        );
        let now = stored_hash(&conn, LEGACY_EMAIL);
        assert!(
            !now.starts_with(LEGACY_PREFIX),
            "after a successful login the legacy sha256$ hash must be replaced, found {now}"
        );
        let parsed = PasswordHash::new(&now).unwrap_or_else(|err| {
            panic!("the new hash must be an Argon2id PHC string, found {now:?} ({err})")
        });
        assert_eq!(
            parsed.algorithm.as_str(),
            "argon2id",
            "the new hash must be Argon2id, made with hasher(); found {now}"
        );
        assert!(
            parsed.params.get_decimal("m") >= Some(19_456)
                && parsed.params.get_decimal("t") >= Some(2),
            "the new hash must use the current parameters (m=19456, t=2), found {now}"
        );
        assert!(
            Argon2::default()
                .verify_password(LEGACY_PASSWORD.as_bytes(), &parsed)
                .is_ok(),
            "the new hash must be Argon2id of the password itself (not of its SHA-256 digest)"
        );
        assert!(
            rows(&conn)
                .iter()
                .all(|(_, _, stored)| !stored.contains(LEGACY_PASSWORD)),
            "the plain password must never be stored"
        );
    }

    #[test]
    fn a_migrated_user_logs_in_again_with_the_new_hash() {
        let conn = db();
        login_ok(&conn, LEGACY_EMAIL, LEGACY_PASSWORD, 1, MIGRATES);
        let migrated = stored_hash(&conn, LEGACY_EMAIL);
        login_ok(
            &conn,
            LEGACY_EMAIL,
            LEGACY_PASSWORD,
            1,
            "once migrated, the row holds an Argon2id hash that the usual branch verifies",
        );
        assert_eq!(
            stored_hash(&conn, LEGACY_EMAIL),
            migrated,
            "once migrated, the hash stays as it is"
        );
    }

    #[test]
    fn a_failed_legacy_login_changes_nothing() {
        let conn = db();
        let before = rows(&conn);
        let err = login(&conn, LEGACY_EMAIL, "wrong password").expect_err("wrong password");
        assert!(
            matches!(err, AuthError::InvalidCredentials),
            "a wrong password on a legacy row is InvalidCredentials, got {err:?}"
        );
        assert_eq!(
            rows(&conn),
            before,
            "a failed login must not touch the table: migrate only after the password matched"
        );
    }

    #[test]
    fn modern_users_and_unknown_users_behave_as_before() {
        let conn = db();
        login_ok(
            &conn,
            MODERN_EMAIL,
            MODERN_PASSWORD,
            2,
            "an Argon2id row is verified as before",
        );
        let wrong = login(&conn, LEGACY_EMAIL, "wrong password").expect_err("wrong password");
        let unknown =
            login(&conn, "nobody@example.com", LEGACY_PASSWORD).expect_err("unknown email");
        assert_eq!(
            (format!("{unknown:?}"), unknown.to_string()),
            (format!("{wrong:?}"), wrong.to_string()),
            "unknown email and wrong legacy password must give the same error"
        );
    }
}
