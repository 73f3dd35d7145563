//! wrong: expects a leading digit to be an InvalidChar, but digits are allowed, just not first
//! expect: your tests fail on the correct implementation
//! expect: MustStartWithLetter
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid() {
        assert_eq!(validate_username(" Ada_Lovelace-2 "), Ok("ada_lovelace-2".to_string()));
    }

    #[test]
    fn a_leading_digit_is_not_allowed() {
        assert_eq!(validate_username("9lives"), Err(UsernameError::InvalidChar('9')));
    }
}
