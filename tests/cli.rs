//! The runner end to end: the real binary on small fixture courses.

mod support;
#[path = "cli/precision.rs"]
mod precision;
#[path = "cli/rustlings.rs"]
mod rustlings;
#[path = "cli/dev_new.rs"]
mod dev_new;
#[path = "cli/lint.rs"]
mod lint;
#[path = "cli/verifiers.rs"]
mod verifiers;
#[path = "cli/containment.rs"]
mod containment;
#[path = "cli/malformed.rs"]
mod malformed;
#[path = "cli/learner.rs"]
mod learner;
#[path = "cli/postgres.rs"]
mod postgres;
#[path = "cli/postgres_cluster.rs"]
mod postgres_cluster;
#[path = "cli/sql_sandbox.rs"]
mod sql_sandbox;
#[path = "cli/pty.rs"]
mod pty;
#[path = "cli/handover.rs"]
mod handover;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command as StdCommand, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use support::{FAILING_TESTS, Fixture, PASSING_TESTS, process_with, text};

#[test]
fn run_exits_zero_on_pass_and_one_on_fail() {
    let unsolved = Fixture::answer(FAILING_TESTS);
    let output = unsolved.runner().args(["run", "answer"]).output().expect("run");
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let shown = text(&output);
    assert!(shown.contains("answer: the test failed"), "{shown}");
    assert!(shown.contains("tests::answer_is_42"), "the failing test is named: {shown}");
    assert!(shown.contains("a `todo!()` is still in your code"), "{shown}");
    let log = unsolved.read(".runner/logs/answer.log");
    assert!(log.contains("outcome: failed") && log.contains("not yet implemented"), "every check leaves a log: {log}");

    let solved = Fixture::answer(PASSING_TESTS);
    let output = solved.runner().arg("run").output().expect("run");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(text(&output).contains("Compare with the reference solution: solutions/00_intro/answer.rs"));
    assert!(solved.read(".runner/progress.toml").contains("done = [\"answer\"]"));
}

#[test]
fn compile_errors_show_the_compiler_message_at_the_learners_path() {
    let fixture = Fixture::answer("pub fn answer() -> u32 { \"x\" } // TODO\nfn main() {}\n#[cfg(test)]\nmod tests {}\n");
    let output = fixture.runner().arg("run").output().expect("run");
    assert_eq!(output.status.code(), Some(1));
    let shown = text(&output);
    assert!(shown.contains("the code does not compile yet"), "{shown}");
    assert!(shown.contains("error[E0308]"), "{shown}");
    assert!(shown.contains("--> exercises/00_intro/answer.rs:1"), "{shown}");
}

#[test]
fn hints_reveal_one_paragraph_at_a_time() {
    let fixture = Fixture::answer(FAILING_TESTS);
    let first = text(&fixture.runner().arg("hint").output().expect("hint"));
    assert!(first.contains("A nudge.") && !first.contains("The near-answer."), "{first}");
    let second = text(&fixture.runner().args(["hint", "answer"]).output().expect("hint"));
    assert!(second.contains("The near-answer."), "{second}");
    let all = text(&Fixture::answer(FAILING_TESTS).runner().args(["hint", "--all"]).output().expect("hint"));
    assert!(all.contains("A nudge.") && all.contains("The near-answer."), "{all}");
}

#[test]
fn list_shows_status_as_text_and_json() {
    let fixture = Fixture::answer(FAILING_TESTS);
    let shown = text(&fixture.runner().arg("list").output().expect("list"));
    assert!(shown.contains("0/1 done"), "{shown}");
    assert!(shown.contains("▶ answer  current"), "{shown}");
    let output = fixture.runner().args(["list", "--json"]).output().expect("list");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(json["total"], 1);
    assert_eq!(json["stages"][0]["exercises"][0]["name"], "answer");
    assert_eq!(json["stages"][0]["exercises"][0]["status"], "current");
}

