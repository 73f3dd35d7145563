//! right: select_nth_unstable instead of a full sort, the rank from checked_sub, helped as a match on two orderings

use std::time::Duration;

/// The `p`-th percentile (`1..=100`) of `latencies`, by nearest rank.
pub fn percentile(latencies: &[Duration], p: u32) -> Option<Duration> {
    // The value of rank k (from 1) is the one at index k - 1 once sorted;
    // select_nth_unstable finds it without sorting everything.
    let n = latencies.len();
    let index = (n * p as usize).div_ceil(100).checked_sub(1).unwrap_or(0);
    if index >= n {
        return None;
    }
    let mut copy = latencies.to_vec();
    let (_, value, _) = copy.select_nth_unstable(index);
    Some(*value)
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
    let max = *latencies.iter().max()?;
    let count = latencies.len();
    match (percentile(latencies, 50), percentile(latencies, 99)) {
        (Some(p50), Some(p99)) => Some(Summary {
            count,
            p50,
            p99,
            max,
        }),
        _ => None,
    }
}

/// Whether `after` is an improvement on `before`: a shorter tail, and no slower middle.
pub fn helped(before: &Summary, after: &Summary) -> bool {
    use std::cmp::Ordering::{Equal, Less};
    matches!(
        (after.p99.cmp(&before.p99), after.p50.cmp(&before.p50)),
        (Less, Less | Equal)
    )
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
