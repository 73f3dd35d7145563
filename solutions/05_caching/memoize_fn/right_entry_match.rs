//! right: an explicit match on the entry, computing only in the vacant arm
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
        match self.results.entry(input) {
            std::collections::hash_map::Entry::Occupied(hit) => *hit.get(),
            std::collections::hash_map::Entry::Vacant(miss) => *miss.insert((self.f)(input)),
        }
    }
}

fn main() {}
