//! # Comparing secret tokens in constant time
//!
//! Check an API token a client presents against the one the server holds, with
//! `subtle::ConstantTimeEq` instead of `==`.
//! Why it matters: `==` on bytes stops at the first difference, so it answers faster the sooner
//! the guess goes wrong. Over many requests an attacker can measure that and recover a token
//! byte by byte. A constant-time comparison looks at every byte whatever the input, so its
//! duration says nothing about the secret (only about its length, which is not secret here:
//! every token has the same length).

use std::fmt;

use subtle::{Choice, ConstantTimeEq};

/// A secret token held by the server (an API key, a password-reset token).
///
/// It deliberately does not implement `PartialEq`: `token == other` would be the INSECURE,
/// early-exit comparison. Its `Debug` output hides the value so it never lands in a log.
pub struct ApiToken(Vec<u8>);

impl ApiToken {
    pub fn new(token: &str) -> Self {
        Self(token.as_bytes().to_vec())
    }
}

impl fmt::Debug for ApiToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiToken(<redacted>)")
    }
}

impl ConstantTimeEq for ApiToken {
    fn ct_eq(&self, other: &Self) -> Choice {
        // TODO: compare the two byte slices with `ConstantTimeEq` (implemented for `[u8]`).
        todo!()
    }
}

/// Whether the token a client presented (e.g. from `Authorization: Bearer <token>`) is the
/// server's token.
pub fn is_authorized(presented: &str, expected: &ApiToken) -> bool {
    // TODO: compare in constant time and turn the `Choice` into a `bool`.
    // INSECURE, do not write: `presented.as_bytes() == expected.0.as_slice()`.
    todo!()
}

fn main() {
    let expected = ApiToken::new("tok_5f1c9a7e2b8d4c6f0a3e9b1d7c5a2f8e");
    println!("{expected:?}");
    println!("{}", is_authorized("tok_guess", &expected));
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "tok_5f1c9a7e2b8d4c6f0a3e9b1d7c5a2f8e";

    /// Flips one character of `TOKEN` at `index`.
    fn with_char_changed(index: usize) -> String {
        let mut bytes = TOKEN.as_bytes().to_vec();
        bytes[index] = if bytes[index] == b'0' { b'1' } else { b'0' };
        String::from_utf8(bytes).expect("still ASCII")
    }

    #[test]
    fn ct_eq_says_equal_for_the_same_token() {
        let choice = ApiToken::new(TOKEN).ct_eq(&ApiToken::new(TOKEN));
        assert!(
            bool::from(choice),
            "ct_eq must return Choice 1 (true) when both tokens hold the same bytes"
        );
    }

    #[test]
    fn ct_eq_says_different_wherever_the_difference_is() {
        let expected = ApiToken::new(TOKEN);
        for index in [0, TOKEN.len() / 2, TOKEN.len() - 1] {
            let other = ApiToken::new(&with_char_changed(index));
            assert!(
                !bool::from(expected.ct_eq(&other)),
                "tokens differing at byte {index} must compare unequal"
            );
        }
    }

    #[test]
    fn the_right_token_is_authorized() {
        assert!(
            is_authorized(TOKEN, &ApiToken::new(TOKEN)),
            "the server's own token must be authorized: ct_eq gives Choice 1 for equal bytes, and \
             bool::from(choice) turns it into true"
        );
    }

    #[test]
    fn a_token_differing_in_one_byte_is_refused() {
        let expected = ApiToken::new(TOKEN);
        for index in [0, TOKEN.len() / 2, TOKEN.len() - 1] {
            assert!(
                !is_authorized(&with_char_changed(index), &expected),
                "a token that differs at byte {index} must be refused"
            );
        }
    }

    #[test]
    fn shorter_longer_and_empty_tokens_are_refused() {
        let expected = ApiToken::new(TOKEN);
        let longer = format!("{TOKEN}0");
        for presented in [&TOKEN[..TOKEN.len() - 1], &TOKEN[..4], longer.as_str(), ""] {
            assert!(
                !is_authorized(presented, &expected),
                "{presented:?} is a prefix or extension of the token, not the token: refuse it"
            );
        }
    }

    // The probe below tells, at compile time, whether `ApiToken` implements `PartialEq`.
    // An inherent associated const wins over a trait's when its bound holds.
    struct Probe<T>(std::marker::PhantomData<T>);
    trait NoPartialEq {
        const HAS_PARTIAL_EQ: bool = false;
    }
    impl<T> NoPartialEq for Probe<T> {}
    impl<T: PartialEq> Probe<T> {
        #[allow(dead_code)]
        const HAS_PARTIAL_EQ: bool = true;
    }

    #[test]
    #[allow(clippy::assertions_on_constants)] // the constant is the point of this test
    fn api_token_cannot_be_compared_with_double_equals() {
        assert!(
            !Probe::<ApiToken>::HAS_PARTIAL_EQ,
            "ApiToken must not implement PartialEq: `==` on a secret exits at the first differing \
             byte and leaks timing. Compare with ct_eq instead of deriving PartialEq"
        );
    }
}
