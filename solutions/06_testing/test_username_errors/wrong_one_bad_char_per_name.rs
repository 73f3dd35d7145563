//! wrong: each rejected name has a single character that is not allowed, so which one is named is never tested
//! expect: InvalidChar names the last character that is not allowed instead of the first
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid() {
        assert_eq!(validate_username("\tAda_Lovelace-2\n"), Ok("ada_lovelace-2".into()));
        assert_eq!(validate_username(&"z".repeat(MAX_LEN)), Ok("z".repeat(MAX_LEN)));
    }

    #[test]
    fn invalid() {
        assert_eq!(validate_username("\t"), Err(UsernameError::Empty));
        assert_eq!(validate_username(""), Err(UsernameError::Empty));
        assert_eq!(
            validate_username(&"z".repeat(MAX_LEN + 1)),
            Err(UsernameError::TooLong { len: MAX_LEN + 1 })
        );
        assert_eq!(validate_username("ada lovelace"), Err(UsernameError::InvalidChar(' ')));
        assert_eq!(validate_username("ada.l"), Err(UsernameError::InvalidChar('.')));
        assert_eq!(validate_username("josé"), Err(UsernameError::InvalidChar('é')));
        assert_eq!(validate_username(&"é".repeat(11)), Err(UsernameError::InvalidChar('é')));
        assert_eq!(validate_username("9lives"), Err(UsernameError::MustStartWithLetter));
    }
}
