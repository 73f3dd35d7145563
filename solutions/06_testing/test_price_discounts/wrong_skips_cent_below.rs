//! wrong: tests the exact thresholds but never the cent just below them
//! expect: boundary: an order of 99.99 already gets 10 % off
//! expect: boundary: an order of 499.99 already gets 20 % off
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn under_100_pays_full_price() {
        assert_eq!(total_after_discount(0), 0);
        assert_eq!(total_after_discount(5_000), 5_000);
    }

    #[test]
    fn from_100_gets_ten_percent() {
        assert_eq!(total_after_discount(10_000), 9_000, "100.00 is discounted");
        assert_eq!(total_after_discount(12_345), 11_111, "123.45 pays 111.11");
    }

    #[test]
    fn from_500_gets_twenty_percent() {
        assert_eq!(total_after_discount(50_000), 40_000, "500.00 gets 20 % off");
        assert_eq!(total_after_discount(200_000), 160_000);
    }
}
