//! Scaffolding for authors: `dev new`, `dev new-stage` and `dev init`, each followed by what an
//! author runs next (`dev check`, `list`).

use std::path::Path;

use crate::support::{FAILING_TESTS, Fixture, text};

const PLACEHOLDER: &str = "still has the placeholder hint";

/// Every file of a course (relative path and content), leaving out build output and runner state.
fn snapshot(root: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("read dir").flatten() {
            let path = entry.path();
            let rel = path.strip_prefix(root).expect("inside the root").to_string_lossy().into_owned();
            if rel == "target" || rel == ".runner" || rel == "Cargo.lock" {
                continue;
            }
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push((rel, std::fs::read_to_string(&path).unwrap_or_default()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn dev_new_then_dev_check_reports_only_the_hint_and_the_solution() {
    let fixture = Fixture::answer(FAILING_TESTS);
    let output = fixture.runner().args(["dev", "new", "fresh", "--stage", "00_intro"]).output().expect("dev new");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(text(&output).contains("created exercises/00_intro/fresh.rs"), "{}", text(&output));
    let exercise = fixture.read("exercises/00_intro/fresh.rs");
    assert!(exercise.starts_with("//! # Fresh\n") && exercise.contains("TODO") && exercise.contains("todo!("), "{exercise}");
    let solution = fixture.read("solutions/00_intro/fresh.rs");
    assert_eq!(solution, format!("// TODO: write the reference solution (until then this is a copy of the exercise).\n{exercise}"));
    let info = fixture.read("info.toml");
    let (answer_at, fresh_at) = (info.find("name = \"answer\""), info.find("name = \"fresh\""));
    assert!(answer_at.is_some() && fresh_at > answer_at, "the new exercise follows the stage's last: {info}");
    assert!(fixture.read("course/Cargo.toml").contains("name = \"fresh_sol\""), "the target lists are updated");

    let output = fixture.runner().args(["dev", "check"]).output().expect("dev check");
    let shown = text(&output);
    assert_eq!(output.status.code(), Some(1), "{shown}");
    assert!(shown.contains(&format!("`fresh` {PLACEHOLDER}")), "{shown}");
    assert!(shown.contains("solutions/00_intro/fresh.rs:1: the solution does not pass"), "{shown}");
    for kind in ["wrong", "right"] {
        assert!(shown.contains(&format!("solutions/00_intro/fresh/{kind}_example.rs:1: a placeholder known answer")), "{kind}: {shown}");
    }
    assert!(shown.contains("4 problem(s) in the course"), "nothing else is wrong: {shown}");
}

#[test]
fn every_template_compiles_cleanly_and_fails_until_written() {
    let fixture = Fixture::new("", &[]);
    let kinds = ["tests", "output", "sql", "http", "mutants", "run"];
    for kind in kinds {
        let output = fixture.runner().args(["dev", "new", &format!("new_{kind}"), "--stage", "00_intro", "--verifier", kind]).output().expect("dev new");
        assert_eq!(output.status.code(), Some(0), "{kind}: {}", text(&output));
    }
    assert!(fixture.path("exercises/00_intro/new_sql.sql").is_file() && fixture.path("exercises/00_intro/fixture.sql").is_file());
    let output = fixture.runner().args(["dev", "check"]).output().expect("dev check");
    let shown = text(&output);
    assert_eq!(output.status.code(), Some(1), "{shown}");
    for kind in kinds {
        assert!(shown.contains(&format!("`new_{kind}` {PLACEHOLDER}")), "{kind}: {shown}");
    }
    // One problem about each solution (a copy of its exercise) and each placeholder known answer;
    // none about style, compiling or the entries.
    assert!(shown.contains(&format!("{} problem(s) in the course", 4 * kinds.len())), "{shown}");
    let findings = String::from_utf8_lossy(&output.stdout);
    assert!(!findings.contains("does not compile") && !findings.contains("clippy") && !findings.contains("rustfmt"), "{findings}");
}

#[test]
fn dev_new_refuses_bad_names_and_stages_and_changes_nothing() {
    let fixture = Fixture::answer(FAILING_TESTS);
    fixture.runner().arg("list").assert().success();
    let before = snapshot(fixture.root());
    for (args, expected) in [
        (["dev", "new", "fresh", "--stage", "01_missing"], "the course has no stage `01_missing`; its stages are: 00_intro"),
        (["dev", "new", "answer", "--stage", "00_intro"], "already has an exercise named `answer`"),
        (["dev", "new", "Fresh-One", "--stage", "00_intro"], "exercise name `Fresh-One` must be snake_case"),
    ] {
        let output = fixture.runner().args(args).output().expect("dev new");
        assert_eq!(output.status.code(), Some(2), "{}", text(&output));
        assert!(text(&output).contains(expected), "{}", text(&output));
    }
    fixture.write("solutions/00_intro/taken.rs", "// an author's draft\n");
    let before_taken = snapshot(fixture.root());
    let output = fixture.runner().args(["dev", "new", "taken", "--stage", "00_intro"]).output().expect("dev new");
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(text(&output).contains("solutions/00_intro/taken.rs already exists"), "{}", text(&output));
    assert_eq!(snapshot(fixture.root()), before_taken, "a refused `dev new` writes nothing");
    std::fs::remove_file(fixture.path("solutions/00_intro/taken.rs")).expect("remove draft");
    assert_eq!(snapshot(fixture.root()), before);
}

#[test]
fn dev_new_stage_adds_the_last_stage_and_dev_new_fills_it() {
    let fixture = Fixture::answer(FAILING_TESTS);
    let output = fixture.runner().args(["dev", "new-stage", "01_next", "--title", "Next steps"]).output().expect("new-stage");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(fixture.read("exercises/01_next/README.md").starts_with("# Next steps\n"));
    assert!(fixture.path("solutions/01_next").is_dir());
    assert!(fixture.read("info.toml").ends_with("\n[[stages]]\ndir = \"01_next\"\ntitle = \"Next steps\"\n"), "{}", fixture.read("info.toml"));

    let output = fixture.runner().args(["dev", "new-stage", "01_next", "--title", "Again"]).output().expect("new-stage");
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output).contains("already has a stage `01_next`"), "{}", text(&output));

    fixture.runner().args(["dev", "new", "second", "--stage", "01_next", "--verifier", "output"]).assert().success();
    fixture.runner().args(["dev", "new", "first_more", "--stage", "00_intro"]).assert().success();
    let output = fixture.runner().args(["list", "--json"]).output().expect("list");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let names = |stage: usize| -> Vec<String> {
        json["stages"][stage]["exercises"].as_array().into_iter().flatten().filter_map(|e| e["name"].as_str().map(str::to_owned)).collect()
    };
    assert_eq!(json["stages"][1]["dir"], "01_next");
    assert_eq!(names(0), ["answer", "first_more"]);
    assert_eq!(names(1), ["second"]);
}

#[test]
fn dev_init_makes_a_course_that_runs_and_passes_dev_check() {
    let fixture = Fixture::new("", &[]);
    let output = fixture.runner().args(["dev", "init", "."]).output().expect("dev init");
    assert_eq!(output.status.code(), Some(2), "an existing course is not overwritten");
    assert!(text(&output).contains("is not empty"), "{}", text(&output));

    let output = fixture.runner().args(["dev", "init", "new_course", "--title", "Caching 101"]).output().expect("dev init");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(fixture.read("new_course/info.toml").contains("title = \"Caching 101\""));
    assert!(fixture.read("new_course/.gitignore").contains("target/") && fixture.read("new_course/.gitignore").contains("/.runner/"));
    let package = fixture.read("new_course/course/Cargo.toml");
    assert!(package.contains("autobins = false") && package.contains("name = \"greet_sol\""), "{package}");
    assert!(fixture.read("new_course/Cargo.toml").contains("members = [\"course\"]"));

    let output = fixture.runner().args(["--course", "new_course", "list"]).output().expect("list");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(text(&output).contains("▶ greet  current"), "{}", text(&output));
    let output = fixture.runner().args(["--course", "new_course", "run"]).output().expect("run");
    assert_eq!(output.status.code(), Some(1), "the sample starts unsolved: {}", text(&output));
    assert!(text(&output).contains("greet: the test failed"), "{}", text(&output));
    let output = fixture.runner().args(["--course", "new_course", "dev", "check"]).output().expect("dev check");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
}
