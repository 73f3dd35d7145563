//! Known answers: course data that proves an exercise's verifiers precise. Beside each
//! solution, `solutions/<stage>/<exercise>/` holds files written as a learner would write the
//! exercise file: `wrong_<slug>.rs` (or `.sql`) has a realistic bug the exercise's text rules
//! out and must fail; `right_<slug>.rs` is correct, written differently from the reference,
//! and must pass. Each opens with comment lines that say what it is:
//!
//! ```text
//! //! wrong: joins the Location onto the server root instead of the request's URL
//! //! expect: resolved against the request's URL
//! ```
//!
//! `expect` lines (any number) are fragments the failure's message must contain, so messages
//! keep naming the requirement. A Rust answer for a `tests` exercise may leave out the tests
//! (it is graded with the original ones); one for a `mutants` exercise may hold only its tests.

use std::path::{Path, PathBuf};

use crate::course::{Course, Exercise};

/// What a known answer must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    /// Fail, with each fragment somewhere in the verdict.
    Fail(Vec<String>),
    Pass,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// Relative to the course root.
    pub path: PathBuf,
    pub description: String,
    pub expect: Expect,
}

/// A known-answer file that cannot be used, with its path and the line to point at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub line: usize,
    pub message: String,
}

/// Directory of an exercise's known answers, relative to the course root.
pub fn dir(exercise: &Exercise) -> PathBuf {
    Path::new("solutions").join(&exercise.stage_dir).join(&exercise.name)
}

/// The exercise's known answers, in file-name order, and the problems of files that are not.
pub fn discover(course: &Course, exercise: &Exercise) -> (Vec<Answer>, Vec<Problem>) {
    let dir = dir(exercise);
    let Ok(entries) = std::fs::read_dir(course.root.join(&dir)) else { return (Vec::new(), Vec::new()) };
    let extension = exercise.rel_path().extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
    let mut names: Vec<String> = entries.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    let (mut answers, mut problems) = (Vec::new(), Vec::new());
    for name in names {
        let path = dir.join(&name);
        let problem = |line: usize, message: String| Problem { path: path.clone(), line, message };
        let Some(stem) = name.strip_suffix(&format!(".{extension}")) else {
            problems.push(problem(1, format!("not a known answer: answers of this exercise are `wrong_<slug>.{extension}` or `right_<slug>.{extension}` files")));
            continue;
        };
        let kind = if stem.starts_with("wrong_") {
            "wrong"
        } else if stem.starts_with("right_") {
            "right"
        } else {
            problems.push(problem(1, format!("a known answer's name starts with `wrong_` or `right_`, not `{stem}`")));
            continue;
        };
        let text = match std::fs::read_to_string(course.root.join(&path)) {
            Ok(text) => text,
            Err(err) => {
                problems.push(problem(1, format!("cannot read it: {err}")));
                continue;
            }
        };
        match parse_header(&text, kind) {
            Ok((description, expect)) => answers.push(Answer { path, description, expect }),
            Err((line, message)) => problems.push(problem(line, message)),
        }
    }
    (answers, problems)
}

/// The description and expectation in the comment lines an answer opens with.
fn parse_header(text: &str, kind: &str) -> Result<(String, Expect), (usize, String)> {
    let mut description = None;
    let mut fragments = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let Some(comment) = comment_text(line) else { break };
        if let Some((key, value)) = comment.split_once(':') {
            let value = value.trim().to_owned();
            match key.trim() {
                "wrong" | "right" if key.trim() != kind => {
                    return Err((index + 1, format!("the file is named `{kind}_...` but says `{}:`", key.trim())));
                }
                "wrong" | "right" if value.is_empty() => return Err((index + 1, "say what this answer does, after the colon".into())),
                "wrong" | "right" => description = Some(value),
                "expect" if kind == "right" => return Err((index + 1, "a right answer passes: it has no `expect:` message".into())),
                "expect" if value.is_empty() => return Err((index + 1, "`expect:` needs a fragment of the failure's message".into())),
                "expect" => fragments.push(value),
                _ => {}
            }
        }
    }
    let Some(description) = description else {
        return Err((1, format!("a known answer opens with a comment line `{kind}: <what it does>` (`//!` or `//` in Rust, `--` in SQL)")));
    };
    Ok((description, if kind == "wrong" { Expect::Fail(fragments) } else { Expect::Pass }))
}

/// The text of a comment line (`//!`, `//` or `--`), or `None` for anything else.
fn comment_text(line: &str) -> Option<&str> {
    let line = line.trim_start();
    line.strip_prefix("//!").or_else(|| line.strip_prefix("//")).or_else(|| line.strip_prefix("--"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_answer_says_what_it_does_and_what_the_message_names() {
        let text = "//! wrong: joins onto the server root\n//! expect: resolved against\n//! expect: the request's URL\nfn main() {}\n";
        let (description, expect) = parse_header(text, "wrong").expect("a valid header");
        assert_eq!(description, "joins onto the server root");
        assert_eq!(expect, Expect::Fail(vec!["resolved against".into(), "the request's URL".into()]));
    }

    #[test]
    fn sql_answers_use_sql_comments() {
        let (description, expect) = parse_header("-- right: a correlated subquery\nSELECT 1;\n", "right").expect("a valid header");
        assert_eq!((description.as_str(), expect), ("a correlated subquery", Expect::Pass));
    }

    #[test]
    fn header_mistakes_are_named_with_their_line() {
        assert_eq!(parse_header("fn main() {}\n", "wrong").map(|_| ()).expect_err("a bad header").0, 1);
        let mismatch = parse_header("// note: x\n// right: y\n", "wrong").map(|_| ()).expect_err("a bad header");
        assert_eq!(mismatch.0, 2);
        assert!(mismatch.1.contains("named `wrong_...`"), "{}", mismatch.1);
        assert!(parse_header("// right: y\n// expect: z\n", "right").is_err());
    }
}
