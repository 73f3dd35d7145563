//! Reading the plain output of a Rust test binary (libtest) into per-test results.

use super::{Status, TestResult};

/// Test results sorted by name (the order libtest starts them in; they finish in any order, so
/// the first failure shown stays the same from run to run), with each failure's message.
pub fn parse(output: &str) -> Vec<TestResult> {
    let mut results: Vec<TestResult> = Vec::new();
    for line in output.lines() {
        let Some(rest) = line.strip_prefix("test ") else { continue };
        let Some((name, status)) = rest.rsplit_once(" ... ") else { continue };
        let status = match status.trim() {
            "ok" => Status::Pass,
            "FAILED" => Status::Fail,
            _ => continue, // ignored, or a "has been running for" notice
        };
        results.push(TestResult { name: name.trim().to_owned(), status, message: None });
    }
    for (name, message) in failure_sections(output) {
        if let Some(result) = results.iter_mut().find(|r| r.name == name) {
            result.message = Some(message);
        }
    }
    for result in results.iter_mut().filter(|r| r.status == Status::Fail && r.message.is_none()) {
        result.message = Some("the test failed".to_owned());
    }
    results.sort_by(|a, b| a.name.cmp(&b.name));
    results
}

/// Whether the test binary reported every test it announced: `running N tests` and a final
/// `test result:` line with as many passed, failed and ignored. A program that calls
/// `process::exit` in the middle of the tests exits without it.
pub fn complete(output: &str, results: &[TestResult]) -> bool {
    let announced: usize = output
        .lines()
        .filter_map(|l| l.strip_prefix("running ").and_then(|r| r.split_whitespace().next()).and_then(|n| n.parse::<usize>().ok()))
        .sum();
    let Some(summary) = output.lines().rev().find(|l| l.starts_with("test result:")) else { return false };
    let count = |word: &str| summary.split(';').find_map(|part| part.trim().strip_suffix(word).and_then(|n| n.trim().rsplit(' ').next()?.parse::<usize>().ok()));
    let ignored = count("ignored").unwrap_or(0);
    results.len() + ignored == announced && count("passed").is_some()
}

/// `---- NAME stdout ----` sections: what a failing test printed, and its panic message.
fn failure_sections(output: &str) -> Vec<(String, String)> {
    let mut sections = Vec::new();
    let mut current: Option<(String, Vec<&str>)> = None;
    for line in output.lines() {
        let header = line.strip_prefix("---- ").and_then(|l| l.strip_suffix(" stdout ----"));
        if (header.is_some() || line == "failures:" || line.starts_with("test result:"))
            && let Some((name, lines)) = current.take() {
                sections.push((name, tidy(&lines)));
            }
        if let Some(name) = header {
            current = Some((name.to_owned(), Vec::new()));
        } else if let Some((_, lines)) = current.as_mut() {
            lines.push(line);
        }
    }
    if let Some((name, lines)) = current {
        sections.push((name, tidy(&lines)));
    }
    sections
}

fn tidy(lines: &[&str]) -> String {
    lines
        .iter()
        .filter(|l| !l.starts_with("note: run with `RUST_BACKTRACE=1`"))
        .map(|l| without_thread_id(l))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned()
}

/// `thread 'tests::a' (4242) panicked at ...`: the thread id is noise to a learner.
fn without_thread_id(line: &str) -> String {
    let Some(rest) = line.strip_prefix("thread '") else { return line.to_owned() };
    let Some((name, after)) = rest.split_once("' (") else { return line.to_owned() };
    match after.split_once(") ") {
        Some((id, tail)) if id.chars().all(|c| c.is_ascii_digit()) => format!("thread '{name}' {tail}"),
        _ => line.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OUTPUT: &str = "\nrunning 3 tests\ntest tests::a ... ok\ntest tests::b ... FAILED\ntest tests::c ... ignored\n\nfailures:\n\n---- tests::b stdout ----\n\nthread 'tests::b' panicked at exercises/x.rs:10:5:\nassertion `left == right` failed: a created resource answers 201 Created\n  left: 200\n right: 201\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\n\nfailures:\n    tests::b\n\ntest result: FAILED. 1 passed; 1 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.00s\n\n";

    #[test]
    fn reads_statuses_and_failure_messages() {
        let results = parse(OUTPUT);
        assert_eq!(results.len(), 2, "ignored tests are not results");
        assert_eq!(results[0].name, "tests::a");
        assert_eq!(results[0].status, Status::Pass);
        assert_eq!(results[1].status, Status::Fail);
        let message = results[1].message.as_deref().unwrap_or_default();
        assert!(message.starts_with("thread 'tests::b' panicked at exercises/x.rs:10:5:"), "{message}");
        assert!(message.ends_with("right: 201"), "{message}");
    }

    #[test]
    fn an_early_exit_is_incomplete() {
        assert!(complete(OUTPUT, &parse(OUTPUT)));
        let cut = "running 2 tests\ntest a ... ok\n";
        assert!(!complete(cut, &parse(cut)), "no summary: the program exited early");
    }

    #[test]
    fn thread_ids_are_dropped() {
        assert_eq!(without_thread_id("thread 'tests::b' (4242) panicked at x.rs:1:1:"), "thread 'tests::b' panicked at x.rs:1:1:");
        assert_eq!(without_thread_id("thread 'tests::b' panicked at x.rs:1:1:"), "thread 'tests::b' panicked at x.rs:1:1:");
    }

    #[test]
    fn results_come_in_name_order_whatever_order_they_finished_in() {
        let results = parse("test tests::b ... ok\ntest tests::a ... FAILED\ntest tests::c ... ok\n");
        let names: Vec<&str> = results.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["tests::a", "tests::b", "tests::c"]);
    }

    #[test]
    fn a_failure_without_a_section_still_has_a_message() {
        let results = parse("test t ... FAILED\n");
        assert_eq!(results[0].message.as_deref(), Some("the test failed"));
    }
}
