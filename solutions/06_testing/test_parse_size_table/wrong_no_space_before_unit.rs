//! wrong: never puts a space between the number and the unit
//! expect: a space between the number and the unit
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_size_table() {
        let cases: &[(&str, Option<u64>)] = &[
            ("512", Some(512)),
            (" 512 ", Some(512)),
            ("7B", Some(7)),
            ("1kb", Some(1024)),
            ("2MB", Some(2 << 20)),
            ("3Gb", Some(3 << 30)),
            ("", None),
            ("kb", None),
            ("-1", None),
            ("1.5mb", None),
            ("10 tb", None),
            ("18446744073709551615", Some(u64::MAX)),
            ("17179869184 gb", None),
        ];
        for &(input, expected) in cases {
            assert_eq!(parse_size(input), expected, "parse_size({input:?})");
        }
    }
}
