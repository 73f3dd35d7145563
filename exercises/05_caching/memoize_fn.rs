//! # Memoize an expensive function
//!
//! `Memo` wraps a slow function (think: a shipping price computed from a big
//! rule table). Finish `Memo::get` so that each distinct input is computed only
//! once: look the input up in `self.results` first, and call the function only
//! on a miss, storing what it returns.
//!
//! Why it matters: memoization is the smallest cache there is, and it shows the
//! core trade: memory for repeated work. It is only safe for *pure* functions,
//! whose answer depends on the input alone; the rest of this stage deals with
//! data that changes underneath the cache.

use std::collections::HashMap;

/// Remembers the result of `f` for every input it has seen.
pub struct Memo<F> {
    f: F,
    results: HashMap<u64, u64>,
}

impl<F: Fn(u64) -> u64> Memo<F> {
    pub fn new(f: F) -> Self {
        Self {
            f,
            results: HashMap::new(),
        }
    }

    /// Returns `f(input)`, calling `f` at most once per distinct input.
    pub fn get(&mut self, input: u64) -> u64 {
        // TODO: if `self.results` already holds `input`, return the stored
        // value. Otherwise call `(self.f)(input)`, store the result under
        // `input`, and return it.
        todo!()
    }
}

fn main() {
    let mut shipping_cents = Memo::new(|postcode| 450 + (postcode % 97) * 10);
    println!("75001 -> {} cents", shipping_cents.get(75001));
    println!("75001 again -> {} cents", shipping_cents.get(75001));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn a_repeated_input_calls_the_function_once() {
        let calls = Cell::new(0);
        let mut memo = Memo::new(|n| {
            calls.set(calls.get() + 1);
            n * n
        });
        assert_eq!(memo.get(12), 144, "get(12) must return f(12) = 144");
        assert_eq!(
            calls.get(),
            1,
            "the first get(12) called the function {} times: a miss calls it exactly once, \
             then stores and returns that result",
            calls.get()
        );
        for _ in 0..2 {
            assert_eq!(
                memo.get(12),
                144,
                "get(12) again must return the stored f(12) = 144: store what the function \
                 returned, under the input"
            );
        }
        assert_eq!(
            calls.get(),
            1,
            "get(12) three times called the function {} times: after the first call the \
             answer must come from the HashMap, not from the function",
            calls.get()
        );
    }

    #[test]
    fn each_distinct_input_is_computed_once() {
        let calls = Cell::new(0);
        let mut memo = Memo::new(|n| {
            calls.set(calls.get() + 1);
            n + 1000
        });
        for n in [1, 2, 3, 1, 2, 3, 3, 2, 1] {
            assert_eq!(memo.get(n), n + 1000, "get({n}) must return f({n})");
        }
        assert_eq!(
            calls.get(),
            3,
            "three distinct inputs must cost exactly three calls (one per input), got {}",
            calls.get()
        );
    }

    #[test]
    fn results_are_kept_per_input() {
        let mut memo = Memo::new(|n| n * 10);
        assert_eq!(memo.get(1), 10, "get(1) must return f(1) = 10");
        assert_eq!(
            memo.get(2),
            20,
            "get(2) returned the result stored for another input: key the map by the input"
        );
        assert_eq!(
            memo.get(1),
            10,
            "get(1) after get(2) must still return f(1) = 10: each input keeps its own result"
        );
    }
}
