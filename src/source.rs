//! An exercise's source in two parts: the code, and the tests (from the `#[cfg(test)]` line
//! that opens the last item to the end of the file). Grading puts parts of the learner's file
//! and of the original together, so a learner cannot pass by editing what grades them.

/// The index at which the tests part starts, if the file has one.
pub fn tests_start(source: &str) -> Option<usize> {
    let mut offset = 0;
    let mut found = None;
    for line in source.split_inclusive('\n') {
        if line.trim() == "#[cfg(test)]" && !line.starts_with(char::is_whitespace) {
            found = Some(offset);
        }
        offset += line.len();
    }
    found
}

pub fn split(source: &str) -> (&str, &str) {
    let at = tests_start(source).unwrap_or(source.len());
    source.split_at(at)
}

/// Whether two test parts are the same up to white space.
pub fn same_tests(a: &str, b: &str) -> bool {
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    squash(split(a).1) == squash(split(b).1)
}

/// `code_from`'s code followed by `tests_from`'s tests.
pub fn splice(code_from: &str, tests_from: &str) -> String {
    let (code, _) = split(code_from);
    let (_, tests) = split(tests_from);
    let mut out = code.to_owned();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(tests);
    out
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
    fn splits_at_the_last_top_level_cfg_test() {
        let (code, tests) = split(ORIGINAL);
        assert_eq!(code, "fn f() -> u8 { todo!() }\n\n");
        assert!(tests.starts_with("#[cfg(test)]\nmod tests"));
    }

    #[test]
    fn a_weakened_test_is_noticed_and_replaced() {
        assert!(!same_tests(LEARNER, ORIGINAL));
        let graded = splice(LEARNER, ORIGINAL);
        assert!(graded.starts_with("fn f() -> u8 { 1 }"));
        assert!(graded.contains("assert_eq!(super::f(), 1)"));
    }

    #[test]
    fn reformatting_the_tests_is_not_tampering() {
        let reformatted = ORIGINAL.replace("    fn t() { assert_eq!(super::f(), 1); }", "    fn t() {\n        assert_eq!(super::f(), 1);\n    }");
        assert!(same_tests(&reformatted, ORIGINAL));
    }

    #[test]
    fn mutants_touch_the_code_only_and_must_be_unique() {
        let mutated = mutate(ORIGINAL, "todo!()", "0").expect("found once");
        assert!(mutated.starts_with("fn f() -> u8 { 0 }"));
        assert_eq!(mutate(ORIGINAL, "assert_eq", "assert_ne"), Err(MutantError::NotFound));
        assert_eq!(mutate("a a\n", "a", "b"), Err(MutantError::Ambiguous(2)));
    }
}
