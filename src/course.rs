//! The course: `info.toml` loaded, validated and turned into stages and exercises with paths.

mod diagnostic;
pub mod learner_dir;
pub mod model;
mod rustlings;
mod validate;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};

pub use diagnostic::{CourseError, Problem};
#[cfg(feature = "full")]
pub use model::HttpRequestSpec;
pub use model::{HttpSettings, Mutant, OutputSettings, SqlSettings, VerifierKind};

pub const INFO_FILE: &str = "info.toml";
/// Directory (under the course root) of the package whose binary targets are the exercises.
pub const PACKAGE_DIR: &str = "course";

/// Which `info.toml` format a course is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `[course]`, `[[stages]]` and `[[exercises]]`; the exercises are bins of `course/Cargo.toml`.
    Native,
    /// A rustlings (v6) third-party course: `format_version` and `[[exercises]]`; the exercises
    /// are bins of the root `Cargo.toml`.
    Rustlings,
}

impl Format {
    /// Directory, relative to the course root, of the package whose bins are the exercises.
    pub fn package_dir(self) -> &'static Path {
        match self {
            Self::Native => Path::new(PACKAGE_DIR),
            Self::Rustlings => Path::new(""),
        }
    }
}

#[derive(Debug)]
pub struct Course {
    pub root: PathBuf,
    pub format: Format,
    pub title: String,
    pub welcome: Option<String>,
    pub final_message: Option<String>,
    /// How many known wrong and right answers each exercise must ship.
    #[cfg_attr(not(feature = "full"), allow(dead_code))]
    pub min_answers: (usize, usize),
    pub stages: Vec<Stage>,
    pub exercises: Vec<Exercise>,
    /// In a learner directory made by `rustlings init`: the official course's sources, which
    /// hold the pristine exercises and the solutions (the directory's own are placeholders).
    pub upstream: Option<PathBuf>,
}

#[derive(Debug)]
pub struct Stage {
    pub dir: String,
    pub title: String,
}

#[derive(Debug, Clone)]
pub struct Exercise {
    pub name: String,
    pub stage: usize,
    pub stage_dir: String,
    pub hint: String,
    pub verifier: Verifier,
    pub timeout: Duration,
    /// Line of the exercise's `name` in info.toml, for problems found later (dev check).
    #[cfg_attr(not(feature = "full"), allow(dead_code))]
    pub line: usize,
    /// `dev check` requires the unsolved exercise to fail (rustlings' `skip_check_unsolved` turns it off).
    #[cfg_attr(not(feature = "full"), allow(dead_code))]
    pub check_unsolved: bool,
    /// After its check passes, clippy with warnings as errors must pass too (rustlings' `strict_clippy`).
    pub strict_clippy: bool,
    /// Review rules for what no test can observe.
    pub review: Vec<model::ReviewRule>,
    /// A fresh PostgreSQL database per check, for a Rust exercise that needs one.
    pub postgres: Option<model::PostgresSettings>,
    /// Graded with the tests in the learner's file (the tests are their work) rather than the
    /// original tests. In a rustlings course this is decided from the files (`check::plan`).
    pub own_tests: bool,
}

/// Which verifier checks an exercise, with its settings.
#[derive(Debug, Clone)]
pub enum Verifier {
    Tests,
    Output(OutputSettings),
    #[cfg_attr(not(feature = "full"), allow(dead_code))]
    Sql(SqlSettings),
    Http(HttpSettings),
    Mutants(Vec<Mutant>),
    /// The program must run to the end and exit with status 0.
    Run,
}

impl Verifier {
    pub fn kind(&self) -> VerifierKind {
        match self {
            Self::Tests => VerifierKind::Tests,
            Self::Output(_) => VerifierKind::Output,
            Self::Sql(_) => VerifierKind::Sql,
            Self::Http(_) => VerifierKind::Http,
            Self::Mutants(_) => VerifierKind::Mutants,
            Self::Run => VerifierKind::Run,
        }
    }

