//! wrong: reports the mean as the middle value
//! expect: The median, not the mean

use std::time::Duration;

/// The `p`-th percentile (`1..=100`) of `latencies`, by nearest rank.
pub fn percentile(latencies: &[Duration], p: u32) -> Option<Duration> {
    let mut sorted = latencies.to_vec();
    sorted.sort_unstable();
    let n = sorted.len();
    let rank = (p as usize * n).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
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
    Some(Summary {
        count: latencies.len(),
        p50: latencies.iter().sum::<Duration>() / latencies.len().max(1) as u32,
        p99: percentile(latencies, 99)?,
        max: latencies.iter().max().copied()?,
    })
}

/// Whether `after` is an improvement on `before`: a shorter tail, and no slower middle.
pub fn helped(before: &Summary, after: &Summary) -> bool {
    after.p99 < before.p99 && after.p50 <= before.p50
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
