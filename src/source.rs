//! An exercise's source in two parts: the code, and the tests (from the `#[cfg(test)]` line
//! that opens the first test item to the end of the file): split, compared, mutated.
//! Grading assembles the parts by their items (`assemble`).

/// The index at which the tests part starts, if the file has one.
pub fn tests_start(source: &str) -> Option<usize> {
    // The first one: a learner's extra test module before the original one belongs to the tests.
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        if line.trim() == "#[cfg(test)]" && !line.starts_with(char::is_whitespace) {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

pub fn split(source: &str) -> (&str, &str) {
    let at = tests_start(source).unwrap_or(source.len());
    source.split_at(at)
}

/// Whether two test parts are the same up to white space.
pub fn same_tests(a: &str, b: &str) -> bool {
    // Indentation and blank lines may change; anything inside a line (a string literal's
    // spaces included) may not.
    let lines = |s: &str| split(s).1.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect::<Vec<_>>();
    lines(a) == lines(b)
}

/// Error from applying a mutant to the code part.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MutantError {
    #[error("its `find` text does not occur in the code before the tests")]
    NotFound,
    #[error("its `find` text occurs {0} times in the code before the tests; it must occur once")]
    Ambiguous(usize),
}

/// `source` with `find` replaced by `replace` in its code part only.
pub fn mutate(source: &str, find: &str, replace: &str) -> Result<String, MutantError> {
    let (code, tests) = split(source);
    match code.matches(find).count() {
        0 => Err(MutantError::NotFound),
        1 => Ok(format!("{}{tests}", code.replacen(find, replace, 1))),
        n => Err(MutantError::Ambiguous(n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGINAL: &str = "fn f() -> u8 { todo!() }\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn t() { assert_eq!(super::f(), 1); }\n}\n";
    const LEARNER: &str = "fn f() -> u8 { 1 }\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn t() {}\n}\n";

    #[test]
    fn splits_at_the_first_top_level_cfg_test() {
        let (code, tests) = split(ORIGINAL);
        assert_eq!(code, "fn f() -> u8 { todo!() }\n\n");
        assert!(tests.starts_with("#[cfg(test)]\nmod tests"));
    }

    #[test]
    fn reindenting_the_tests_is_not_tampering() {
        let reindented = ORIGINAL.replace("    #[test]\n", "\n        #[test]\n");
        assert!(same_tests(&reindented, ORIGINAL));
    }

    #[test]
    fn spaces_inside_a_line_of_the_tests_count() {
        let edited = ORIGINAL.replace("assert_eq!(super::f(), 1)", "assert_eq!(super::f(),1)");
        assert!(!same_tests(&edited, ORIGINAL));
    }

    #[test]
    fn an_extra_test_module_belongs_to_the_tests() {
        let extra = LEARNER.replace("#[cfg(test)]\nmod tests", "#[cfg(test)]\nmod mine {}\n\n#[cfg(test)]\nmod tests");
        assert_eq!(split(&extra).0, split(LEARNER).0);
    }

    #[test]
    fn mutants_touch_the_code_only_and_must_be_unique() {
        let mutated = mutate(ORIGINAL, "todo!()", "0").expect("found once");
        assert!(mutated.starts_with("fn f() -> u8 { 0 }"));
        assert_eq!(mutate(ORIGINAL, "assert_eq", "assert_ne"), Err(MutantError::NotFound));
        assert_eq!(mutate("a a\n", "a", "b"), Err(MutantError::Ambiguous(2)));
    }
}