#[test]
fn reset_restores_the_original_even_after_a_commit() {
    let fixture = Fixture::answer(FAILING_TESTS);
    fixture.runner().arg("list").assert().success(); // the runner first sees the exercise
    let git = |args: &[&str]| {
        let status = StdCommand::new("git").args(args).current_dir(fixture.root()).stdout(Stdio::null()).stderr(Stdio::null()).status();
        assert!(status.is_ok_and(|s| s.success()), "git {args:?}");
    };
    git(&["init", "-q"]);
    fixture.write("exercises/00_intro/answer.rs", "// my own attempt\n");
    git(&["add", "-A"]);
    git(&["-c", "user.name=l", "-c", "user.email=l@x", "commit", "-qm", "my work"]);
    let refused = fixture.runner().args(["reset", "answer"]).write_stdin("").output().expect("reset");
    assert_ne!(refused.status.code(), Some(0), "without a terminal or --yes it must not reset");
    assert!(text(&refused).contains("--yes"), "{}", text(&refused));
    fixture.runner().args(["reset", "answer", "--yes"]).assert().success();
    assert_eq!(fixture.read("exercises/00_intro/answer.rs"), FAILING_TESTS);
}

#[test]
fn verify_json_has_the_exercism_v3_shape() {
    let fixture = Fixture::new(
        "\n[[exercises]]\nname = \"good\"\nstage = \"00_intro\"\nhint = \"h\"\n\n[[exercises]]\nname = \"bad\"\nstage = \"00_intro\"\nhint = \"h\"\n",
        &[
            ("exercises/00_intro/good.rs", PASSING_TESTS),
            ("solutions/00_intro/good.rs", PASSING_TESTS),
            ("exercises/00_intro/bad.rs", FAILING_TESTS),
            ("solutions/00_intro/bad.rs", PASSING_TESTS),
        ],
    );
    let output = fixture.runner().args(["verify", "--json"]).output().expect("verify");
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(json["version"], 3);
    assert_eq!(json["status"], "fail");
    let tests = json["tests"].as_array().expect("tests array");
    let bad = tests.iter().find(|t| t["name"] == "bad: tests::answer_is_42").expect("bad's test");
    assert_eq!(bad["status"], "fail");
    assert!(bad["message"].as_str().unwrap_or_default().contains("not yet implemented"));
    let good = tests.iter().find(|t| t["name"] == "good: tests::answer_is_42").expect("good's test");
    assert_eq!(good["status"], "pass");
    assert_eq!(json["exercises"].as_array().map(Vec::len), Some(2));
}

#[test]
fn verify_prints_a_summary_per_stage() {
    let fixture = Fixture::answer(PASSING_TESTS);
    let output = fixture.runner().arg("verify").output().expect("verify");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let shown = text(&output);
    assert!(shown.contains("00_intro") && shown.contains("1/1"), "{shown}");
    assert!(shown.contains("the exercise passes"), "{shown}");
}

#[test]
fn dev_check_catches_an_exercise_that_passes_unsolved() {
    let fixture = Fixture::answer(PASSING_TESTS);
    let output = fixture.runner().args(["dev", "check"]).output().expect("dev check");
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output).contains("exercises/00_intro/answer.rs:1: passes while unsolved"), "{}", text(&output));
    let good = Fixture::answer(FAILING_TESTS);
    let output = good.runner().args(["dev", "check"]).output().expect("dev check");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
}

fn malformed(exercises: &str, files: &[(&str, &str)]) -> String {
    let fixture = Fixture::new(exercises, files);
    let output = fixture.runner().arg("list").output().expect("list");
    assert_eq!(output.status.code(), Some(2), "a bad course is an error: {}", text(&output));
    let shown = text(&output);
    assert!(!shown.contains("panicked"), "{shown}");
    shown
}

const FILES: &[(&str, &str)] = &[("exercises/00_intro/a.rs", FAILING_TESTS), ("solutions/00_intro/a.rs", PASSING_TESTS)];

