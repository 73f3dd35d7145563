//! right: proptest generates every spelling (case, spaces) of a number and a unit; rejections and
//! the u64 edge as examples
#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn unit() -> impl Strategy<Value = (&'static str, u64)> {
        prop::sample::select(vec![("", 1), ("b", 1), ("kb", 1 << 10), ("mb", 1 << 20), ("gb", 1 << 30)])
    }

    /// `unit` with each letter in a random case.
    fn spelled(unit: &str, upper: &[bool]) -> String {
        unit.chars()
            .zip(upper.iter().copied().chain(std::iter::repeat(false)))
            .map(|(c, up)| if up { c.to_ascii_uppercase() } else { c })
            .collect()
    }

    proptest! {
        #[test]
        fn any_spelling_of_a_valid_size(
            n in 0u64..5_000_000,
            (name, bytes) in unit(),
            upper in prop::collection::vec(any::<bool>(), 2),
            before in "[ \t]{0,2}",
            between in " {0,3}",
            after in "[ \t\n]{0,2}",
        ) {
            let input = format!("{before}{n}{between}{}{after}", spelled(name, &upper));
            prop_assert_eq!(parse_size(&input), Some(n * bytes), "input {:?}", input);
        }
    }

    #[test]
    fn examples_pin_each_unit_and_case() {
        assert_eq!(parse_size("1kb"), Some(1024));
        assert_eq!(parse_size("1MB"), Some(1_048_576));
        assert_eq!(parse_size("1Gb"), Some(1_073_741_824));
        assert_eq!(parse_size(" 9 B "), Some(9));
        assert_eq!(parse_size("  77"), Some(77));
    }

    #[test]
    fn not_sizes() {
        for input in ["", "gb", " mb", "-3kb", "0.5gb", "3 xb", "3kbb", "1_000"] {
            assert_eq!(parse_size(input), None, "{input:?}");
        }
        assert_eq!(parse_size("18446744073709551615"), Some(u64::MAX));
        assert_eq!(parse_size("18446744073709551615b"), Some(u64::MAX));
        assert_eq!(parse_size("16777216 mb"), Some(1 << 44));
        assert_eq!(parse_size("17179869184gb"), None);
        assert_eq!(parse_size("18014398509481984 kb"), None);
    }
}
