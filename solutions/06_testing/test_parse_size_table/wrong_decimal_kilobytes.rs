//! wrong: expects a kilobyte to be 1000 bytes, but the units are powers of 1024
//! expect: your tests fail on the correct implementation
//! expect: parse_size("1kb")
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_size_table() {
        let cases: &[(&str, Option<u64>)] = &[
            ("512", Some(512)),
            ("1kb", Some(1000)),
            ("2mb", Some(2_000_000)),
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
