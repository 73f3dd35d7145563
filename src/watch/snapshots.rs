//! Snapshot tests of the watch screen (insta, ratatui's TestBackend) at 80×24 and 120×40: a long
//! verdict, a compile error, the list scrolled and searched, `c` in progress, the pager.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::list::{Entry, List};
use super::screen::{Activity, Screen, View};
use crate::cargo;
use crate::report::work::Work;
use crate::report::{self, Look};
use crate::verify::{Outcome, TestResult, Verdict};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn screen() -> Screen {
    Screen {
        color: false,
        title: "Backend roadmap".into(),
        stage_title: "HTTP requests: talking to other services".into(),
        stage_dir: "01_http".into(),
        done: 4,
        total: 69,
        stage_done: 1,
        stage_total: 9,
        exercise: "encode_query_and_path".into(),
        path: "exercises/01_http/encode_query_and_path.rs".into(),
        solution: "solutions/01_http/encode_query_and_path.rs".into(),
        log: ".runner/logs/encode_query_and_path.log".into(),
        ..Screen::default()
    }
}

fn render(screen: &mut Screen, (width, height): (u16, u16)) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal.draw(|frame| screen.render(frame)).expect("draw");
    terminal.backend().to_string()
}

fn check(name: &str, screen: &mut Screen) {
    for size in SIZES {
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), render(screen, size));
    }
}

fn todo_panic(test: &str, line: u32) -> String {
    format!(
        "thread '{test}' (4242) panicked at course/../exercises/01_http/encode_query_and_path.rs:{line}:5:\nnot yet implemented\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace"
    )
}

fn long_verdict() -> Verdict {
    let names = ["encodes_spaces", "encodes_slashes_in_a_segment", "keeps_unreserved", "plus_is_not_space", "query_pairs_in_order", "unicode_is_utf8_percent_encoded", "empty_value", "reserved_in_query", "path_and_query_together"];
    let mut tests: Vec<TestResult> = names.iter().enumerate().map(|(i, n)| TestResult::fail(format!("tests::{n}"), todo_panic(&format!("tests::{n}"), 40 + 7 * i as u32))).collect();
    tests.push(TestResult::pass("tests::builds_a_url"));
    let mut verdict = Verdict::from_tests("encode_query_and_path", tests, "tests");
    verdict.notes.push(crate::verify::TODO_NOTE.into());
    verdict
}

#[test]
fn a_long_verdict_keeps_the_header_and_shows_the_first_failure() {
    let mut screen = screen();
    screen.verdict = Some(report::doc(&long_verdict(), &Look::default()));
    check("long_verdict", &mut screen);
}

#[test]
fn the_pager_shows_the_whole_verdict() {
    let mut screen = screen();
    screen.verdict = Some(report::doc(&long_verdict(), &Look::default()));
    screen.view = View::Pager(12);
    check("pager", &mut screen);
}

#[test]
fn a_compile_error() {
    let diagnostics = "\
error[E0308]: mismatched types
  --> course/../exercises/04_passwords/hash_with_argon2id.rs:23:5
   |
21 | pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
   |                                         ------------------------------------------- expected `Result<String, argon2::password_hash::Error>` because of return type
22 |     let salt = SaltString::generate(&mut OsRng);
23 |     Argon2::default().hash_password(password.as_bytes(), &salt)
   |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ expected `Result<String, Error>`, found `Result<PasswordHash<'_>, Error>`
   |
   = note: expected enum `Result<String, _>`
              found enum `Result<PasswordHash<'_>, _>`

error[E0425]: cannot find value `hashed` in this scope
  --> course/../exercises/04_passwords/hash_with_argon2id.rs:30:12
   |
30 |     verify(hashed)
   |            ^^^^^^ not found in this scope

error: aborting due to 2 previous errors
";
    let mut screen = screen();
    screen.exercise = "hash_with_argon2id".into();
    screen.path = "exercises/04_passwords/hash_with_argon2id.rs".into();
    let verdict = Verdict::new("hash_with_argon2id", Outcome::CompileError(diagnostics.into()), "the code does not compile yet");
    screen.verdict = Some(report::doc(&verdict, &Look::default()));
    check("compile_error", &mut screen);
}

fn list() -> List {
    let stages = ["00_welcome", "01_http", "02_sql", "03_rest"];
    let mut entries = Vec::new();
    for (stage, dir) in stages.iter().enumerate() {
        for i in 0..9 {
            let name = format!("{}_exercise_{i}", dir.trim_start_matches(|c: char| c.is_ascii_digit() || c == '_'));
            entries.push(Entry { path: format!("exercises/{dir}/{name}.rs"), name, stage, done: stage == 0 || (stage == 1 && i < 3) });
        }
    }
    let stages = stages.iter().map(|d| ((*d).to_owned(), format!("The {} stage", d.trim_start_matches(|c: char| c.is_ascii_digit() || c == '_')))).collect();
    List::new(stages, entries, 12)
}

#[test]
fn the_list_scrolled_to_the_selection() {
    let mut screen = screen();
    let mut list = list();
    list.step(15); // well below the first screenful
    screen.view = View::List(list);
    check("list_scrolled", &mut screen);
}

#[test]
fn the_list_searched_and_filtered() {
    let mut screen = screen();
    let mut list = list();
    list.step(20);
    list.searching = true;
    for c in "sql".chars() {
        list.type_char(c);
    }
    screen.view = View::List(list);
    check("list_search", &mut screen);
}

#[test]
fn check_all_in_progress() {
    let mut screen = screen();
    let mut work = Work::new(69);
    for name in ["tokio", "serde", "axum", "hyper", "reqwest"] {
        work.built(&cargo::Progress { built: 1, fresh: 0, last: name.into() }, false);
    }
    let mut lines = Vec::new();
    for i in 0..30 {
        let verdict = if i % 4 == 0 { Verdict::new(&format!("exercise_{i}"), Outcome::Failed, "the test failed") } else { Verdict::from_tests(&format!("exercise_{i}"), vec![TestResult::pass("t")], "tests") };
        work.checked(&verdict);
        lines.push(report::short_line(&verdict));
    }
    screen.activity = Activity::CheckingAll(work, lines);
    check("check_all", &mut screen);
}

#[test]
fn the_first_build_shows_the_exercise_and_its_progress() {
    let mut screen = screen();
    screen.intro = Some("# Encode a query and a path\n\nBuild the URL of a search request: the query parameters and a path segment must be\npercent-encoded.\n\nWhy it matters: an unencoded `&` in a value silently splits it in two.".into());
    let mut work = Work::new(1);
    for name in ["libc", "proc-macro2", "syn", "tokio", "serde_json"] {
        work.built(&cargo::Progress { built: 1, fresh: 0, last: name.into() }, false);
    }
    screen.activity = Activity::Checking(work);
    screen.confirm = None;
    check("first_build", &mut screen);
}

#[test]
fn a_reset_asks_visibly() {
    let mut screen = screen();
    screen.verdict = Some(report::doc(&long_verdict(), &Look::default()));
    screen.confirm = Some("Reset exercises/01_http/encode_query_and_path.rs to its original text? Your changes to it will be lost.".into());
    insta::assert_snapshot!("confirm_reset_80x24", render(&mut screen, (80, 24)));
}
