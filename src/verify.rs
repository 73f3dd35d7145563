//! Verifiers and the one result type they all report through. Each verifier kind lives in its
//! own file; `check` decides what to build and calls them.

pub mod http;
pub mod libtest;
pub mod mutants;
pub mod output;
pub mod run;
pub mod sql;

use std::time::Duration;

use serde::Serialize;

use crate::process::{Ending, Finished};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
    Error,
}

/// One named check inside a verdict: a test, a request, a mutant, a result set.
#[derive(Debug, Clone, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
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
}

#[derive(Debug, Clone)]
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
            elapsed: Duration::ZERO,
        }
    }

    pub fn passed(&self) -> bool {
        self.outcome == Outcome::Passed
    }

    /// A verdict from the checks made: passed when every one passed.
    pub fn from_tests(exercise: &str, tests: Vec<TestResult>, what: &str) -> Self {
        let failed = tests.iter().filter(|t| t.status != Status::Pass).count();
        let (outcome, summary) = if failed == 0 && !tests.is_empty() {
            (Outcome::Passed, format!("all {} {what} passed", tests.len()))
        } else if tests.is_empty() {
            (Outcome::Failed, format!("no {what} ran"))
        } else {
            (Outcome::Failed, format!("{failed} of {} {what} failed", tests.len()))
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
