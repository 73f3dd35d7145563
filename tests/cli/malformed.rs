//! A corpus of malformed `info.toml` files: every one is refused with an error at
//! `info.toml:LINE`, and none makes the runner panic.

use crate::support::{FAILING_TESTS, Fixture, PASSING_TESTS, text};

const VALID: &str = "[course]\ntitle = \"Fixture\"\ntimeout_secs = 20\n\n[[stages]]\ndir = \"00_intro\"\ntitle = \"Intro\"\n\n\
    [[exercises]]\nname = \"a\"\nstage = \"00_intro\"\nhint = \"h\"\n";

fn with(extra: &str) -> Vec<u8> {
    format!("{VALID}{extra}").into_bytes()
}

/// `VALID` with its exercise's settings replaced by `settings` (after `hint`).
fn exercise(settings: &str) -> Vec<u8> {
    with(settings)
}

fn corpus() -> Vec<(String, Vec<u8>)> {
    let mut cases: Vec<(String, Vec<u8>)> = Vec::new();
    let mut add = |name: &str, bytes: Vec<u8>| cases.push((name.to_owned(), bytes));

    // Encoding.
    add("encoding: latin1 byte in a string", with("title2 = \"caf\u{0}\"\n").into_iter().map(|b| if b == 0 { 0xe9 } else { b }).collect());
    add("encoding: lone continuation byte", [VALID.as_bytes(), b"\x80\n"].concat());
    add("encoding: 0xff in a key", [VALID.as_bytes(), b"k\xffy = 1\n"].concat());
    add("encoding: overlong encoding", [VALID.as_bytes(), b"x = \"\xc0\xaf\"\n"].concat());
    add("encoding: utf-16 file", VALID.encode_utf16().flat_map(u16::to_le_bytes).collect());
    add("encoding: utf-16 file with a byte order mark", [&[0xff, 0xfe][..], &VALID.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>()].concat());
    add("encoding: truncated multibyte character at the end", [VALID.as_bytes(), b"x = \"\xe2\x82"].concat());

    // Nesting far too deep.
    add("20000-segment dotted header", with(&format!("[{}]\n", vec!["a"; 20_000].join("."))));
    add("20000-segment dotted key", with(&format!("{} = 1\n", vec!["a"; 20_000].join("."))));
    add("20000 nested arrays", with(&format!("x = {}{}\n", "[".repeat(20_000), "]".repeat(20_000))));
    add("5000 nested inline tables", with(&format!("x = {}1{}\n", "{a=".repeat(5_000), "}".repeat(5_000))));
    add("deep array-of-tables header", with(&format!("[[{}]]\n", vec!["b"; 5_000].join("."))));

    // Truncated files.
    for cut in ["[cour", "[course]\ntitle = \"Fix", "[course]\ntitle =", "[course]\ntitle = \"Fixture\"\ntimeout_secs = ", "[[stages]\n"] {
        add(&format!("truncated: {cut:?}"), cut.as_bytes().to_vec());
    }
    for at in [VALID.find("[[exer").unwrap_or(0) + 3, VALID.find("name = \"a").unwrap_or(0) + 8, VALID.len() - 3] {
        add(&format!("truncated at byte {at}"), VALID.as_bytes()[..at].to_vec());
    }
    add("unterminated multi-line string", with("x = \"\"\"never closed\n"));
    add("unterminated literal string", with("x = 'open\n"));

    // Syntax.
    for (name, line) in [
        ("bad escape", "x = \"\\q\"\n"),
        ("newline in a basic string", "x = \"a\nb\"\n"),
        ("missing value", "x =\n"),
        ("missing equals", "x 1\n"),
        ("value without key", "= 1\n"),
        ("space in a bare key", "na me = 1\n"),
        ("unclosed header", "[x\n"),
        ("stray bracket", "]\n"),
        ("invalid date", "d = 1979-13-45\n"),
        ("trailing comma in an inline table", "t = { a = 1, }\n"),
        ("NUL in a string", "x = \"a\u{0}b\"\n"),
        ("control character in a string", "x = \"a\u{7}b\"\n"),
        ("surrogate escape", "x = \"\\uD800\"\n"),
        ("escape past the last code point", "x = \"\\U00110000\"\n"),
        ("leading zero", "n = 01\n"),
        ("two values on a line", "x = 1 y = 2\n"),
        ("unclosed array", "x = [1, 2\n"),
        ("unclosed inline table", "x = { a = 1\n"),
        ("lone carriage return", "x = 1\r"),
        ("bare word value", "x = yes\n"),
    ] {
        add(name, with(line));
    }

    // Duplicate keys and tables.
    add("duplicate key in an exercise", with("hint = \"again\"\n"));
    add("duplicate course table", with("[course]\ntitle = \"x\"\n"));
    add("duplicate title", format!("[course]\ntitle = \"A\"\ntitle = \"B\"\n{}", &VALID[9..]).into_bytes());
    add("course redefined by a dotted key", with("[stages.x]\n"));
    add("settings table twice", exercise("verifier = \"output\"\n[exercises.output]\nexpected = \"x\"\n[exercises.output]\nexpected = \"y\"\n"));

    // Huge and out-of-range numbers.
    for value in ["99999999999999999999", "-1", "0", "9223372036854775807", "-9223372036854775808", "0x7FFFFFFFFFFFFFFF", "1e400", "3601"] {
        add(&format!("timeout_secs = {value}"), exercise(&format!("timeout_secs = {value}\n")));
    }
    add("course timeout 0", VALID.replace("timeout_secs = 20", "timeout_secs = 0").into_bytes());
    add("status out of range", exercise("verifier = \"http\"\n[exercises.http]\n[[exercises.http.requests]]\npath = \"/\"\nstatus = 70000\n"));

    // Wrong types.
    for (name, settings) in [
        ("timeout as a string", "timeout_secs = \"30\"\n"),
        ("timeout as a float", "timeout_secs = 1.5\n"),
        ("timeout as a bool", "timeout_secs = true\n"),
        ("verifier unknown", "verifier = \"nope\"\n"),
        ("verifier a number", "verifier = 3\n"),
        ("sql settings a string", "verifier = \"sql\"\nsql = \"x\"\n"),
        ("mutants a table", "verifier = \"mutants\"\n[exercises.mutants]\ndescription = \"d\"\nfind = \"a\"\nreplace = \"b\"\n"),
        ("requests a string", "verifier = \"http\"\n[exercises.http]\nrequests = \"x\"\n"),
        ("status a string", "verifier = \"http\"\n[exercises.http]\n[[exercises.http.requests]]\npath = \"/\"\nstatus = \"200\"\n"),
        ("headers a string", "verifier = \"http\"\n[exercises.http]\n[[exercises.http.requests]]\npath = \"/\"\nheaders = \"x\"\n"),
        ("checks a string", "verifier = \"sql\"\n[exercises.sql]\nchecks = \"SELECT 1\"\n"),
        ("ordered a string", "verifier = \"sql\"\n[exercises.sql]\nordered = \"yes\"\n"),
        ("expected a number", "verifier = \"output\"\n[exercises.output]\nexpected = 5\n"),
        ("compare_with_solution a string", "verifier = \"http\"\n[exercises.http]\ncompare_with_solution = \"no\"\n"),
    ] {
        add(name, exercise(settings));
    }
    add("title a number", VALID.replace("title = \"Fixture\"", "title = 1").into_bytes());
    add("stages a string", "[course]\ntitle = \"T\"\nstages = \"x\"\n".as_bytes().to_vec());
    add("stages of numbers", "stages = [1]\n[course]\ntitle = \"T\"\n".as_bytes().to_vec());
    add("exercises a table", "[course]\ntitle = \"T\"\n[exercises]\nname = \"a\"\n".as_bytes().to_vec());
    add("name a number", VALID.replace("name = \"a\"", "name = 5").into_bytes());
    add("hint an array", VALID.replace("hint = \"h\"", "hint = []").into_bytes());

    // The schema.
    add("no course table", VALID.replace("[course]\ntitle = \"Fixture\"\ntimeout_secs = 20\n", "").into_bytes());
    add("no title", VALID.replace("title = \"Fixture\"\n", "").into_bytes());
    add("no hint", VALID.replace("hint = \"h\"\n", "").into_bytes());
    add("no stage", VALID.replace("stage = \"00_intro\"\n", "").into_bytes());
    add("stage without title", VALID.replace("title = \"Intro\"\n", "").into_bytes());
    add("unknown top-level key", with("[extras]\nx = 1\n"));
    add("unknown course key", VALID.replace("timeout_secs = 20", "timeout_sec = 20").into_bytes());
    add("unknown exercise key", exercise("hnt = \"x\"\n"));
    add("unknown sql key", exercise("verifier = \"sql\"\n[exercises.sql]\nfixtur = \"a.sql\"\n"));
    add("unknown request key", exercise("verifier = \"http\"\n[exercises.http]\n[[exercises.http.requests]]\npath = \"/\"\nstatuss = 200\n"));
    add("settings of another verifier", exercise("[exercises.output]\nexpected = \"x\"\n"));
    add("http without requests", exercise("verifier = \"http\"\n[exercises.http]\n"));
    add("mutants verifier without mutants", exercise("verifier = \"mutants\"\n"));
    add("unknown stage", VALID.replace("stage = \"00_intro\"", "stage = \"00_intr\"").into_bytes());
    add("snake case name", VALID.replace("name = \"a\"", "name = \"A-b\"").into_bytes());
    add("empty hint", VALID.replace("hint = \"h\"", "hint = \"  \"").into_bytes());

    // Paths that leave the course.
    add("stage dir with ..", VALID.replace("dir = \"00_intro\"", "dir = \"../../x\"").replace("stage = \"00_intro\"", "stage = \"../../x\"").into_bytes());
    add("absolute stage dir", VALID.replace("dir = \"00_intro\"", "dir = \"/etc\"").replace("stage = \"00_intro\"", "stage = \"/etc\"").into_bytes());
    add("empty stage dir", VALID.replace("dir = \"00_intro\"", "dir = \"\"").replace("stage = \"00_intro\"", "stage = \"\"").into_bytes());
    add("fixture outside the course", exercise("verifier = \"sql\"\n[exercises.sql]\nfixture = \"../../../../etc/passwd\"\n"));
    add("absolute fixture", exercise("verifier = \"sql\"\n[exercises.sql]\nfixture = \"/etc/passwd\"\n"));
    add("PostgreSQL fixture outside the course", exercise("[exercises.postgres]\nfixture = \"../../../../etc/passwd\"\n"));
    add("missing PostgreSQL fixture", exercise("[exercises.postgres]\nfixture = \"nope.sql\"\n"));

    // Author errors found at load.
    let sql = "verifier = \"sql\"\n[exercises.sql]\nfixture = \"shop.sql\"\n";
    add("missing fixture", exercise("verifier = \"sql\"\n[exercises.sql]\nfixture = \"nope.sql\"\n"));
    add("fixture that does not load", exercise("verifier = \"sql\"\n[exercises.sql]\nfixture = \"broken.sql\"\n"));
    add("check query that does not prepare", exercise(&format!("{sql}checks = [\"SELECT nope FROM t\"]\n")));
    add("plan query that does not prepare", exercise(&format!("{sql}[exercises.sql.plan]\nquery = \"SELEC 1\"\n")));
    let mutant = |find: &str| exercise(&format!("verifier = \"mutants\"\n[[exercises.mutants]]\ndescription = \"d\"\nfind = \"{find}\"\nreplace = \"x\"\n"));
    add("mutant that matches nothing", mutant("no such text"));
    add("mutant that matches twice", mutant("answer"));
    add("empty mutant", mutant(""));
    let request = |fields: &str| exercise(&format!("verifier = \"http\"\n[exercises.http]\n[[exercises.http.requests]]\n{fields}"));
    add("method with a space", request("method = \"GE T\"\npath = \"/\"\n"));
    add("path without a slash", request("path = \"users\"\n"));
    add("invalid header name", request("path = \"/\"\nheaders = { \"x y\" = \"1\" }\n"));
    add("invalid header value", request("path = \"/\"\nheaders = { x = \"a\\u0000b\" }\n"));
    add("invalid expect_json", request("path = \"/\"\nexpect_json = \"{\\\"a\\\": }\"\n"));
    add("invalid expect_json_contains", request("path = \"/\"\nexpect_json_contains = \"[1,\"\n"));

    // rustlings format.
    for (name, text) in [
        ("rustlings: version a string", "format_version = \"1\"\n[[exercises]]\nname = \"a\"\nhint = \"h\"\n"),
        ("rustlings: version 2", "format_version = 2\n[[exercises]]\nname = \"a\"\nhint = \"h\"\n"),
        ("rustlings: dir with ..", "format_version = 1\n[[exercises]]\nname = \"a\"\ndir = \"../x\"\nhint = \"h\"\n"),
        ("rustlings: test a string", "format_version = 1\n[[exercises]]\nname = \"a\"\ntest = \"no\"\nhint = \"h\"\n"),
        ("rustlings: unknown key", "format_version = 1\n[[exercises]]\nname = \"a\"\nhint = \"h\"\nstrict = true\n"),
        ("rustlings: timeout 0", "format_version = 1\n[[exercises]]\nname = \"a\"\nhint = \"h\"\nverifier = \"run\"\ntimeout_secs = 0\n"),
        ("rustlings: no exercises", "format_version = 1\n"),
    ] {
        add(name, text.as_bytes().to_vec());
    }
    cases
}

