//! right: one table of (input, expected Result) rows, one per rule and edge
#[cfg(test)]
mod tests {
    use super::*;
    use UsernameError::*;

    #[test]
    fn every_rule_is_a_row() {
        let at_limit = "q".repeat(MAX_LEN);
        let over_limit = "Q".repeat(MAX_LEN + 1);
        let wide = "ü".repeat(MAX_LEN - 5);
        let rows: Vec<(&str, Result<String, UsernameError>)> = vec![
            ("  Ada_Lovelace-2 ", Ok("ada_lovelace-2".into())),
            ("x-y_9", Ok("x-y_9".into())),
            (at_limit.as_str(), Ok(at_limit.clone())),
            ("", Err(Empty)),
            (" \t ", Err(Empty)),
            (over_limit.as_str(), Err(TooLong { len: MAX_LEN + 1 })),
            ("a+b c", Err(InvalidChar('+'))),
            ("müller", Err(InvalidChar('ü'))),
            (wide.as_str(), Err(InvalidChar('ü'))),
            ("_ada", Err(MustStartWithLetter)),
            ("2ada", Err(MustStartWithLetter)),
        ];
        for (input, expected) in rows {
            assert_eq!(validate_username(input), expected, "validate_username({input:?})");
        }
    }
}
