//! Scaffolding for authors: `dev new` (an exercise), `dev new-stage` and `dev init` (a course),
//! each made from the templates in `templates/` and written so that `dev check` points at what is
//! still to be written.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};

use crate::course::{self, Course, Format, INFO_FILE, PACKAGE_DIR, VerifierKind};
use crate::exit::Exit;
use crate::progress::write_atomically;
use crate::session::Session;

/// The hint of a new exercise until its author writes one; `dev check` reports it.
pub const PLACEHOLDER_HINT: &str = "TODO: write a hint that goes from a nudge to the near-answer, one paragraph per step.";

/// First line of a new solution, which starts as a copy of the exercise (and so fails its check).
const SOLUTION_MARKER: &str = "TODO: write the reference solution";

/// The first lines of the known answers of a new exercise; `dev check` reports them until
/// their author has written them.
pub const ANSWER_PLACEHOLDER: &str = "TODO:";
const ANSWER_WRONG: &str = "// wrong: TODO: the realistic bug this answer has, one the exercise's text rules out\n// expect: TODO: a fragment of the message that names the requirement\n";
const ANSWER_RIGHT: &str = "// right: TODO: how this correct answer differs from the reference (another API, another structure)\n";

/// The stage of a course made by `dev init`.
const FIRST_STAGE: &str = "00_intro";

/// `runner dev new NAME --stage STAGE --verifier KIND`.
pub fn new_exercise(session: &Session, name: &str, stage: &str, kind: VerifierKind) -> anyhow::Result<Exit> {
    let course = &session.course;
    refuse_foreign_format(course)?;
    if !course::is_valid_name(name) {
        bail!("exercise name `{name}` must be snake_case: lowercase letters, digits and `_`, starting with a letter");
    }
    if course.exercises.iter().any(|e| e.name == name) {
        bail!("the course already has an exercise named `{name}`: choose another name");
    }
    if !course.stages.iter().any(|s| s.dir == stage) {
        let dirs: Vec<&str> = course.stages.iter().map(|s| s.dir.as_str()).collect();
        bail!("the course has no stage `{stage}`; its stages are: {} (`runner dev new-stage` adds one)", dirs.join(", "));
    }
    let ext = if kind == VerifierKind::Sql { "sql" } else { "rs" };
    let file_name = format!("{name}.{ext}");
    let exercise_path = Path::new("exercises").join(stage).join(&file_name);
    let solution_path = Path::new("solutions").join(stage).join(&file_name);
    refuse_existing(&course.root, &[&exercise_path, &solution_path])?;
    let info_path = course.root.join(INFO_FILE);
    let info = std::fs::read_to_string(&info_path).with_context(|| format!("cannot read {}", info_path.display()))?;
    let updated = with_exercise(&info, &exercise_entry(name, stage, kind), stage).with_context(|| format!("cannot add `{name}` to {INFO_FILE}"))?;

    let exercise = exercise_template(kind).replace("{title}", &title_of(name));
    let comment = if kind == VerifierKind::Sql { "--" } else { "//" };
    let solution = format!("{comment} {SOLUTION_MARKER} (until then this is a copy of the exercise).\n{exercise}");
    let mut created = vec![exercise_path.clone(), solution_path.clone()];
    write_atomically(&course.root.join(&exercise_path), exercise.as_bytes())?;
    write_atomically(&course.root.join(&solution_path), solution.as_bytes())?;
    // Where its known answers go, with one of each kind to copy from.
    let answers = Path::new("solutions").join(stage).join(name);
    for (kind, header) in [("wrong", ANSWER_WRONG), ("right", ANSWER_RIGHT)] {
        let path = answers.join(format!("{kind}_example.{ext}"));
        let header = header.replace("//", comment);
        write_atomically(&course.root.join(&path), format!("{header}{exercise}").as_bytes())?;
        created.push(path);
    }
    if kind == VerifierKind::Sql {
        let fixture = Path::new("exercises").join(stage).join(SQL_FIXTURE_NAME);
        if !course.root.join(&fixture).exists() {
            write_atomically(&course.root.join(&fixture), SQL_FIXTURE.as_bytes())?;
            created.push(fixture);
        }
    }
    write_atomically(&info_path, updated.as_bytes())?;
    let reloaded = Course::load(&course.root)?;
    crate::manifest::sync(&reloaded)?;

    for path in &created {
        println!("created {}", path.display());
    }
    let line = reloaded.exercises.iter().find(|e| e.name == name).map_or(0, |e| e.line);
    println!("added `{name}` ({} verifier) to {INFO_FILE}:{line}, after the last exercise of {stage}", kind.name());
    println!(
        "\nNext: write the exercise, its reference solution (it starts as a copy of the exercise) and the hint,\n\
         its known answers (solutions/{stage}/{name}/: at least four wrong ones, each a different realistic bug,\n\
         and one right one written differently), then run `runner dev check {name}` until it reports nothing."
    );
    Ok(Exit::Success)
}

