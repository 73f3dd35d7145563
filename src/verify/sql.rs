//! The `sql` verifier: the learner's SQL runs on fresh in-memory copies of the fixture, and
//! what it returns (or the state it leaves) is compared with the reference solution's, on more
//! than one database state: the fixture, the fixture read in another order (so an answer that
//! leans on the order rows happen to be stored in fails), and the variants an exercise declares
//! (edge rows that separate two readings of its text, or a fault part-way through a change).

mod compare;
mod engine;
mod postgres;
/// Also what the course's validation loads fixtures with (a leaf: it uses nothing of the runner).
pub mod sandbox;
mod sqlite;
mod text;

use std::time::Duration;

use rusqlite::types::Value;

use crate::course::SqlSettings;
use crate::course::model::{SqlEngine, SqlVariant};

use super::{Outcome, Status, TestResult, Verdict};
pub use compare::ResultSet;
use compare::{compare_named, same_rows};
use engine::{Engine, Rejection, Session};
use sandbox::{MAX_BYTES, MAX_ROWS};
use text::{has_statement, has_top_level_order_by, one_line};
pub use text::last_statement_orders;

#[derive(Debug)]
pub enum RunError {
    Sql { message: String, statement: String },
    /// The authorizer refused a statement, for this reason.
    Refused(String),
    /// More rows or bytes than any answer needs.
    TooBig(String),
    Interrupted,
}

pub struct Inputs<'a> {
    pub exercise: &'a str,
    /// The runner's state directory (where a PostgreSQL cluster lives).
    pub state_dir: &'a std::path::Path,
    pub settings: &'a SqlSettings,
    pub fixture: &'a str,
    pub learner: &'a str,
    pub reference: &'a str,
    pub timeout: Duration,
}

pub fn check(inputs: &Inputs) -> Verdict {
    match judge(inputs) {
        Ok(tests) => {
            let mut verdict = Verdict::from_tests(inputs.exercise, tests, "SQL checks");
            if verdict.outcome != Outcome::Passed {
                verdict.summary = "your SQL does not give the expected result yet".into();
            }
            verdict
        }
        Err(verdict) => *verdict,
    }
}

/// A database state an answer is judged on.
pub enum State<'a> {
    Fixture,
    /// The rows stored in another order where the schema allows it, and SQLite reading every
    /// unordered scan in reverse (`reverse_unordered_selects`).
    Reversed,
    Declared(&'a SqlVariant),
}

impl State<'_> {
    /// How a check on this state is named, before what it checks.
    fn label(&self) -> String {
        match self {
            Self::Fixture => String::new(),
            Self::Reversed => "with the rows read in another order: ".into(),
            Self::Declared(variant) => format!("when {}: ", variant.name),
        }
    }

    /// What a failure on this state (and not on the fixture) teaches.
    fn lesson(&self, engine: &str) -> String {
        match self {
            Self::Fixture => String::new(),
            Self::Reversed => format!(
                "Your SQL gives the right answer on the fixture only because of the order {engine} happens to read the rows in; \
                 with the same rows stored and read in another order it does not. Rows have no order without ORDER BY: say which \
                 rows you want, and in which order, ties included.\n\n"
            ),
            Self::Declared(SqlVariant { lesson: Some(lesson), .. }) => format!("{}\n\n", lesson.trim()),
            Self::Declared(variant) if variant.fails => format!(
                "When {}, the change cannot finish. Your script leaves the data different from the reference, which changes all or nothing: \
                 a change made of several statements goes in one transaction (BEGIN ... COMMIT), so a failure part-way undoes all of it.\n\n",
                variant.name
            ),
            Self::Declared(variant) => format!("The fixture has no row that tells two readings of the exercise apart; this state does ({}).\n\n", variant.name),
        }
    }

    /// Whether the scripts are expected to fail part-way on this state.
    fn faulty(&self) -> bool {
        matches!(self, Self::Declared(variant) if variant.fails)
    }
}

