//! Precision by construction: known answers as course data (`dev check` proves every wrong
//! answer fails with the message its author expects and every right one passes, and counts them
//! against the course's bar), and review rules for what no test observes.

use crate::support::{FAILING_TESTS, Fixture, text};

/// The code part of the `answer` exercise returning `body`.
fn code(body: &str) -> String {
    format!("pub fn answer() -> u32 {{\n    {body}\n}}\n\nfn main() {{}}\n")
}

fn dev_check(fixture: &Fixture) -> (i32, String) {
    let output = fixture.runner().args(["dev", "check"]).output().expect("dev check");
    (output.status.code().unwrap_or(-1), text(&output))
}

#[test]
fn every_known_answer_is_proven_and_each_wrong_proof_is_reported_at_its_file() {
    let fixture = Fixture::answer(FAILING_TESTS);
    let answers = "solutions/00_intro/answer";
    fixture.write(&format!("{answers}/wrong_off_by_one.rs"), &format!("//! wrong: off by one\n//! expect: the answer is 42\n{}", code("41")));
    fixture.write(&format!("{answers}/right_arithmetic.rs"), &format!("// right: computes it\n{}", code("6 * 7")));
    let (code_, shown) = dev_check(&fixture);
    assert_eq!(code_, 0, "{shown}");
    assert!(shown.contains("1 known wrong answers fail and 1 other right answers pass"), "{shown}");

    fixture.write(&format!("{answers}/wrong_but_passes.rs"), &format!("//! wrong: claims a bug it does not have\n{}", code("42")));
    fixture.write(&format!("{answers}/wrong_silent.rs"), &format!("//! wrong: off by two\n//! expect: a message no test gives\n{}", code("40")));
    fixture.write(&format!("{answers}/wrong_broken.rs"), &format!("//! wrong: a typo\n{}", code("42 +")));
    fixture.write(&format!("{answers}/right_rejected.rs"), &format!("//! right: not really\n{}", code("0")));
    fixture.write(&format!("{answers}/notes.txt"), "an author's notes\n");
    fixture.write(&format!("{answers}/maybe.rs"), &format!("//! wrong: unnamed\n{}", code("1")));
    fixture.write(&format!("{answers}/wrong_no_header.rs"), &code("1"));
    let (code_, shown) = dev_check(&fixture);
    assert_eq!(code_, 1, "{shown}");
    for expected in [
        "wrong_but_passes.rs:1: this wrong answer (claims a bug it does not have) passes",
        "wrong_silent.rs:1: this wrong answer (off by two) fails, but its message does not contain \"a message no test gives\"",
        "wrong_broken.rs:1: this wrong answer (a typo) does not compile, so it proves nothing",
        "right_rejected.rs:1: this right answer (not really) does not pass",
        "notes.txt:1: not a known answer",
        "maybe.rs:1: a known answer's name starts with `wrong_` or `right_`",
        "wrong_no_header.rs:1: a known answer opens with a comment line `wrong: <what it does>`",
        "7 problem(s) in the course",
    ] {
        assert!(shown.contains(expected), "{expected}\n---\n{shown}");
    }
    assert!(!shown.contains("wrong_off_by_one.rs") && !shown.contains("right_arithmetic.rs"), "good answers are not reported: {shown}");
}

#[test]
fn a_course_that_asks_for_known_answers_names_the_exercises_without_enough() {
    let fixture = Fixture::answer(FAILING_TESTS);
    let info = fixture.read("info.toml").replace("timeout_secs = 20\n", "timeout_secs = 20\nmin_wrong_answers = 2\nmin_right_answers = 1\n");
    fixture.write("info.toml", &info);
    fixture.write("solutions/00_intro/answer/wrong_zero.rs", &format!("// wrong: zero\n{}", code("0")));
    let (code_, shown) = dev_check(&fixture);
    assert_eq!(code_, 1, "{shown}");
    assert!(shown.contains("`answer`: has 1 known wrong and 0 right answers in solutions/00_intro/answer/; the course asks for at least 2 wrong"), "{shown}");
}

const SAME: &str = "\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn equal_tokens_match() {\n        assert!(super::same(\"tok\", \"tok\"), \"equal tokens match\");\n        assert!(!super::same(\"tok\", \"tik\"), \"different tokens do not\");\n    }\n}\n";

