//! What a course must be beyond its shape, checked when it loads so that an author's mistake is
//! reported at its `info.toml` line and never reaches a learner as their failure: timeouts in
//! a sane range, every path inside the course, SQL fixtures present and loading (PostgreSQL
//! ones present), check queries that prepare on SQLite, mutants that match exactly once, HTTP
//! requests well formed. What needs SQLite or reqwest (loading, preparing, header values) is
//! checked only in `runner-full`, where those exercises are judged and `dev check` runs.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::{INFO_FILE, Problem};
use crate::source;

mod sql;

/// The range of `timeout_secs`: at least a second, at most an hour.
pub const TIMEOUT_SECS: std::ops::RangeInclusive<u64> = 1..=3600;

// The parts of info.toml validated here, with their spans; anything else is ignored (the
// course model has already checked the shape).
#[derive(Deserialize)]
struct View {
    #[serde(default)]
    course: Option<CourseView>,
    #[serde(default)]
    stages: Vec<StageView>,
    #[serde(default)]
    exercises: Vec<ExerciseView>,
}

#[derive(Deserialize)]
struct CourseView {
    timeout_secs: Option<Spanned<u64>>,
}

#[derive(Deserialize)]
struct StageView {
    dir: String,
}

#[derive(Deserialize)]
struct ExerciseView {
    name: Spanned<String>,
    stage: Option<String>,
    dir: Option<String>,
    verifier: Option<String>,
    timeout_secs: Option<Spanned<u64>>,
    sql: Option<SqlView>,
    http: Option<HttpView>,
    mutants: Option<Vec<MutantView>>,
    postgres: Option<PostgresView>,
}

#[derive(Deserialize)]
struct PostgresView {
    fixture: Spanned<String>,
}

// Its queries are prepared only in runner-full (validate/sql.rs).
#[cfg_attr(not(feature = "full"), allow(dead_code))]
#[derive(Deserialize)]
struct SqlView {
    fixture: Option<Spanned<String>>,
    #[serde(default)]
    checks: Vec<Spanned<String>>,
    plan: Option<PlanView>,
    engine: Option<String>,
}

#[cfg_attr(not(feature = "full"), allow(dead_code))]
#[derive(Deserialize)]
struct PlanView {
    query: Spanned<String>,
}

#[derive(Deserialize)]
struct HttpView {
    #[serde(default)]
    requests: Vec<RequestView>,
}

#[derive(Deserialize)]
struct RequestView {
    method: Option<Spanned<String>>,
    path: Spanned<String>,
    headers: Option<Spanned<BTreeMap<String, String>>>,
    expect_headers: Option<Spanned<BTreeMap<String, String>>>,
    status: Option<Spanned<u16>>,
    expect_json: Option<Spanned<String>>,
    expect_json_contains: Option<Spanned<String>>,
}

#[derive(Deserialize)]
struct MutantView {
    description: String,
    find: Spanned<String>,
}

/// Why `dir` (a stage directory, a fixture) is not a plain relative path inside its parent.
pub fn confinement_problem(dir: &str) -> Option<&'static str> {
    let path = Path::new(dir);
    if dir.is_empty() {
        return Some("is empty");
    }
    if path.is_absolute() {
        return Some("is an absolute path; it must be relative, inside the course");
    }
    if path.components().any(|c| !matches!(c, Component::Normal(_) | Component::CurDir)) {
        return Some("goes outside its directory (`..`); it must stay inside the course");
    }
    None
}

