//! # Your first unit test: a price with discounts
//!
//! The pricing function below is already correct. Your job is the other half: write tests in
//! `mod tests` that pin its behaviour down. The runner plants small bugs ("mutants") in the code
//! above the tests and runs your tests against each one. Your tests must pass on the code as
//! written and fail on every mutant; for each mutant they miss, you are told what it breaks.
//!
//! The rules: orders under 100.00 pay full price, orders of 100.00 or more get 10 % off, orders
//! of 500.00 or more get 20 % off. Amounts are integer cents (100.00 is `10_000`), and the
//! discount is rounded down to a whole cent.
//!
//! Why it matters: pricing bugs cost real money, and they hide at the edges (exactly 100.00,
//! exactly 500.00, amounts with cents), not in the comfortable middle of a range.

/// Orders of at least this many cents get the small discount.
pub const SMALL_DISCOUNT_FROM: u64 = 10_000;
/// Orders of at least this many cents get the big discount.
pub const BIG_DISCOUNT_FROM: u64 = 50_000;

/// The discount, in percent, for an order subtotal in cents.
pub fn discount_percent(subtotal_cents: u64) -> u64 {
    match subtotal_cents {
        s if s >= BIG_DISCOUNT_FROM => 20,
        s if s >= SMALL_DISCOUNT_FROM => 10,
        _ => 0,
    }
}

/// What the customer pays, in cents, once the discount is taken off.
pub fn total_after_discount(subtotal_cents: u64) -> u64 {
    let discount = subtotal_cents * discount_percent(subtotal_cents) / 100;
    subtotal_cents - discount
}

fn main() {
    for subtotal in [5_000, 10_000, 12_345, 50_000] {
        println!(
            "{subtotal} cents -> {} cents",
            total_after_discount(subtotal)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_orders_pay_full_price() {
        // Arrange: an order well under the first threshold.
        let subtotal = 5_000;
        // Act
        let total = total_after_discount(subtotal);
        // Assert
        assert_eq!(total, 5_000, "an order of 50.00 gets no discount");
    }

    #[test]
    fn just_under_the_first_threshold_pays_full_price() {
        assert_eq!(
            total_after_discount(9_999),
            9_999,
            "99.99 is still under 100.00"
        );
        assert_eq!(total_after_discount(0), 0, "an empty order costs nothing");
    }

    #[test]
    fn exactly_100_gets_ten_percent_off() {
        assert_eq!(discount_percent(10_000), 10);
        assert_eq!(
            total_after_discount(10_000),
            9_000,
            "100.00 is the first discounted amount"
        );
    }

    #[test]
    fn just_under_500_still_gets_ten_percent() {
        // 10 % of 499.99 is 49.999, rounded down to 49.99.
        assert_eq!(total_after_discount(49_999), 45_000);
    }

    #[test]
    fn exactly_500_gets_twenty_percent_off() {
        assert_eq!(discount_percent(50_000), 20);
        assert_eq!(
            total_after_discount(50_000),
            40_000,
            "500.00 is the first 20 % amount"
        );
    }

    #[test]
    fn large_orders_get_twenty_percent_off() {
        assert_eq!(total_after_discount(200_000), 160_000);
    }

    #[test]
    fn the_cents_count_in_the_discount() {
        // 10 % of 123.45 is 12.345, rounded down to 12.34.
        assert_eq!(total_after_discount(12_345), 11_111);
    }
}
