//! wrong: asserts every error exactly, but for a good name only that it is accepted
//! expect: a valid name is returned as typed instead of lowercase
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_names_are_accepted() {
        assert!(validate_username("  Ada_Lovelace-2 ").is_ok());
        assert!(validate_username(&"a".repeat(MAX_LEN)).is_ok());
    }

    #[test]
    fn each_rejection_has_its_variant() {
        assert_eq!(validate_username(""), Err(UsernameError::Empty));
        assert_eq!(validate_username("   "), Err(UsernameError::Empty));
        assert_eq!(
            validate_username(&"a".repeat(MAX_LEN + 1)),
            Err(UsernameError::TooLong { len: MAX_LEN + 1 })
        );
        assert_eq!(
            validate_username("ada lovelace!"),
            Err(UsernameError::InvalidChar(' '))
        );
        assert_eq!(
            validate_username("josé"),
            Err(UsernameError::InvalidChar('é'))
        );
        assert_eq!(
            validate_username(&"é".repeat(11)),
            Err(UsernameError::InvalidChar('é'))
        );
        assert_eq!(
            validate_username("9lives"),
            Err(UsernameError::MustStartWithLetter)
        );
    }
}