fn same_fixture(learner_body: &str) -> Fixture {
    let review = "[[exercises.review]]\nname = \"compares in constant time\"\nin_fn = \"same\"\nforbid = [\"==\", \"!=\", \".eq\"]\nrequire_any = [\"fold\"]\nwhy = \"`==` stops at the first different byte\"\n";
    let exercise = |body: &str| format!("pub fn same(a: &str, b: &str) -> bool {{\n    // TODO: compare every byte\n    {body}\n}}\n\nfn main() {{}}\n{SAME}");
    let solution = exercise("a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0, |acc, (x, y)| acc | (x ^ y)) == 0");
    Fixture::new(
        &format!("\n[[exercises]]\nname = \"same\"\nstage = \"00_intro\"\nhint = \"h\"\n{review}"),
        &[("exercises/00_intro/same.rs", &exercise(learner_body)), ("solutions/00_intro/same.rs", &solution)],
    )
}

#[test]
fn a_review_rule_fails_code_that_works_but_breaks_what_no_test_sees() {
    let (code_, shown) = run(&same_fixture("a == b"));
    assert_eq!(code_, 1, "{shown}");
    assert!(shown.contains("it works, but a reviewer would not accept it yet"), "{shown}");
    assert!(shown.contains("review: compares in constant time"), "{shown}");
    assert!(shown.contains("`same` (or a function it calls) uses `==` (line 3)"), "{shown}");

    let helper = "helper(a, b)\n}\n\nfn helper(a: &str, b: &str) -> bool {\n    a.as_bytes().eq(b.as_bytes())";
    let (code_, shown) = run(&same_fixture(helper));
    assert_eq!(code_, 1, "a helper does not hide it: {shown}");
    assert!(shown.contains("uses `.eq` (line 7)"), "{shown}");

    let right = "let mut diff = a.len() ^ b.len();\n    diff |= a.bytes().zip(b.bytes()).fold(0, |acc, (x, y)| acc | usize::from(x ^ y));\n    diff == 0";
    let (code_, shown) = run(&same_fixture(right));
    assert_eq!(code_, 0, "comparing lengths or a folded difference with a literal is fine: {shown}");
}

fn run(fixture: &Fixture) -> (i32, String) {
    let output = fixture.runner().args(["run", "same"]).output().expect("run");
    (output.status.code().unwrap_or(-1), text(&output))
}

#[test]
fn dev_check_names_generated_mutants_the_reference_catches_but_no_declared_one_covers() {
    let code = "pub fn add(a: u32, b: u32) -> u32 {\n    a + b\n}\n\npub fn is_big(n: u32) -> bool {\n    n > 100\n}\n\nfn main() {}\n";
    let tests = "\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn adds() {\n        assert_eq!(super::add(2, 3), 5, \"2 + 3 is 5\");\n        assert!(super::is_big(101) && !super::is_big(100), \"101 is big, 100 is not\");\n    }\n}\n";
    let learner_tests = "\n#[cfg(test)]\nmod tests {\n    // TODO: write tests\n}\n";
    let info = "\n[[exercises]]\nname = \"adder\"\nstage = \"00_intro\"\nverifier = \"mutants\"\nhint = \"h\"\n\n[[exercises.mutants]]\ndescription = \"adds the wrong way\"\nfind = \"a + b\"\nreplace = \"a - b\"\n";
    let fixture = Fixture::new(info, &[("exercises/00_intro/adder.rs", &format!("{code}{learner_tests}")), ("solutions/00_intro/adder.rs", &format!("{code}{tests}"))]);
    let (code_, shown) = dev_check(&fixture);
    assert_eq!(code_, 1, "{shown}");
    assert!(shown.contains("the reference tests catch the generated mutant (line 6: `>` replaced by `>=`), but no declared mutant changes that code"), "{shown}");
    assert!(shown.contains("(line 6: `100` replaced by `101`)"), "{shown}");
    assert!(!shown.contains("line 2:"), "the declared mutant covers `a + b`: {shown}");
}

#[test]
fn checks_of_one_exercise_and_of_many_never_share_a_binary() {
    use crate::support::PASSING_TESTS;
    let fixture = Fixture::answer(FAILING_TESTS);
    let (code_, shown) = dev_check(&fixture);
    assert_eq!(code_, 0, "{shown}");
    fixture.write("exercises/00_intro/answer.rs", PASSING_TESTS);
    let run = fixture.runner().args(["run", "answer"]).output().expect("run");
    assert_eq!(run.status.code(), Some(0), "{}", text(&run));
    fixture.write("exercises/00_intro/answer.rs", FAILING_TESTS);
    let (code_, shown) = dev_check(&fixture);
    assert_eq!(code_, 0, "graded on the file as it is now, not on the binary `run` built: {shown}");
}
