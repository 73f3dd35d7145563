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

/// Whether two files' test parts are the same up to white space, line breaks and comments
/// (doc comments included): the same tokens. Text that does not tokenise is compared line by
/// line, trimmed.
pub fn same_tests(a: &str, b: &str) -> bool {
    match (tokens(split(a).1), tokens(split(b).1)) {
        (Some(a), Some(b)) => a == b,
        _ => {
            let lines = |s: &str| split(s).1.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect::<Vec<_>>();
            lines(a) == lines(b)
        }
    }
}

/// The tokens of `text` as one string, doc comments left out.
fn tokens(text: &str) -> Option<String> {
    let stream: proc_macro2::TokenStream = text.parse().ok()?;
    let mut out = String::new();
    flatten(stream, &mut out);
    Some(out)
}

fn flatten(stream: proc_macro2::TokenStream, out: &mut String) {
    use proc_macro2::TokenTree;
    let mut trees = stream.into_iter().peekable();
    while let Some(tree) = trees.next() {
        match &tree {
            // `///` and `//!` are `#[doc = "..."]` (or `#![doc = ...]`) to the tokenizer.
            TokenTree::Punct(p) if p.as_char() == '#' => {
                let bang = matches!(trees.peek(), Some(TokenTree::Punct(b)) if b.as_char() == '!');
                let mut ahead = trees.clone();
                if bang {
                    ahead.next();
                }
                if let Some(TokenTree::Group(group)) = ahead.next()
                    && group.stream().into_iter().next().is_some_and(|t| matches!(t, TokenTree::Ident(i) if i == "doc"))
                {
                    trees = ahead;
                    continue;
                }
                out.push_str("# ");
            }
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    proc_macro2::Delimiter::Parenthesis => ("(", ")"),
                    proc_macro2::Delimiter::Brace => ("{", "}"),
                    proc_macro2::Delimiter::Bracket => ("[", "]"),
                    proc_macro2::Delimiter::None => ("", ""),
                };
                out.push_str(open);
                flatten(group.stream(), out);
                out.push_str(close);
                out.push(' ');
            }
            other => {
                out.push_str(&other.to_string());
                out.push(' ');
            }
        }
    }
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
    fn formatting_and_comments_do_not_count_but_tokens_do() {
        let reformatted = ORIGINAL.replace("assert_eq!(super::f(), 1)", "assert_eq!(\n        super::f(),\n        1 // one\n    )").replace("    #[test]", "    /// The answer.\n    #[test]");
        assert!(same_tests(&reformatted, ORIGINAL), "{reformatted}");
        let edited = ORIGINAL.replace("assert_eq!(super::f(), 1)", "assert_eq!(super::f(), 2)");
        assert!(!same_tests(&edited, ORIGINAL));
        let in_a_string = ORIGINAL.replace("fn t() {", "fn t() { let _ = \"a  b\";");
        assert!(!same_tests(&in_a_string, &in_a_string.replace("a  b", "a b")), "spaces inside a string literal count");
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
