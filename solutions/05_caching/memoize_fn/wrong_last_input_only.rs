//! wrong: remembers only the latest input (memo of the last call), so alternating inputs recompute
//! expect: three distinct inputs must cost exactly three calls
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
        if let Some(&result) = self.results.get(&input) {
            return result;
        }
        let result = (self.f)(input);
        self.results.clear();
        self.results.insert(input, result);
        result
    }
}

fn main() {}
