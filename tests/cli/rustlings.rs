//! A rustlings (v6) third-party course, brought over unchanged: its `info.toml` and the root
//! `Cargo.toml` that `rustlings dev update` writes.

use crate::support::{Fixture, text};

const CARGO_TOML: &str = r#"# Don't edit the `bin` list manually! It is updated by `rustlings dev update`
bin = [
  { name = "intro1", path = "exercises/intro1.rs" },
  { name = "intro1_sol", path = "solutions/intro1.rs" },
  { name = "vars1", path = "exercises/01_vars/vars1.rs" },
  { name = "vars1_sol", path = "solutions/01_vars/vars1.rs" },
  { name = "vars2", path = "exercises/01_vars/vars2.rs" },
  { name = "vars2_sol", path = "solutions/01_vars/vars2.rs" },
]

[package]
name = "exercises"
edition = "2021"
# Don't publish the exercises on crates.io!
publish = false

[dependencies]
"#;

const INFO: &str = r#"format_version = 1

welcome_message = """Welcome to the fixture exercises."""

[[exercises]]
name = "intro1"
test = false
hint = """It is already done: run it."""
skip_check_unsolved = true

[[exercises]]
name = "vars1"
dir = "01_vars"
test = false
hint = """Change the value bound to `x`."""

[[exercises]]
name = "vars2"
dir = "01_vars"
strict_clippy = true
hint = """Multiply by two."""
"#;

const INTRO1: &str = "fn main() {\n    // TODO: nothing to do, just run it.\n    println!(\"Hello from intro1\");\n}\n";

const VARS1: &str = "fn main() {\n    // TODO: make `x` five.\n    let x = 4;\n    assert_eq!(x, 5, \"x must be five\");\n    println!(\"x = {x}\");\n}\n";
const VARS1_SOLVED: &str = "fn main() {\n    let x = 5;\n    assert_eq!(x, 5, \"x must be five\");\n    println!(\"x = {x}\");\n}\n";

const VARS2_TESTS: &str = "#[cfg(test)]\nmod tests {\n    use super::*;\n\n    #[test]\n    fn doubles() {\n        assert_eq!(double(21), 42);\n    }\n}\n";

fn vars2(body: &str) -> String {
    format!("fn double(n: u32) -> u32 {{\n    // TODO: return twice `n`.\n    {body}\n}}\n\nfn main() {{}}\n\n{VARS2_TESTS}")
}

fn course() -> Fixture {
    let (vars2_unsolved, vars2_solution) = (vars2("let _ = n;\n    todo!()"), vars2("n * 2"));
    Fixture::from_files(&[
        ("Cargo.toml", CARGO_TOML),
        ("info.toml", INFO),
        ("exercises/intro1.rs", INTRO1),
        ("solutions/intro1.rs", INTRO1),
        ("exercises/01_vars/vars1.rs", VARS1),
        ("solutions/01_vars/vars1.rs", VARS1_SOLVED),
        ("exercises/01_vars/vars2.rs", &vars2_unsolved),
        ("solutions/01_vars/vars2.rs", &vars2_solution),
    ])
}

#[test]
fn a_rustlings_course_lists_runs_and_checks_unchanged() {
    let course = course();
    let listed = course.runner().arg("list").output().expect("list");
    assert_eq!(listed.status.code(), Some(0), "{}", text(&listed));
    let shown = text(&listed);
    assert!(shown.contains("0/3 done"), "{shown}");
    assert!(shown.contains("exercises") && shown.contains("01_vars"), "each dir is a stage: {shown}");
    assert!(shown.contains("▶ intro1  current"), "{shown}");
    assert_eq!(course.read("Cargo.toml"), CARGO_TOML, "the rustlings bin list is already right and stays as written");

    let intro = course.runner().args(["run", "intro1"]).output().expect("run");
    assert_eq!(intro.status.code(), Some(0), "`test = false`: running to the end passes: {}", text(&intro));

    let unsolved = course.runner().args(["run", "vars1"]).output().expect("run");
    assert_eq!(unsolved.status.code(), Some(1), "{}", text(&unsolved));
    let shown = text(&unsolved);
    assert!(shown.contains("vars1: the program panicked"), "{shown}");
    assert!(shown.contains("x must be five"), "the program's output is shown: {shown}");

    let tests = course.runner().args(["run", "vars2"]).output().expect("run");
    assert_eq!(tests.status.code(), Some(1), "{}", text(&tests));
    assert!(text(&tests).contains("vars2: the test failed"), "`test = true` runs the tests: {}", text(&tests));

    course.write("exercises/01_vars/vars1.rs", VARS1_SOLVED);
    let solved = course.runner().args(["run", "vars1"]).output().expect("run");
    assert_eq!(solved.status.code(), Some(0), "{}", text(&solved));
    assert!(text(&solved).contains("solutions/01_vars/vars1.rs"), "{}", text(&solved));
}

#[test]
fn strict_clippy_fails_a_working_solution_with_warnings() {
    let course = course();
    course.write("exercises/01_vars/vars2.rs", &vars2("return n * 2;"));
    let output = course.runner().args(["run", "vars2"]).output().expect("run");
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let shown = text(&output);
    assert!(shown.contains("must also have no clippy warnings"), "{shown}");
    assert!(shown.contains("needless_return"), "clippy's diagnostic is shown: {shown}");
    assert!(shown.contains("exercises/01_vars/vars2.rs"), "{shown}");

    course.write("exercises/01_vars/vars2.rs", &vars2("n * 2"));
    let clean = course.runner().args(["run", "vars2"]).output().expect("run");
    assert_eq!(clean.status.code(), Some(0), "{}", text(&clean));
}

#[test]
fn dev_check_honours_skip_check_unsolved() {
    let course = course();
    let checked = course.runner().args(["dev", "check"]).output().expect("dev check");
    assert_eq!(checked.status.code(), Some(0), "{}", text(&checked));

    course.write("info.toml", &INFO.replace("skip_check_unsolved = true\n", ""));
    let checked = course.runner().args(["dev", "check", "intro1"]).output().expect("dev check");
    assert_eq!(checked.status.code(), Some(1), "{}", text(&checked));
    assert!(text(&checked).contains("exercises/intro1.rs:1: passes while unsolved"), "{}", text(&checked));
}
