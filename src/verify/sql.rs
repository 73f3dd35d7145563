//! The `sql` verifier: the learner's SQL runs on a fresh in-memory copy of the fixture, and
//! what it returns (or the state it leaves) is compared with the reference solution's.

use std::time::{Duration, Instant};

use rusqlite::fallible_iterator::FallibleIterator;
use rusqlite::types::Value;
use rusqlite::{Batch, Connection};

use crate::course::SqlSettings;

use super::{Outcome, TestResult, Verdict};

/// Rows shown in a failure message.
const SHOWN_ROWS: usize = 5;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResultSet {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

#[derive(Debug)]
pub enum RunError {
    Sql { message: String, statement: String },
    Interrupted,
}

pub struct Inputs<'a> {
    pub exercise: &'a str,
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

fn judge(inputs: &Inputs) -> Result<Vec<TestResult>, Box<Verdict>> {
    let name = inputs.exercise;
    if !has_statement(inputs.learner) {
        return Ok(vec![TestResult::fail("your query", "your file has no SQL statement yet: write it below the TODO")]);
    }
    let limit = Limit::new(inputs.timeout);
    let reference_db = fresh(inputs, name, &limit)?;
    let reference = run_script(&reference_db, inputs.reference)
        .map_err(|err| authoring_error(name, format!("the reference solution fails: {}", describe(&err))))?;
    let learner_db = fresh(inputs, name, &limit)?;
    limit.restart();
    let learner = match run_script(&learner_db, inputs.learner) {
        Ok(result) => result,
        Err(RunError::Interrupted) => {
            let limit = inputs.timeout;
            return Err(Box::new(Verdict::new(name, Outcome::TimedOut { phase: "running your SQL".into(), limit }, format!("your SQL ran for more than {}s and was interrupted: look for a join without a condition or a runaway recursive CTE", limit.as_secs()))));
        }
        Err(err) => return Ok(vec![TestResult::fail("your SQL runs", describe(&err))]),
    };
    let mut tests = Vec::new();
    if !learner_db.is_autocommit() {
        tests.push(TestResult::fail("transaction finished", "your script leaves a transaction open: finish it with COMMIT (or ROLLBACK on error)"));
    }
    if inputs.settings.checks.is_empty() && !reference.columns.is_empty() {
        let ordered = inputs.settings.ordered.unwrap_or_else(|| last_statement_orders(inputs.reference));
        tests.push(compare_named("result", &learner, &reference, ordered, inputs.settings.column_names));
    } else {
        for query in &inputs.settings.checks {
            limit.restart();
            let expected = query_all(&reference_db, query)
                .map_err(|err| authoring_error(name, format!("check query fails on the reference: {}", describe(&err))))?;
            let test = match query_all(&learner_db, query) {
                Ok(actual) => compare_named(&format!("after your script, {}", one_line(query)), &actual, &expected, has_top_level_order_by(query), inputs.settings.column_names),
                Err(err) => TestResult::fail(format!("after your script, {}", one_line(query)), describe(&err)),
            };
            tests.push(test);
        }
    }
    for reject in &inputs.settings.rejects {
        limit.restart();
        tests.push(must_fail(&learner_db, &reject.sql, &reject.reason));
    }
    if let Some(plan) = &inputs.settings.plan {
        limit.restart();
        tests.push(match query_plan(&learner_db, &plan.query) {
            Ok(details) => judge_plan(&details, plan.uses_index.as_deref(), plan.no_scan.as_deref(), &plan.query),
            Err(err) => TestResult::fail("query plan", describe(&err)),
        });
    }
    Ok(tests)
}

fn authoring_error(exercise: &str, message: String) -> Box<Verdict> {
    Box::new(Verdict::new(exercise, Outcome::Error(message.clone()), format!("the exercise itself is broken: {message}")))
}

/// A fresh database with the fixture loaded. Every statement it runs is interrupted once the
/// time limit has passed since the last `Limit::restart`, so each phase of a check gets the
/// whole limit.
fn fresh(inputs: &Inputs, exercise: &str, limit: &Limit) -> Result<Connection, Box<Verdict>> {
    let fail = |detail: String| authoring_error(exercise, format!("cannot load the fixture: {detail}"));
    let mut conn = Connection::open_in_memory().map_err(|e| fail(e.to_string()))?;
    conn.execute_batch("PRAGMA foreign_keys = ON;").map_err(|e| fail(e.to_string()))?;
    conn.execute_batch(inputs.fixture).map_err(|e| fail(e.to_string()))?;
    let deadline = limit.deadline.clone();
    let expired = move || deadline.lock().map_or(true, |at| Instant::now() > *at);
    conn.progress_handler(10_000, Some(expired)).map_err(|e| fail(e.to_string()))?;
    Ok(conn)
}

/// The time limit of the SQL being run, restarted at each phase.
struct Limit {
    timeout: Duration,
    deadline: std::sync::Arc<std::sync::Mutex<Instant>>,
}

impl Limit {
    fn new(timeout: Duration) -> Self {
        Self { timeout, deadline: std::sync::Arc::new(std::sync::Mutex::new(Instant::now() + timeout)) }
    }

    fn restart(&self) {
        if let Ok(mut at) = self.deadline.lock() {
            *at = Instant::now() + self.timeout;
        }
    }
}

/// Runs every statement; returns the result of the last one that returns rows.
pub fn run_script(conn: &Connection, sql: &str) -> Result<ResultSet, RunError> {
    let mut batch = Batch::new(conn, sql);
    let mut last = ResultSet::default();
    loop {
        let mut statement = match batch.next() {
            Ok(Some(statement)) => statement,
            Ok(None) => return Ok(last),
            Err(err) => return Err(sql_error(err, "")),
        };
        let text = statement.expanded_sql().unwrap_or_default();
        let columns: Vec<String> = statement.column_names().map(str::to_owned).collect();
        let width = columns.len();
        let mut rows = Vec::new();
        let mut cursor = statement.raw_query();
        loop {
            match cursor.next() {
                Ok(Some(row)) => rows.push((0..width).map(|i| row.get::<_, Value>(i).unwrap_or(Value::Null)).collect()),
                Ok(None) => break,
                Err(err) => return Err(sql_error(err, &text)),
            }
        }
        if width > 0 {
            last = ResultSet { columns, rows };
        }
    }
}

fn query_all(conn: &Connection, sql: &str) -> Result<ResultSet, RunError> {
    run_script(conn, sql)
}

fn sql_error(err: rusqlite::Error, statement: &str) -> RunError {
    if let rusqlite::Error::SqliteFailure(code, _) = &err
        && code.code == rusqlite::ErrorCode::OperationInterrupted {
            return RunError::Interrupted;
        }
    RunError::Sql { message: err.to_string(), statement: statement.trim().to_owned() }
}

fn describe(err: &RunError) -> String {
    match err {
        RunError::Sql { message, statement } if statement.is_empty() => format!("SQLite says: {message}"),
        RunError::Sql { message, statement } => format!("SQLite says: {message}\n  in: {statement}"),
        RunError::Interrupted => "the statement ran too long and was interrupted".into(),
    }
}

fn must_fail(conn: &Connection, sql: &str, reason: &str) -> TestResult {
    let name = format!("rejects {}", one_line(sql));
    let _ = conn.execute_batch("SAVEPOINT must_fail;");
    let result = conn.execute_batch(sql);
    let _ = conn.execute_batch("ROLLBACK TO must_fail; RELEASE must_fail;");
    match result {
        Err(rusqlite::Error::SqliteFailure(code, _)) if code.code == rusqlite::ErrorCode::ConstraintViolation => TestResult::pass(name),
        Err(err) => TestResult::fail(name, format!("this statement must be rejected by a constraint ({reason}), but it failed for another reason: {err}\n  statement: {}", sql.trim())),
        Ok(()) => TestResult::fail(name, format!("this statement succeeded on your schema, but {reason}\n  statement: {}", sql.trim())),
    }
}

fn query_plan(conn: &Connection, query: &str) -> Result<Vec<String>, RunError> {
    let plan = run_script(conn, &format!("EXPLAIN QUERY PLAN {query}"))?;
    let detail = plan.columns.iter().position(|c| c == "detail").unwrap_or(plan.columns.len().saturating_sub(1));
    Ok(plan.rows.iter().map(|row| match row.get(detail) {
        Some(Value::Text(text)) => text.clone(),
        _ => String::new(),
    }).collect())
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

fn compare_named(name: &str, actual: &ResultSet, expected: &ResultSet, ordered: bool, column_names: bool) -> TestResult {
    match compare(actual, expected, ordered, column_names) {
        None => TestResult::pass(name),
        Some(message) => TestResult::fail(name, message),
    }
}

/// Why `actual` is not `expected`, or `None` when they match.
pub fn compare(actual: &ResultSet, expected: &ResultSet, ordered: bool, column_names: bool) -> Option<String> {
    if actual.columns.len() != expected.columns.len() {
        return Some(format!(
            "your query returns {} column(s) ({}); expected {} ({})\n\n{}",
            actual.columns.len(), actual.columns.join(", "), expected.columns.len(), expected.columns.join(", "), preview(actual)
        ));
    }
    if column_names {
        let same = actual.columns.iter().zip(&expected.columns).all(|(a, e)| a.eq_ignore_ascii_case(e));
        if !same {
            return Some(format!("your columns are named ({}); expected ({}): name them with AS", actual.columns.join(", "), expected.columns.join(", ")));
        }
    }
    let (missing, unexpected) = multiset_difference(&actual.rows, &expected.rows);
    if missing.is_empty() && unexpected.is_empty() {
        if ordered && !rows_equal_in_order(&actual.rows, &expected.rows) {
            let at = actual.rows.iter().zip(&expected.rows).position(|(a, e)| !row_eq(a, e)).unwrap_or(0);
            return Some(format!(
                "the rows are right but in the wrong order (first difference at row {}): this exercise asks for an order, so the query needs an ORDER BY that gives exactly it (ties included)\n  expected row {}: {}\n  your row {}:     {}",
                at + 1, at + 1, show_row(&expected.rows[at]), at + 1, show_row(&actual.rows[at])
            ));
        }
        return None;
    }
    let mut message = if actual.rows.len() == expected.rows.len() {
        format!("your query returns the right number of rows ({}), but not the right ones", actual.rows.len())
    } else {
        format!("your query returns {} row(s); expected {}", actual.rows.len(), expected.rows.len())
    };
    if !missing.is_empty() {
        message.push_str(&format!("\n\nmissing rows ({}), for example:\n{}", missing.len(), table(&expected.columns, &missing)));
    }
    if !unexpected.is_empty() {
        message.push_str(&format!("\n\nunexpected rows ({}), for example:\n{}", unexpected.len(), table(&actual.columns, &unexpected)));
    }
    message.push_str(&format!("\n\n{}", preview(actual)));
    Some(message)
}

fn multiset_difference<'a>(actual: &'a [Vec<Value>], expected: &'a [Vec<Value>]) -> (Vec<&'a Vec<Value>>, Vec<&'a Vec<Value>>) {
    let mut unmatched: Vec<&Vec<Value>> = actual.iter().collect();
    let mut missing = Vec::new();
    for row in expected {
        match unmatched.iter().position(|a| row_eq(a, row)) {
            Some(i) => {
                unmatched.swap_remove(i);
            }
            None => missing.push(row),
        }
    }
    (missing, unmatched)
}

fn rows_equal_in_order(a: &[Vec<Value>], b: &[Vec<Value>]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| row_eq(x, y))
}