/// Every problem of the course at `root` whose info.toml is `text` (already known to parse).
pub fn problems(root: &Path, text: &str) -> Vec<Problem> {
    let Ok(view) = toml::from_str::<View>(text) else { return Vec::new() };
    let file = Path::new(INFO_FILE);
    let at = |span: std::ops::Range<usize>, message: String| Problem::at(file, text, Some(span), message);
    let mut problems = Vec::new();
    let mut timeout = |value: &Spanned<u64>, whose: &str| {
        if !TIMEOUT_SECS.contains(value.get_ref()) {
            let message = format!("{whose}`timeout_secs = {}` is out of range: give between {} and {} seconds", value.get_ref(), TIMEOUT_SECS.start(), TIMEOUT_SECS.end());
            problems.push(at(value.span(), message));
        }
    };
    if let Some(value) = view.course.as_ref().and_then(|c| c.timeout_secs.as_ref()) {
        timeout(value, "");
    }
    for exercise in &view.exercises {
        if let Some(value) = &exercise.timeout_secs {
            timeout(value, &format!("exercise `{}`: ", exercise.name.get_ref()));
        }
    }
    let mut fixtures = sql::Fixtures::default();
    for exercise in &view.exercises {
        // Native exercises name a stage, rustlings ones a dir; a bad stage is reported elsewhere.
        let stage_dir = match (&view.course, &exercise.stage, &exercise.dir) {
            (Some(_), Some(stage), _) => view.stages.iter().find(|s| &s.dir == stage).map(|s| s.dir.clone()),
            (None, _, dir) => Some(dir.clone().unwrap_or_default()),
            _ => None,
        };
        let Some(stage_dir) = stage_dir.filter(|dir| dir.is_empty() || confinement_problem(dir).is_none()) else { continue };
        let ctx = Exercise { root, text, view: exercise, stage_dir: PathBuf::from("exercises").join(stage_dir) };
        let name = exercise.name.get_ref();
        // An exercise without its file is reported as such; its fixture can wait.
        if exercise.verifier.as_deref() == Some("sql") && ctx.root.join(&ctx.stage_dir).join(format!("{name}.sql")).is_file() {
            problems.extend(sql::problems(&ctx, exercise.sql.as_ref(), &mut fixtures));
        }
        if let Some(fixture) = exercise.postgres.as_ref().map(|p| &p.fixture) {
            problems.extend(sql::fixture_path(&ctx, fixture.get_ref(), fixture.span()).err().map(|problem| *problem));
        }
        if let Some(http) = &exercise.http {
            for request in &http.requests {
                problems.extend(request_problems(request).into_iter().map(|(span, m)| at(span, format!("exercise `{name}`: {m}"))));
            }
        }
        if let Some(mutants) = &exercise.mutants {
            problems.extend(ctx.mutant_problems(mutants));
        }
    }
    problems
}

/// One exercise being validated.
struct Exercise<'a> {
    root: &'a Path,
    text: &'a str,
    view: &'a ExerciseView,
    /// `exercises/<stage>`, relative to the root.
    stage_dir: PathBuf,
}

impl Exercise<'_> {
    fn name(&self) -> &str {
        self.view.name.get_ref()
    }

    fn problem(&self, span: std::ops::Range<usize>, message: impl std::fmt::Display) -> Problem {
        Problem::at(Path::new(INFO_FILE), self.text, Some(span), format!("exercise `{}`: {message}", self.name()))
    }

    /// A mutant must match once in the original code: the runner's snapshot (what learners are
    /// graded against) or, without one or if the course changed since, the exercise file.
    fn mutant_problems(&self, mutants: &[MutantView]) -> Vec<Problem> {
        let rel = self.stage_dir.join(format!("{}.rs", self.name()));
        let originals: Vec<String> = [self.root.join(".runner/originals").join(&rel), self.root.join(&rel)]
            .iter()
            .filter_map(|path| std::fs::read_to_string(path).ok())
            .collect();
        let mut problems = Vec::new();
        for mutant in mutants {
            let find = mutant.find.get_ref();
            let label = format!("mutant \"{}\"", mutant.description);
            if find.is_empty() {
                problems.push(self.problem(mutant.find.span(), format!("{label}: its `find` is empty")));
                continue;
            }
            let Some(first) = originals.first() else { continue };
            if originals.iter().all(|text| source::mutate(text, find, "").is_err()) {
                let err = source::mutate(first, find, "").err().map(|e| e.to_string()).unwrap_or_default();
                problems.push(self.problem(mutant.find.span(), format!("{label}: {err}")));
            }
        }
        problems
    }
}

