//! wrong: checks only that bad names are rejected (`is_err()`), never which error comes back
//! expect: an empty name is rejected with the wrong error variant
//! expect: TooLong carries the limit instead of the name's length
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_name_is_normalised() {
        assert_eq!(
            validate_username("  Ada_Lovelace-2 "),
            Ok("ada_lovelace-2".to_string())
        );
        assert_eq!(validate_username(&"a".repeat(MAX_LEN)), Ok("a".repeat(MAX_LEN)));
    }

    #[test]
    fn bad_names_are_rejected() {
        for raw in ["", "   ", "ada lovelace", "josé", "9lives"] {
            assert!(validate_username(raw).is_err(), "{raw:?} must be rejected");
        }
        assert!(validate_username(&"a".repeat(MAX_LEN + 1)).is_err());
        assert!(validate_username(&"é".repeat(11)).is_err());
    }
}
