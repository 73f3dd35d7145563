//! wrong: every accepted name in the tests is made of letters only
//! expect: underscores are rejected although they are allowed
//! expect: hyphens are rejected although they are allowed
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_names_come_back_lowercase() {
        assert_eq!(validate_username("  Ada "), Ok("ada".to_string()));
        assert_eq!(validate_username(&"A".repeat(MAX_LEN)), Ok("a".repeat(MAX_LEN)));
    }

    #[test]
    fn rejections() {
        assert_eq!(validate_username("   "), Err(UsernameError::Empty));
        assert_eq!(
            validate_username(&"A".repeat(MAX_LEN + 1)),
            Err(UsernameError::TooLong { len: MAX_LEN + 1 })
        );
        assert_eq!(validate_username("ada lovelace!"), Err(UsernameError::InvalidChar(' ')));
        assert_eq!(validate_username("josé"), Err(UsernameError::InvalidChar('é')));
        assert_eq!(validate_username(&"é".repeat(11)), Err(UsernameError::InvalidChar('é')));
        assert_eq!(validate_username("9lives"), Err(UsernameError::MustStartWithLetter));
    }
}