fn row_eq(a: &[Value], b: &[Value]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| value_eq(x, y))
}

/// NULL equals only NULL; numbers compare numerically with a small relative tolerance.
pub fn value_eq(a: &Value, b: &Value) -> bool {
    let number = |v: &Value| match v {
        Value::Integer(i) => Some(*i as f64),
        Value::Real(r) => Some(*r),
        _ => None,
    };
    match (a, b) {
        (Value::Integer(x), Value::Integer(y)) => x == y,
        _ => match (number(a), number(b)) {
            (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0),
            _ => a == b,
        },
    }
}

fn show_value(value: &Value) -> String {
    match value {
        Value::Null => "NULL".into(),
        Value::Integer(i) => i.to_string(),
        Value::Real(r) => r.to_string(),
        Value::Text(t) => format!("'{t}'"),
        Value::Blob(b) => format!("x'{}'", b.iter().map(|byte| format!("{byte:02x}")).collect::<String>()),
    }
}

fn show_row(row: &[Value]) -> String {
    row.iter().map(show_value).collect::<Vec<_>>().join(" | ")
}

/// Rows under their column names, each column as wide as its widest value.
fn table(columns: &[String], rows: &[&Vec<Value>]) -> String {
    let cells: Vec<Vec<String>> = rows.iter().take(SHOWN_ROWS).map(|row| row.iter().map(show_value).collect()).collect();
    let width = |i: usize| cells.iter().filter_map(|r| r.get(i)).chain(columns.get(i)).map(|c| c.chars().count()).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns.len().max(cells.iter().map(Vec::len).max().unwrap_or(0))).map(width).collect();
    let line = |cells: &[String]| cells.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect::<Vec<_>>().join(" | ").trim_end().to_owned();
    let mut out = format!("  {}", line(columns));
    for row in &cells {
        out.push_str(&format!("\n  {}", line(row)));
    }
    if rows.len() > SHOWN_ROWS {
        out.push_str(&format!("\n  ... {} more", rows.len() - SHOWN_ROWS));
    }
    out
}

