//! rustlings (v6) third-party courses read as they are: `format_version`, optional welcome and
//! final messages, and `[[exercises]]` with `name`, `dir`, `test`, `strict_clippy`, `hint` and
//! `skip_check_unsolved`. The exercises are bins of the root `Cargo.toml` (its `bin = [...]` list);
//! each distinct `dir` becomes a stage. An exercise may also name one of the runner's verifiers
//! (`verifier`, its settings table, `timeout_secs`) instead of `test`, as in a native course.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::model::{HttpSettings, Mutant, OutputSettings, SqlSettings, VerifierKind};
use super::{Course, CourseError, Exercise, Format, INFO_FILE, Problem, Stage};

/// The rustlings format version this runner reads.
const FORMAT_VERSION: i64 = 1;
/// Title of the stage of exercises without `dir` (their files are directly under `exercises/`).
const NO_DIR_STAGE_TITLE: &str = "exercises";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InfoFile {
    format_version: Spanned<i64>,
    #[serde(default)]
    welcome_message: Option<String>,
    #[serde(default)]
    final_message: Option<String>,
    #[serde(default)]
    exercises: Vec<ExerciseInfo>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExerciseInfo {
    name: Spanned<String>,
    /// Directory under `exercises/` and `solutions/`; without it the files are directly there.
    #[serde(default)]
    dir: Option<Spanned<String>>,
    /// `true` (the default): `cargo test` decides; `false`: the program must run and exit with status 0.
    #[serde(default)]
    test: Option<Spanned<bool>>,
    #[serde(default)]
    strict_clippy: bool,
    hint: Spanned<String>,
    /// The exercise is solved as given (an intro): `dev check` does not require it to fail.
    #[serde(default)]
    skip_check_unsolved: bool,
    // The runner's own settings, for exercises added after the course was brought over.
    #[serde(default)]
    verifier: Option<Spanned<VerifierKind>>,
    #[serde(default)]
    timeout_secs: Option<u64>,
    #[serde(default)]
    output: Option<OutputSettings>,
    #[serde(default)]
    sql: Option<SqlSettings>,
    #[serde(default)]
    http: Option<HttpSettings>,
    #[serde(default)]
    mutants: Option<Vec<Mutant>>,
}

/// Whether `text` is a rustlings `info.toml`: a top-level `format_version` and no `[course]`.
pub fn is_rustlings(text: &str) -> bool {
    text.parse::<toml::Table>().is_ok_and(|table| table.contains_key("format_version") && !table.contains_key("course"))
}

/// Parses and validates a rustlings `info.toml`, reporting every problem at once.
pub fn parse(root: &Path, text: &str) -> Result<Course, CourseError> {
    let file = Path::new(INFO_FILE);
    let info: InfoFile = toml::from_str(text).map_err(|err| CourseError { problems: vec![Problem::from_toml(file, text, &err)] })?;
    let mut problems = Vec::new();
    let version = *info.format_version.get_ref();
    if version != FORMAT_VERSION {
        problems.push(
            Problem::at(file, text, Some(info.format_version.span()), format!("rustlings `format_version = {version}` is not supported"))
                .with_help(format!("this runner reads rustlings courses of format version {FORMAT_VERSION}")),
        );
    }
    if info.exercises.is_empty() {
        problems.push(Problem::at(file, text, Some(info.format_version.span()), "the course has no `[[exercises]]`"));
    }
    let mut stages: Vec<Stage> = Vec::new();
    let mut seen = HashMap::new();
    let mut exercises = Vec::new();
    for raw in info.exercises {
        let name = raw.name.get_ref().clone();
        let span = raw.name.span();
        if !is_valid_part(&name) {
            problems.push(Problem::at(file, text, Some(span.clone()), format!("exercise name `{name}` must be letters, digits and `_` only")));
        }
        problems.extend(super::entry_problems(file, text, &raw.name, &raw.hint, &mut seen));
        let stage_dir = match &raw.dir {
            Some(dir) if !is_valid_part(dir.get_ref()) => {
                problems.push(Problem::at(file, text, Some(dir.span()), format!("exercise `{name}`: `dir = \"{}\"` must be letters, digits and `_` only", dir.get_ref())));
                continue;
            }
            Some(dir) => dir.get_ref().clone(),
            None => String::new(),
        };
        let stage = stages.iter().position(|s| s.dir == stage_dir).unwrap_or_else(|| {
            let title = if stage_dir.is_empty() { NO_DIR_STAGE_TITLE.to_owned() } else { stage_dir.clone() };
            stages.push(Stage { dir: stage_dir.clone(), title });
            stages.len() - 1
        });
        let verifier_span = raw.verifier.as_ref().map_or(span.clone(), |v| v.span());
        let kind = match (&raw.verifier, &raw.test) {
            (Some(_), Some(test)) => {
                problems.push(Problem::at(file, text, Some(test.span()), format!("exercise `{name}` has both `test` and `verifier`")).with_help("keep one: `test = false` is `verifier = \"run\"`"));
                continue;
            }
            (Some(kind), None) => *kind.get_ref(),
            (None, Some(test)) if !*test.get_ref() => VerifierKind::Run,
            (None, _) => VerifierKind::Tests,
        };
        let verifier = match super::settings_for(kind, raw.output, raw.sql, raw.http, raw.mutants) {
            Ok(verifier) => verifier,
            Err(message) => {
                problems.push(Problem::at(file, text, Some(verifier_span), format!("exercise `{name}`: {message}")));
                continue;
            }
        };
        let exercise = Exercise {
            name,
            stage,
            stage_dir,
            hint: raw.hint.into_inner(),
            verifier,
            timeout: super::timeout(raw.timeout_secs.unwrap_or_else(super::model::default_timeout_secs)),
            line: Problem::at(file, text, Some(span.clone()), "").line,
            check_unsolved: !raw.skip_check_unsolved,
            strict_clippy: raw.strict_clippy,
            review: Vec::new(),
            postgres: None,
            own_tests: false,
        };
        problems.extend(super::missing_file(root, file, text, span, &exercise, "create it or fix the name or `dir`"));
        exercises.push(exercise);
    }
    problems.extend(super::validate::problems(root, text));
    if !problems.is_empty() {
        return Err(CourseError { problems });
    }
    Ok(Course {
        root: root.to_owned(),
        format: Format::Rustlings,
        title: title_for(root),
        welcome: info.welcome_message,
        final_message: info.final_message,
        min_answers: (0, 0),
        upstream: None,
        stages,
        exercises,
    })
}

/// rustlings allows letters, digits and `_` in exercise names and dirs.
fn is_valid_part(part: &str) -> bool {
    !part.is_empty() && part.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// A rustlings course has no title: the name of its directory serves.
fn title_for(root: &Path) -> String {
    let absolute = std::path::absolute(root).unwrap_or_else(|_| root.to_owned());
    absolute.file_name().map_or_else(|| "Exercises".to_owned(), |name| name.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::course::VerifierKind;

    fn course_with(files: &[&str], info: &str) -> (tempfile::TempDir, Result<Course, CourseError>) {
        let dir = tempfile::tempdir().expect("temp dir");
        for file in files {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().expect("has a parent")).expect("create dirs");
            std::fs::write(&path, "fn main() {}\n").expect("write");
        }
        let parsed = Course::parse(dir.path(), info);
        (dir, parsed)
    }

    const INFO: &str = "format_version = 1\nwelcome_message = \"hi\"\n\n[[exercises]]\nname = \"intro1\"\nhint = \"h\"\nskip_check_unsolved = true\n\n\
        [[exercises]]\nname = \"vars1\"\ndir = \"01_vars\"\ntest = false\nstrict_clippy = true\nhint = \"h\"\n\n\
        [[exercises]]\nname = \"vars2\"\ndir = \"01_vars\"\nhint = \"h\"\n";

    #[test]
    fn dirs_become_stages_and_settings_map_to_verifiers() {
        let (_dir, parsed) = course_with(&["exercises/intro1.rs", "exercises/01_vars/vars1.rs", "exercises/01_vars/vars2.rs"], INFO);
        let course = parsed.expect("a valid rustlings course");
        assert_eq!(course.format, Format::Rustlings);
        assert_eq!(course.package_manifest(), course.root.join("Cargo.toml"));
        assert_eq!(course.welcome.as_deref(), Some("hi"));
        let stages: Vec<(&str, &str)> = course.stages.iter().map(|s| (s.dir.as_str(), s.title.as_str())).collect();
        assert_eq!(stages, [("", "exercises"), ("01_vars", "01_vars")]);
        let [intro, vars1, vars2] = &course.exercises[..] else { panic!("three exercises") };
        assert_eq!(intro.rel_path(), Path::new("exercises/intro1.rs"));
        assert_eq!(intro.rel_solution_path(), Path::new("solutions/intro1.rs"));
        assert!(!intro.check_unsolved && intro.verifier.kind() == VerifierKind::Tests);
        assert_eq!(vars1.rel_path(), Path::new("exercises/01_vars/vars1.rs"));
        assert!(vars1.strict_clippy && vars1.verifier.kind() == VerifierKind::Run && vars1.check_unsolved);
        assert_eq!((vars2.stage, vars2.line), (1, 17));
    }

    #[test]
    fn the_runners_verifiers_can_be_added() {
        let info = "format_version = 1\n\n[[exercises]]\nname = \"hello\"\nverifier = \"output\"\ntimeout_secs = 5\nhint = \"h\"\n[exercises.output]\nexpected = \"Hello\"\n";
        let (_dir, parsed) = course_with(&["exercises/hello.rs"], info);
        let course = parsed.expect("a valid course");
        assert_eq!(course.exercises[0].verifier.kind(), VerifierKind::Output);
        assert_eq!(course.exercises[0].timeout, Duration::from_secs(5));
        let both = "format_version = 1\n\n[[exercises]]\nname = \"hello\"\ntest = false\nverifier = \"run\"\nhint = \"h\"\n";
        let (_dir, parsed) = course_with(&["exercises/hello.rs"], both);
        let shown = parsed.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(shown.contains("has both `test` and `verifier`"), "{shown}");
    }

    #[test]
    fn a_typo_is_reported_with_a_suggestion() {
        let (_dir, parsed) = course_with(&["exercises/a.rs"], "format_version = 1\n\n[[exercises]]\nname = \"a\"\nhint = \"h\"\nstrict_clipy = true\n");
        let shown = parsed.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(shown.contains("unknown field `strict_clipy`"), "{shown}");
        assert!(shown.contains("info.toml:6:1"), "{shown}");
        assert!(shown.contains("did you mean `strict_clippy`?"), "{shown}");
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let (_dir, parsed) = course_with(&[], "format_version = 2\n\n[[exercises]]\nname = \"a-b\"\ndir = \"\"\nhint = \" \"\n\n[[exercises]]\nname = \"c\"\nhint = \"h\"\n");
        let shown = parsed.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(shown.contains("`format_version = 2` is not supported"), "{shown}");
        assert!(shown.contains("exercise name `a-b` must be letters"), "{shown}");
        assert!(shown.contains("empty `hint`"), "{shown}");
        assert!(shown.contains("`dir = \"\"` must be"), "{shown}");
        assert!(shown.contains("file exercises/c.rs does not exist"), "{shown}");
    }

    #[test]
    fn only_format_version_without_a_course_table_is_rustlings() {
        assert!(is_rustlings("format_version = 1\n"));
        assert!(!is_rustlings("[course]\ntitle = \"T\"\n"));
        assert!(!is_rustlings("format_version = 1\n[course]\ntitle = \"T\"\n"));
        assert!(!is_rustlings("not toml ["));
    }
}
