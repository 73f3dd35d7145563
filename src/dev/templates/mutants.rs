//! # {title}
//!
//! The code below is correct; you write the tests. The runner plants small bugs in it, one at a
//! time, and your tests must fail on every one of them.
//! TODO: say what the code does and why it matters, in two or three sentences.

/// The total to pay, in cents: orders of 100.00 or more get 10 % off.
pub fn total_after_discount(total: u64) -> u64 {
    if total >= 10_000 {
        total - total / 10
    } else {
        total
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    // One example to copy the shape from: arrange, act, assert with a message naming the rule.
    #[test]
    fn small_orders_pay_full_price() {
        assert_eq!(
            total_after_discount(5_000),
            5_000,
            "an order of 50.00 gets no discount"
        );
    }

    // TODO: write more tests, until changing any rule in the code above would break one of them.
}
