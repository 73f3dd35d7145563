//! wrong: matches `TooLong { .. }` without looking at the length it carries
//! expect: TooLong carries the limit instead of the name's length
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_names() {
        assert_eq!(validate_username(" Ada_L-2 "), Ok("ada_l-2".to_string()));
        assert_eq!(validate_username(&"b".repeat(MAX_LEN)), Ok("b".repeat(MAX_LEN)));
    }

    #[test]
    fn too_long() {
        let result = validate_username(&"b".repeat(MAX_LEN + 1));
        assert!(
            matches!(result, Err(UsernameError::TooLong { .. })),
            "got {result:?}"
        );
    }

    #[test]
    fn other_rejections() {
        assert_eq!(validate_username(""), Err(UsernameError::Empty));
        assert_eq!(validate_username("a b!"), Err(UsernameError::InvalidChar(' ')));
        assert_eq!(validate_username("naïve"), Err(UsernameError::InvalidChar('ï')));
        assert_eq!(
            validate_username(&"ï".repeat(15)),
            Err(UsernameError::InvalidChar('ï'))
        );
        assert_eq!(validate_username("-ada"), Err(UsernameError::MustStartWithLetter));
        assert_eq!(validate_username("7ada"), Err(UsernameError::MustStartWithLetter));
    }
}
