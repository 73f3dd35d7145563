//! right: one test per rule, asserting with `matches!` and guards instead of comparing whole values
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_names_are_normalised() {
        let ok = validate_username(" MiXeD_Case-42\t");
        assert!(matches!(&ok, Ok(name) if name == "mixed_case-42"), "got {ok:?}");
        let long = format!("a{}", "1".repeat(MAX_LEN - 1));
        let ok = validate_username(&long);
        assert!(matches!(&ok, Ok(name) if *name == long), "exactly MAX_LEN: {ok:?}");
    }

    #[test]
    fn blank_is_empty() {
        assert!(matches!(validate_username(""), Err(UsernameError::Empty)));
        assert!(matches!(validate_username("    "), Err(UsernameError::Empty)));
    }

    #[test]
    fn too_long_carries_the_length() {
        let r = validate_username(&"abc".repeat(10));
        assert!(matches!(r, Err(UsernameError::TooLong { len: 30 })), "got {r:?}");
    }

    #[test]
    fn the_first_bad_character_is_named() {
        let r = validate_username("ab#c$");
        assert!(matches!(r, Err(UsernameError::InvalidChar('#'))), "got {r:?}");
        let r = validate_username(&"ñ".repeat(MAX_LEN));
        assert!(matches!(r, Err(UsernameError::InvalidChar('ñ'))), "got {r:?}");
    }

    #[test]
    fn must_start_with_a_letter() {
        for raw in ["-dash", "9x"] {
            let r = validate_username(raw);
            assert!(matches!(r, Err(UsernameError::MustStartWithLetter)), "{raw:?}: {r:?}");
        }
    }
}
