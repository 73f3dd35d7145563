//! wrong: stores the input instead of the result, so later calls return the input
//! expect: store what the function returned
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
        if let Some(&stored) = self.results.get(&input) {
            return stored;
        }
        let result = (self.f)(input);
        self.results.insert(input, input);
        result
    }
}

fn main() {}
