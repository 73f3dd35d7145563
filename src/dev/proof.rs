//! `dev check`'s proof that the verifiers are precise: every known wrong answer fails (naming
//! what its text expects), every other right answer passes.

use crate::answers::{Answer, Expect};
use crate::course::{Course, Exercise};
use crate::report;
use crate::verify::{Outcome, Status, Verdict, mutants};

use super::Finding;

/// What the check of one known answer says about the exercise.
pub fn judge(exercise: &Exercise, answer: &Answer, verdict: &Verdict) -> Vec<Finding> {
    let shown = report::json::strip_ansi(&report::verdict(verdict, exercise));
    let at = |message: String| Finding::at(&answer.path, 1, message);
    if answer.description.starts_with(super::new::ANSWER_PLACEHOLDER) {
        return vec![at("a placeholder known answer: write the answer, and say what it does on its first line".into())];
    }
    match (&answer.expect, &verdict.outcome) {
        (_, Outcome::Error(message)) => vec![at(format!("this known answer cannot be checked: {message}"))],
        (Expect::Pass, Outcome::Passed) => Vec::new(),
        (Expect::Pass, _) => vec![at(format!("this right answer ({}) does not pass: the checks reject a correct answer\n{}", answer.description, super::indent(&shown)))],
        (Expect::Fail(_), Outcome::Passed) => {
            vec![at(format!("this wrong answer ({}) passes: no check observes what it gets wrong", answer.description))]
        }
        (Expect::Fail(_), Outcome::CompileError(_)) => {
            vec![at(format!("this wrong answer ({}) does not compile, so it proves nothing: a known wrong answer compiles and looks right\n{}", answer.description, super::indent(&shown)))]
        }
        (Expect::Fail(fragments), _) => fragments
            .iter()
            .filter(|fragment| !shown.contains(fragment.as_str()))
            .map(|fragment| at(format!("this wrong answer ({}) fails, but its message does not contain \"{fragment}\":\n{}", answer.description, super::indent(&shown))))
            .collect(),
    }
}

/// The finding of an exercise with fewer known answers than its course requires.
pub fn too_few(course: &Course, exercise: &Exercise, answers: &[Answer]) -> Option<Finding> {
    let (min_wrong, min_right) = course.min_answers;
    let wrong = answers.iter().filter(|a| matches!(a.expect, Expect::Fail(_))).count();
    let right = answers.len() - wrong;
    (wrong < min_wrong || right < min_right).then(|| {
        Finding::in_info(
            exercise,
            format!(
                "has {wrong} known wrong and {right} right answers in {}/; the course asks for at least {min_wrong} wrong (each a different realistic bug its text rules out) and {min_right} right (written differently from the solution): see docs/authoring.md",
                crate::answers::dir(exercise).display()
            ),
        )
    })
}

/// Generated mutants the reference tests catch but no declared mutant covers: behaviour the
/// exercise specifies that a learner's tests could leave unpinned.
pub fn unpinned(exercise: &Exercise, verdict: &Verdict) -> Vec<Finding> {
    if !verdict.passed() && verdict.tests.iter().all(|t| !t.name.starts_with(mutants::CATCHES)) {
        // The reference tests do not pass here (reported with the solution) or nothing ran.
        return Vec::new();
    }
    verdict
        .tests
        .iter()
        .filter(|t| t.status == Status::Pass)
        .filter_map(|t| t.name.strip_prefix(mutants::CATCHES))
        .map(|generated| {
            Finding::in_info(
                exercise,
                format!("the reference tests catch the generated mutant ({generated}), but no declared mutant changes that code: a learner's tests may leave this behaviour unpinned; declare a mutant for it"),
            )
        })
        .collect()
}

/// How many wrong and right answers were proven.
pub fn counts(answers: &[(&Exercise, Answer)]) -> (usize, usize) {
    let wrong = answers.iter().filter(|(_, a)| matches!(a.expect, Expect::Fail(_))).count();
    (wrong, answers.len() - wrong)
}
