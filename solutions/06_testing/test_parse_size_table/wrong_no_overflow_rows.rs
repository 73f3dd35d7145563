//! wrong: never tries a size that does not fit in a u64
//! expect: a size too large for a u64 is clamped to u64::MAX instead of rejected
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_size_table() {
        let cases: &[(&str, Option<u64>)] = &[
            ("512", Some(512)),
            ("  512  ", Some(512)),
            ("7b", Some(7)),
            ("1kb", Some(1024)),
            ("2mb", Some(2 * 1024 * 1024)),
            ("3gb", Some(3 * 1024 * 1024 * 1024)),
            ("64KB", Some(64 * 1024)),
            ("64 kb", Some(64 * 1024)),
            ("", None),
            ("kb", None),
            ("-1", None),
            ("1.5mb", None),
            ("10 tb", None),
        ];
        for &(input, expected) in cases {
            assert_eq!(parse_size(input), expected, "parse_size({input:?})");
        }
    }
}
