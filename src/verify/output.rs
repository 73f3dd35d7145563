//! The `output` verifier: what the program prints must be the expected text.

use crate::process::Finished;

use super::{Outcome, TestResult, Verdict};

pub fn judge(exercise: &str, expected: &str, finished: &Finished) -> Verdict {
    let actual = normalise(&finished.stdout.text);
    let wanted = normalise(expected);
    let test = if !finished.success() {
        TestResult::fail("exit status", format!("the program did not finish cleanly ({:?}); it must exit with status 0", finished.ending))
    } else if actual == wanted {
        TestResult::pass("output")
    } else {
        TestResult::fail("output", difference(&wanted, &actual))
    };
    let mut verdict = Verdict::from_tests(exercise, vec![test], "output check");
    if verdict.outcome != Outcome::Passed {
        verdict.summary = "the program's output is not the expected one".into();
    }
    verdict
}

/// Trailing spaces and blank lines at the end do not count.
fn normalise(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.join("\n").trim_end().to_owned()
}

fn difference(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let line = (0..e.len().max(a.len())).find(|&i| e.get(i) != a.get(i)).unwrap_or(0);
    let show = |l: Option<&&str>| l.map_or("(nothing)".to_owned(), |l| format!("{l:?}"));
    format!(
        "line {} differs\n  expected: {}\n  printed:  {}\n\nexpected output:\n{expected}\n\nyour program printed:\n{actual}",
        line + 1,
        show(e.get(line)),
        show(a.get(line)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_whitespace_does_not_count() {
        assert_eq!(normalise("a  \nb\n\n"), normalise("a\nb"));
    }

    #[test]
    fn the_first_differing_line_is_named() {
        let shown = difference("Hello\nWorld", "Hello\nworld");
        assert!(shown.starts_with("line 2 differs"), "{shown}");
        assert!(shown.contains("expected: \"World\""), "{shown}");
    }
}
