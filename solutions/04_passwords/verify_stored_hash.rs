//! # Verifying a password against a stored PHC hash
//!
//! Check a login attempt against the PHC string stored for the user. Three outcomes: the
//! password matches (`Ok(true)`), it does not (`Ok(false)`), or the stored string is not a hash
//! you can verify (`Err`).
//! Why it matters: a wrong password is an everyday event that must not look like a server
//! fault, while a corrupt or unsupported hash in the database is a server fault that must be
//! logged, never a panic that takes the request (or the worker) down.

use argon2::password_hash;
use argon2::{Argon2, PasswordVerifier};

/// Verifies `password` against the PHC string `stored`.
///
/// The algorithm, version, parameters and salt all come from `stored`, so hashes made with
/// older parameters still verify.
pub fn verify_password(password: &str, stored: &str) -> Result<bool, password_hash::Error> {
    match Argon2::default().verify_password(password.as_bytes(), stored) {
        Ok(()) => Ok(true),
        Err(password_hash::Error::PasswordInvalid) => Ok(false),
        Err(err) => Err(err),
    }
}

fn main() {
    let stored = "$argon2id$v=19$m=1024,t=1,p=1$fX8KcZ8M5QC98+o32uIskQ$TaGgIDQQqT0hKUhgMCTWRgtI85zOTM/E/gJjK4f0JZo";
    for attempt in ["hunter2", "hunter3"] {
        println!("{attempt}: {:?}", verify_password(attempt, stored));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::panic;

    /// Argon2id, m=19456, t=2, p=1, made from "correct horse battery staple".
    const STORED: &str = "$argon2id$v=19$m=19456,t=2,p=1$hkGWNAWe6eA97bvU18N6fQ$9/G7UfbFkayKaho2PR2axFRzejzijHhIp4WchjLP1ms";
    /// An older, cheaper hash (m=1024, t=1) made from "hunter2".
    const OLD_STORED: &str = "$argon2id$v=19$m=1024,t=1,p=1$fX8KcZ8M5QC98+o32uIskQ$TaGgIDQQqT0hKUhgMCTWRgtI85zOTM/E/gJjK4f0JZo";

    /// Calls `verify_password`, turning a panic into a test failure that says why it matters.
    fn verify_without_panic(password: &str, stored: &str) -> Result<bool, password_hash::Error> {
        panic::catch_unwind(|| verify_password(password, stored)).unwrap_or_else(|_| {
            panic!(
                "verify_password panicked on the stored value {stored:?}: a corrupt row in the \
                 database must come back as an Err, never crash the request (no unwrap/expect)"
            )
        })
    }

    #[test]
    fn the_right_password_verifies() {
        assert_eq!(
            verify_password("correct horse battery staple", STORED),
            Ok(true),
            "the password the hash was made from must verify: check it against `stored` itself \
             (its salt and parameters); hashing it again with a new salt never gives the same string"
        );
    }

    #[test]
    fn a_wrong_password_is_false_not_an_error() {
        assert_eq!(
            verify_password("correct horse battery stapler", STORED),
            Ok(false),
            "a wrong password is an expected outcome: Ok(false), not Err (map password_hash::Error::PasswordInvalid to false)"
        );
    }

    #[test]
    fn parameters_come_from_the_stored_string() {
        assert_eq!(
            verify_password("hunter2", OLD_STORED),
            Ok(true),
            "verification must use the parameters written in the PHC string (here m=1024,t=1), not the current ones"
        );
        assert_eq!(
            verify_password("hunter3", OLD_STORED),
            Ok(false),
            "a wrong password is Ok(false), whatever parameters the stored hash uses"
        );
    }

    #[test]
    fn malformed_hashes_are_errors_not_panics() {
        for stored in [
            "",
            "correct horse battery staple",
            "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
            "$argon2id$v=19$m=1,t=2,p=1$c2FsdHNhbHRzYWx0$c2FsdHNhbHRzYWx0c2FsdHNhbHRzYWx0c2FsdHNhbHQ",
            // A well-formed PHC string of an algorithm this service does not support.
            "$scrypt$c2FsdHNhbHRzYWx0$c2FsdHNhbHRzYWx0c2FsdHNhbHRzYWx0c2FsdHNhbHQ",
        ] {
            let outcome = verify_without_panic("correct horse battery staple", stored);
            assert!(
                outcome.is_err(),
                "{stored:?} is not a hash that can be verified: return Err so the fault gets logged, not {outcome:?} \
                 (only password_hash::Error::PasswordInvalid means a wrong password)"
            );
        }
    }
}
