//! # p50 and p99 from recorded latencies
//!
//! A load test records how long each request took; these functions turn that list into the
//! numbers people compare. Finish `percentile` with the nearest-rank method: sort the latencies
//! (they come in the order the requests finished); the p-th percentile is the value at rank
//! `ceil(p / 100 * n)`, counting ranks from 1 (never below rank 1), so at least p % of the
//! requests took that long or less. It is always one of the recorded values, never an average of
//! two. No latencies: `None` (no panic). Finish `summarize` (the count, p50, p99 and the maximum,
//! `None` for no latencies) and `helped`: a change helped when its p99 is lower than before and
//! its p50 is not higher.
//!
//! Why it matters: an average hides the slow tail. With 100 requests at 10 ms and one at 5 s the
//! mean is 60 ms, which nobody experienced; p99 is what your unluckiest users (and every page
//! that makes 100 calls) see. "It got faster" is only true if the tail got shorter too.

use std::time::Duration;

/// The `p`-th percentile (`1..=100`) of `latencies`, by nearest rank.
pub fn percentile(latencies: &[Duration], p: u32) -> Option<Duration> {
    // TODO: sort a copy of `latencies`, compute the rank `ceil(p * n / 100)` in integers
    // (at least 1), and return the value at that rank (ranks count from 1). None when empty.
    todo!("the p{p} of {} latencies", latencies.len())
}

/// What a load test reports.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub count: usize,
    pub p50: Duration,
    pub p99: Duration,
    pub max: Duration,
}

/// The count, p50, p99 and maximum of `latencies`, or `None` when there are none.
pub fn summarize(latencies: &[Duration]) -> Option<Summary> {
    // TODO: the count, `percentile` 50 and 99, and the largest latency; None when empty.
    todo!("summarize {} latencies", latencies.len())
}

/// Whether `after` is an improvement on `before`: a shorter tail, and no slower middle.
pub fn helped(before: &Summary, after: &Summary) -> bool {
    // TODO: true when the p99 is lower and the p50 is not higher.
    todo!("compare {before:?} with {after:?}")
}

fn main() {
    let ms = Duration::from_millis;
    let before: Vec<Duration> = (1..=100)
        .map(|i| ms(if i > 95 { 900 } else { 20 }))
        .collect();
    let after: Vec<Duration> = (1..=100)
        .map(|i| ms(if i > 95 { 80 } else { 22 }))
        .collect();
    if let (Some(before), Some(after)) = (summarize(&before), summarize(&after)) {
        println!(
            "before: {before:?}\nafter:  {after:?}\nhelped: {}",
            helped(&before, &after)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(values: &[u64]) -> Vec<Duration> {
        values.iter().map(|&v| Duration::from_millis(v)).collect()
    }

    /// 1 ms to 100 ms, in a shuffled order (as requests finish).
    fn one_to_hundred() -> Vec<Duration> {
        let values: Vec<u64> = (0..100).map(|i| (i * 37) % 100 + 1).collect();
        ms(&values)
    }

    #[test]
    fn nearest_rank_on_a_hundred_values() {
        let latencies = one_to_hundred();
        assert_eq!(
            percentile(&latencies, 50),
            Some(Duration::from_millis(50)),
            "of 1..=100 ms (recorded in any order: sort them first), p50 is the value of rank \
             ceil(0.50 * 100) = 50, counting from 1: 50 ms (the value at index 50 is 51 ms)"
        );
        assert_eq!(
            percentile(&latencies, 99),
            Some(Duration::from_millis(99)),
            "p99 of 1..=100 ms is the value of rank 99: 99 ms"
        );
        assert_eq!(
            percentile(&latencies, 100),
            Some(Duration::from_millis(100)),
            "p100 is the largest value"
        );
    }

    #[test]
    fn the_rank_is_rounded_up() {
        let latencies = ms(&[40, 10, 30, 20, 100, 60, 50, 90, 70, 80]);
        assert_eq!(
            percentile(&latencies, 99),
            Some(Duration::from_millis(100)),
            "with 10 values, p99 has rank ceil(9.9) = 10: the slowest, 100 ms. Rounding the \
             rank down gives 90 ms, and hides the slowest request"
        );
        assert_eq!(
            percentile(&latencies, 1),
            Some(Duration::from_millis(10)),
            "p1 of 10 values has rank ceil(0.1) = 1: the fastest"
        );
    }

    #[test]
    fn the_percentile_is_a_recorded_value() {
        let latencies = ms(&[40, 10, 30, 20, 100, 60, 50, 90, 70, 80]);
        assert_eq!(
            percentile(&latencies, 25),
            Some(Duration::from_millis(30)),
            "with 10 values, p25 has rank ceil(2.5) = 3: 30 ms. Nearest rank picks a recorded \
             value, never one between two (no interpolation: 25 ms or 32.5 ms were never \
             measured)"
        );
    }

    #[test]
    fn small_samples() {
        let empty = std::panic::catch_unwind(|| percentile(&[], 50));
        assert!(
            matches!(empty, Ok(None)),
            "no latencies: percentile answers None (without panicking), got {empty:?}"
        );
        assert_eq!(
            percentile(&ms(&[7]), 50),
            Some(Duration::from_millis(7)),
            "one latency is every percentile"
        );
        assert_eq!(
            percentile(&ms(&[5, 5, 9]), 50),
            Some(Duration::from_millis(5)),
            "p50 of [5, 5, 9] has rank ceil(1.5) = 2: 5 ms (repeated values count once each)"
        );
    }

    #[test]
    fn a_summary_shows_the_tail_an_average_hides() {
        let mut latencies = ms(&[10; 98]);
        latencies.extend(ms(&[5000, 3000]));
        let summary = summarize(&latencies);
        assert_eq!(
            summary,
            Some(Summary {
                count: 100,
                p50: Duration::from_millis(10),
                p99: Duration::from_millis(3000),
                max: Duration::from_millis(5000),
            }),
            "98 requests at 10 ms, one at 3 s and one at 5 s: count 100, p50 10 ms, p99 (rank \
             99) 3 s, max 5 s. The median, not the mean (about 90 ms, which nobody saw)"
        );
        let empty = std::panic::catch_unwind(|| summarize(&[]));
        assert!(
            matches!(empty, Ok(None)),
            "no latencies: summarize answers None (without panicking), got {empty:?}"
        );
    }

    fn summary(p50: u64, p99: u64) -> Summary {
        Summary {
            count: 100,
            p50: Duration::from_millis(p50),
            p99: Duration::from_millis(p99),
            max: Duration::from_millis(p99 * 2),
        }
    }

    #[test]
    fn a_change_helped_when_the_tail_shrank_and_the_median_held() {
        let before = summary(20, 900);
        assert!(
            helped(&before, &summary(20, 80)),
            "p99 from 900 ms to 80 ms with the same p50: the change helped"
        );
        assert!(
            helped(&before, &summary(15, 80)),
            "p99 and p50 both lower: the change helped"
        );
        assert!(
            !helped(&before, &before),
            "no change is no improvement: the p99 must be strictly lower"
        );
        assert!(
            !helped(&before, &summary(10, 900)),
            "a faster median with the same 900 ms tail did not help: the p99 must be lower"
        );
        assert!(
            !helped(&before, &summary(40, 80)),
            "a shorter tail bought with a median twice as slow (20 ms to 40 ms) did not help: \
             the p50 must not get higher"
        );
    }
}