#[test]
fn every_malformed_info_toml_is_an_error_at_a_line_and_never_a_panic() {
    let cases = corpus();
    assert!(cases.len() >= 77, "the corpus has {} files", cases.len());
    let fixture = Fixture::new(
        "",
        &[
            ("exercises/00_intro/a.rs", FAILING_TESTS),
            ("solutions/00_intro/a.rs", PASSING_TESTS),
            ("exercises/a.rs", FAILING_TESTS),
            ("exercises/00_intro/a.sql", "SELECT 1;\n"),
            ("exercises/00_intro/shop.sql", "CREATE TABLE t (a);\n"),
            ("exercises/00_intro/broken.sql", "CREATE TABLE (;\n"),
        ],
    );
    let mut bad = Vec::new();
    for (name, bytes) in &cases {
        std::fs::write(fixture.path("info.toml"), bytes).expect("write info.toml");
        let output = fixture.runner().arg("list").output().expect("run list");
        let shown = text(&output);
        let located = shown.split("info.toml:").skip(1).any(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
        if output.status.code() != Some(2) || shown.contains("panicked") || !located || shown.len() > 20_000 {
            bad.push(format!("{name}: exit {:?}\n{}", output.status.code(), shown.chars().take(600).collect::<String>()));
        }
        if name.starts_with("encoding:") && !(shown.contains("not valid UTF-8") && shown.contains("offset")) {
            bad.push(format!("{name}: the encoding error needs its byte offset\n{shown}"));
        }
        assert!(!shown.contains("root:x:"), "{name}: never the content of a file outside the course");
    }
    assert!(bad.is_empty(), "{} of {} malformed files handled badly:\n\n{}", bad.len(), cases.len(), bad.join("\n\n"));
}
