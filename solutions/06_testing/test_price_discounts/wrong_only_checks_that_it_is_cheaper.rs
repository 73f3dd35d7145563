//! wrong: checks only that a discounted order costs less, never how much less
//! expect: orders from 100.00 to under 500.00 get 15 % off instead of 10 %
//! expect: orders of 500.00 and more get only 10 % off
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn under_100_pays_full_price() {
        for subtotal in [0, 5_000, 9_999] {
            assert_eq!(total_after_discount(subtotal), subtotal, "{subtotal} is not discounted");
        }
    }

    #[test]
    fn from_100_the_customer_pays_less() {
        for subtotal in [10_000, 12_345, 49_999, 50_000, 200_000] {
            assert!(
                total_after_discount(subtotal) < subtotal,
                "{subtotal} is discounted"
            );
        }
    }
}
