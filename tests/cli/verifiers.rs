//! Each verifier end to end on std-only fixtures: a correct answer written differently from the
//! reference passes, and the wrong answers learners write fail with a message that teaches.

use std::net::TcpListener;

use crate::support::{Fixture, process_with, text};

fn exercise(name: &str, verifier: &str, extra: &str) -> String {
    format!("\n[[exercises]]\nname = \"{name}\"\nstage = \"00_intro\"\nverifier = \"{verifier}\"\nhint = \"h\"\n{extra}")
}

fn run(fixture: &Fixture, name: &str) -> (i32, String) {
    let output = fixture.runner().args(["run", name]).output().expect("run");
    (output.status.code().unwrap_or(-1), text(&output))
}

// ─── sql ───────────────────────────────────────────────────────────────────────────────────

const SHOP: &str = "CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price INTEGER);\n\
    INSERT INTO products VALUES (1, 'lamp', 30), (2, 'desk', 120), (3, 'chair', 45), (4, 'rug', NULL);\n";

fn sql_fixture(learner: &str) -> Fixture {
    Fixture::new(
        &exercise("by_price", "sql", "[exercises.sql]\nfixture = \"shop.sql\"\n"),
        &[
            ("exercises/00_intro/shop.sql", SHOP),
            ("exercises/00_intro/by_price.sql", learner),
            ("solutions/00_intro/by_price.sql", "SELECT name, price FROM products WHERE price IS NOT NULL ORDER BY price;\n"),
        ],
    )
}

#[test]
fn sql_missing_order_by_fails_and_a_different_correct_query_passes() {
    let (code, shown) = run(&sql_fixture("-- TODO\nSELECT name, price FROM products WHERE price > 0;\n"), "by_price");
    assert_eq!(code, 1, "{shown}");
    assert!(shown.contains("the rows are right but in the wrong order"), "{shown}");

    let (code, shown) = run(&sql_fixture("-- TODO\nselect p.name, p.price from products as p\nwhere p.price >= 0\norder by 2 asc;\n"), "by_price");
    assert_eq!(code, 0, "{shown}");
}

#[test]
fn sql_null_is_not_empty_text_and_column_count_is_named() {
    let (code, shown) = run(&sql_fixture("SELECT name, coalesce(price, '') FROM products ORDER BY price;\n"), "by_price");
    assert_eq!(code, 1);
    assert!(shown.contains("your query returns 4 row(s); expected 3"), "{shown}");
    assert!(shown.contains("'rug' | ''"), "the empty text is shown quoted: {shown}");

    let (_, shown) = run(&sql_fixture("SELECT * FROM products WHERE price IS NOT NULL ORDER BY price;\n"), "by_price");
    assert!(shown.contains("your query returns 3 column(s) (id, name, price); expected 2 (name, price)"), "{shown}");
}

// ─── http ──────────────────────────────────────────────────────────────────────────────────

const HTTP_SETTINGS: &str = "timeout_secs = 5\n[exercises.http]\n\n[[exercises.http.requests]]\nmethod = \"POST\"\npath = \"/users\"\nheaders = { content-type = \"application/json\" }\nbody = '{\"name\": \"Ada\"}'\nstatus = 201\nexpect_headers = { location = \"*\" }\nexpect_json_contains = '{\"name\": \"Ada\"}'\n";

/// A std-only server on 127.0.0.1:$PORT answering every request with `head` and `body`.
/// It records its port in `port.txt` so a test can check the port is free afterwards.
fn server(head: &str, body: &str, before: &str) -> String {
    format!(
        r##"// TODO
use std::io::{{Read, Write}};
fn main() {{
    {before}
    let port = std::env::var("PORT").unwrap_or_default();
    let listener = std::net::TcpListener::bind(format!("127.0.0.1:{{port}}")).expect("bind");
    std::fs::write("port.txt", &port).ok();
    for stream in listener.incoming() {{
        let Ok(mut stream) = stream else {{ continue }};
        let mut buf = [0u8; 4096];
        let _ = stream.read(&mut buf);
        let body = r#"{body}"#;
        let response = format!("HTTP/1.1 {head}\r\nContent-Length: {{}}\r\nConnection: close\r\n\r\n{{}}", body.len(), body);
        let _ = stream.write_all(response.as_bytes());
    }}
}}
"##
    )
}