    /// Whether the exercise is a Rust binary target of the course package.
    pub fn is_rust(&self) -> bool {
        !matches!(self, Self::Sql(_))
    }
}

impl Exercise {
    fn file_name(&self) -> String {
        let ext = if self.verifier.is_rust() { "rs" } else { "sql" };
        format!("{}.{ext}", self.name)
    }

    /// Path relative to the course root; an empty stage dir (a rustlings exercise without `dir`)
    /// puts the file directly under `exercises/`.
    pub fn rel_path(&self) -> PathBuf {
        Path::new("exercises").join(&self.stage_dir).join(self.file_name())
    }

    pub fn rel_solution_path(&self) -> PathBuf {
        Path::new("solutions").join(&self.stage_dir).join(self.file_name())
    }

    pub fn solution_bin(&self) -> String {
        format!("{}_sol", self.name)
    }
}

impl Course {
    /// Finds the course directory: `explicit`, or the nearest directory upwards from the
    /// current one that has an `info.toml` (as cargo finds its manifest) or was made by
    /// `rustlings init`.
    pub fn find_root(explicit: Option<&Path>) -> anyhow::Result<PathBuf> {
        let is_course = |dir: &Path| dir.join(INFO_FILE).is_file() || learner_dir::is_learner_dir(dir);
        if let Some(dir) = explicit {
            if is_course(dir) {
                // Absolute, because checks run programs (cargo, rustfmt) in other directories.
                return std::path::absolute(dir).with_context(|| format!("cannot resolve {}", dir.display()));
            }
            bail!("{} has no {INFO_FILE}: is it a course directory?", dir.display());
        }
        let cwd = std::env::current_dir().context("cannot read the current directory")?;
        match cwd.ancestors().find(|dir| is_course(dir)) {
            Some(dir) => Ok(dir.to_owned()),
            None => bail!(
                "no {INFO_FILE} in {} or any directory above it\n  \
                 run the runner inside a course directory (the one with info.toml), or pass --course DIR",
                cwd.display()
            ),
        }
    }

    pub fn load(root: &Path) -> anyhow::Result<Self> {
        if learner_dir::is_learner_dir(root) {
            return learner_dir::load(root);
        }
        let path = root.join(INFO_FILE);
        let bytes = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let text = std::str::from_utf8(&bytes).map_err(|err| CourseError { problems: vec![Problem::encoding(Path::new(INFO_FILE), &bytes, &err)] })?;
        // UTF-16 without a byte order mark is valid UTF-8 made of NULs, which TOML never has.
        if let Some(at) = bytes.iter().take(4).position(|b| *b == 0) {
            let message = format!("the file is not valid UTF-8 (it looks like UTF-16): a NUL byte at offset {at}");
            return Err(CourseError { problems: vec![Problem::at(Path::new(INFO_FILE), text, Some(at..at + 1), message).with_help("save the file as UTF-8")] }.into());
        }
        Ok(Self::parse(root, text)?)
    }

    /// Where the reference solution of `exercise` is: the course's own, or in a learner
    /// directory the official one (the directory's is a placeholder until the exercise is done).
    pub fn solution_file(&self, exercise: &Exercise) -> PathBuf {
        self.upstream.as_deref().unwrap_or(&self.root).join(exercise.rel_solution_path())
    }

