//! wrong: expects 123.45 to pay 111.10, working out the discount rounded up (12.35)
//! expect: your tests fail on the correct implementation
//! expect: 11110
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries() {
        assert_eq!(total_after_discount(9_999), 9_999);
        assert_eq!(total_after_discount(10_000), 9_000);
        assert_eq!(total_after_discount(49_999), 45_000);
        assert_eq!(total_after_discount(50_000), 40_000);
    }

    #[test]
    fn cents_count() {
        assert_eq!(total_after_discount(12_345), 11_110, "123.45 minus 12.35");
    }
}
