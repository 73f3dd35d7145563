//! What a learner's setup throws at the runner: a closed output (`| head -1`), a deleted
//! exercise, leftovers of a killed write, and a course updated upstream with `git pull`.

use std::os::fd::OwnedFd;
use std::path::Path;
use std::process::{Command as StdCommand, Stdio};

use crate::support::{FAILING_TESTS, Fixture, PASSING_TESTS, text};

/// Runs the runner with `args` on `fixture`, its standard output a pipe nobody reads.
fn with_closed_stdout(fixture: &Fixture, args: &[&str]) -> (Option<i32>, String) {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let binary = assert_cmd::cargo::cargo_bin("runner");
    let output = StdCommand::new(binary)
        .args(args)
        .current_dir(fixture.root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::from(OwnedFd::from(writer)))
        .stderr(Stdio::piped())
        .output()
        .expect("run");
    (output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn every_command_with_a_closed_stdout_ends_cleanly() {
    let fixture = Fixture::answer(FAILING_TESTS);
    let commands: &[&[&str]] = &[
        &["--help"],
        &["--version"],
        &["list"],
        &["list", "--json"],
        &["hint"],
        &["hint", "--all"],
        &["run", "answer"],
        &["verify"],
        &["verify", "--json"],
        &["reset", "answer", "--yes"],
        &["dev", "update"],
        &["dev", "check"],
        &["watch"],
    ];
    for args in commands {
        let (code, stderr) = with_closed_stdout(&fixture, args);
        assert!(!stderr.contains("panicked") && !stderr.contains("Broken pipe"), "{args:?}: {stderr}");
        assert!(matches!(code, Some(0 | 1 | 141)), "{args:?} ended with {code:?}: {stderr}");
    }
    assert!(fixture.read(".runner/logs/answer.log").contains("outcome:"), "what `run` found is recorded before it is printed");
}

#[test]
fn a_deleted_exercise_is_restored_by_reset() {
    let fixture = Fixture::answer(FAILING_TESTS);
    fixture.runner().arg("list").assert().success(); // the runner first sees the exercise
    std::fs::remove_file(fixture.path("exercises/00_intro/answer.rs")).expect("delete");
    let listed = fixture.runner().arg("list").output().expect("list");
    assert_eq!(listed.status.code(), Some(0), "the course still opens: {}", text(&listed));
    assert!(text(&listed).contains("exercises/00_intro/answer.rs is missing: `runner reset answer` restores it"), "{}", text(&listed));
    fixture.runner().args(["reset", "answer", "--yes"]).assert().success();
    assert_eq!(fixture.read("exercises/00_intro/answer.rs"), FAILING_TESTS);
    let output = fixture.runner().args(["run", "answer"]).output().expect("run");
    assert_eq!(output.status.code(), Some(1), "checked again as usual: {}", text(&output));
}

#[test]
fn temporary_files_of_killed_writes_are_cleaned_up() {
    let fixture = Fixture::answer(FAILING_TESTS);
    let stale = [".runner/.progress.toml.999999999.0.tmp", ".runner/originals/exercises/00_intro/.answer.rs.999999999.1.tmp", "course/.Cargo.toml.999999999.2.tmp", "exercises/00_intro/.answer.rs.999999999.3.tmp"];
    for path in stale {
        fixture.write(path, "half a write");
    }
    fixture.write("exercises/00_intro/notes.tmp", "the learner's own file");
    fixture.runner().arg("list").assert().success();
    for path in stale {
        assert!(!fixture.path(path).exists(), "{path} is removed");
    }
    assert!(fixture.path("exercises/00_intro/notes.tmp").exists(), "other files are kept");
}

fn git(dir: &Path, args: &[&str]) {
    let status = StdCommand::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "init.defaultBranch=main"])
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    assert!(status.is_ok_and(|s| s.success()), "git {args:?} in {}", dir.display());
}

#[test]
fn an_exercise_changed_upstream_is_graded_with_its_new_tests_and_the_learner_told_once() {
    let fixture = Fixture::answer(FAILING_TESTS);
    let upstream = tempfile::tempdir().expect("temp dir");
    let (course, bare) = (fixture.root(), upstream.path().join("course.git"));
    git(course, &["init", "-q", "-b", "main"]);
    std::fs::write(course.join(".gitignore"), "target/\n.runner/\n").expect("gitignore");
    git(course, &["add", "-A"]);
    git(course, &["commit", "-qm", "course"]);
    git(upstream.path(), &["init", "-q", "-b", "main", "--bare", "course.git"]);
    git(course, &["remote", "add", "origin", &bare.to_string_lossy()]);
    git(course, &["push", "-q", "-u", "origin", "main"]);
    fixture.runner().arg("list").assert().success(); // snapshot, and upstream's version noted

    // The learner solves it and commits their work.
    fixture.write("exercises/00_intro/answer.rs", PASSING_TESTS);
    git(course, &["commit", "-qam", "my answer"]);
    // The author changes the tests upstream.
    let author = upstream.path().join("author");
    git(upstream.path(), &["clone", "-q", &bare.to_string_lossy(), "author"]);
    let file = author.join("exercises/00_intro/answer.rs");
    std::fs::write(&file, FAILING_TESTS.replace("assert_eq!(super::answer(), 42, \"the answer is 42\")", "assert_eq!(super::answer(), 43, \"the answer is now 43\")")).expect("write");
    git(&author, &["commit", "-qam", "new tests"]);
    git(&author, &["push", "-q"]);
    git(course, &["pull", "-q", "--no-rebase", "--no-edit"]);

    let first = fixture.runner().args(["run", "answer"]).output().expect("run");
    let shown = text(&first);
    assert!(shown.contains("`answer` changed in the course"), "told: {shown}");
    assert_eq!(first.status.code(), Some(1), "graded with the new test: {shown}");
    assert!(shown.contains("the answer is now 43"), "{shown}");
    assert!(fixture.read("exercises/00_intro/answer.rs").contains("    42\n"), "the learner's code is kept");
    let again = text(&fixture.runner().args(["run", "answer"]).output().expect("run"));
    assert!(!again.contains("changed in the course"), "told once: {again}");
}