/// `runner dev new-stage DIR --title TITLE`.
pub fn new_stage(session: &Session, dir: &str, title: &str) -> anyhow::Result<Exit> {
    let course = &session.course;
    refuse_foreign_format(course)?;
    if !is_valid_stage_dir(dir) {
        bail!("stage directory `{dir}` must be lowercase letters, digits, `_` and `-`, starting with a letter or digit (e.g. `02_caching`)");
    }
    if course.stages.iter().any(|s| s.dir == dir) {
        bail!("the course already has a stage `{dir}`");
    }
    if title.trim().is_empty() {
        bail!("the stage needs a title: --title \"What it is about\"");
    }
    let info_path = course.root.join(INFO_FILE);
    let info = std::fs::read_to_string(&info_path).with_context(|| format!("cannot read {}", info_path.display()))?;
    let updated = with_stage(&info, dir, title).with_context(|| format!("cannot add stage `{dir}` to {INFO_FILE}"))?;

    let readme = Path::new("exercises").join(dir).join("README.md");
    if course.root.join(&readme).exists() {
        println!("kept the existing {}", readme.display());
    } else {
        write_atomically(&course.root.join(&readme), STAGE_README.replace("{title}", title.trim()).as_bytes())?;
        println!("created {}", readme.display());
    }
    let solutions = course.root.join("solutions").join(dir);
    std::fs::create_dir_all(&solutions).with_context(|| format!("cannot create {}", solutions.display()))?;
    write_atomically(&info_path, updated.as_bytes())?;
    println!("added stage `{dir}` to {INFO_FILE}, after the last stage");
    println!("\nNext: explain the stage's concept in its README, then `runner dev new NAME --stage {dir}`.");
    Ok(Exit::Success)
}

/// `runner dev init DIR`: a new course with one stage and one sample exercise.
pub fn init(dir: &Path, title: Option<&str>) -> anyhow::Result<Exit> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
        if entries.next().is_some() {
            bail!("{} is not empty: `runner dev init` creates a course in a new or empty directory", dir.display());
        }
    }
    let title = match title {
        Some(title) if !title.trim().is_empty() => title.trim().to_owned(),
        _ => dir.file_name().map_or_else(|| String::from("New course"), |n| n.to_string_lossy().into_owned()),
    };
    let sample_path = |side: &str| Path::new(side).join(FIRST_STAGE).join(format!("{SAMPLE_NAME}.rs"));
    let files: Vec<(PathBuf, String)> = vec![
        (PathBuf::from(INFO_FILE), INIT_INFO.replace("{title}", &quoted(&title))),
        (PathBuf::from("Cargo.toml"), INIT_WORKSPACE.to_owned()),
        (Path::new(PACKAGE_DIR).join("Cargo.toml"), INIT_PACKAGE.to_owned()),
        (PathBuf::from(".gitignore"), INIT_GITIGNORE.to_owned()),
        (Path::new("exercises").join(FIRST_STAGE).join("README.md"), INIT_README.to_owned()),
        (sample_path("exercises"), SAMPLE_EXERCISE.to_owned()),
        (sample_path("solutions"), SAMPLE_EXERCISE.replace(SAMPLE_GAP, SAMPLE_ANSWER)),
    ];
    for (path, text) in &files {
        write_atomically(&dir.join(path), text.as_bytes())?;
    }
    let course = Course::load(dir)?;
    crate::manifest::sync(&course)?;
    println!("created the course \"{title}\" in {}:", dir.display());
    for (path, _) in &files {
        println!("  {}", path.display());
    }
    println!(
        "\nNext: `runner --course {0} dev check` proves it, `runner --course {0}` runs it as a learner would;\n\
         `runner dev new NAME --stage {FIRST_STAGE}` adds an exercise.",
        dir.display()
    );
    Ok(Exit::Success)
}

