//! # Testing error paths: assert the exact variant
//!
//! `validate_username` is correct. Write tests that pin down both what it accepts (and the
//! normalised name it returns) and *why* it rejects bad input: each rejection is a distinct
//! `UsernameError` variant, and your tests should name the variant they expect.
//!
//! The rules: surrounding whitespace is trimmed; the name must not be empty; it may be at most
//! `MAX_LEN` characters (characters, not bytes); it may contain only ASCII letters, digits, `_`
//! and `-`; it must start with a letter. A valid name comes back in lowercase. `TooLong` carries
//! the name's length, and `InvalidChar` the first character that is not allowed.
//!
//! Why it matters: an API turns each variant into a different status code or message. A test
//! that only checks `is_err()` stays green when the code rejects for the wrong reason, and a
//! test that only checks `is_ok()` never looks at what was returned.

use thiserror::Error;

/// The longest username accepted, in characters.
pub const MAX_LEN: usize = 20;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum UsernameError {
    #[error("the username is empty")]
    Empty,
    #[error("the username has {len} characters; the most allowed is {MAX_LEN}")]
    TooLong { len: usize },
    #[error("the username may not contain {0:?}")]
    InvalidChar(char),
    #[error("the username must start with a letter")]
    MustStartWithLetter,
}

/// Checks a username typed at sign-up and returns it normalised (trimmed, lowercase).
pub fn validate_username(raw: &str) -> Result<String, UsernameError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(UsernameError::Empty);
    }
    let len = name.chars().count();
    if len > MAX_LEN {
        return Err(UsernameError::TooLong { len });
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    if let Some(bad) = name.chars().find(|&c| !allowed(c)) {
        return Err(UsernameError::InvalidChar(bad));
    }
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err(UsernameError::MustStartWithLetter);
    }
    Ok(name.to_ascii_lowercase())
}

fn main() {
    for raw in ["  Ada_Lovelace ", "", "ada lovelace", "9lives"] {
        match validate_username(raw) {
            Ok(name) => println!("{raw:?} -> ok {name:?}"),
            Err(e) => println!("{raw:?} -> {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Two ways to assert a `Result`: compare it whole with `assert_eq!` (the types derive
    // `PartialEq`), or match its shape with `matches!` when you only care about part of it.
    #[test]
    fn a_name_with_a_space_is_rejected() {
        assert!(
            matches!(
                validate_username("ada lovelace"),
                Err(UsernameError::InvalidChar(' '))
            ),
            "a space inside the name is an invalid character"
        );
    }

    // TODO: test the successful case (what exactly comes back?) and every other way a name can
    // be rejected, asserting the exact variant each time. Mind the length limit itself.
}