fn judge(inputs: &Inputs) -> Result<Vec<TestResult>, Box<Verdict>> {
    let name = inputs.exercise;
    if !has_statement(inputs.learner) {
        return Ok(vec![TestResult::fail("your query", "your file has no SQL statement yet: write it below the TODO")]);
    }
    match inputs.settings.engine {
        SqlEngine::Sqlite => {
            let engine = sqlite::Sqlite::new(inputs.fixture, inputs.timeout).map_err(|err| authoring_error(name, format!("cannot load the fixture: {err}")))?;
            judge_with(inputs, &engine)
        }
        SqlEngine::Postgres => {
            let databases = crate::pg::shared(inputs.state_dir).map_err(|why| {
                let outcome = match &why {
                    crate::pg::Unavailable::NotInstalled => Outcome::Skipped(why.to_string()),
                    crate::pg::Unavailable::Failed(_) => Outcome::Error(why.to_string()),
                };
                Box::new(Verdict::new(name, outcome, "this exercise needs PostgreSQL"))
            })?;
            let settings = inputs.settings;
            let read_only = settings.checks.is_empty() && settings.rejects.is_empty() && settings.plan.is_none();
            judge_with(inputs, &postgres::Postgres::new(databases, inputs.fixture, inputs.timeout, read_only))
        }
    }
}

/// The checks of `inputs` on `engine`: on the fixture, then (if right there) on every other
/// state, then the rejects and the plan on the learner's database.
pub fn judge_with<E: Engine>(inputs: &Inputs, engine: &E) -> Result<Vec<TestResult>, Box<Verdict>> {
    let ordered = inputs.settings.ordered.unwrap_or_else(|| last_statement_orders(inputs.reference));
    let judge = Judge { inputs, engine, ordered };
    let (mut tests, mut learner_db, reference_result) = judge.on(&State::Fixture, None)?;
    if tests.iter().all(|t| t.status == Status::Pass) {
        // Right on the fixture: right on every other state too? The first state that tells
        // otherwise is the one shown.
        let states = std::iter::once(State::Reversed).chain(inputs.settings.variants.iter().map(State::Declared));
        for state in states {
            let (on_state, _, _) = judge.on(&state, Some(&reference_result))?;
            if on_state.iter().any(|t| t.status != Status::Pass) {
                tests = on_state.into_iter().filter(|t| t.status != Status::Pass).collect();
                break;
            }
        }
    }
    for reject in &inputs.settings.rejects {
        learner_db.restart_deadline();
        let name = format!("rejects {}", one_line(&reject.sql));
        let (sql, reason) = (reject.sql.trim(), &reject.reason);
        tests.push(match learner_db.must_fail(&reject.sql) {
            Rejection::ByConstraint => TestResult::pass(name),
            Rejection::Otherwise(err) => TestResult::fail(name, format!("this statement must be rejected by a constraint ({reason}), but it failed for another reason: {err}\n  statement: {sql}")),
            Rejection::Accepted => TestResult::fail(name, format!("this statement succeeded on your schema, but {reason}\n  statement: {sql}")),
        });
    }
    if let Some(plan) = &inputs.settings.plan {
        learner_db.restart_deadline();
        tests.push(match learner_db.query_plan(&plan.query) {
            Ok(details) => judge_plan(&details, plan.uses_index.as_deref(), plan.no_scan.as_deref(), &plan.query),
            Err(err) => TestResult::fail("query plan", describe(&err, engine.name())),
        });
    }
    Ok(tests)
}

struct Judge<'a, E: Engine> {
    inputs: &'a Inputs<'a>,
    engine: &'a E,
    ordered: bool,
}

/// What the reference gives on the fixture: its last result, or its checks' results.
type Expected = Vec<ResultSet>;

