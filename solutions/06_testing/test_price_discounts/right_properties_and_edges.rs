//! right: proptest properties per range (the rate's share, rounded down) plus the edges as examples
#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_edges() {
        assert_eq!(total_after_discount(9_999), 9_999, "99.99 pays full price");
        assert_eq!(total_after_discount(10_000), 9_000, "100.00 gets 10 % off");
        assert_eq!(total_after_discount(49_999), 45_000, "499.99 still gets 10 %");
        assert_eq!(total_after_discount(50_000), 40_000, "500.00 gets 20 % off");
    }

    proptest! {
        #[test]
        fn under_100_pays_full_price(s in 0u64..10_000) {
            prop_assert_eq!(total_after_discount(s), s);
        }

        #[test]
        fn from_100_the_discount_is_a_tenth_rounded_down(s in 10_000u64..50_000) {
            prop_assert_eq!(total_after_discount(s), s - s / 10);
        }

        #[test]
        fn from_500_the_discount_is_a_fifth_rounded_down(s in 50_000u64..10_000_000) {
            prop_assert_eq!(total_after_discount(s), s - s / 5);
        }
    }
}
