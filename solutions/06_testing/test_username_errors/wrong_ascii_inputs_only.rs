//! wrong: every input is plain ASCII, so "ASCII letters" and "characters, not bytes" are never tested
//! expect: letters outside ASCII
//! expect: the length is counted in bytes instead of characters
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_valid_name() {
        assert_eq!(
            validate_username("  Ada_Lovelace-2 "),
            Ok("ada_lovelace-2".to_string())
        );
        assert_eq!(validate_username(&"a".repeat(20)), Ok("a".repeat(20)));
    }

    #[test]
    fn invalid_names() {
        assert_eq!(validate_username(""), Err(UsernameError::Empty));
        assert_eq!(validate_username("  "), Err(UsernameError::Empty));
        assert_eq!(
            validate_username(&"a".repeat(21)),
            Err(UsernameError::TooLong { len: 21 })
        );
        assert_eq!(validate_username("ada lovelace!"), Err(UsernameError::InvalidChar(' ')));
        assert_eq!(validate_username("ada@home"), Err(UsernameError::InvalidChar('@')));
        assert_eq!(validate_username("9lives"), Err(UsernameError::MustStartWithLetter));
    }
}
