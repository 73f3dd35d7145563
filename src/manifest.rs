//! Keeps the course package's `[[bin]]` list (`course/Cargo.toml`) in step with `info.toml`:
//! every Rust exercise and solution that exists on disk is one binary target.

use std::path::Path;

use anyhow::Context;
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value};

use crate::course::Course;

/// Rewrites the manifest's `[[bin]]` list if it differs from what the course needs.
/// Returns whether the file changed. Everything else in the file (dependencies, comments) is kept.
pub fn sync(course: &Course) -> anyhow::Result<bool> {
    let path = course.package_manifest();
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let updated = with_bins(&text, &bins(course)).with_context(|| format!("cannot update {}", path.display()))?;
    if updated == text {
        return Ok(false);
    }
    crate::progress::write_atomically(&path, updated.as_bytes())?;
    Ok(true)
}

/// (target name, path relative to the package directory) of every binary target.
pub fn bins(course: &Course) -> Vec<(String, String)> {
    let mut bins = Vec::new();
    for exercise in course.exercises.iter().filter(|e| e.verifier.is_rust()) {
        for (name, rel) in [
            (exercise.name.clone(), exercise.rel_path()),
            (exercise.solution_bin(), exercise.rel_solution_path()),
        ] {
            // A target whose file is missing would break every build of the package;
            // `runner dev check` reports the missing file instead.
            if course.root.join(&rel).is_file() {
                bins.push((name, Path::new("..").join(rel).to_string_lossy().replace('\\', "/")));
            }
        }
    }
    bins
}

/// `text` with its `bin` array of tables replaced by `bins`.
pub fn with_bins(text: &str, bins: &[(String, String)]) -> anyhow::Result<String> {
    let mut doc: DocumentMut = text.parse().context("the manifest is not valid TOML")?;
    let mut array = ArrayOfTables::new();
    for (name, path) in bins {
        let mut table = Table::new();
        table.insert("name", value(name.as_str()));
        table.insert("path", value(path.as_str()));
        array.push(table);
    }
    doc.remove("bin");
    if !bins.is_empty() {
        doc.insert("bin", Item::ArrayOfTables(array));
    }
    Ok(doc.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_bins_and_keeps_the_rest() {
        let text = "# keep me\n[package]\nname = \"course\"\n\n[dependencies]\ntokio = \"1\"\n\n[[bin]]\nname = \"old\"\npath = \"old.rs\"\n";
        let bins = vec![("a".to_owned(), "../exercises/s/a.rs".to_owned())];
        let out = with_bins(text, &bins).unwrap_or_default();
        assert!(out.contains("# keep me"), "{out}");
        assert!(out.contains("tokio = \"1\""), "{out}");
        assert!(!out.contains("old.rs"), "{out}");
        assert!(out.contains("name = \"a\"\npath = \"../exercises/s/a.rs\""), "{out}");
        assert_eq!(with_bins(&out, &bins).unwrap_or_default(), out, "a second sync changes nothing");
    }
}