impl<E: Engine> Judge<'_, E> {
    /// The checks on one state, the learner's database after their script, and what the
    /// reference gave. `on_fixture` is the reference's result on the fixture, which reading the
    /// rows in another order must not change (else the reference leans on storage order).
    fn on(&self, state: &State, on_fixture: Option<&Expected>) -> Result<(Vec<TestResult>, E::Session, Expected), Box<Verdict>> {
        let name = self.inputs.exercise;
        let settings = self.inputs.settings;
        let engine = self.engine.name();
        let broken = |what: &str, detail: String| authoring_error(name, format!("{}{what}{detail}", state.label()));
        let mut reference_db = self.engine.open(state, false).map_err(|e| broken("cannot prepare the database: ", e))?;
        reference_db.restart_deadline();
        let reference = match reference_db.run_script(self.inputs.reference) {
            Ok(result) => result,
            Err(_) if state.faulty() => ResultSet::default(),
            Err(err) => return Err(broken("the reference solution fails: ", describe(&err, engine))),
        };
        finish_transaction(&mut reference_db, state);
        let expected: Expected = if settings.checks.is_empty() {
            vec![reference]
        } else {
            let mut results = Vec::new();
            for query in &settings.checks {
                reference_db.restart_deadline();
                results.push(reference_db.run_script(query).map_err(|err| broken("check query fails on the reference: ", describe(&err, engine)))?);
            }
            results
        };
        if let (State::Reversed, Some(on_fixture)) = (state, on_fixture) {
            let ordered = |i: usize| if settings.checks.is_empty() { self.ordered } else { has_top_level_order_by(&settings.checks[i]) };
            if expected.iter().zip(on_fixture).enumerate().any(|(i, (a, b))| !same_rows(a, b, ordered(i))) {
                return Err(broken("", format!("the reference's result depends on the order {engine} reads the rows in: give its ORDER BY a tie-breaker, or its LIMIT an ORDER BY")));
            }
        }
        let mut learner_db = self.engine.open(state, true).map_err(|e| broken("cannot prepare the database: ", e))?;
        learner_db.restart_deadline();
        let learner = match learner_db.run_script(self.inputs.learner) {
            Ok(result) => result,
            Err(RunError::Interrupted) => {
                let limit = self.inputs.timeout;
                return Err(Box::new(Verdict::new(
                    name,
                    Outcome::TimedOut { phase: format!("{}running your SQL", state.label()), limit },
                    format!("your SQL ran for more than {}s and was interrupted: look for a join without a condition or a runaway recursive CTE", limit.as_secs()),
                )));
            }
            Err(_) if state.faulty() => ResultSet::default(),
            Err(err) => return Ok((vec![TestResult::fail(format!("{}your SQL runs", state.label()), describe(&err, engine))], learner_db, expected)),
        };
        let mut tests = Vec::new();
        if !state.faulty() && learner_db.in_transaction() {
            tests.push(TestResult::fail("transaction finished", "your script leaves a transaction open: finish it with COMMIT (or ROLLBACK on error)"));
        }
        finish_transaction(&mut learner_db, state);
        let lesson = |test: TestResult| match test.message {
            Some(message) if test.status != Status::Pass => TestResult::fail(test.name, format!("{}{message}", state.lesson(engine))),
            _ => test,
        };
        if settings.checks.is_empty() {
            if !expected[0].columns.is_empty() {
                tests.push(lesson(compare_named(&format!("{}result", state.label()), &learner, &expected[0], self.ordered, settings.column_names)));
            }
        } else {
            for (query, expected) in settings.checks.iter().zip(&expected) {
                learner_db.restart_deadline();
                let name = format!("{}after your script, {}", state.label(), one_line(query));
                tests.push(lesson(match learner_db.run_script(query) {
                    Ok(actual) => compare_named(&name, &actual, expected, has_top_level_order_by(query), settings.column_names),
                    Err(err) => TestResult::fail(name, describe(&err, engine)),
                }));
            }
        }
        Ok((tests, learner_db, expected))
    }
}

/// A script that failed part-way in a transaction leaves it open; a disconnect would roll it
/// back, and so does the runner before looking at the state.
fn finish_transaction(session: &mut impl Session, state: &State) {
    if state.faulty() && session.in_transaction() {
        session.rollback();
    }
}

fn authoring_error(exercise: &str, message: String) -> Box<Verdict> {
    Box::new(Verdict::new(exercise, Outcome::Error(message.clone()), format!("the exercise itself is broken: {message}")))
}

/// Size of a value in a result, counted against the byte cap.
fn value_size(value: &Value) -> usize {
    match value {
        Value::Text(t) => t.len() + 24,
        Value::Blob(b) => b.len() + 24,
        _ => 16,
    }
}

