//! `runner dev check` as a lint: one fixture course with an instance of every authoring mistake
//! it knows, each of which one run must report with its file and line.

use crate::support::{FAILING_TESTS, Fixture, PASSING_TESTS, text};

const TESTS: &str = "\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn answer_is_42() {\n        assert_eq!(super::answer(), 42, \"the answer is 42\");\n    }\n}\n";

const ADD: &str = "pub fn add(a: u32, b: u32) -> u32 {\n    a + b\n}\n\nfn main() {}\n";

const INFO: &str = r#"
[[stages]]
dir = "01_more"
title = "More"

[[exercises]]
name = "unformatted"
stage = "00_intro"
hint = "h"

[[exercises]]
name = "let_return"
stage = "00_intro"
hint = "h"

[[exercises]]
name = "passes"
stage = "00_intro"
hint = "h"

[[exercises]]
name = "adder"
stage = "00_intro"
hint = "h"
verifier = "mutants"

[[exercises.mutants]]
description = "the operands are swapped"
find = "a + b"
replace = "b + a"

[[exercises.mutants]]
description = "the sum becomes text"
find = "a + b"
replace = "\"sum\""

[[exercises]]
name = "broken_query"
stage = "00_intro"
hint = "h"
verifier = "sql"

[exercises.sql]
fixture = "people.sql"

[[exercises]]
name = "no_todo"
stage = "01_more"
hint = "h"
"#;

fn lint_fixture() -> Fixture {
    let unformatted = format!("pub fn answer() -> u32 {{\n    // TODO\n    42\n}}\n\nfn main(){{}}\n{TESTS}");
    let let_return = format!("pub fn answer() -> u32 {{\n    // TODO\n    let answer = 42;\n    answer\n}}\n\nfn main() {{}}\n{TESTS}");
    let adder_exercise = format!("{ADD}\n#[cfg(test)]\nmod tests {{\n    // TODO: tests that catch every planted bug\n}}\n");
    let adder_solution = format!("{ADD}\n#[cfg(test)]\nmod tests {{\n    #[test]\n    fn adds() {{\n        assert_eq!(super::add(2, 2), 4);\n    }}\n}}\n");
    let no_todo = FAILING_TESTS.replace("    // TODO: return the answer\n", "");
    Fixture::new(
        INFO,
        &[
            ("exercises/00_intro/unformatted.rs", FAILING_TESTS),
            ("solutions/00_intro/unformatted.rs", &unformatted),
            ("exercises/00_intro/let_return.rs", FAILING_TESTS),
            ("solutions/00_intro/let_return.rs", &let_return),
            ("exercises/00_intro/passes.rs", PASSING_TESTS),
            ("solutions/00_intro/passes.rs", PASSING_TESTS),
            ("exercises/00_intro/adder.rs", &adder_exercise),
            ("solutions/00_intro/adder.rs", &adder_solution),
            ("exercises/00_intro/people.sql", "CREATE TABLE people (name TEXT);\nINSERT INTO people VALUES ('Ada');\n"),
            ("exercises/00_intro/broken_query.sql", "-- TODO: list every name\n"),
            ("solutions/00_intro/broken_query.sql", "SELECT name FROM persons;\n"),
            ("exercises/01_more/no_todo.rs", &no_todo),
            ("solutions/01_more/no_todo.rs", PASSING_TESTS),
            // Companions are fine; code that belongs to nothing is not.
            ("exercises/00_intro/words.txt", "ada\n"),
            ("exercises/00_intro/leftover.rs", "fn main() {}\n"),
            ("solutions/00_intro/old_query.sql", "SELECT 1;\n"),
            ("exercises/99_removed/gone.rs", "fn main() {}\n"),
            // Written over the fixture's own README: a stage page begun with `dev new-stage`.
            ("exercises/00_intro/README.md", "# Intro\n\nReferences: TODO\n"),
        ],
    )
}