#[test]
fn malformed_info_toml_names_file_line_and_field() {
    let unknown = malformed("\n[[exercises]]\nname = \"a\"\nstage = \"00_intro\"\nhnt = \"h\"\n", FILES);
    assert!(unknown.contains("unknown field `hnt`") && unknown.contains("info.toml:12:1") && unknown.contains("did you mean `hint`?"), "{unknown}");

    let missing_hint = malformed("\n[[exercises]]\nname = \"a\"\nstage = \"00_intro\"\n", FILES);
    assert!(missing_hint.contains("missing field `hint`") && missing_hint.contains("info.toml:"), "{missing_hint}");

    let duplicate = malformed("\n[[exercises]]\nname = \"a\"\nstage = \"00_intro\"\nhint = \"h\"\n\n[[exercises]]\nname = \"a\"\nstage = \"00_intro\"\nhint = \"h\"\n", FILES);
    assert!(duplicate.contains("exercise name `a` is used twice") && duplicate.contains("info.toml:15:8"), "{duplicate}");

    let missing_file = malformed("\n[[exercises]]\nname = \"b\"\nstage = \"00_intro\"\nhint = \"h\"\n", FILES);
    assert!(missing_file.contains("file exercises/00_intro/b.rs does not exist") && missing_file.contains("info.toml:10:8"), "{missing_file}");

    let bad_toml = malformed("\n[[exercises]]\nname = \"a\nstage = \"00_intro\"\n", FILES);
    assert!(bad_toml.contains("info.toml:10:"), "{bad_toml}");
}

#[test]
fn a_corrupt_progress_file_is_a_clear_error() {
    let fixture = Fixture::answer(FAILING_TESTS);
    fixture.write(".runner/progress.toml", "done = [\"answer\"\n");
    let output = fixture.runner().arg("list").output().expect("list");
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output).contains("progress.toml is unreadable"), "{}", text(&output));
    assert!(text(&output).contains("delete it"), "{}", text(&output));
}

#[test]
fn progress_survives_a_kill_in_the_middle_of_a_run() {
    let slow = "pub fn answer() -> u32 {\n    // TODO\n    42\n}\nfn main() {}\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn slow() {\n        std::thread::sleep(std::time::Duration::from_secs(60));\n    }\n}\n";
    let fixture = Fixture::new(
        "\n[[exercises]]\nname = \"first\"\nstage = \"00_intro\"\nhint = \"h\"\n\n[[exercises]]\nname = \"slow\"\nstage = \"00_intro\"\nhint = \"h\"\n",
        &[
            ("exercises/00_intro/first.rs", PASSING_TESTS),
            ("solutions/00_intro/first.rs", PASSING_TESTS),
            ("exercises/00_intro/slow.rs", slow),
            ("solutions/00_intro/slow.rs", slow),
        ],
    );
    fixture.runner().args(["run", "first"]).assert().success();
    let before = fixture.read(".runner/progress.toml");
    let binary = assert_cmd::cargo::cargo_bin("runner");
    let mut child = StdCommand::new(binary).args(["run", "slow"]).current_dir(fixture.root()).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().expect("spawn");
    // Kill it once the slow test is running (its binary name is the marker).
    let root = fixture.root().to_string_lossy().into_owned();
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    while !process_with(&format!("{root}/target/debug/deps/slow-")) && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    assert_eq!(fixture.read(".runner/progress.toml"), before, "progress is the last complete state");
    fixture.runner().arg("list").assert().success();
}

#[test]
fn a_timed_out_check_leaves_no_process_behind() {
    let endless = "pub fn answer() -> u32 {\n    // TODO\n    loop {}\n}\nfn main() {}\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn spins() {\n        let _child = std::process::Command::new(\"sleep\").arg(\"4242.4242\").spawn();\n        super::answer();\n    }\n}\n";
    let fixture = Fixture::new(
        "\n[[exercises]]\nname = \"endless\"\nstage = \"00_intro\"\nhint = \"h\"\ntimeout_secs = 2\n",
        &[("exercises/00_intro/endless.rs", endless), ("solutions/00_intro/endless.rs", PASSING_TESTS)],
    );
    let output = fixture.runner().arg("run").output().expect("run");
    assert_eq!(output.status.code(), Some(1));
    let shown = text(&output);
    assert!(shown.contains("timed out while running the tests (limit 2s)"), "{shown}");
    assert!(!process_with("4242.4242"), "the spawned child must be killed with the test program");
}

