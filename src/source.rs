//! An exercise's source in two parts: the code, and the tests (from the `#[cfg(test)]` line
//! that opens the last item to the end of the file). Grading puts parts of the learner's file
//! and of the original together, so a learner cannot pass by editing what grades them.

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

/// Macros whose redefinition in the code part would hollow out the tests that follow it.
const TEST_MACROS: &[&str] =
    &["assert", "assert_eq", "assert_ne", "debug_assert", "debug_assert_eq", "debug_assert_ne", "panic", "matches", "unreachable", "todo", "unimplemented"];

/// Why the code part of `source` would change how the tests after it compile, if it does:
/// an attribute right before the tests module, or a redefined assertion macro.
pub fn tampering(source: &str) -> Option<String> {
    let (code, tests) = split(source);
    if tests.is_empty() {
        return None;
    }
    let last = code.lines().map(str::trim).rfind(|l| !l.is_empty() && !l.starts_with("//"));
    if last.is_some_and(|l| l.starts_with("#[") || l.starts_with("#![")) {
        return Some("an attribute right before the tests module changes how the tests compile: remove it".into());
    }
    for (i, _) in code.match_indices("macro_rules!") {
        let name: String = code[i + "macro_rules!".len()..].trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if TEST_MACROS.contains(&name.as_str()) {
            return Some(format!("the code redefines `{name}!`, which the tests use: remove that macro"));
        }
    }
    None
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
    fn splits_at_the_first_top_level_cfg_test() {
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
    fn hollowing_out_the_tests_from_the_code_is_refused() {
        assert_eq!(tampering(ORIGINAL), None);
        let disabled = ORIGINAL.replace("#[cfg(test)]", "#[cfg(any())]\n#[cfg(test)]");
        assert!(tampering(&disabled).is_some_and(|why| why.contains("attribute")));
        let shadowed = format!("macro_rules! assert_eq {{ ($($t:tt)*) => {{}} }}\n{ORIGINAL}");
        assert!(tampering(&shadowed).is_some_and(|why| why.contains("`assert_eq!`")));
    }

    #[test]
    fn mutants_touch_the_code_only_and_must_be_unique() {
        let mutated = mutate(ORIGINAL, "todo!()", "0").expect("found once");
        assert!(mutated.starts_with("fn f() -> u8 { 0 }"));
        assert_eq!(mutate(ORIGINAL, "assert_eq", "assert_ne"), Err(MutantError::NotFound));
        assert_eq!(mutate("a a\n", "a", "b"), Err(MutantError::Ambiguous(2)));
    }
}