#[test]
fn dev_check_reports_every_authoring_mistake_in_one_run() {
    let fixture = lint_fixture();
    let output = fixture.runner().args(["dev", "check"]).output().expect("dev check");
    let shown = text(&output);
    assert_eq!(output.status.code(), Some(1), "{shown}");
    let expected = [
        ("stage without README", "info.toml:10: stage `01_more` has no exercises/01_more/README.md"),
        ("exercise without TODO", "exercises/01_more/no_todo.rs:1: has no `TODO`"),
        ("stray exercise file", "exercises/00_intro/leftover.rs:1: belongs to no exercise"),
        ("stray solution file", "solutions/00_intro/old_query.sql:1: belongs to no exercise"),
        ("placeholder stage README", "exercises/00_intro/README.md:3: still the placeholder of `dev new-stage`"),
        ("stray stage directory", "exercises/99_removed/: directory `99_removed` is no stage"),
        ("unformatted solution", "solutions/00_intro/unformatted.rs:3: is not formatted as rustfmt would"),
        ("clippy warning", "solutions/00_intro/let_return.rs:4: clippy::let_and_return"),
        ("mutant not caught", "info.toml:35: `adder`: the reference tests do not catch mutant \"the operands are swapped\""),
        ("mutant that does not compile", "info.toml:40: `adder`: mutant \"the sum becomes text\" does not compile"),
        ("SQL reference that errors", "solutions/00_intro/broken_query.sql:1: `broken_query` cannot be checked with its solution: the reference solution fails"),
        ("unsolved exercise that passes", "exercises/00_intro/passes.rs:1: passes while unsolved"),
    ];
    let missing: Vec<&str> = expected.iter().filter(|(_, line)| !shown.contains(line)).map(|(what, _)| *what).collect();
    assert!(missing.is_empty(), "not reported: {missing:?}\n{shown}");
    for fine in ["words.txt", "people.sql", "unformatted.rs:1:", "let_return.rs:1:"] {
        assert!(!shown.contains(fine), "`{fine}` is no problem: {shown}");
    }
    assert!(shown.contains("12 problem(s) in the course"), "each mistake is reported once: {shown}");
}

#[test]
fn dev_check_reports_info_toml_mistakes_with_line_and_suggestion() {
    let files = [("exercises/00_intro/a.rs", FAILING_TESTS), ("solutions/00_intro/a.rs", PASSING_TESTS)];
    let misspelt = Fixture::new("\n[[exercises]]\nname = \"a\"\nstage = \"00_intro\"\nhnit = \"h\"\n", &files);
    let output = misspelt.runner().args(["dev", "check"]).output().expect("dev check");
    let shown = text(&output);
    assert_eq!(output.status.code(), Some(2), "{shown}");
    assert!(shown.contains("unknown field `hnit`") && shown.contains("info.toml:12:1") && shown.contains("did you mean `hint`?"), "{shown}");

    let empty_hint = Fixture::new("\n[[exercises]]\nname = \"a\"\nstage = \"00_intro\"\nhint = \"  \"\n", &files);
    let output = empty_hint.runner().args(["dev", "check"]).output().expect("dev check");
    let shown = text(&output);
    assert_eq!(output.status.code(), Some(2), "{shown}");
    assert!(shown.contains("exercise `a` has an empty `hint`") && shown.contains("info.toml:12:"), "{shown}");
}

#[test]
fn a_missing_rustfmt_is_a_warning_not_a_failure() {
    let fixture = Fixture::answer(FAILING_TESTS);
    // A `rustfmt` that fails, as rustup's proxy does when the component is not installed.
    fixture.write("fake-bin/rustfmt", "#!/bin/sh\necho \"error: 'rustfmt' is not installed\" >&2\nexit 1\n");
    let fake = fixture.path("fake-bin");
    std::fs::set_permissions(fake.join("rustfmt"), std::os::unix::fs::PermissionsExt::from_mode(0o755)).expect("chmod");
    let path = format!("{}:{}", fake.display(), std::env::var("PATH").unwrap_or_default());
    let output = fixture.runner().args(["dev", "check"]).env("PATH", path).output().expect("dev check");
    let shown = text(&output);
    assert_eq!(output.status.code(), Some(0), "{shown}");
    assert_eq!(shown.matches("warning: rustfmt is not installed").count(), 1, "{shown}");
}