fn preview(result: &ResultSet) -> String {
    let rows: Vec<&Vec<Value>> = result.rows.iter().collect();
    format!("your query returned ({} row(s)):\n{}", rows.len(), table(&result.columns, &rows))
}

fn one_line(sql: &str) -> String {
    let line = sql.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > 70 { format!("{}...", line.chars().take(67).collect::<String>()) } else { line }
}

fn has_statement(sql: &str) -> bool {
    strip_comments(sql).chars().any(|c| c.is_alphanumeric())
}

fn strip_comments(sql: &str) -> String {
    let mut out = String::new();
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('-', Some('-')) => {
                while chars.next_if(|&c| c != '\n').is_some() {}
            }
            ('/', Some('*')) => {
                chars.next();
                let mut prev = ' ';
                for c in chars.by_ref() {
                    if prev == '*' && c == '/' {
                        break;
                    }
                    prev = c;
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Whether the last statement of a script has an ORDER BY outside any parentheses.
pub fn last_statement_orders(sql: &str) -> bool {
    let code = strip_comments(sql);
    let last = code.split(';').rev().find(|s| s.chars().any(|c| c.is_alphanumeric())).unwrap_or("");
    has_top_level_order_by(last)
}

fn has_top_level_order_by(sql: &str) -> bool {
    let code = strip_comments(sql);
    let mut depth = 0i32;
    let mut quoted = false;
    let mut flat = String::new();
    for c in code.chars() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            _ if depth == 0 && !quoted => flat.push(c.to_ascii_uppercase()),
            _ => {}
        }
    }
    flat.split_whitespace().collect::<Vec<_>>().windows(2).any(|w| w == ["ORDER", "BY"])
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, score REAL);\
        INSERT INTO t VALUES (1, 'a', 1.5), (2, '', 2.0), (3, NULL, 2.0);";

    fn inputs<'a>(settings: &'a SqlSettings, learner: &'a str, reference: &'a str) -> Inputs<'a> {
        Inputs { exercise: "x", settings, fixture: FIXTURE, learner, reference, timeout: Duration::from_secs(5) }
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
    fn integers_and_reals_compare_numerically() {
        assert!(value_eq(&Value::Integer(2), &Value::Real(2.0)));
        assert!(!value_eq(&Value::Integer(2), &Value::Text("2".into())));
        assert!(!value_eq(&Value::Null, &Value::Text(String::new())));
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
    fn order_by_inside_a_subquery_does_not_count() {
        assert!(!last_statement_orders("SELECT * FROM (SELECT id FROM t ORDER BY id)"));
        assert!(last_statement_orders("-- ORDER BY in a comment\nSELECT id FROM t\norder by id;"));
        assert!(!last_statement_orders("SELECT 'ORDER BY' FROM t"));
    }
}
