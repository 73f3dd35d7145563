//! The `run` verifier: the program must run to the end and exit with status 0 (rustlings'
//! `test = false`). What it printed is shown whatever happened.

use crate::process::{Ending, Finished};

use super::{Outcome, TestResult, Verdict};

pub fn judge(exercise: &str, finished: &Finished) -> Verdict {
    let panicked = || match panic_message(&finished.stderr.text) {
        Some(message) => format!("the program panicked ({message})"),
        None => "the program panicked".to_owned(),
    };
    let problem = match finished.ending {
        Ending::Exited(0) => None,
        // A panic exits with 101; its message is in the output shown below the verdict.
        Ending::Exited(101) => Some(panicked()),
        // Under `panic = "abort"` (rustlings' profile) a panic ends in SIGABRT.
        Ending::Signalled(6) if panic_message(&finished.stderr.text).is_some() => Some(panicked()),
        Ending::Exited(code) => Some(format!("the program exited with status {code}")),
        Ending::Signalled(signal) => Some(format!("the program was killed by signal {signal}")),
        Ending::TimedOut => Some("the program did not finish".to_owned()),
    };
    match problem {
        None => {
            let mut verdict = Verdict::from_tests(exercise, vec![TestResult::pass("exit status")], "run checks");
            verdict.summary = "the program ran and exited with status 0".into();
            verdict
        }
        Some(problem) => Verdict::new(exercise, Outcome::Failed, format!("{problem}: it must run to the end and exit with status 0")),
    }
}

/// The message of the first panic in a program's standard error, if it panicked.
fn panic_message(stderr: &str) -> Option<String> {
    let mut lines = stderr.lines();
    lines.find(|l| l.starts_with("thread '") && l.contains("panicked at"))?;
    lines.next().map(|m| m.trim().to_owned()).filter(|m| !m.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::process::Captured;

    fn finished(ending: Ending) -> Finished {
        Finished { ending, stdout: Captured::default(), stderr: Captured::default(), left_behind: false, limit: None, elapsed: std::time::Duration::ZERO }
    }

    #[test]
    fn only_status_zero_passes() {
        assert!(judge("a", &finished(Ending::Exited(0))).passed());
        let panicked = judge("a", &finished(Ending::Exited(101)));
        assert_eq!(panicked.outcome, Outcome::Failed);
        assert!(panicked.summary.starts_with("the program panicked"), "{}", panicked.summary);
        assert!(judge("a", &finished(Ending::Exited(3))).summary.contains("status 3"));
        assert!(judge("a", &finished(Ending::Signalled(9))).summary.contains("signal 9"));
    }

    #[test]
    fn a_panic_under_panic_abort_is_a_panic_with_its_message() {
        let mut aborted = finished(Ending::Signalled(6));
        aborted.stderr.text = "thread 'main' panicked at exercises/x.rs:3:5:\nindex out of bounds: the len is 3 but the index is 5\nnote: run with `RUST_BACKTRACE=1`\n".into();
        let verdict = judge("a", &aborted);
        assert!(verdict.summary.starts_with("the program panicked (index out of bounds: the len is 3 but the index is 5)"), "{}", verdict.summary);
        assert!(judge("a", &finished(Ending::Signalled(6))).summary.contains("signal 6"), "an abort without a panic is still a signal");
    }
}