fn http_fixture(learner: &str) -> Fixture {
    let solution = server("201 Created\r\nContent-Type: application/json\r\nLocation: /users/1", "{\"id\":1,\"name\":\"Ada\"}", "");
    Fixture::new(
        &exercise("users", "http", HTTP_SETTINGS),
        &[("exercises/00_intro/users.rs", learner), ("solutions/00_intro/users.rs", &solution)],
    )
}

#[test]
fn http_200_instead_of_201_is_caught_with_the_request_as_curl() {
    let wrong = server("200 OK\r\nContent-Type: application/json", "{\"id\":1,\"name\":\"Ada\"}", "");
    let (code, shown) = run(&http_fixture(&wrong), "users");
    assert_eq!(code, 1, "{shown}");
    assert!(shown.contains("expected status 201 Created, got 200 OK"), "{shown}");
    assert!(shown.contains("expected a `location` header"), "{shown}");
    assert!(shown.contains("curl -i -X POST 'http://127.0.0.1:"), "{shown}");
    assert!(shown.contains("your server answered:"), "{shown}");
}

#[test]
fn http_a_correct_server_written_differently_passes() {
    let different = server("201 Created\r\ncontent-type: application/json; charset=utf-8\r\nlocation: http://127.0.0.1/users/7", "{\"name\": \"Ada\", \"id\": 7, \"admin\": false}", "");
    let (code, shown) = run(&http_fixture(&different), "users");
    assert_eq!(code, 0, "{shown}");
}

#[test]
fn http_a_server_that_exits_or_never_listens_is_explained() {
    let exits = "// TODO\nfn main() {\n    eprintln!(\"forgot to start the server\");\n}\n";
    let (code, shown) = run(&http_fixture(exits), "users");
    assert_eq!(code, 1);
    assert!(shown.contains("your program exited before listening"), "{shown}");
    assert!(shown.contains("forgot to start the server"), "its output is shown: {shown}");

    let idle = "// TODO\nfn main() {\n    let _child = std::process::Command::new(\"sleep\").arg(\"4343.4343\").spawn();\n    loop {\n        std::thread::park();\n    }\n}\n";
    let (code, shown) = run(&http_fixture(idle), "users");
    assert_eq!(code, 1);
    assert!(shown.contains("your server never started listening"), "{shown}");
    assert!(shown.contains("read the port from the PORT environment variable"), "{shown}");
    assert!(!process_with("4343.4343"), "the server's child is killed with it");
}

#[test]
fn http_a_server_that_ignores_shutdown_leaves_no_process_or_port() {
    // Re-executes itself under a shell that ignores SIGTERM (ignored signals stay ignored
    // across exec), and starts a child: both must be gone after the check.
    let stubborn = server(
        "201 Created\r\nContent-Type: application/json\r\nLocation: /users/1",
        "{\"id\":1,\"name\":\"Ada\"}",
        r#"if std::env::var("IGNORING_TERM").is_err() {
        use std::os::unix::process::CommandExt;
        let me = std::env::current_exe().expect("exe");
        let err = std::process::Command::new("sh").arg("-c").arg("trap '' TERM; exec \"$0\"").arg(me).env("IGNORING_TERM", "1").exec();
        panic!("exec failed: {err}");
    }
    let _child = std::process::Command::new("sleep").arg("4444.4444").spawn();"#,
    );
    let fixture = http_fixture(&stubborn);
    let (code, shown) = run(&fixture, "users");
    assert_eq!(code, 0, "{shown}");
    assert!(!process_with("4444.4444"), "the server's child must be killed");
    let port: u16 = fixture.read("port.txt").trim().parse().expect("the server wrote its port");
    assert!(TcpListener::bind(("127.0.0.1", port)).is_ok(), "port {port} must be free after the check");
}

// ─── mutants ───────────────────────────────────────────────────────────────────────────────

const IMPLEMENTATION: &str = "//! Write tests for `discount`.\n\n/// 10 % off from 100 on.\npub fn discount(total: u32) -> u32 {\n    if total >= 100 { total / 10 } else { 0 }\n}\n\nfn main() {}\n\n";

const MUTANTS: &str = "[[exercises.mutants]]\ndescription = \"boundary: an order of exactly 100 no longer gets the discount\"\nfind = \"total >= 100\"\nreplace = \"total > 100\"\n\n[[exercises.mutants]]\ndescription = \"the discount is 20 % instead of 10 %\"\nfind = \"total / 10\"\nreplace = \"total / 5\"\n";