    /// Parses and validates `text` as the `info.toml` of the course at `root`, reporting every
    /// problem at once.
    pub fn parse(root: &Path, text: &str) -> Result<Self, CourseError> {
        if rustlings::is_rustlings(text) {
            return rustlings::parse(root, text);
        }
        let file = Path::new(INFO_FILE);
        let info: model::InfoFile =
            toml::from_str(text).map_err(|err| CourseError { problems: vec![Problem::from_toml(file, text, &err)] })?;
        let mut problems = Vec::new();
        let mut stage_index = HashMap::new();
        let mut outside = Vec::new();
        for (index, stage) in info.stages.iter().enumerate() {
            if stage_index.insert(stage.dir.get_ref().clone(), index).is_some() {
                problems.push(Problem::at(file, text, Some(stage.dir.span()), format!("stage `{}` is listed twice", stage.dir.get_ref())));
            }
            if let Some(why) = validate::confinement_problem(stage.dir.get_ref()) {
                problems.push(Problem::at(file, text, Some(stage.dir.span()), format!("stage `dir = \"{}\"` {why}", stage.dir.get_ref())).with_help("a stage is a directory under exercises/ and solutions/, such as `01_http`"));
                outside.push(index);
            }
        }
        let mut seen = HashMap::new();
        let mut exercises = Vec::new();
        for raw in info.exercises {
            let name = raw.name.get_ref().clone();
            let span = raw.name.span();
            if !is_valid_name(&name) {
                problems.push(Problem::at(file, text, Some(span.clone()), format!("exercise name `{name}` must be snake_case (lowercase letters, digits and `_`, starting with a letter), without `__` and not ending in `_sol`")));
            }
            problems.extend(entry_problems(file, text, &raw.name, &raw.hint, &mut seen));
            let Some(&stage) = stage_index.get(raw.stage.get_ref()) else {
                let mut problem = Problem::at(file, text, Some(raw.stage.span()), format!("exercise `{name}` names stage `{}`, which no [[stages]] entry has", raw.stage.get_ref()));
                if let Some(near) = nearest(raw.stage.get_ref(), stage_index.keys()) {
                    problem = problem.with_help(format!("did you mean `{near}`?"));
                }
                problems.push(problem);
                continue;
            };
            if outside.contains(&stage) {
                continue;
            }
            let verifier_span = raw.verifier.as_ref().map_or(span.clone(), |v| v.span());
            let kind = raw.verifier.map(|v| v.into_inner()).unwrap_or_default();
            let verifier = match settings_for(kind, raw.output, raw.sql, raw.http, raw.mutants) {
                Ok(verifier) => verifier,
                Err(message) => {
                    problems.push(Problem::at(file, text, Some(verifier_span), format!("exercise `{name}`: {message}")));
                    continue;
                }
            };
            if let Some(message) = review_problem(&verifier, &raw.review) {
                problems.push(Problem::at(file, text, Some(span.clone()), format!("exercise `{name}`: {message}")));
            }
            let exercise = Exercise {
                name,
                stage,
                stage_dir: info.stages[stage].dir.get_ref().clone(),
                hint: raw.hint.into_inner(),
                verifier,
                timeout: timeout(raw.timeout_secs.unwrap_or(info.course.timeout_secs)),
                line: Problem::at(file, text, Some(span.clone()), "").line,
                check_unsolved: true,
                strict_clippy: false,
                review: raw.review,
                postgres: raw.postgres,
                own_tests: raw.own_tests,
            };
            problems.extend(missing_file(root, file, text, span, &exercise, "create it (`runner dev new` makes one from a template) or fix the name or stage"));
            exercises.push(exercise);
        }
        problems.extend(validate::problems(root, text));
        if !problems.is_empty() {
            return Err(CourseError { problems });
        }
        Ok(Self {
            root: root.to_owned(),
            format: Format::Native,
            title: info.course.title,
            welcome: info.course.welcome,
            final_message: info.course.final_message,
            min_answers: (info.course.min_wrong_answers, info.course.min_right_answers),
            upstream: None,
            stages: info.stages.into_iter().map(|s| Stage { dir: s.dir.into_inner(), title: s.title }).collect(),
            exercises,
        })
    }

