//! wrong: on a miss stores f(input), then calls f again for the value it returns
//! expect: a miss calls it exactly once
use std::collections::HashMap;

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

    pub fn get(&mut self, input: u64) -> u64 {
        if !self.results.contains_key(&input) {
            self.results.insert(input, (self.f)(input));
            return (self.f)(input);
        }
        self.results[&input]
    }
}

fn main() {}