/// The error of a result past the caps, if it is.
fn too_big(rows: usize, bytes: usize) -> Option<RunError> {
    (rows > MAX_ROWS || bytes > MAX_BYTES).then(|| {
        RunError::TooBig(format!(
            "your query returned more than {MAX_ROWS} rows (or {} MB), far more than any answer here needs: look for a join without a condition (every row times every row) or a recursive CTE that never stops",
            MAX_BYTES / (1024 * 1024)
        ))
    })
}

fn describe(err: &RunError, engine: &str) -> String {
    match err {
        RunError::Sql { message, statement } if statement.is_empty() => format!("{engine} says: {message}"),
        RunError::Sql { message, statement } => format!("{engine} says: {message}\n  in: {statement}"),
        RunError::Refused(why) => format!("this statement is not allowed in a check: {why}"),
        RunError::TooBig(why) => why.clone(),
        RunError::Interrupted => "the statement ran too long and was interrupted".into(),
    }
}

pub fn judge_plan(details: &[String], uses_index: Option<&str>, no_scan: Option<&str>, query: &str) -> TestResult {
    let plan = details.join("\n  ");
    if let Some(index) = uses_index {
        let found = details.iter().any(|d| d.contains("INDEX") && (index == "*" || d.split_whitespace().any(|w| w == index)));
        if !found {
            let wanted = if index == "*" { "an index".to_owned() } else { format!("the index `{index}`") };
            return TestResult::fail("query plan", format!("SQLite does not use {wanted} for\n  {}\nits plan is:\n  {plan}", one_line(query)));
        }
    }
    if let Some(table) = no_scan {
        let scan = format!("SCAN {table}");
        if details.iter().any(|d| (d == &scan || d.starts_with(&format!("{scan} "))) && !d.contains("INDEX")) {
            return TestResult::fail("query plan", format!("SQLite still reads every row of `{table}` (a full table scan) for\n  {}\nits plan is:\n  {plan}", one_line(query)));
        }
    }
    TestResult::pass("query plan")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::model::SqlVariant;

    const FIXTURE: &str = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, score REAL);\
        INSERT INTO t VALUES (1, 'a', 1.5), (2, '', 2.0), (3, NULL, 2.0);\
        CREATE TABLE lines (order_id INTEGER, line_no INTEGER, qty INTEGER, PRIMARY KEY (order_id, line_no));\
        INSERT INTO lines VALUES (1, 1, 5), (1, 2, 5), (2, 1, 3);";

    fn inputs<'a>(settings: &'a SqlSettings, learner: &'a str, reference: &'a str) -> Inputs<'a> {
        Inputs { exercise: "x", state_dir: std::path::Path::new("/nonexistent"), settings, fixture: FIXTURE, learner, reference, timeout: Duration::from_secs(5) }
    }

    fn verdict(settings: &SqlSettings, learner: &str, reference: &str) -> Verdict {
        check(&inputs(settings, learner, reference))
    }

    fn messages(verdict: &Verdict) -> String {
        verdict.tests.iter().filter_map(|t| t.message.clone()).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn a_correct_query_written_differently_passes() {
        let settings = SqlSettings::default();
        let v = verdict(&settings, "select id from t where score >= 2 order by id;", "SELECT id FROM t WHERE score > 1.9 ORDER BY 1");
        assert!(v.passed(), "{}", messages(&v));
    }

    #[test]
    fn missing_order_by_fails_when_the_reference_orders() {
        let settings = SqlSettings::default();
        let v = verdict(&settings, "SELECT id FROM t ORDER BY score DESC, id DESC", "SELECT id FROM t ORDER BY id");
        assert!(!v.passed());
        assert!(messages(&v).contains("wrong order"), "{}", messages(&v));
    }

    #[test]
    fn order_does_not_matter_without_order_by() {
        let settings = SqlSettings::default();
        assert!(verdict(&settings, "SELECT id FROM t ORDER BY id DESC", "SELECT id FROM t").passed());
    }

    #[test]
    fn null_is_not_empty_text() {
        let settings = SqlSettings::default();
        let v = verdict(&settings, "SELECT coalesce(name, '') FROM t", "SELECT name FROM t");
        assert!(!v.passed());
        assert!(messages(&v).contains("NULL"), "{}", messages(&v));
    }

    #[test]
    fn wrong_column_count_is_named() {
        let settings = SqlSettings::default();
        let v = verdict(&settings, "SELECT * FROM t", "SELECT id FROM t");
        assert!(messages(&v).contains("returns 3 column(s)"), "{}", messages(&v));
    }

    #[test]
    fn an_empty_file_is_told_to_write_a_query() {
        let v = verdict(&SqlSettings::default(), "-- TODO: write it\n", "SELECT 1");
        assert!(messages(&v).contains("no SQL statement yet"));
    }

    #[test]
    fn sql_errors_show_sqlite_message_and_statement() {
        let v = verdict(&SqlSettings::default(), "SELECT nope FROM t", "SELECT id FROM t");
        let shown = messages(&v);
        assert!(shown.contains("no such column: nope"), "{shown}");
        assert!(shown.contains("SELECT nope FROM t"), "{shown}");
    }

    #[test]
    fn a_runaway_query_is_interrupted() {
        let settings = SqlSettings::default();
        let mut i = inputs(&settings, "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n", "SELECT 1");
        i.timeout = Duration::from_millis(200);
        assert!(matches!(check(&i).outcome, Outcome::TimedOut { .. }));
    }

    #[test]
    fn state_checks_rejects_and_open_transactions() {
        let settings = SqlSettings {
            checks: vec!["SELECT id, name FROM t ORDER BY id".into()],
            rejects: vec![crate::course::model::SqlReject { sql: "INSERT INTO u VALUES (1)".into(), reason: "ids in u must be unique".into() }],
            ..SqlSettings::default()
        };
        let reference = "CREATE TABLE u (id INTEGER UNIQUE); INSERT INTO u VALUES (1); DELETE FROM t WHERE name IS NULL;";
        assert!(verdict(&settings, "BEGIN; CREATE TABLE u (id INTEGER PRIMARY KEY); INSERT INTO u VALUES (1); DELETE FROM t WHERE id = 3; COMMIT;", reference).passed());
        let weak = verdict(&settings, "CREATE TABLE u (id INTEGER); INSERT INTO u VALUES (1); DELETE FROM t WHERE name = '';", reference);
        let shown = messages(&weak);
        assert!(shown.contains("ids in u must be unique"), "{shown}");
        assert!(shown.contains("missing rows"), "{shown}");
        let open = verdict(&settings, "BEGIN; CREATE TABLE u (id INTEGER PRIMARY KEY); INSERT INTO u VALUES (1); DELETE FROM t WHERE id = 3;", reference);
        assert!(messages(&open).contains("transaction open"), "{}", messages(&open));
    }

    #[test]
    fn plans_must_use_the_index() {
        let scan = vec!["SCAN orders".to_owned()];
        let search = vec!["SEARCH orders USING INDEX idx_orders_customer (customer_id=?)".to_owned()];
        assert_eq!(judge_plan(&scan, Some("idx_orders_customer"), None, "q").status, super::super::Status::Fail);
        assert_eq!(judge_plan(&search, Some("idx_orders_customer"), Some("orders"), "q").status, super::super::Status::Pass);
        assert_eq!(judge_plan(&scan, None, Some("orders"), "q").status, super::super::Status::Fail);
    }

    #[test]
    fn leaning_on_storage_order_fails_with_the_rows_read_in_another_order() {
        let settings = SqlSettings::default();
        let v = verdict(&settings, "SELECT id, name FROM t", "SELECT id, name FROM t ORDER BY id");
        assert!(!v.passed(), "the fixture's scan order happens to be id order");
        let shown = messages(&v);
        assert!(shown.contains("only because of the order SQLite happens to read the rows in"), "{shown}");
        assert!(v.tests.iter().any(|t| t.name.starts_with("with the rows read in another order: ")), "{:?}", v.tests);

        let limit = verdict(&settings, "SELECT id FROM t WHERE score = 2.0 LIMIT 1", "SELECT min(id) FROM t WHERE score = 2.0");
        assert!(!limit.passed(), "a LIMIT without ORDER BY picks whatever row comes first");

        let ties = verdict(&settings, "SELECT order_id, line_no FROM lines ORDER BY qty DESC", "SELECT order_id, line_no FROM lines ORDER BY qty DESC, order_id, line_no");
        assert!(!ties.passed(), "ties broken by the order rows happen to be stored in");
    }

    #[test]
    fn a_reference_that_leans_on_ties_is_an_authoring_error() {
        let settings = SqlSettings::default();
        let v = verdict(&settings, "SELECT order_id, line_no FROM lines ORDER BY qty DESC LIMIT 1", "SELECT order_id, line_no FROM lines ORDER BY qty DESC LIMIT 1");
        assert!(matches!(&v.outcome, Outcome::Error(m) if m.contains("tie-breaker")), "{:?}", v.outcome);
    }

    #[test]
    fn a_declared_variant_separates_two_readings() {
        let settings = SqlSettings {
            variants: vec![SqlVariant { name: "a name differs from another only in case".into(), setup: "INSERT INTO t VALUES (4, 'A', 0.5);".into(), fails: false, lesson: Some("A name equal to 'a' means exactly 'a': LIKE ignores case.".into()) }],
            ..SqlSettings::default()
        };
        let (learner, reference) = ("SELECT id FROM t WHERE name LIKE 'a'", "SELECT id FROM t WHERE name = 'a'");
        let v = verdict(&settings, learner, reference);
        assert!(!v.passed());
        let shown = v.tests.iter().map(|t| t.name.clone()).collect::<Vec<_>>().join(", ");
        assert!(shown.contains("when a name differs from another only in case: result"), "{shown}");
        assert!(messages(&v).starts_with("A name equal to 'a' means exactly 'a'"), "the variant's own lesson: {}", messages(&v));
        assert!(verdict(&settings, "SELECT id FROM t WHERE name IS 'a'", reference).passed(), "another correct reading passes");
    }

    #[test]
    fn a_fault_part_way_must_leave_nothing_half_done() {
        let settings = SqlSettings {
            checks: vec!["SELECT id, name, score FROM t ORDER BY id".into()],
            variants: vec![SqlVariant {
                name: "the second change fails".into(),
                setup: "CREATE TRIGGER no_three BEFORE UPDATE ON t WHEN old.id = 3 BEGIN SELECT RAISE(ABORT, 'injected fault'); END;".into(),
                fails: true,
                lesson: None,
            }],
            ..SqlSettings::default()
        };
        let reference = "BEGIN; UPDATE t SET score = score + 1 WHERE id = 1; UPDATE t SET score = score - 1 WHERE id = 3; COMMIT;";
        let unsafe_script = "UPDATE t SET score = score + 1 WHERE id = 1; UPDATE t SET score = score - 1 WHERE id = 3;";
        let v = verdict(&settings, unsafe_script, reference);
        assert!(!v.passed());
        assert!(messages(&v).contains("goes in one transaction"), "{}", messages(&v));
        let safe = "BEGIN TRANSACTION; UPDATE t SET score = score - 1 WHERE id = 3; UPDATE t SET score = score + 1 WHERE id = 1; END;";
        assert!(verdict(&settings, safe, reference).passed(), "{}", messages(&verdict(&settings, safe, reference)));
    }

    #[test]
    fn answers_that_touch_files_are_refused_and_runaway_rows_are_capped() {
        let settings = SqlSettings::default();
        let attach = verdict(&settings, "ATTACH DATABASE 'escape.db' AS e; SELECT id FROM t", "SELECT id FROM t");
        assert!(messages(&attach).contains("not allowed in a check: ATTACH opens another database file"), "{}", messages(&attach));
        assert!(!std::path::Path::new("escape.db").exists());
        let endless = verdict(&settings, "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT x FROM n", "SELECT id FROM t");
        assert!(messages(&endless).contains("far more than any answer here needs"), "{}", messages(&endless));
    }
}
