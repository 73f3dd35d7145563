//! right: one test per class of input, expected values computed from the unit's power of 1024
#[cfg(test)]
mod tests {
    use super::*;

    const KIB: u64 = 1 << 10;

    #[test]
    fn bare_numbers_and_bytes() {
        assert_eq!(parse_size("0"), Some(0));
        assert_eq!(parse_size("\t42\n"), Some(42));
        assert_eq!(parse_size("42B"), Some(42));
        assert_eq!(parse_size("42 b\n"), Some(42));
    }

    #[test]
    fn every_unit_in_any_case_with_or_without_spaces() {
        let units = [("kb", KIB), ("mb", KIB * KIB), ("gb", KIB * KIB * KIB)];
        for (unit, bytes) in units {
            for spelling in [unit.to_string(), unit.to_uppercase(), format!("  {unit}")] {
                let input = format!("5{spelling}");
                assert_eq!(parse_size(&input), Some(5 * bytes), "{input:?}");
            }
        }
        assert_eq!(parse_size("1Kb"), Some(KIB));
    }

    #[test]
    fn what_is_not_a_size() {
        for input in ["", "   ", "mb", "-5", "+5", "2.5gb", "5 pb", "5 k b"] {
            assert_eq!(parse_size(input), None, "{input:?}");
        }
    }

    #[test]
    fn the_edge_of_u64() {
        assert_eq!(parse_size(&u64::MAX.to_string()), Some(u64::MAX));
        assert_eq!(parse_size("18446744073709551616"), None);
        // 2^34 GiB is 2^64 bytes: one past u64::MAX.
        assert_eq!(parse_size(&format!("{} gb", 1u64 << 34)), None);
        assert_eq!(parse_size(&format!("{} gb", (1u64 << 34) - 1)), Some(u64::MAX - (1 << 30) + 1));
    }
}
