//! Keeps the course package's `[[bin]]` list (`course/Cargo.toml`, or the root `Cargo.toml` of a
//! rustlings course) in step with `info.toml`: every Rust exercise and solution that exists on
//! disk is one binary target.

use std::path::PathBuf;

use anyhow::Context;
use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value, value};

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
    let up: PathBuf = course.format.package_dir().components().map(|_| "..").collect();
    let mut bins = Vec::new();
    for exercise in course.exercises.iter().filter(|e| e.verifier.is_rust()) {
        for (name, rel) in [
            (exercise.name.clone(), exercise.rel_path()),
            (exercise.solution_bin(), exercise.rel_solution_path()),
        ] {
            // A target whose file is missing would break every build of the package;
            // `runner dev check` reports the missing file instead.
            if course.root.join(&rel).is_file() {
                bins.push((name, up.join(rel).to_string_lossy().replace('\\', "/")));
            }
        }
    }
    bins
}

/// `text` with its `bin` list replaced by `bins`: `[[bin]]` tables, or rustlings' inline
/// `bin = [...]` array if the file has one (so rustlings itself still reads the file). A list
/// that already names these targets is left as it is written.
pub fn with_bins(text: &str, bins: &[(String, String)]) -> anyhow::Result<String> {
    let mut doc: DocumentMut = text.parse().context("the manifest is not valid TOML")?;
    if listed(doc.get("bin")) == bins {
        return Ok(text.to_owned());
    }
    if let Some(item @ Item::Value(Value::Array(_))) = doc.get_mut("bin") {
        *item = value(inline_list(bins));
        return Ok(doc.to_string());
    }
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

/// (name, path) of each target the `bin` item lists, in either form.
fn listed(item: Option<&Item>) -> Vec<(String, String)> {
    let pair = |name: Option<&str>, path: Option<&str>| (name.unwrap_or_default().to_owned(), path.unwrap_or_default().to_owned());
    match item {
        Some(Item::ArrayOfTables(tables)) => {
            tables.iter().map(|t| pair(t.get("name").and_then(Item::as_str), t.get("path").and_then(Item::as_str))).collect()
        }
        Some(Item::Value(Value::Array(array))) => array
            .iter()
            .map(|v| {
                let table = v.as_inline_table();
                pair(table.and_then(|t| t.get("name")).and_then(Value::as_str), table.and_then(|t| t.get("path")).and_then(Value::as_str))
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// One `{ name = "...", path = "..." }` a line, as `rustlings dev update` writes it.
fn inline_list(bins: &[(String, String)]) -> Array {
    let mut array = Array::new();
    for (name, path) in bins {
        let mut table = InlineTable::new();
        table.insert("name", name.as_str().into());
        table.insert("path", path.as_str().into());
        table.fmt();
        array.push_formatted(Value::InlineTable(table).decorated("\n  ", ""));
    }
    array.set_trailing_comma(true);
    array.set_trailing("\n");
    array
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

    #[test]
    fn keeps_the_rustlings_inline_list_form() {
        let text = "# Don't edit the `bin` list manually!\nbin = []\n\n[package]\nname = \"exercises\"\nedition = \"2021\"\n";
        let bins = vec![("intro1".to_owned(), "exercises/intro1.rs".to_owned()), ("intro1_sol".to_owned(), "solutions/intro1.rs".to_owned())];
        let out = with_bins(text, &bins).unwrap_or_default();
        let expected = "# Don't edit the `bin` list manually!\nbin = [\n  { name = \"intro1\", path = \"exercises/intro1.rs\" },\n  { name = \"intro1_sol\", path = \"solutions/intro1.rs\" },\n]\n\n[package]\nname = \"exercises\"\nedition = \"2021\"\n";
        assert_eq!(out, expected);
        let reformatted = out.replace("\n  {", "{").replace(",\n]", "]");
        assert_eq!(with_bins(&reformatted, &bins).unwrap_or_default(), reformatted, "the same targets written differently are kept");
    }
}