fn mutants_fixture(tests: &str) -> Fixture {
    let exercise_file = format!("{IMPLEMENTATION}#[cfg(test)]\nmod tests {{\n    // TODO: write tests\n}}\n");
    let solution = format!(
        "{IMPLEMENTATION}#[cfg(test)]\nmod tests {{\n    use super::*;\n    #[test]\n    fn boundary() {{\n        assert_eq!(discount(100), 10);\n        assert_eq!(discount(99), 0);\n    }}\n    #[test]\n    fn amount() {{\n        assert_eq!(discount(200), 20);\n    }}\n}}\n"
    );
    let fixture = Fixture::new(
        &exercise("discounts", "mutants", MUTANTS),
        &[("exercises/00_intro/discounts.rs", &exercise_file), ("solutions/00_intro/discounts.rs", &solution)],
    );
    fixture.runner().arg("list").assert().success(); // the original is snapshotted
    fixture.write("exercises/00_intro/discounts.rs", &format!("{IMPLEMENTATION}#[cfg(test)]\nmod tests {{\n    use super::*;\n{tests}\n}}\n"));
    fixture
}

#[test]
fn mutants_a_suite_that_misses_the_boundary_is_told_what_it_missed() {
    let weak = "    #[test]\n    fn typical() {\n        assert_eq!(discount(150), 15);\n        assert_eq!(discount(50), 0);\n    }";
    let (code, shown) = run(&mutants_fixture(weak), "discounts");
    assert_eq!(code, 1, "{shown}");
    assert!(shown.contains("your tests catch 1 of 2 planted bugs"), "{shown}");
    assert!(shown.contains("boundary: an order of exactly 100 no longer gets the discount"), "{shown}");
    assert!(!shown.contains("total > 100"), "a missed mutant is described, never shown: {shown}");
}

#[test]
fn mutants_a_suite_that_asserts_nothing_or_fails_on_correct_code() {
    let (code, shown) = run(&mutants_fixture("    #[test]\n    fn nothing() {\n        discount(100);\n    }"), "discounts");
    assert_eq!(code, 1);
    assert!(shown.contains("your tests catch 0 of 2 planted bugs"), "{shown}");

    let (code, shown) = run(&mutants_fixture("    #[test]\n    fn wrong() {\n        assert_eq!(discount(100), 0);\n    }"), "discounts");
    assert_eq!(code, 1);
    assert!(shown.contains("your tests fail on the correct implementation"), "{shown}");
}

#[test]
fn mutants_a_complete_suite_written_differently_passes() {
    let table = "    #[test]\n    fn table() {\n        for (total, off) in [(99, 0), (100, 10), (1000, 100)] {\n            assert_eq!(discount(total), off, \"total {total}\");\n        }\n    }";
    let (code, shown) = run(&mutants_fixture(table), "discounts");
    assert_eq!(code, 0, "{shown}");
    assert!(shown.contains("your tests catch all 2 planted bugs"), "{shown}");
}

// ─── output ────────────────────────────────────────────────────────────────────────────────

#[test]
fn output_a_flood_is_capped_and_shown_in_part() {
    let flood = "// TODO\nfn main() {\n    for i in 0..2_000_000 {\n        println!(\"line {i}\");\n    }\n}\n";
    let fixture = Fixture::new(
        &exercise("hello", "output", "[exercises.output]\nexpected = \"Hello\\n\"\n"),
        &[("exercises/00_intro/hello.rs", flood), ("solutions/00_intro/hello.rs", "fn main() {\n    println!(\"Hello\");\n}\n")],
    );
    let (code, shown) = run(&fixture, "hello");
    assert_eq!(code, 1);
    assert!(shown.contains("line 1 differs"), "{shown}");
    assert!(shown.len() < 20_000, "the learner sees a part of the flood, not all of it ({} bytes)", shown.len());
}