/// RFC 9110 `tchar`: what a method (a token) is made of.
fn is_token(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// What the http verifier's client (reqwest) would refuse to send. Only `runner-full` has
/// it; it checks the course as it loads, and `dev check` runs there.
#[cfg(feature = "full")]
mod wire {
    pub fn url_ok(path: &str) -> bool {
        reqwest::Url::parse(&format!("http://127.0.0.1{path}")).is_ok_and(|url| url.host_str() == Some("127.0.0.1"))
    }

    pub fn header_name_ok(name: &str) -> bool {
        reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_ok()
    }

    pub fn header_value_ok(value: &str) -> bool {
        reqwest::header::HeaderValue::from_str(value).is_ok()
    }
}

#[cfg(not(feature = "full"))]
mod wire {
    pub fn url_ok(_: &str) -> bool {
        true
    }

    pub fn header_name_ok(_: &str) -> bool {
        true
    }

    pub fn header_value_ok(_: &str) -> bool {
        true
    }
}

fn request_problems(request: &RequestView) -> Vec<(std::ops::Range<usize>, String)> {
    let mut problems = Vec::new();
    if let Some(method) = &request.method
        && !is_token(method.get_ref())
    {
        problems.push((method.span(), format!("`method = \"{}\"` is not an HTTP method (letters, digits and `!#$%&'*+-.^_`|~`, no spaces)", method.get_ref())));
    }
    let path = request.path.get_ref();
    if !path.starts_with('/') || path.chars().any(|c| c.is_whitespace() || c.is_control()) || !wire::url_ok(path) {
        problems.push((request.path.span(), format!("`path = \"{path}\"` is not a request path: it starts with `/` and has no spaces")));
    }
    for (table, headers) in [("headers", &request.headers), ("expect_headers", &request.expect_headers)] {
        let Some(headers) = headers else { continue };
        for (name, value) in headers.get_ref() {
            if !wire::header_name_ok(name) {
                problems.push((headers.span(), format!("`{table}` has `{name}`, which is not a valid header name")));
            } else if !wire::header_value_ok(value) {
                problems.push((headers.span(), format!("`{table}` gives `{name}` the value {value:?}, which is not a valid header value")));
            }
        }
    }
    if let Some(status) = &request.status
        && !(100..=599).contains(status.get_ref())
    {
        problems.push((status.span(), format!("`status = {}` is not an HTTP status (100 to 599)", status.get_ref())));
    }
    for (key, json) in [("expect_json", &request.expect_json), ("expect_json_contains", &request.expect_json_contains)] {
        if let Some(json) = json
            && let Err(err) = serde_json::from_str::<serde_json::Value>(json.get_ref())
        {
            problems.push((json.span(), format!("`{key}` is not valid JSON: {err}")));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_must_stay_inside() {
        assert_eq!(confinement_problem("01_http"), None);
        assert_eq!(confinement_problem("data/shop.sql"), None);
        assert!(confinement_problem("../x").is_some());
        assert!(confinement_problem("a/../../x").is_some());
        assert!(confinement_problem("/etc").is_some());
        assert!(confinement_problem("").is_some());
    }

    const HEAD: &str = "[course]\ntitle = \"T\"\n\n[[stages]]\ndir = \"s\"\ntitle = \"S\"\n";

    /// The problems of a course made of `files`, whose exercises are `exercises`.
    fn shown(exercises: &str, files: &[(&str, &str)]) -> String {
        let dir = tempfile::tempdir().expect("temp dir");
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("dirs");
            std::fs::write(path, text).expect("write");
        }
        match crate::course::Course::parse(dir.path(), &format!("{HEAD}{exercises}")) {
            Ok(_) => "no problem".into(),
            Err(err) => err.to_string(),
        }
    }

    fn entry(name: &str, extra: &str) -> String {
        format!("\n[[exercises]]\nname = \"{name}\"\nstage = \"s\"\nhint = \"h\"\n{extra}")
    }

    #[test]
    fn timeouts_out_of_range_are_refused_where_they_are() {
        let files = [("exercises/s/a.rs", "fn main() {}\n")];
        let zero = shown(&entry("a", "timeout_secs = 0\n"), &files);
        assert!(zero.contains("`timeout_secs = 0` is out of range") && zero.contains("info.toml:12:16"), "{zero}");
        let huge = shown(&entry("a", "timeout_secs = 9223372036854775807\n"), &files);
        assert!(huge.contains("is out of range: give between 1 and 3600 seconds"), "{huge}");
        assert_eq!(shown(&entry("a", "timeout_secs = 3600\n"), &files), "no problem");
    }

    #[test]
    fn sql_fixtures_must_be_inside_present_and_valid_and_checks_must_prepare() {
        let sql = |fixture: &str, extra: &str| entry("q", &format!("verifier = \"sql\"\n[exercises.sql]\nfixture = \"{fixture}\"\n{extra}"));
        let files = [("exercises/s/q.sql", "SELECT 1;\n"), ("exercises/s/shop.sql", "CREATE TABLE t (a);\n"), ("exercises/s/bad.sql", "CREATE TABLE (;\n"), ("solutions/s/q.sql", "CREATE TABLE made (b);\n")];
        let escape = shown(&sql("../../../../etc/passwd", ""), &files);
        assert!(escape.contains("goes outside its directory") && escape.contains("info.toml:14:11"), "{escape}");
        assert!(!escape.contains("root:"), "never the content of a file outside the course");
        assert!(shown(&sql("/etc/passwd", ""), &files).contains("is an absolute path"));
        let missing = shown(&sql("nope.sql", ""), &files);
        assert!(missing.contains("its fixture exercises/s/nope.sql does not exist"), "{missing}");
        assert!(shown(&sql("bad.sql", ""), &files).contains("does not load"));
        let checks = shown(&sql("shop.sql", "checks = [\"SELECT a FROM t\", \"SELECT b FROM made\", \"SELECT nope FROM t\"]\n"), &files);
        assert!(checks.contains("this query does not prepare on the fixture: no such column: nope"), "{checks}");
        assert!(!checks.contains("no such table: made"), "a table the solution creates is fine: {checks}");
    }

    #[test]
    fn postgres_fixtures_must_be_inside_and_present_but_are_not_judged_by_sqlite() {
        let files = [("exercises/s/q.sql", "SELECT 1;\n"), ("exercises/s/pg.sql", "CREATE TABLE t (a integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\n"), ("exercises/s/r.rs", "fn main() {}\n")];
        let sql = entry("q", "verifier = \"sql\"\n[exercises.sql]\nengine = \"postgres\"\nfixture = \"pg.sql\"\nchecks = [\"SELECT a::text FROM t\"]\n");
        assert_eq!(shown(&sql, &files), "no problem", "PostgreSQL SQL is PostgreSQL's to judge");
        let rust = |fixture: &str| shown(&entry("r", &format!("[exercises.postgres]\nfixture = \"{fixture}\"\n")), &files);
        assert_eq!(rust("pg.sql"), "no problem");
        assert!(rust("../../../etc/passwd").contains("goes outside its directory"), "{}", rust("../../../etc/passwd"));
        assert!(rust("gone.sql").contains("its fixture exercises/s/gone.sql does not exist"), "{}", rust("gone.sql"));
    }

    #[test]
    fn http_requests_must_be_well_formed() {
        let files = [("exercises/s/h.rs", "fn main() {}\n")];
        let request = |fields: &str| shown(&entry("h", &format!("verifier = \"http\"\n[exercises.http]\n[[exercises.http.requests]]\n{fields}")), &files);
        assert!(request("method = \"GE T\"\npath = \"/\"\n").contains("`method = \"GE T\"` is not an HTTP method"));
        assert!(request("path = \"users\"\n").contains("is not a request path"));
        assert!(request("path = \"/\"\nheaders = { \"bad name\" = \"x\" }\n").contains("not a valid header name"));
        assert!(request("path = \"/\"\nheaders = { x = \"a\\nb\" }\n").contains("not a valid header value"));
        let json = request("path = \"/\"\nexpect_json = \"{oops\"\n");
        assert!(json.contains("`expect_json` is not valid JSON") && json.contains("info.toml:16:15"), "{json}");
        assert_eq!(request("method = \"patch\"\npath = \"/a?b=1\"\nexpect_json = \"[1]\"\nstatus = 204\n"), "no problem");
    }

    #[test]
    fn mutants_must_match_the_original_once() {
        let code = "fn f(x: u32) -> u32 {\n    x + 1 + 1\n}\nfn main() {}\n#[cfg(test)]\nmod tests {}\n";
        let files = [("exercises/s/m.rs", code)];
        let mutant = |find: &str| shown(&entry("m", &format!("verifier = \"mutants\"\n[[exercises.mutants]]\ndescription = \"d\"\nfind = \"{find}\"\nreplace = \"x\"\n")), &files);
        assert!(mutant("x - 1").contains("does not occur"), "{}", mutant("x - 1"));
        assert!(mutant("+ 1").contains("occurs 2 times"));
        assert!(mutant("").contains("its `find` is empty"));
        assert_eq!(mutant("x + 1 + 1"), "no problem");
    }

    #[test]
    fn methods_are_tokens() {
        assert!(is_token("GET") && is_token("PATCH") && is_token("M-SEARCH"));
        assert!(!is_token("GE T") && !is_token("") && !is_token("GET\n"));
    }
}
