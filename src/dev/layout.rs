//! Files and directories under `exercises/` and `solutions/` that belong to nothing in
//! info.toml: leftovers of a renamed or removed exercise, which learners see but nothing checks.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::Finding;
use crate::course::{Course, Verifier};

const CODE_EXTENSIONS: [&str; 2] = ["rs", "sql"];

/// Stage directories info.toml does not list, and `.rs`/`.sql` files that are no exercise, no
/// solution, and no fixture (named by an exercise's settings, or a `.sql` file named in an
/// exercise's code), nor in an exercise's known-answers directory. Other companions (READMEs,
/// word lists) are fine.
pub fn strays(course: &Course) -> Vec<Finding> {
    let stages: HashSet<&str> = course.stages.iter().map(|s| s.dir.as_str()).collect();
    let mut known: HashSet<PathBuf> = HashSet::new();
    let mut sources = String::new();
    for exercise in &course.exercises {
        known.insert(exercise.rel_path());
        known.insert(exercise.rel_solution_path());
        if let Verifier::Sql(settings) = &exercise.verifier {
            // The sql verifier's default fixture name.
            let fixture = settings.fixture.as_deref().unwrap_or("fixture.sql");
            known.insert(Path::new("exercises").join(&exercise.stage_dir).join(fixture));
        }
        for path in [exercise.rel_path(), exercise.rel_solution_path()] {
            sources.push_str(&std::fs::read_to_string(course.root.join(path)).unwrap_or_default());
        }
    }
    let answer_dirs: Vec<PathBuf> = course.exercises.iter().map(crate::answers::dir).collect();
    let mut findings = Vec::new();
    for top in ["exercises", "solutions"] {
        let Ok(entries) = std::fs::read_dir(course.root.join(top)) else { continue };
        let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        entries.sort();
        for path in entries {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let rel = Path::new(top).join(&name);
            if name.starts_with('.') {
                continue;
            }
            if path.is_dir() && !stages.contains(name.as_str()) {
                findings.push(Finding::new(
                    format!("{}/", rel.display()),
                    format!("directory `{name}` is no stage of info.toml: add a [[stages]] entry with dir = \"{name}\", or remove it"),
                ));
                continue;
            }
            let mut files = Vec::new();
            collect_files(&course.root, &rel, &mut files);
            for file in files {
                let extension = file.extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
                let file_name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                // SQL a Rust exercise loads (`include_str!("shop.sql")`) is a fixture too.
                let fixture_of_code = extension == "sql" && sources.contains(&file_name);
                // Known answers are checked (and their names checked) by the proof.
                let answer = answer_dirs.iter().any(|dir| file.starts_with(dir));
                if CODE_EXTENSIONS.contains(&extension.as_str()) && !known.contains(&file) && !fixture_of_code && !answer {
                    findings.push(Finding::in_file(&file, "belongs to no exercise of info.toml: add an [[exercises]] entry for it, or remove it"));
                }
            }
        }
    }
    findings
}

/// Lines of a stage's `README.md` still holding `dev new-stage`'s placeholder: learners read
/// this page before the stage's first exercise. (A missing README is a lint of info.toml.)
pub fn stage_readmes(course: &Course) -> Vec<Finding> {
    let placeholders: Vec<&str> = super::new::STAGE_README
        .lines()
        .map(str::trim)
        .filter(|l| l.contains("TODO"))
        .collect();
    let mut findings = Vec::new();
    for stage in &course.stages {
        let rel = Path::new("exercises").join(&stage.dir).join("README.md");
        let Ok(text) = std::fs::read_to_string(course.root.join(&rel)) else {
            continue;
        };
        for (number, line) in text.lines().enumerate() {
            if placeholders.contains(&line.trim()) {
                findings.push(Finding::at(
                    &rel,
                    number + 1,
                    "still the placeholder of `dev new-stage`: write this part of the stage's page",
                ));
            }
        }
    }
    findings
}

/// Every file under `rel` (itself, if it is a file), relative to `root`, skipping hidden ones.
fn collect_files(root: &Path, rel: &Path, files: &mut Vec<PathBuf>) {
    let path = root.join(rel);
    if path.is_file() {
        files.push(rel.to_owned());
        return;
    }
    let Ok(entries) = std::fs::read_dir(&path) else { return };
    let mut names: Vec<_> = entries.flatten().map(|e| e.file_name()).filter(|n| !n.to_string_lossy().starts_with('.')).collect();
    names.sort();
    for name in names {
        collect_files(root, &rel.join(name), files);
    }
}
