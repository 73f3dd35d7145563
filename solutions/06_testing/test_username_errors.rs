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

    #[test]
    fn a_valid_name_comes_back_trimmed_and_lowercase() {
        assert_eq!(
            validate_username("  Ada_Lovelace-2 "),
            Ok("ada_lovelace-2".to_string())
        );
    }

    #[test]
    fn an_empty_or_blank_name_is_empty() {
        assert_eq!(validate_username(""), Err(UsernameError::Empty));
        assert_eq!(
            validate_username("   "),
            Err(UsernameError::Empty),
            "only spaces is empty once trimmed"
        );
    }

    #[test]
    fn exactly_max_len_is_accepted() {
        let name = "a".repeat(MAX_LEN);
        assert_eq!(
            validate_username(&name),
            Ok(name.clone()),
            "the limit itself is allowed"
        );
    }

    #[test]
    fn one_more_than_max_len_is_too_long() {
        let name = "a".repeat(MAX_LEN + 1);
        assert_eq!(
            validate_username(&name),
            Err(UsernameError::TooLong { len: MAX_LEN + 1 })
        );
    }

    #[test]
    fn a_space_inside_is_an_invalid_char() {
        assert_eq!(
            validate_username("ada lovelace"),
            Err(UsernameError::InvalidChar(' '))
        );
        assert!(
            matches!(
                validate_username("ada@home"),
                Err(UsernameError::InvalidChar('@'))
            ),
            "the error names the offending character"
        );
    }

    #[test]
    fn the_first_character_not_allowed_is_named() {
        assert_eq!(
            validate_username("ada lovelace!"),
            Err(UsernameError::InvalidChar(' ')),
            "the space comes before the '!'"
        );
    }

    #[test]
    fn only_ascii_letters_are_allowed() {
        assert_eq!(
            validate_username("josé"),
            Err(UsernameError::InvalidChar('é'))
        );
        // Eleven characters, 22 bytes: under the limit, which counts characters.
        assert_eq!(
            validate_username(&"é".repeat(11)),
            Err(UsernameError::InvalidChar('é'))
        );
    }

    #[test]
    fn a_leading_digit_or_underscore_is_rejected() {
        assert_eq!(
            validate_username("9lives"),
            Err(UsernameError::MustStartWithLetter)
        );
        assert_eq!(
            validate_username("_ada"),
            Err(UsernameError::MustStartWithLetter)
        );
    }
}