    pub fn find(&self, name: &str) -> anyhow::Result<&Exercise> {
        if let Some(exercise) = self.exercises.iter().find(|e| e.name == name) {
            return Ok(exercise);
        }
        match nearest(name, self.exercises.iter().map(|e| &e.name)) {
            Some(near) => bail!("no exercise named `{name}`; did you mean `{near}`? (`runner list` shows them all)"),
            None => bail!("no exercise named `{name}` (`runner list` shows them all)"),
        }
    }

    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.exercises.iter().position(|e| e.name == name)
    }

    /// Directory of the Cargo workspace's build output, shared by every check.
    pub fn target_dir(&self) -> PathBuf {
        match std::env::var_os("CARGO_TARGET_DIR") {
            Some(dir) if !dir.is_empty() => self.root.join(dir),
            _ => self.root.join("target"),
        }
    }

    pub fn package_manifest(&self) -> PathBuf {
        self.root.join(self.format.package_dir()).join("Cargo.toml")
    }

    /// Directory the runner owns inside the course (progress, snapshots, logs).
    pub fn state_dir(&self) -> PathBuf {
        self.root.join(".runner")
    }
}

fn settings_for(
    kind: VerifierKind,
    output: Option<OutputSettings>,
    sql: Option<SqlSettings>,
    http: Option<HttpSettings>,
    mutants: Option<Vec<Mutant>>,
) -> Result<Verifier, String> {
    let given: Vec<&str> = [
        output.as_ref().map(|_| "output"),
        sql.as_ref().map(|_| "sql"),
        http.as_ref().map(|_| "http"),
        mutants.as_ref().map(|_| "mutants"),
    ]
    .into_iter()
    .flatten()
    .filter(|table| *table != kind.name())
    .collect();
    if let Some(table) = given.first() {
        return Err(format!("has `{table}` settings but `verifier = \"{}\"`; set `verifier = \"{table}\"` or remove them", kind.name()));
    }
    let missing = |table: &str| format!("`verifier = \"{table}\"` needs an `[exercises.{table}]` table (see docs/authoring.md)");
    Ok(match kind {
        VerifierKind::Tests => Verifier::Tests,
        VerifierKind::Run => Verifier::Run,
        VerifierKind::Output => Verifier::Output(output.ok_or_else(|| missing("output"))?),
        VerifierKind::Sql => Verifier::Sql(sql.unwrap_or_default()),
        VerifierKind::Http => {
            let http = http.ok_or_else(|| missing("http"))?;
            if http.requests.is_empty() {
                return Err("`[exercises.http]` needs at least one `[[exercises.http.requests]]`".into());
            }
            Verifier::Http(http)
        }
        VerifierKind::Mutants => match mutants {
            Some(list) if !list.is_empty() => Verifier::Mutants(list),
            _ => return Err("`verifier = \"mutants\"` needs at least one `[[exercises.mutants]]` entry".into()),
        },
    })
}

/// What is wrong with an exercise's review rules, if anything.
fn review_problem(verifier: &Verifier, rules: &[model::ReviewRule]) -> Option<String> {
    if rules.is_empty() {
        return None;
    }
    if !verifier.is_rust() || matches!(verifier, Verifier::Mutants(_)) {
        return Some("`[[exercises.review]]` rules read the learner's Rust code: they fit `tests`, `output`, `run` and `http` exercises".into());
    }
    rules.iter().find_map(|rule| {
        if rule.name.trim().is_empty() || rule.why.trim().is_empty() {
            Some("a review rule needs a `name` (the requirement) and a `why` (what a reviewer would say)".to_owned())
        } else if rule.forbid.is_empty() && rule.require_any.is_empty() && rule.literal_sql.is_empty() {
            Some(format!("review rule \"{}\" checks nothing: give it `forbid`, `require_any` or `literal_sql`", rule.name))
        } else if rule.in_fn.as_deref().is_some_and(|f| syn::parse_str::<syn::Ident>(f).is_err()) {
            Some(format!("review rule \"{}\": `in_fn` must be a function name", rule.name))
        } else {
            None
        }
    })
}

