//! right: one table of (subtotal, discount, total) rows, from each range and each edge
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_range_and_edge() {
        // (subtotal, percent, total) in cents
        let rows: &[(u64, u64, u64)] = &[
            (0, 0, 0),
            (9_999, 0, 9_999),
            (10_000, 10, 9_000),
            (12_345, 10, 11_111),
            (49_999, 10, 45_000),
            (50_000, 20, 40_000),
            (50_005, 20, 40_004),
            (200_000, 20, 160_000),
        ];
        for &(subtotal, percent, total) in rows {
            assert_eq!(discount_percent(subtotal), percent, "percent for {subtotal}");
            assert_eq!(total_after_discount(subtotal), total, "total for {subtotal}");
        }
    }
}
