//! Verifiers and the one result type they all report through. Each verifier kind lives in its
//! own file; `check` decides what to build and calls them.

#[cfg(feature = "full")]
pub mod http;
pub mod libtest;
pub mod mutants;
pub mod output;
pub mod review;
pub mod run;
#[cfg(feature = "full")]
pub mod sql;

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::process::{Ending, Finished};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
    Error,
}

/// One named check inside a verdict: a test, a request, a mutant, a result set.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TestResult {
    pub name: String,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl TestResult {
    pub fn pass(name: impl Into<String>) -> Self {
        Self { name: name.into(), status: Status::Pass, message: None }
    }

    pub fn fail(name: impl Into<String>, message: impl Into<String>) -> Self {
        Self { name: name.into(), status: Status::Fail, message: Some(message.into()) }
    }
}

/// The outcomes a learner must be able to tell apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    Passed,
    /// The code does not compile; the compiler's diagnostics.
    CompileError(String),
    /// It ran, and at least one check failed (see the verdict's tests and summary).
    Failed,
    /// A program ran past its limit in this phase and was killed.
    TimedOut { phase: String, limit: Duration },
    /// The check could not be carried out (cargo missing, broken fixture, authoring error).
    Error(String),
    /// This machine lacks what the exercise needs (a PostgreSQL server): how to get it.
    Skipped(String),
}

// Serialized whole between `runner` and `runner-full` (check/handover.rs); report/json.rs
// writes the learner-facing JSON.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Verdict {
    pub exercise: String,
    pub outcome: Outcome,
    /// One line that says what happened, in the learner's terms.
    pub summary: String,
    pub tests: Vec<TestResult>,
    /// What the program printed, capped.
    pub output: String,
    /// Things the learner should know whatever the outcome (tests changed, a process left behind).
    pub notes: Vec<String>,
    /// Compiler warnings of a build that succeeded (shown briefly on a pass).
    pub warnings: String,
    /// Problems of the exercise itself (a mutant that does not compile), for `runner dev check`.
    pub authoring_errors: Vec<String>,
    pub elapsed: Duration,
}

impl Verdict {
    pub fn new(exercise: &str, outcome: Outcome, summary: impl Into<String>) -> Self {
        Self {
            exercise: exercise.to_owned(),
            outcome,
            summary: summary.into(),
            tests: Vec::new(),
            output: String::new(),
            notes: Vec::new(),
            authoring_errors: Vec::new(),
            warnings: String::new(),
            elapsed: Duration::ZERO,
        }
    }

    pub fn passed(&self) -> bool {
        self.outcome == Outcome::Passed
    }

    /// A verdict from the checks made: passed when every one passed. `what` names the checks
    /// in the plural (`tests`, `requests`).
    pub fn from_tests(exercise: &str, tests: Vec<TestResult>, what: &str) -> Self {
        let failed = tests.iter().filter(|t| t.status != Status::Pass).count();
        let one = what.strip_suffix('s').unwrap_or(what);
        let (outcome, summary) = match (tests.len(), failed) {
            (0, _) => (Outcome::Failed, format!("no {what} ran")),
            (1, 0) => (Outcome::Passed, format!("the {one} passed")),
            (1, _) => (Outcome::Failed, format!("the {one} failed")),
            (n, 0) => (Outcome::Passed, format!("all {n} {what} passed")),
            (n, f) => (Outcome::Failed, format!("{f} of {n} {what} failed")),
        };
        let mut verdict = Self::new(exercise, outcome, summary);
        verdict.tests = tests;
        verdict
    }
}

/// What went wrong with a finished program, if its ending alone decides it.
pub fn ending_problem(finished: &Finished, phase: &str, limit: Duration) -> Option<Outcome> {
    match finished.ending {
        Ending::TimedOut => Some(Outcome::TimedOut { phase: phase.to_owned(), limit }),
        _ => None,
    }
}

/// A program that ran into a resource limit fails with a verdict that names the limit.
pub fn apply_limit(finished: &Finished, verdict: &mut Verdict) {
    if let Some(hit) = finished.limit {
        verdict.outcome = Outcome::Failed;
        verdict.summary = format!("{hit}: {}", hit.advice());
    }
}

/// The note for a program that left processes running after it ended.
pub fn left_behind_note(finished: &Finished) -> Option<String> {
    finished.left_behind.then(|| {
        "your program left processes running after it ended (a spawned child or a server); \
         the runner stopped them, but real programs should clean up after themselves"
            .to_owned()
    })
}

/// Whether the code of a learner's file still has a `todo!()` (comments do not count): the
/// note about it is decided from the file, not from what the program printed.
pub fn todo_left(source: &str) -> bool {
    source.lines().any(|line| line.split("//").next().is_some_and(|code| code.contains("todo!(")))
}

/// The note for a failing check while a `todo!()` is left.
pub const TODO_NOTE: &str = "a `todo!()` is still in your code: replace it with your implementation";

/// Program output for a verdict: stdout then stderr, each only if non-empty.
pub fn combined_output(finished: &Finished) -> String {
    let mut out = finished.stdout.text.clone();
    if !finished.stderr.text.trim().is_empty() {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&finished.stderr.text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_count_in_good_english() {
        assert_eq!(Verdict::from_tests("e", vec![TestResult::pass("a")], "output checks").summary, "the output check passed");
        assert_eq!(Verdict::from_tests("e", vec![TestResult::fail("a", "m")], "tests").summary, "the test failed");
        assert_eq!(Verdict::from_tests("e", vec![TestResult::pass("a"), TestResult::pass("b")], "tests").summary, "all 2 tests passed");
        assert_eq!(Verdict::from_tests("e", vec![TestResult::pass("a"), TestResult::fail("b", "m")], "requests").summary, "1 of 2 requests failed");
    }

    #[test]
    fn todo_in_a_comment_does_not_count() {
        assert!(todo_left("fn a() -> u32 {\n    todo!()\n}\n"));
        assert!(!todo_left("// replace the todo!() below\nfn a() -> u32 { 42 }\n"));
    }
}
