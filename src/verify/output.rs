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
    let mut verdict = Verdict::from_tests(exercise, vec![test], "output checks");
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

/// Lines of each output shown in a failure message.
const SHOWN_LINES: usize = 20;

fn difference(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let line = (0..e.len().max(a.len())).find(|&i| e.get(i) != a.get(i)).unwrap_or(0);
    let show = |l: Option<&&str>| l.map_or("(nothing)".to_owned(), |l| format!("{:?}", l.chars().take(200).collect::<String>()));
    format!(
        "line {} differs\n  expected: {}\n  printed:  {}\n\nexpected output:\n{}\n\nyour program printed:\n{}",
        line + 1,
        show(e.get(line)),
        show(a.get(line)),
        head(&e),
        head(&a),
    )
}

/// The first lines of an output, saying how many more there were.
fn head(lines: &[&str]) -> String {
    let mut shown: Vec<String> = lines.iter().take(SHOWN_LINES).map(|l| l.chars().take(200).collect()).collect();
    if lines.len() > SHOWN_LINES {
        shown.push(format!("[... {} more lines]", lines.len() - SHOWN_LINES));
    }
    shown.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_whitespace_does_not_count() {
        assert_eq!(normalise("a  \nb\n\n"), normalise("a\nb"));
    }

    #[test]
    fn a_flood_is_shown_in_part() {
        let flood = "x\n".repeat(1000);
        let shown = difference("Hello", &flood);
        assert!(shown.ends_with("[... 980 more lines]"), "{shown}");
    }

    #[test]
    fn the_first_differing_line_is_named() {
        let shown = difference("Hello\nWorld", "Hello\nworld");
        assert!(shown.starts_with("line 2 differs"), "{shown}");
        assert!(shown.contains("expected: \"World\""), "{shown}");
    }
}
