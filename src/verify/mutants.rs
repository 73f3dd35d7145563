//! The `mutants` verifier: the learner's tests must pass on the given implementation and fail
//! on every instructor-written mutant of it. Missed mutants are reported by the behaviour they
//! break, never by their code.

use super::{Outcome, Status, TestResult, Verdict};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MutantResult {
    /// At least one test failed (or the tests hung) on the mutant.
    Caught,
    /// Every test passed on the mutant.
    Missed,
    /// The mutant does not compile: an authoring error, not the learner's.
    Unviable(String),
}

/// How the check of a mutant the tests did not catch is named, before its description.
const MISSES: &str = "misses: ";
/// How the check of a mutant the tests caught is named.
pub const CATCHES: &str = "catches: ";

/// Descriptions of the mutants a verdict says the tests missed (`dev check`).
#[cfg(feature = "full")]
pub fn missed(verdict: &Verdict) -> Vec<&str> {
    verdict.tests.iter().filter(|t| t.status == Status::Fail).filter_map(|t| t.name.strip_prefix(MISSES)).collect()
}

/// Judges the mutant runs, given that the tests passed on the original implementation.
pub fn judge(exercise: &str, test_count: usize, mutants: Vec<(String, MutantResult)>) -> Verdict {
    if test_count == 0 {
        let mut verdict = Verdict::new(exercise, Outcome::Failed, "your tests module has no test yet");
        verdict.tests.push(TestResult::fail("tests exist", "write at least one #[test] function in the tests module (below the TODO)"));
        return verdict;
    }
    let total = mutants.len();
    let mut tests = Vec::new();
    let mut authoring = Vec::new();
    for (description, result) in mutants {
        tests.push(match result {
            MutantResult::Caught => TestResult::pass(format!("{CATCHES}{description}")),
            MutantResult::Missed => TestResult::fail(
                format!("{MISSES}{description}"),
                "your tests still pass when the code is changed like this: add a test that would fail if the code behaved that way".to_owned(),
            ),
            MutantResult::Unviable(errors) => {
                authoring.push(format!("mutant \"{description}\" does not compile:\n{errors}"));
                TestResult::pass(format!("{CATCHES}{description}"))
            }
        });
    }
    let missed = tests.iter().filter(|t| t.status == Status::Fail).count();
    let mut verdict = Verdict::from_tests(exercise, tests, "mutants");
    verdict.summary = if missed == 0 {
        format!("your tests catch all {total} planted bugs")
    } else {
        format!("your tests catch {} of {total} planted bugs; {missed} slip through", total - missed)
    };
    verdict.authoring_errors = authoring;
    verdict
}

/// The verdict when the learner's tests fail on the correct implementation.
pub fn failing_on_original(exercise: &str, mut failures: Vec<TestResult>) -> Verdict {
    for failure in &mut failures {
        failure.name = format!("passes on the correct code: {}", failure.name);
    }
    let mut verdict = Verdict::new(exercise, Outcome::Failed, "your tests fail on the correct implementation: a test must describe what the code really does");
    verdict.tests = failures;
    verdict
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missed_mutant_is_described_not_shown() {
        let verdict = judge("e", 2, vec![
            ("boundary: 100 no longer gets the discount".into(), MutantResult::Missed),
            ("wrong operator".into(), MutantResult::Caught),
        ]);
        assert!(!verdict.passed());
        assert_eq!(verdict.summary, "your tests catch 1 of 2 planted bugs; 1 slip through");
        assert_eq!(verdict.tests[0].name, "misses: boundary: 100 no longer gets the discount");
        let message = verdict.tests[0].message.as_deref().unwrap_or_default();
        assert!(!message.contains("boundary"), "the description is shown once, in the name: {message}");
        assert_eq!(missed(&verdict), vec!["boundary: 100 no longer gets the discount"]);
    }

    #[test]
    fn all_caught_passes_and_unviable_is_an_authoring_error() {
        let verdict = judge("e", 1, vec![("a".into(), MutantResult::Caught), ("b".into(), MutantResult::Unviable("E0308".into()))]);
        assert!(verdict.passed());
        assert_eq!(verdict.authoring_errors.len(), 1);
    }

    #[test]
    fn no_tests_is_a_failure_that_says_so() {
        let verdict = judge("e", 0, vec![("a".into(), MutantResult::Missed)]);
        assert_eq!(verdict.summary, "your tests module has no test yet");
    }
}
