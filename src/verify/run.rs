//! The `run` verifier: the program must run to the end and exit with status 0 (rustlings'
//! `test = false`). What it printed is shown whatever happened.

use crate::process::{Ending, Finished};

use super::{Outcome, TestResult, Verdict};

pub fn judge(exercise: &str, finished: &Finished) -> Verdict {
    let problem = match finished.ending {
        Ending::Exited(0) => None,
        // A panic exits with 101; its message is in the output shown below the verdict.
        Ending::Exited(101) => Some("the program panicked".to_owned()),
        Ending::Exited(code) => Some(format!("the program exited with status {code}")),
        Ending::Signalled(signal) => Some(format!("the program was killed by signal {signal}")),
        Ending::TimedOut => Some("the program did not finish".to_owned()),
    };
    match problem {
        None => {
            let mut verdict = Verdict::from_tests(exercise, vec![TestResult::pass("exit status")], "run check");
            verdict.summary = "the program ran and exited with status 0".into();
            verdict
        }
        Some(problem) => Verdict::new(exercise, Outcome::Failed, format!("{problem}: it must run to the end and exit with status 0")),
    }
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
}
