//! right: looks up with get().copied(), computes and inserts on None
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
        if let Some(result) = self.results.get(&input).copied() {
            return result;
        }
        let result = (self.f)(input);
        self.results.insert(input, result);
        result
    }
}

fn main() {}
