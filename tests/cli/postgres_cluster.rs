//! The runner's own PostgreSQL cluster end to end: started on first need, reused, recovered after
//! a crash, and never left running; without PostgreSQL, its exercises are skipped. The cluster's
//! tests are skipped (with a note) on a machine without the server.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

use crate::containment::eventually;
use crate::support::{Fixture, process_with, text};

const SHOP: &str = "CREATE TABLE products (id integer PRIMARY KEY, name text NOT NULL, price integer);\n\
    INSERT INTO products VALUES (1, 'lamp', 30), (2, 'desk', 120), (3, 'chair', 45);\n";

fn has_postgres() -> bool {
    let found = crate::postgres::postgres_installed();
    if !found {
        eprintln!("note: PostgreSQL's server binaries are not installed; the cluster's life-cycle tests are skipped");
    }
    found
}

/// A course of two PostgreSQL exercises and one SQLite one, readable by the server's user.
fn course(learner: &str) -> Fixture {
    let exercise = |name: &str, engine: &str| {
        format!("\n[[exercises]]\nname = \"{name}\"\nstage = \"00_intro\"\nverifier = \"sql\"\nhint = \"h\"\ntimeout_secs = 60\n[exercises.sql]\nengine = \"{engine}\"\nfixture = \"shop.sql\"\n")
    };
    let reference = "SELECT name, price FROM products ORDER BY price;\n";
    let fixture = Fixture::new(
        &[exercise("cheap", "postgres"), exercise("cheap_again", "postgres"), exercise("cheap_sqlite", "sqlite")].concat(),
        &[
            ("exercises/00_intro/shop.sql", SHOP),
            ("exercises/00_intro/cheap.sql", learner),
            ("exercises/00_intro/cheap_again.sql", learner),
            ("exercises/00_intro/cheap_sqlite.sql", learner),
            ("solutions/00_intro/cheap.sql", reference),
            ("solutions/00_intro/cheap_again.sql", reference),
            ("solutions/00_intro/cheap_sqlite.sql", reference),
        ],
    );
    // Under root the server runs as another user, which must reach `.runner/pg`.
    let _ = std::fs::set_permissions(fixture.root(), std::fs::Permissions::from_mode(0o755));
    fixture
}

/// Whether a server of this course's cluster is running (its data directory is in its command line).
fn server_running(fixture: &Fixture) -> bool {
    process_with(&fixture.root().join(".runner/pg").display().to_string())
}

fn ready_count(fixture: &Fixture) -> usize {
    std::fs::read_to_string(fixture.path(".runner/pg/server.log")).unwrap_or_default().matches("ready to accept connections").count()
}

#[test]
fn the_cluster_starts_on_first_need_is_reused_and_stops_when_the_runner_exits() {
    if !has_postgres() {
        return;
    }
    let fixture = course("SELECT name, price FROM products ORDER BY price;\n");
    let output = fixture.runner().args(["verify"]).output().expect("verify");
    assert!(output.status.success(), "every exercise passes on its engine:\n{}", text(&output));
    assert_eq!(ready_count(&fixture), 1, "one server for both PostgreSQL checks of one run");
    assert!(Path::new(&fixture.path(".runner/pg/data/PG_VERSION")).is_file(), "the cluster lives in .runner/pg");
    assert!(!server_running(&fixture), "no server is left once the runner has exited");

    let initialised = std::fs::metadata(fixture.path(".runner/pg/data/PG_VERSION")).and_then(|m| m.modified()).expect("PG_VERSION");
    let output = fixture.runner().args(["run", "cheap"]).output().expect("run");
    assert!(output.status.success(), "a second run reuses the cluster:\n{}", text(&output));
    let again = std::fs::metadata(fixture.path(".runner/pg/data/PG_VERSION")).and_then(|m| m.modified()).expect("PG_VERSION");
    assert_eq!(initialised, again, "the cluster is initialised once, not on every run");
    assert!(!server_running(&fixture), "no server is left after the second run either");
}

#[test]
fn a_server_left_by_a_killed_runner_is_stopped_and_the_next_run_works() {
    if !has_postgres() {
        return;
    }
    let fixture = course("SELECT name, price FROM products, pg_sleep(30) ORDER BY price;\n");
    let mut runner = std::process::Command::new(assert_cmd::cargo::cargo_bin("runner"));
    runner.current_dir(fixture.root()).env("NO_COLOR", "1").args(["run", "cheap"]).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
    let mut child = runner.spawn().expect("spawn the runner");
    let started = eventually(Duration::from_secs(60), || ready_count(&fixture) == 1);
    let _ = child.kill();
    let _ = child.wait();
    assert!(started, "the server started for the check");

    // Whatever the killed runner left (a server, a stale postmaster.pid) is cleaned up by the next one.
    fixture.write("exercises/00_intro/cheap.sql", "SELECT name, price FROM products ORDER BY price;\n");
    let output = fixture.runner().args(["run", "cheap"]).output().expect("run");
    assert!(output.status.success(), "the next run recovers the cluster:\n{}", text(&output));
    assert!(eventually(Duration::from_secs(20), || !server_running(&fixture)), "no server is left after the recovering run");
}

#[test]
fn without_postgresql_its_exercises_are_skipped_with_how_to_install_it() {
    let fixture = course("SELECT name, price FROM products ORDER BY price;\n");
    let output = fixture.runner().env("RUNNER_PG_BIN", fixture.path("no-postgres")).args(["verify"]).output().expect("verify");
    let shown = text(&output);
    assert!(shown.contains("sudo apt install postgresql") && shown.contains("brew install postgresql"), "the learner reads how to install it:\n{shown}");
    assert!(shown.contains("skipped"), "the PostgreSQL exercises are reported as skipped, not failed:\n{shown}");
    let progress = fixture.read(".runner/progress.toml");
    assert!(progress.contains("cheap_sqlite"), "the rest of the course is unaffected (the SQLite exercise passed):\n{progress}");
    let done = progress.lines().find(|line| line.starts_with("done")).unwrap_or_default();
    assert!(!done.contains("\"cheap\""), "a skipped exercise is not marked done:\n{progress}");
}
