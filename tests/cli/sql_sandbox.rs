//! The sql verifier's sandbox end to end: no SQL answer writes a file (ATTACH, a relative
//! ATTACH, VACUUM INTO), and a runaway answer (an endless recursive CTE, a huge cross join) fails
//! with a message while the runner's memory stays bounded.

use std::process::{Command as StdCommand, Stdio};
use std::time::Duration;

use crate::support::{Fixture, text};

const SHOP: &str = "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n\
    INSERT INTO customers VALUES (1, 'Ada'), (2, 'Brian'), (3, 'Chen');\n";

fn sql_fixture(learner: &str) -> Fixture {
    Fixture::new(
        "\n[[exercises]]\nname = \"names\"\nstage = \"00_intro\"\nverifier = \"sql\"\nhint = \"h\"\ntimeout_secs = 5\n[exercises.sql]\nfixture = \"shop.sql\"\n",
        &[
            ("exercises/00_intro/shop.sql", SHOP),
            ("exercises/00_intro/names.sql", learner),
            ("solutions/00_intro/names.sql", "SELECT name FROM customers ORDER BY name;\n"),
        ],
    )
}

#[test]
fn no_sql_answer_writes_a_file() {
    let outside = tempfile::tempdir().expect("temp dir");
    let (attached, vacuumed) = (outside.path().join("x.db"), outside.path().join("y.db"));
    let answers = [
        format!("ATTACH DATABASE '{}' AS e;\nCREATE TABLE e.t AS SELECT * FROM customers;\nSELECT name FROM customers ORDER BY name;\n", attached.display()),
        "ATTACH DATABASE 'relative.db' AS e;\nCREATE TABLE e.t AS SELECT * FROM customers;\nSELECT name FROM customers ORDER BY name;\n".to_owned(),
        format!("VACUUM INTO '{}';\nSELECT name FROM customers ORDER BY name;\n", vacuumed.display()),
    ];
    for answer in &answers {
        let fixture = sql_fixture(answer);
        let output = fixture.runner().args(["run", "names"]).output().expect("run");
        let shown = text(&output);
        assert_eq!(output.status.code(), Some(1), "{answer}: {shown}");
        assert!(shown.contains("ATTACH opens another database file") || shown.contains("not authorized"), "{answer}: the refusal says why: {shown}");
        let relative = ["relative.db", "exercises/00_intro/relative.db", "course/relative.db"].iter().any(|rel| fixture.path(rel).exists());
        assert!(!attached.exists() && !vacuumed.exists() && !relative, "{answer}: no file was written");
    }
}

/// Peak resident memory (VmHWM, in KiB) of a process, while it runs.
fn peak_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status.lines().find_map(|line| line.strip_prefix("VmHWM:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

#[test]
fn a_runaway_query_fails_with_a_message_and_the_runner_stays_small() {
    let runaways = [
        "-- TODO\nWITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT x AS name FROM n;\n",
        "-- TODO\nWITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n LIMIT 5000) SELECT a.x || '-' || b.x AS name FROM n AS a, n AS b;\n",
        "-- TODO\nWITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT group_concat(printf('%0100d', x)) AS name FROM n;\n",
    ];
    for answer in runaways {
        let fixture = sql_fixture(answer);
        let binary = assert_cmd::cargo::cargo_bin("runner");
        let child = StdCommand::new(binary).args(["run", "names"]).current_dir(fixture.root()).env("NO_COLOR", "1").stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
        let pid = child.id();
        let sampler = std::thread::spawn(move || {
            let mut peak = 0;
            while let Some(kib) = peak_kib(pid) {
                peak = peak.max(kib);
                std::thread::sleep(Duration::from_millis(10));
            }
            peak
        });
        let output = child.wait_with_output().expect("wait");
        let peak_mib = sampler.join().expect("sampler") / 1024;
        let shown = text(&output);
        assert_eq!(output.status.code(), Some(1), "{answer}: {shown}");
        let told = ["returned more than 200000 rows", "needed more memory than a check may use", "was interrupted", "string or blob too big"];
        assert!(told.iter().any(|t| shown.contains(t)), "{answer}: the message says what went wrong: {shown}");
        println!("runner peak {peak_mib} MiB for: {}\n{}", answer.lines().nth(1).unwrap_or_default(), shown.lines().filter(|l| l.contains("✗")).collect::<Vec<_>>().join("\n"));
        assert!(peak_mib < 300, "{answer}: the runner peaked at {peak_mib} MiB");
    }
}