#[test]
fn http_a_server_that_hangs_times_out_and_leaves_no_process_or_port() {
    let hangs = r#"// TODO
fn main() {
    let _child = std::process::Command::new("sleep").arg("4545.4545").spawn();
    let port = std::env::var("PORT").unwrap_or_default();
    let listener = std::net::TcpListener::bind(format!("127.0.0.1:{port}")).expect("bind");
    std::fs::write("port.txt", &port).ok();
    let mut held = Vec::new();
    for stream in listener.incoming() {
        held.push(stream); // never answers
    }
}
"#;
    let fixture = http_fixture(hangs);
    let (code, shown) = run(&fixture, "users");
    assert_eq!(code, 1, "{shown}");
    assert!(shown.contains("no response within the time limit"), "{shown}");
    assert!(!process_with("4545.4545"), "the server's child must be killed");
    let port: u16 = fixture.read("port.txt").trim().parse().expect("the server wrote its port");
    assert!(TcpListener::bind(("127.0.0.1", port)).is_ok(), "port {port} must be free after the check");
}

// ─── tests ─────────────────────────────────────────────────────────────────────────────────

#[test]
fn tests_ending_the_program_early_do_not_pass() {
    let exits = crate::support::FAILING_TESTS.replace("todo!()", "std::process::exit(0)");
    let fixture = Fixture::answer(&exits);
    let (code, shown) = run(&fixture, "answer");
    assert_eq!(code, 1, "{shown}");
    assert!(shown.contains("ended before reporting every test"), "{shown}");
}

/// Every way the code part could reach the original tests, each with a wrong answer (7 instead
/// of 42): each must fail on the original test, whatever it tried.
#[test]
fn nothing_the_code_part_defines_reaches_the_original_tests() {
    let hollow_macro = "($($t:tt)*) => {}";
    let bypasses = [
        ("an attribute before the tests", "7".to_owned(), "#[cfg(any())]\n#[cfg(test)]".to_owned()),
        ("a redefined macro", format!("7 }}\nmacro_rules! assert_eq {{ {hollow_macro} }}\nfn unused() {{"), String::new()),
        ("a raw identifier", format!("7 }}\nmacro_rules! r#assert_eq {{ {hollow_macro} }}\nfn unused() {{"), String::new()),
        ("an exported macro", format!("7 }}\n#[macro_export]\nmacro_rules! assert_eq {{ {hollow_macro} }}\nfn unused() {{"), String::new()),
        ("a renaming import", "7 }\n#[allow(unused_imports)]\nuse std::assert_ne as assert_eq;\nfn unused() {".to_owned(), String::new()),
        ("a module of the same name as std", "7 }\nmod std { pub mod fmt {} }\nfn unused() {".to_owned(), String::new()),
        ("a #[path] module", "7 }\n#[macro_use]\n#[path = \"HOLLOW\"]\nmod hollow;\nfn unused() {".to_owned(), String::new()),
    ];
    for (what, code, before_tests) in bypasses {
        let mut learner = crate::support::FAILING_TESTS.replace("todo!()", &code);
        if !before_tests.is_empty() {
            learner = learner.replace("#[cfg(test)]", &before_tests);
        }
        // The runner keeps the original on first sight; the learner edits afterwards.
        let fixture = Fixture::answer(crate::support::FAILING_TESTS);
        fixture.runner().arg("list").assert().success();
        fixture.write("exercises/00_intro/answer.rs", &learner.replace("HOLLOW", &fixture.path("hollow.rs").to_string_lossy()));
        fixture.write("hollow.rs", &format!("macro_rules! assert_eq {{ {hollow_macro} }}\n"));
        let (code, shown) = run(&fixture, "answer");
        assert_eq!(code, 1, "{what}: {shown}");
        assert!(shown.contains("the answer is 42"), "{what}: the original test fails: {shown}");
    }
}

#[test]
fn http_a_server_on_every_interface_fails_with_the_reason() {
    let correct = server("201 Created\r\nContent-Type: application/json\r\nLocation: /users/1", "{\"id\":1,\"name\":\"Ada\"}", "");
    for (address, shown_as) in [("0.0.0.0", "0.0.0.0"), ("[::]", "[::]")] {
        let exposed = correct.replace("\"127.0.0.1:{port}\"", &format!("\"{address}:{{port}}\""));
        assert_ne!(exposed, correct);
        let (code, shown) = run(&http_fixture(&exposed), "users");
        if shown.contains("server starts") {
            continue; // no IPv6 here: a server on [::] cannot take a 127.0.0.1 connection
        }
        assert_eq!(code, 1, "{shown}");
        assert!(shown.contains(&format!("your server listens on {shown_as}:")), "{shown}");
        assert!(shown.contains("binds 127.0.0.1 (loopback) only"), "{shown}");
    }
}
