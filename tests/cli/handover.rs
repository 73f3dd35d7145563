//! The handover to `runner-full` end to end: a runner hands a check it is told to (as one built
//! without the `full` feature does for every SQL, HTTP and PostgreSQL check) to the program
//! `RUNNER_FULL` names, gets the same verdict back, and leaves nothing running, even when it is
//! killed in the middle of a check.

use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Fixture, process_with, text};

fn sql_course(answer: &str) -> Fixture {
    Fixture::new(
        "\n[[exercises]]\nname = \"names\"\nstage = \"00_intro\"\nverifier = \"sql\"\nhint = \"h\"\ntimeout_secs = 30\n[exercises.sql]\nfixture = \"shop.sql\"\n",
        &[
            ("exercises/00_intro/shop.sql", "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\nINSERT INTO customers VALUES (1, 'Ada'), (2, 'Chen');\n"),
            ("exercises/00_intro/names.sql", answer),
            ("solutions/00_intro/names.sql", "SELECT name FROM customers ORDER BY name;\n"),
        ],
    )
}

fn full() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("runner-full")
}

/// The `runner-full` serving this course's checks, by its command line.
fn serving(course: &Fixture) -> String {
    format!("__judge {}", course.root().display())
}

/// Waits, with a deadline, until no process serves the course's checks.
fn gone(course: &Fixture) -> bool {
    let deadline = Instant::now() + Duration::from_secs(20);
    while process_with(&serving(course)) {
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    true
}

#[test]
fn a_handed_over_check_gets_runner_full_s_verdict() {
    let wrong = sql_course("-- TODO\nSELECT name FROM customers ORDER BY name DESC;\n");
    let output = wrong.runner().args(["run", "names"]).env("RUNNER_FULL", full()).output().expect("run");
    let shown = text(&output);
    assert_eq!(output.status.code(), Some(1), "a wrong answer fails through the handover: {shown}");
    assert!(shown.contains("names"), "the verdict names the exercise: {shown}");
    assert!(wrong.path(".runner/runner-full.log").is_file(), "the check went to runner-full, which logs beside the progress");
    assert!(gone(&wrong), "runner-full ends with the runner");

    let right = sql_course("SELECT c.name FROM customers AS c ORDER BY 1;\n");
    let output = right.runner().args(["run", "names"]).env("RUNNER_FULL", full()).output().expect("run");
    assert_eq!(output.status.code(), Some(0), "a right answer passes through the handover: {}", text(&output));
    assert!(gone(&right), "runner-full ends with the runner");
}

#[test]
fn a_killed_runner_leaves_no_runner_full_behind() {
    // A query that runs until its 30 s limit: the runner is killed long before.
    let course = sql_course("-- TODO\nWITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) AS name FROM n;\n");
    let mut runner = StdCommand::new(assert_cmd::cargo::cargo_bin("runner"))
        .args(["run", "names"])
        .current_dir(course.root())
        .env("RUNNER_FULL", full())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn the runner");
    let deadline = Instant::now() + Duration::from_secs(20);
    while !process_with(&serving(&course)) {
        assert!(Instant::now() < deadline, "runner-full never started");
        std::thread::sleep(Duration::from_millis(20));
    }
    runner.kill().expect("kill the runner");
    runner.wait().expect("reap the runner");
    assert!(gone(&course), "runner-full stops its check and ends once the runner is gone");
}
