//! wrong: tests a name far over the limit and short names, never one of exactly MAX_LEN
//! expect: boundary: a name of exactly MAX_LEN characters is rejected as too long
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_name_is_trimmed_and_lowercase() {
        assert_eq!(
            validate_username(" Grace_Hopper-1 "),
            Ok("grace_hopper-1".to_string())
        );
    }

    #[test]
    fn a_long_name_is_too_long() {
        let name = "x".repeat(25);
        assert_eq!(
            validate_username(&name),
            Err(UsernameError::TooLong { len: 25 })
        );
    }

    #[test]
    fn other_rejections() {
        assert_eq!(validate_username(" "), Err(UsernameError::Empty));
        assert_eq!(
            validate_username("grace hopper!"),
            Err(UsernameError::InvalidChar(' '))
        );
        assert_eq!(
            validate_username("zoë"),
            Err(UsernameError::InvalidChar('ë'))
        );
        assert_eq!(
            validate_username(&"ë".repeat(12)),
            Err(UsernameError::InvalidChar('ë'))
        );
        assert_eq!(
            validate_username("1grace"),
            Err(UsernameError::MustStartWithLetter)
        );
    }
}
