//! `info.toml` as typed data. Unknown keys are errors (`deny_unknown_fields`) so a typo is
//! reported where it is instead of being silently ignored.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InfoFile {
    pub course: CourseInfo,
    #[serde(default)]
    pub stages: Vec<StageInfo>,
    #[serde(default)]
    pub exercises: Vec<ExerciseInfo>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CourseInfo {
    pub title: String,
    /// Default limit, in seconds, for running a learner's program (building is not counted).
    #[serde(default = "default_timeout_secs")]
    pub timeout_secs: u64,
    /// Shown once when a learner starts the course.
    #[serde(default)]
    pub welcome: Option<String>,
    /// Shown when every exercise is done.
    #[serde(default)]
    pub final_message: Option<String>,
    /// Known answers every exercise must ship (`dev check` proves them; docs/authoring.md).
    #[serde(default)]
    pub min_wrong_answers: usize,
    #[serde(default)]
    pub min_right_answers: usize,
}

pub(crate) fn default_timeout_secs() -> u64 {
    30
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageInfo {
    pub dir: Spanned<String>,
    pub title: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExerciseInfo {
    pub name: Spanned<String>,
    pub stage: Spanned<String>,
    pub hint: Spanned<String>,
    #[serde(default)]
    pub verifier: Option<Spanned<VerifierKind>>,
    #[serde(default)]
    pub timeout_secs: Option<u64>,
    #[serde(default)]
    pub output: Option<OutputSettings>,
    #[serde(default)]
    pub sql: Option<SqlSettings>,
    #[serde(default)]
    pub http: Option<HttpSettings>,
    #[serde(default)]
    pub mutants: Option<Vec<Mutant>>,
    /// Rules a reviewer would check, for requirements no test can observe.
    #[serde(default)]
    pub review: Vec<ReviewRule>,
    /// A Rust exercise that talks to PostgreSQL: each check gets a fresh database.
    #[serde(default)]
    pub postgres: Option<PostgresSettings>,
    /// The tests are part of the learner's work (they write or fix them): the file is graded
    /// with its own tests instead of the original ones.
    #[serde(default)]
    pub own_tests: bool,
}

/// A PostgreSQL database for a Rust exercise, its URL handed over as `DATABASE_URL`.
// The settings of the sql and http verifiers and of PostgreSQL exercises are read by runner-full
// (check/handover.rs): a runner built without the `full` feature only loads them.
#[cfg_attr(not(feature = "full"), allow(dead_code))]
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct PostgresSettings {
    /// SQL in the stage directory that every check's database starts from.
    pub fixture: String,
}

#[derive(Debug, Deserialize, Default, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum VerifierKind {
    #[default]
    Tests,
    Output,
    Sql,
    Http,
    Mutants,
    Run,
}

impl VerifierKind {
    pub fn name(self) -> &'static str {
        match self {
            Self::Tests => "tests",
            Self::Output => "output",
            Self::Sql => "sql",
            Self::Http => "http",
            Self::Mutants => "mutants",
            Self::Run => "run",
        }
    }
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct OutputSettings {
    pub expected: String,
}

#[cfg_attr(not(feature = "full"), allow(dead_code))]
#[derive(Debug, Deserialize, Clone, Default)]
#[serde(deny_unknown_fields)]
pub struct SqlSettings {
    /// SQL file in the stage directory, loaded into a fresh in-memory database for every check.
    pub fixture: Option<String>,
    /// Compare rows in order (default: when the reference's last statement has ORDER BY).
    pub ordered: Option<bool>,
    /// Also compare column names.
    #[serde(default)]
    pub column_names: bool,
    /// Queries whose results, after the script ran, must match the reference's.
    #[serde(default)]
    pub checks: Vec<String>,
    /// Statements that must fail on the state the script leaves behind.
    #[serde(default)]
    pub rejects: Vec<SqlReject>,
    pub plan: Option<SqlPlan>,
    /// Database states, beside the fixture, on which the learner's SQL must give the
    /// reference's answer.
    #[serde(default)]
    pub variants: Vec<SqlVariant>,
    /// The database the SQL runs on.
    #[serde(default)]
    pub engine: SqlEngine,
}

#[derive(Debug, Deserialize, Clone, Copy, Default, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SqlEngine {
    /// Embedded, in memory: needs nothing installed.
    #[default]
    Sqlite,
    /// The runner's own PostgreSQL cluster (see `src/pg.rs`).
    Postgres,
}

/// A state of the database that separates two readings of an exercise, or a fault.
#[cfg_attr(not(feature = "full"), allow(dead_code))]
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct SqlVariant {
    /// What is special about it, as in "when <name>": shown to the learner.
    pub name: String,
    /// SQL run on a fresh copy of the fixture before the scripts (rows, a trigger).
    pub setup: String,
    /// The scripts are expected to fail part-way here (a trigger raises): the state each
    /// leaves, after an unfinished transaction is rolled back, must be the reference's.
    #[serde(default)]
    pub fails: bool,
    /// What a learner whose answer fails only here should understand (the requirement this
    /// state separates); a general sentence when absent.
    pub lesson: Option<String>,
}

#[cfg_attr(not(feature = "full"), allow(dead_code))]
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct SqlReject {
    pub sql: String,
    pub reason: String,
}

#[cfg_attr(not(feature = "full"), allow(dead_code))]
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct SqlPlan {
    pub query: String,
    pub uses_index: Option<String>,
    pub no_scan: Option<String>,
}

#[derive(Debug, Deserialize, Clone, Default)]
#[serde(deny_unknown_fields)]
pub struct HttpSettings {
    #[serde(default)]
    pub compare_with_solution: bool,
    #[serde(default)]
    pub requests: Vec<HttpRequestSpec>,
}

#[cfg_attr(not(feature = "full"), allow(dead_code))]
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct HttpRequestSpec {
    #[serde(default = "default_method")]
    pub method: String,
    pub path: String,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    pub body: Option<String>,
    pub status: Option<u16>,
    #[serde(default)]
    pub expect_headers: BTreeMap<String, String>,
    pub expect_json: Option<String>,
    pub expect_json_contains: Option<String>,
    /// The requirement this request checks, said first when it fails.
    pub reason: Option<String>,
}

fn default_method() -> String {
    "GET".to_owned()
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Mutant {
    pub description: String,
    pub find: String,
    pub replace: String,
}

/// A requirement no behaviour shows, checked on the learner's code (`verify/review.rs`).
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct ReviewRule {
    /// The requirement, as the learner reads it in the list of checks.
    pub name: String,
    /// The function the rule looks at (with every function of the file it calls); the whole
    /// code when absent.
    pub in_fn: Option<String>,
    /// Operators (`==`), macros (`format!`), methods (`.eq`) or paths (`SystemTime::now`) it
    /// must not use.
    #[serde(default)]
    pub forbid: Vec<String>,
    /// At least one of these must be used.
    #[serde(default)]
    pub require_any: Vec<String>,
    /// Functions and methods whose first argument (the SQL) must be a literal or a constant.
    #[serde(default)]
    pub literal_sql: Vec<String>,
    /// Why, as a reviewer would say it.
    pub why: String,
}
