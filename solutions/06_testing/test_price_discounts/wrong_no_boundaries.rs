//! wrong: one amount from the middle of each range, never the amounts where a rule starts
//! expect: boundary: an order of exactly 100.00 no longer gets 10 % off
//! expect: boundary: an order of exactly 500.00 gets 10 % off instead of 20 %
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_orders_pay_full_price() {
        assert_eq!(total_after_discount(5_000), 5_000, "50.00 gets no discount");
    }

    #[test]
    fn medium_orders_get_ten_percent_off() {
        assert_eq!(total_after_discount(20_000), 18_000, "200.00 gets 10 % off");
        assert_eq!(total_after_discount(12_345), 11_111, "123.45 gets 10 % off, rounded down");
    }

    #[test]
    fn large_orders_get_twenty_percent_off() {
        assert_eq!(total_after_discount(100_000), 80_000, "1000.00 gets 20 % off");
    }
}
