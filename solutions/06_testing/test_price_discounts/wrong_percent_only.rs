//! wrong: pins the percentages at every edge but never calls total_after_discount
//! expect: the discount is added to the price instead of taken off
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discount_percent_by_range() {
        let cases = [
            (0, 0),
            (9_999, 0),
            (10_000, 10),
            (49_999, 10),
            (50_000, 20),
            (200_000, 20),
        ];
        for (subtotal, percent) in cases {
            assert_eq!(discount_percent(subtotal), percent, "discount for {subtotal} cents");
        }
    }
}
