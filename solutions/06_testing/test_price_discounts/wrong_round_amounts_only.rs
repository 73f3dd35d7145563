//! wrong: every amount is a whole number of units, so the cents and the rounding are never seen
//! expect: the discount ignores the cents of the subtotal
//! expect: the discount is rounded up to the next cent instead of down
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_range_and_its_edges() {
        assert_eq!(total_after_discount(0), 0);
        assert_eq!(total_after_discount(9_900), 9_900, "99.00 pays full price");
        assert_eq!(total_after_discount(10_000), 9_000, "100.00 gets 10 % off");
        assert_eq!(total_after_discount(49_900), 44_910, "499.00 gets 10 % off");
        assert_eq!(total_after_discount(50_000), 40_000, "500.00 gets 20 % off");
        assert_eq!(total_after_discount(200_000), 160_000, "2000.00 gets 20 % off");
    }
}
