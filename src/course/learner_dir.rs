//! A learner directory made by `rustlings init`: its course (`info.toml`, the pristine
//! exercises and the official solutions) is built into the rustlings binary, so the runner finds
//! it where cargo keeps the crates it downloaded (`cargo install rustlings` leaves the sources in
//! the local registry), and it carries over what rustlings recorded of the learner's progress.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::Context;

/// The file rustlings keeps the learner's progress in.
pub const STATE_FILE: &str = ".rustlings-state.txt";
/// What `rustlings init` writes into every solution file until the exercise is done.
pub const PLACEHOLDER_SOLUTION: &str = "// DON'T EDIT THIS SOLUTION FILE!";

/// The official course a rustlings learner directory belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upstream {
    /// `info.toml` (in the `rustlings-macros` crate).
    pub info: PathBuf,
    /// The `rustlings` crate's sources: `exercises/` and `solutions/`.
    pub sources: PathBuf,
}

/// Whether `dir` looks like a learner directory made by `rustlings init`: exercises, a Cargo
/// manifest listing them, and no `info.toml` of its own.
pub fn is_learner_dir(dir: &Path) -> bool {
    !dir.join(super::INFO_FILE).exists()
        && dir.join("exercises").is_dir()
        && std::fs::read_to_string(dir.join("Cargo.toml")).is_ok_and(|m| m.contains("bin = [") && m.contains("exercises/"))
        && (dir.join(STATE_FILE).is_file() || dir.join("solutions").join("README.md").is_file())
}

/// The newest rustlings course in the local cargo registry whose exercises are the ones of
/// `dir`, if any.
pub fn find_upstream(dir: &Path) -> Option<Upstream> {
    let registry = cargo_home()?.join("registry").join("src");
    let mut found: Vec<(Vec<u64>, Upstream)> = Vec::new();
    for index in std::fs::read_dir(&registry).ok()?.flatten() {
        for entry in std::fs::read_dir(index.path()).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(version) = name.strip_prefix("rustlings-").filter(|v| v.starts_with(|c: char| c.is_ascii_digit())) else { continue };
            let info = index.path().join(format!("rustlings-macros-{version}")).join(super::INFO_FILE);
            if info.is_file() && entry.path().join("exercises").is_dir() {
                let key = version.split(['.', '-']).map(|p| p.parse().unwrap_or(0)).collect();
                found.push((key, Upstream { info, sources: entry.path() }));
            }
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    // The newest whose exercise files the learner directory has.
    found.into_iter().rev().map(|(_, upstream)| upstream).find(|upstream| same_exercises(dir, &upstream.sources))
}

/// The course of a learner directory, from the official course it was made from.
pub fn load(root: &Path) -> anyhow::Result<super::Course> {
    let Some(upstream) = find_upstream(root) else {
        anyhow::bail!(
            "{} was made by `rustlings init`, whose course is built into rustlings, and its sources are not in cargo's registry\n  \
             run `cargo install rustlings` once (it leaves the course in ~/.cargo/registry), then run the runner here again",
            root.display()
        );
    };
    let text = std::fs::read_to_string(&upstream.info).with_context(|| format!("cannot read {}", upstream.info.display()))?;
    let mut course = super::rustlings::parse(root, &text).with_context(|| format!("in the official course at {}", upstream.info.display()))?;
    course.upstream = Some(upstream.sources);
    Ok(course)
}

fn same_exercises(dir: &Path, sources: &Path) -> bool {
    let names = |root: &Path| -> BTreeSet<PathBuf> {
        let mut found = BTreeSet::new();
        for stage in std::fs::read_dir(root.join("exercises")).into_iter().flatten().flatten() {
            for file in std::fs::read_dir(stage.path()).into_iter().flatten().flatten() {
                if file.path().extension().is_some_and(|e| e == "rs") {
                    found.insert(file.path().strip_prefix(root).map(Path::to_path_buf).unwrap_or_default());
                }
            }
        }
        found
    };
    let (theirs, ours) = (names(sources), names(dir));
    !theirs.is_empty() && theirs == ours
}

fn cargo_home() -> Option<PathBuf> {
    std::env::var_os("CARGO_HOME").map(PathBuf::from).or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
}

/// What rustlings recorded: the current exercise, and the ones done.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    pub current: Option<String>,
    pub done: BTreeSet<String>,
}

/// Reads `.rustlings-state.txt`: a header line, a blank line, the current exercise, a blank
/// line, then one done exercise per line.
pub fn read_state(dir: &Path) -> Option<State> {
    let text = std::fs::read_to_string(dir.join(STATE_FILE)).ok()?;
    let mut lines = text.lines();
    if !lines.next()?.starts_with("DON'T EDIT") {
        return None;
    }
    let mut names = lines.map(str::trim).filter(|l| !l.is_empty());
    let current = names.next().map(str::to_owned);
    Some(State { current, done: names.map(str::to_owned).collect() })
}

/// Whether a solution file is still rustlings' placeholder (filled when the exercise is done).
pub fn is_placeholder(solution: &str) -> bool {
    solution.contains(PLACEHOLDER_SOLUTION)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_file_gives_the_current_exercise_and_the_done_ones() {
        let dir = std::env::temp_dir().join(format!("runner-rustlings-state-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(dir.join(STATE_FILE), "DON'T EDIT THIS FILE!\n\nfunctions3\n\nintro1\nintro2\nvariables1\n").expect("write");
        let state = read_state(&dir).expect("a state");
        assert_eq!(state.current.as_deref(), Some("functions3"));
        assert_eq!(state.done.into_iter().collect::<Vec<_>>(), ["intro1", "intro2", "variables1"]);
        std::fs::write(dir.join(STATE_FILE), "something else\n").expect("write");
        assert_eq!(read_state(&dir), None);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn placeholders_are_recognised() {
        assert!(is_placeholder("fn main() {\n    // DON'T EDIT THIS SOLUTION FILE!\n    // It will be automatically filled after you finish the exercise.\n}\n"));
        assert!(!is_placeholder("fn main() {}\n"));
    }
}