/// Problems any exercise entry can have, whatever the course format: a name used twice, an
/// empty hint.
fn entry_problems(file: &Path, text: &str, name: &toml::Spanned<String>, hint: &toml::Spanned<String>, seen: &mut HashMap<String, ()>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let shown = name.get_ref();
    if seen.insert(shown.clone(), ()).is_some() {
        problems.push(Problem::at(file, text, Some(name.span()), format!("exercise name `{shown}` is used twice")).with_help("every exercise needs its own name"));
    }
    if hint.get_ref().trim().is_empty() {
        problems.push(Problem::at(file, text, Some(hint.span()), format!("exercise `{shown}` has an empty `hint`")).with_help("write a hint that goes from a nudge to the near-answer"));
    }
    problems
}

/// A program's time limit; out-of-range values are reported by `validate` and never used.
fn timeout(secs: u64) -> Duration {
    Duration::from_secs(secs.clamp(*validate::TIMEOUT_SECS.start(), *validate::TIMEOUT_SECS.end()))
}

/// The problem of an exercise whose file is not there, if it is not. A file the learner
/// deleted is not one: the runner's snapshot has it, and `runner reset` brings it back.
fn missing_file(root: &Path, file: &Path, text: &str, span: std::ops::Range<usize>, exercise: &Exercise, help: &str) -> Option<Problem> {
    let rel = exercise.rel_path();
    let snapshotted = root.join(".runner").join("originals").join(&rel).is_file();
    (!root.join(&rel).is_file() && !snapshotted)
        .then(|| Problem::at(file, text, Some(span), format!("exercise `{}`: file {} does not exist", exercise.name, rel.display())).with_help(help))
}

pub fn is_valid_name(name: &str) -> bool {
    // `NAME_sol` and `NAME__...` are the targets the runner derives from a name.
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !name.ends_with("_sol")
        && !name.contains("__")
}

fn nearest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a String>) -> Option<&'a String> {
    candidates
        .map(|c| (strsim::jaro_winkler(wanted, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "[course]\ntitle = \"T\"\n\n[[stages]]\ndir = \"00_intro\"\ntitle = \"Intro\"\n";

    fn parse(exercises: &str) -> Result<Course, CourseError> {
        let dir = std::env::temp_dir();
        Course::parse(&dir, &format!("{HEAD}{exercises}"))
    }

    fn problems(exercises: &str) -> String {
        match parse(exercises) {
            Ok(_) => String::from("no problem"),
            Err(err) => err.to_string(),
        }
    }

    #[test]
    fn unknown_key_names_line_and_suggests() {
        let shown = problems("\n[[exercises]]\nname = \"a\"\nstage = \"00_intro\"\nhnt = \"x\"\n");
        assert!(shown.contains("unknown field `hnt`"), "{shown}");
        assert!(shown.contains("info.toml:11:1"), "{shown}");
        assert!(shown.contains("did you mean `hint`?"), "{shown}");
    }

    #[test]
    fn settings_must_match_the_verifier() {
        let shown = problems("\n[[exercises]]\nname = \"a\"\nstage = \"00_intro\"\nhint = \"h\"\n[exercises.output]\nexpected = \"x\"\n");
        assert!(shown.contains("has `output` settings but `verifier = \"tests\"`"), "{shown}");
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let shown = problems(
            "\n[[exercises]]\nname = \"a\"\nstage = \"00_intro\"\nhint = \"\"\n\n[[exercises]]\nname = \"a\"\nstage = \"00_intr\"\nhint = \"h\"\n",
        );
        assert!(shown.contains("empty `hint`"), "{shown}");
        assert!(shown.contains("did you mean `00_intro`?"), "{shown}");
        assert!(shown.contains("problems in the course"), "{shown}");
    }

    #[test]
    fn names_must_be_snake_case() {
        assert!(is_valid_name("get_json2"));
        assert!(!is_valid_name("Get-json"));
        assert!(!is_valid_name("2fast"));
    }
}