#[test]
fn tampered_tests_are_graded_with_the_originals() {
    let fixture = Fixture::answer(FAILING_TESTS);
    fixture.runner().arg("list").assert().success(); // snapshot the original
    let weakened = FAILING_TESTS.replace("assert_eq!(super::answer(), 42, \"the answer is 42\");", "");
    fixture.write("exercises/00_intro/answer.rs", &weakened);
    let output = fixture.runner().arg("run").output().expect("run");
    assert_eq!(output.status.code(), Some(1), "deleting the assertion must not pass: {}", text(&output));
    assert!(text(&output).contains("differ from the exercise's original tests"), "{}", text(&output));
}

#[test]
fn watch_checks_again_after_a_rename_save() {
    let fixture = Fixture::answer(FAILING_TESTS);
    let binary = assert_cmd::cargo::cargo_bin("runner");
    let mut child = StdCommand::new(binary)
        .arg("watch")
        .current_dir(fixture.root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(fixture.path("watch-stderr.log")).map(Stdio::from).unwrap_or_else(|_| Stdio::null()))
        .spawn()
        .expect("spawn watch");
    let (tx, rx) = mpsc::channel();
    let stdout = child.stdout.take().expect("stdout");
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    let wait_for = |needle: &str| {
        let deadline = std::time::Instant::now() + Duration::from_secs(120);
        while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
            match rx.recv_timeout(left) {
                Ok(line) if line.contains(needle) => return true,
                Ok(line) if std::env::var("DEBUG_WATCH").is_ok() => eprintln!("watch: {line}"),
                Ok(_) => {}
                Err(_) => return false,
            }
        }
        false
    };
    assert!(wait_for("answer: the test failed"), "the first check runs at start");
    assert!(wait_for("q quit"), "the legend keeps `q quit` whole (the benchmark waits for it)");
    // An editor's save: write a temporary file, then rename it over the exercise.
    fixture.write("exercises/00_intro/.answer.rs.swp", PASSING_TESTS);
    std::fs::rename(fixture.path("exercises/00_intro/.answer.rs.swp"), fixture.path("exercises/00_intro/answer.rs")).expect("rename");
    let checked = wait_for("answer: the test passed");
    if !checked {
        let _ = child.kill();
    }
    assert!(checked, "the save is checked; runner's stderr: {}", fixture.read("watch-stderr.log"));
    let mut stdin = child.stdin.take().expect("stdin");
    let _ = writeln!(stdin, "q");
    let status = child.wait().expect("watch exits");
    assert!(status.success());
}

#[test]
fn a_pass_mentions_compiler_warnings_briefly() {
    let warned = PASSING_TESTS.replace("    42\n", "    let unused = 1;\n    42\n");
    let fixture = Fixture::answer(&warned);
    let output = fixture.runner().arg("run").output().expect("run");
    let shown = text(&output);
    assert_eq!(output.status.code(), Some(0), "{shown}");
    assert!(shown.contains("The compiler has 1 warning for your code:"), "{shown}");
    assert!(shown.contains("unused variable: `unused` (exercises/00_intro/answer.rs:3:9)"), "{shown}");
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let fixture = Fixture::answer("pub fn answer() -> u32 { \"x\" } // TODO\nfn main() {}\n#[cfg(test)]\nmod tests {}\n");
    let plain = text(&fixture.runner().arg("run").output().expect("run"));
    assert!(!plain.contains('\x1b'), "NO_COLOR: no escape codes, the compiler's included: {plain}");
    let coloured = text(&fixture.runner().args(["--color", "always", "run"]).output().expect("run"));
    assert!(coloured.contains("\x1b[") && coloured.contains("error[E0308]"), "{coloured}");
}