/// The templates and the info.toml editing are for the runner's own course format.
fn refuse_foreign_format(course: &Course) -> anyhow::Result<()> {
    if course.format != Format::Native {
        bail!("`runner dev new` and `dev new-stage` work on courses in the runner's own format ([[stages]] and [[exercises]]); edit this course's info.toml by hand");
    }
    Ok(())
}

fn refuse_existing(root: &Path, paths: &[&Path]) -> anyhow::Result<()> {
    for path in paths {
        if root.join(path).exists() {
            bail!("{} already exists: move it away or choose another name (nothing was changed)", path.display());
        }
    }
    Ok(())
}

fn is_valid_stage_dir(dir: &str) -> bool {
    dir.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && dir.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

/// "get_json" → "Get json": a first title for the template, to be rewritten by the author.
fn title_of(name: &str) -> String {
    let words = name.replace('_', " ");
    let mut chars = words.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// `text` as a TOML basic string, quotes and escapes included.
fn quoted(text: &str) -> String {
    toml_edit::Value::from(text).to_string().trim().to_owned()
}

/// The `[[exercises]]` entry (with its verifier settings) of a new exercise, as TOML text.
fn exercise_entry(name: &str, stage: &str, kind: VerifierKind) -> String {
    let verifier = if kind == VerifierKind::Tests { String::new() } else { format!("verifier = \"{}\"\n", kind.name()) };
    let settings = match kind {
        VerifierKind::Tests => "",
        VerifierKind::Output => INFO_OUTPUT,
        VerifierKind::Sql => INFO_SQL,
        VerifierKind::Http => INFO_HTTP,
        VerifierKind::Mutants => INFO_MUTANTS,
        VerifierKind::Run => "",
    };
    format!("\n[[exercises]]\nname = {}\nstage = {}\n{verifier}hint = \"\"\"\n{PLACEHOLDER_HINT}\"\"\"\n{settings}", quoted(name), quoted(stage))
}

fn exercise_template(kind: VerifierKind) -> &'static str {
    match kind {
        VerifierKind::Tests => TESTS_EXERCISE,
        VerifierKind::Output => OUTPUT_EXERCISE,
        VerifierKind::Sql => SQL_EXERCISE,
        VerifierKind::Http => HTTP_EXERCISE,
        VerifierKind::Mutants => MUTANTS_EXERCISE,
        VerifierKind::Run => RUN_EXERCISE,
    }
}

/// `info` with the `[[exercises]]` table of `entry` placed after the last exercise of `stage`
/// (or, for a stage without exercises, where its first one belongs), in the array and in the file.
fn with_exercise(info: &str, entry: &str, stage: &str) -> anyhow::Result<String> {
    let mut doc: DocumentMut = info.parse().context("info.toml is not valid TOML")?;
    let stage_dirs: Vec<String> = doc
        .get("stages")
        .and_then(Item::as_array_of_tables)
        .map(|stages| stages.iter().map(|s| s.get("dir").and_then(Item::as_str).unwrap_or_default().to_owned()).collect())
        .unwrap_or_default();
    let target = stage_dirs.iter().position(|d| d == stage).with_context(|| format!("no [[stages]] entry has dir = \"{stage}\""))?;
    let stage_table_position = doc.get("stages").and_then(Item::as_array_of_tables).and_then(|s| s.get(target)).map_or(0, last_position);
    let stage_of = |exercise: &Table| exercise.get("stage").and_then(Item::as_str).and_then(|s| stage_dirs.iter().position(|d| d == s));
    let exercises = doc.get("exercises").and_then(Item::as_array_of_tables);
    let up_to_target: Vec<bool> = exercises.map(|list| list.iter().map(|e| stage_of(e).is_some_and(|s| s <= target)).collect()).unwrap_or_default();
    let index = up_to_target.iter().rposition(|up_to| *up_to).map_or(0, |i| i + 1);
    let anchor = exercises.into_iter().flat_map(|list| list.iter().take(index)).map(last_position).fold(stage_table_position, isize::max);
    let table = single_table(entry, "exercises")?;
    insert_after(&mut doc, "exercises", index, table, anchor)?;
    Ok(doc.to_string())
}

/// `info` with a `[[stages]]` table for `dir` after every other table: the new stage is the last.
fn with_stage(info: &str, dir: &str, title: &str) -> anyhow::Result<String> {
    let mut doc: DocumentMut = info.parse().context("info.toml is not valid TOML")?;
    let table = single_table(&format!("\n[[stages]]\ndir = {}\ntitle = {}\n", quoted(dir), quoted(title.trim())), "stages")?;
    let anchor = last_position(doc.as_table());
    let index = doc.get("stages").and_then(Item::as_array_of_tables).map_or(0, ArrayOfTables::len);
    insert_after(&mut doc, "stages", index, table, anchor)?;
    Ok(doc.to_string())
}

/// The one table of the array `key` in the TOML text `snippet`.
fn single_table(snippet: &str, key: &str) -> anyhow::Result<Table> {
    let doc: DocumentMut = snippet.parse().context("a template entry is not valid TOML")?;
    doc.get(key).and_then(Item::as_array_of_tables).and_then(|a| a.get(0)).cloned().with_context(|| format!("a template entry has no [[{key}]] table"))
}

/// Inserts `table` (with its nested tables) into the array `key` at `index`, and into the file
/// right after the table at position `anchor`. toml_edit writes tables in the order of their
/// positions, so the tables after the anchor move down to make room.
fn insert_after(doc: &mut DocumentMut, key: &str, index: usize, mut table: Table, anchor: isize) -> anyhow::Result<()> {
    if doc.get(key).is_some_and(|item| !item.is_array_of_tables()) {
        bail!("`{key}` is not written as [[{key}]] tables; add the entry by hand");
    }
    let mut count = 0;
    each_table(&mut table, &mut |t| {
        count += 1;
        t.set_position(Some(anchor + count));
    });
    each_table(doc.as_table_mut(), &mut |t| {
        if let Some(position) = t.position().filter(|p| *p > anchor) {
            t.set_position(Some(position + count));
        }
    });
    let array = doc.entry(key).or_insert(Item::ArrayOfTables(ArrayOfTables::new()));
    if let Some(array) = array.as_array_of_tables_mut() {
        array.insert(index.min(array.len()), table);
    }
    Ok(())
}

/// Calls `f` on `table` and on every table nested in it, in document order.
fn each_table(table: &mut Table, f: &mut dyn FnMut(&mut Table)) {
    f(table);
    for (_, item) in table.iter_mut() {
        match item {
            Item::Table(nested) => each_table(nested, f),
            Item::ArrayOfTables(array) => array.iter_mut().for_each(|nested| each_table(nested, f)),
            _ => {}
        }
    }
}

/// The largest position of `table` and the tables nested in it (where its text ends).
fn last_position(table: &Table) -> isize {
    table
        .iter()
        .flat_map(|(_, item)| match item {
            Item::Table(nested) => vec![last_position(nested)],
            Item::ArrayOfTables(array) => array.iter().map(last_position).collect(),
            _ => vec![],
        })
        .fold(table.position().unwrap_or(0), isize::max)
}

// ─── Templates ──────────────────────────────────────────────────────────────────────────────
// Files in templates/; `{title}` is replaced by a title made from the exercise's name (or the
// stage's title).

const TESTS_EXERCISE: &str = include_str!("templates/tests.rs");

const OUTPUT_EXERCISE: &str = include_str!("templates/output.rs");

const INFO_OUTPUT: &str = "[exercises.output]\nexpected = \"Hello, backend!\\n\"\n";

const SQL_EXERCISE: &str = include_str!("templates/sql.sql");

const SQL_FIXTURE_NAME: &str = "fixture.sql";

const SQL_FIXTURE: &str = include_str!("templates/fixture.sql");

const INFO_SQL: &str = "[exercises.sql]\nfixture = \"fixture.sql\"\n";

const HTTP_EXERCISE: &str = include_str!("templates/http.rs");

const INFO_HTTP: &str = "[exercises.http]\ncompare_with_solution = false\n\n[[exercises.http.requests]]\nmethod = \"GET\"\npath = \"/\"\nstatus = 200\n";

const RUN_EXERCISE: &str = include_str!("templates/run.rs");

const MUTANTS_EXERCISE: &str = include_str!("templates/mutants.rs");

const INFO_MUTANTS: &str = "\n[[exercises.mutants]]\ndescription = \"boundary: an order of exactly 100.00 no longer gets the discount\"\nfind = \"total >= 10_000\"\nreplace = \"total > 10_000\"\n";

pub(super) const STAGE_README: &str = include_str!("templates/stage_README.md");

const SAMPLE_NAME: &str = "greet";

const SAMPLE_EXERCISE: &str = include_str!("templates/sample.rs");

/// The gap of the sample exercise, and what fills it in the sample's solution.
const SAMPLE_GAP: &str = "    // TODO: return \"Hello, <name>!\".\n    todo!(\"greet {name}\")\n";
const SAMPLE_ANSWER: &str = "    format!(\"Hello, {name}!\")\n";

const INIT_INFO: &str = include_str!("templates/init_info.toml");

const INIT_WORKSPACE: &str = include_str!("templates/init_workspace.toml");

const INIT_PACKAGE: &str = include_str!("templates/init_package.toml");

const INIT_GITIGNORE: &str = "target/\n/.runner/\n";

const INIT_README: &str = include_str!("templates/init_README.md");

#[cfg(test)]
mod tests {
    use super::*;

    const INTERLEAVED: &str = "# the course\n[course]\ntitle = \"T\"\n\n[[stages]]\ndir = \"a\"\ntitle = \"A\"\n\n[[exercises]]\nname = \"one\"\nstage = \"a\"\nhint = \"h\"\n[exercises.output]\nexpected = \"x\"\n\n# ─── b ───\n\n[[stages]]\ndir = \"b\"\ntitle = \"B\"\n\n[[exercises]]\nname = \"two\"\nstage = \"b\"\nhint = \"h\"\n";

    fn names_in_file_order(text: &str) -> Vec<String> {
        text.lines().filter_map(|l| l.strip_prefix("name = \"").or_else(|| l.strip_prefix("dir = \"")).map(|n| n.trim_end_matches('"').to_owned())).collect()
    }

    fn array_names(text: &str) -> Vec<String> {
        let doc: DocumentMut = text.parse().unwrap_or_default();
        doc["exercises"].as_array_of_tables().map(|a| a.iter().filter_map(|t| t.get("name")?.as_str().map(str::to_owned)).collect()).unwrap_or_default()
    }

    #[test]
    fn a_new_exercise_follows_the_last_of_its_stage_and_keeps_the_rest() {
        let out = with_exercise(INTERLEAVED, &exercise_entry("new_one", "a", VerifierKind::Output), "a").unwrap_or_default();
        assert_eq!(names_in_file_order(&out), ["a", "one", "new_one", "b", "two"], "{out}");
        assert_eq!(array_names(&out), ["one", "new_one", "two"]);
        assert!(out.starts_with("# the course\n[course]"), "{out}");
        assert!(out.contains("expected = \"x\"\n\n[[exercises]]\nname = \"new_one\""), "{out}");
        assert!(out.contains("# ─── b ───\n\n[[stages]]\ndir = \"b\""), "the comment stays with its stage: {out}");
        assert!(out.contains(&format!("hint = \"\"\"\n{PLACEHOLDER_HINT}\"\"\"\n[exercises.output]")), "{out}");
        let course = Course::parse(Path::new("/nonexistent"), &out);
        assert!(course.is_err_and(|e| !e.to_string().contains("TOML")), "the result is a valid info.toml");
    }

    #[test]
    fn the_first_exercise_of_an_empty_stage_goes_after_the_stage() {
        let with_c = with_stage(INTERLEAVED, "c", "C").unwrap_or_default();
        let out = with_exercise(&with_c, &exercise_entry("three", "c", VerifierKind::Mutants), "c").unwrap_or_default();
        assert_eq!(names_in_file_order(&out), ["a", "one", "b", "two", "c", "three"], "{out}");
        let stages_first = "[course]\ntitle = \"T\"\n\n[[stages]]\ndir = \"a\"\ntitle = \"A\"\n\n[[stages]]\ndir = \"b\"\ntitle = \"B\"\n\n[[exercises]]\nname = \"two\"\nstage = \"b\"\nhint = \"h\"\n";
        // With every stage first, the first exercise of a stage follows the stage's own table.
        let out = with_exercise(stages_first, &exercise_entry("one", "a", VerifierKind::Tests), "a").unwrap_or_default();
        assert_eq!(names_in_file_order(&out), ["a", "one", "b", "two"], "{out}");
        assert_eq!(array_names(&out), ["one", "two"]);
    }

    #[test]
    fn a_new_stage_is_the_last_table_of_the_file() {
        let out = with_stage(INTERLEAVED, "c_stage", "Say \"hi\"").unwrap_or_default();
        assert!(out.starts_with(INTERLEAVED), "{out}");
        assert!(out.ends_with("\n[[stages]]\ndir = \"c_stage\"\ntitle = 'Say \"hi\"'\n"), "{out}");
    }

    #[test]
    fn every_entry_template_is_a_valid_course_entry() {
        for kind in [VerifierKind::Tests, VerifierKind::Output, VerifierKind::Sql, VerifierKind::Http, VerifierKind::Mutants, VerifierKind::Run] {
            let text = format!("[course]\ntitle = \"T\"\n[[stages]]\ndir = \"s\"\ntitle = \"S\"\n{}", exercise_entry("x", "s", kind));
            let problems = Course::parse(Path::new("/nonexistent"), &text).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(problems.contains("does not exist") && !problems.contains("problems in the course"), "only the missing file: {}: {problems}", kind.name());
        }
        assert!(INFO_MUTANTS.contains("find = \"total >= 10_000\""), "{INFO_MUTANTS}");
        assert!(crate::source::mutate(MUTANTS_EXERCISE, "total >= 10_000", "total > 10_000").is_ok(), "the mutant's text occurs once in the code");
    }

    #[test]
    fn titles_come_from_names() {
        assert_eq!(title_of("get_json"), "Get json");
        for text in ["plain", "a \"b\"", "it's \"both\"", "new\nline"] {
            let parsed: Option<toml::Value> = toml::from_str::<toml::Table>(&format!("v = {}", quoted(text))).ok().and_then(|mut t| t.remove("v"));
            assert_eq!(parsed.as_ref().and_then(toml::Value::as_str), Some(text), "{}", quoted(text));
        }
    }
}
