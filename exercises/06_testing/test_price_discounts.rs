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

    // One example to copy the shape from: arrange the input, act by calling the code, assert on
    // the exact result, with a message saying which rule is at stake.
    #[test]
    fn small_orders_pay_full_price() {
        // Arrange: an order well under the first threshold.
        let subtotal = 5_000;
        // Act
        let total = total_after_discount(subtotal);
        // Assert
        assert_eq!(total, 5_000, "an order of 50.00 gets no discount");
    }

    // TODO: write more tests, until changing any rule in the code above would break one of them.
    // Think about each range of amounts, and about the exact amounts where a rule changes.
}
