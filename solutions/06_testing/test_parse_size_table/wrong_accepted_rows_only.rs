//! wrong: rows only for sizes that are accepted, none for what must be rejected
//! expect: an unknown unit such as "10 tb" is read as bytes instead of rejected
//! expect: a negative size such as "-1" is read as positive instead of rejected
//! expect: a fractional size such as "1.5mb" is cut to its whole part
//! expect: a unit without a number ("kb") is read as 0 bytes
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
            ("18446744073709551615", Some(u64::MAX)),
        ];
        for &(input, expected) in cases {
            assert_eq!(parse_size(input), expected, "parse_size({input:?})");
        }
    }
}
