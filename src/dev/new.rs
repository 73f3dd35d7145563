//! Scaffolding for authors: `dev new` (an exercise), `dev new-stage` and `dev init` (a course),
//! each made from the templates near the end of this file (before its tests) and written so that
//! `dev check` points at what is still to be written.

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
         then run `runner dev check {name}` until it reports nothing."
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
// `{title}` is replaced by a title made from the exercise's name (or the stage's title).

const TESTS_EXERCISE: &str = r#"//! # {title}
//!
//! TODO: say what to do, in two or three sentences, naming the function to complete.
//! Why it matters: one or two sentences about real backends.

/// What the function returns, in one sentence.
pub fn word_count(text: &str) -> usize {
    // TODO: say what to do here.
    todo!("count the words of {text:?}")
}

fn main() {
    // Optional: a tiny demo. The runner checks the tests below, not this.
}

#[cfg(test)]
mod tests {
    use super::*;

    // Tests that pin the behaviour down, with assertion messages that teach.
    #[test]
    fn counts_words_separated_by_spaces() {
        assert_eq!(
            word_count("GET /users HTTP/1.1"),
            3,
            "words are separated by white space"
        );
    }
}
"#;

const OUTPUT_EXERCISE: &str = r#"//! # {title}
//!
//! TODO: say what the program must print, in two or three sentences.
//! Why it matters: one or two sentences about real backends.

/// The text the program prints.
fn message() -> String {
    // TODO: say what to do here.
    todo!()
}

fn main() {
    println!("{}", message());
}
"#;

const INFO_OUTPUT: &str = "[exercises.output]\nexpected = \"Hello, backend!\\n\"\n";

const SQL_EXERCISE: &str = "-- # {title}
--
-- TODO: say what the query must return, in two or three sentences, and which tables of
-- fixture.sql (in this directory) hold the data.
-- Why it matters: one or two sentences about real backends.
--
-- TODO: write your query below.
";

const SQL_FIXTURE_NAME: &str = "fixture.sql";

const SQL_FIXTURE: &str = "-- The data every SQL check of this stage starts from, loaded into a fresh database each time.
CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0)
);
INSERT INTO items (name, price_cents) VALUES ('pen', 150), ('notebook', 400), ('backpack', 2500);
";

const INFO_SQL: &str = "[exercises.sql]\nfixture = \"fixture.sql\"\n";

const HTTP_EXERCISE: &str = r#"//! # {title}
//!
//! TODO: say what the server must answer, in two or three sentences.
//! Why it matters: one or two sentences about real backends.
//!
//! The server below handles one request per connection with the standard library only;
//! `respond` decides the answer.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};

/// The status code and body of the answer to `method` `path`.
pub fn respond(method: &str, path: &str, body: &str) -> (u16, String) {
    // TODO: say what to do here.
    todo!("answer {method} {path} ({} bytes of body)", body.len())
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        400 => "Bad Request",
        404 => "Not Found",
        _ => "Other",
    }
}

fn handle(mut stream: TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line)? == 0 {
        return Ok(()); // a connection closed without a request
    }
    let mut content_length = 0;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            content_length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; content_length];
    reader.read_exact(&mut body)?;
    let mut parts = request_line.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let (status, answer) = respond(method, path, &String::from_utf8_lossy(&body));
    write!(
        stream,
        "HTTP/1.1 {status} {}\r\ncontent-type: text/plain\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}",
        reason(status),
        answer.len()
    )
}

fn main() -> std::io::Result<()> {
    // The runner chooses the port; bind to 127.0.0.1 only.
    let port = std::env::var("PORT").unwrap_or_else(|_| String::from("3000"));
    let listener = TcpListener::bind(format!("127.0.0.1:{port}"))?;
    for stream in listener.incoming() {
        let stream = stream?;
        std::thread::spawn(move || {
            if let Err(err) = handle(stream) {
                eprintln!("connection failed: {err}");
            }
        });
    }
    Ok(())
}
"#;

const INFO_HTTP: &str = "[exercises.http]\ncompare_with_solution = false\n\n[[exercises.http.requests]]\nmethod = \"GET\"\npath = \"/\"\nstatus = 200\n";

const RUN_EXERCISE: &str = r#"//! # {title}
//!
//! TODO: say what to do, in two or three sentences. The program passes when it runs to the end
//! without panicking, so the checks in `main` must hold.
//! Why it matters: one or two sentences about real backends.

/// The port in `text`, if it is one.
fn parse_port(text: &str) -> Option<u16> {
    // TODO: say what to do here.
    todo!("parse {text:?}")
}

fn main() {
    assert_eq!(parse_port("8080"), Some(8080), "a port is a whole number");
    assert_eq!(parse_port("http"), None, "a name is not a port");
    println!("all checks hold");
}
"#;

const MUTANTS_EXERCISE: &str = r#"//! # {title}
//!
//! The code below is correct; you write the tests. The runner plants small bugs in it, one at a
//! time, and your tests must fail on every one of them.
//! TODO: say what the code does and why it matters, in two or three sentences.

/// The total to pay, in cents: orders of 100.00 or more get 10 % off.
pub fn total_after_discount(total: u64) -> u64 {
    if total >= 10_000 {
        total - total / 10
    } else {
        total
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    // One example to copy the shape from: arrange, act, assert with a message naming the rule.
    #[test]
    fn small_orders_pay_full_price() {
        assert_eq!(
            total_after_discount(5_000),
            5_000,
            "an order of 50.00 gets no discount"
        );
    }

    // TODO: write more tests, until changing any rule in the code above would break one of them.
}
"#;

const INFO_MUTANTS: &str = "\n[[exercises.mutants]]\ndescription = \"boundary: an order of exactly 100.00 no longer gets the discount\"\nfind = \"total >= 10_000\"\nreplace = \"total > 10_000\"\n";

const STAGE_README: &str = "# {title}

TODO: the concept of this stage on one page: what it is, why backends need it, and the one or
two things to remember. Learners read this before the stage's first exercise.

| exercise | what it teaches |
| --- | --- |

References: TODO
";

const SAMPLE_NAME: &str = "greet";

const SAMPLE_EXERCISE: &str = r#"//! # Your first exercise
//!
//! Complete `greet` so that it returns a greeting for the name it is given: `Hello, Ada!` for
//! `Ada`. Save the file: the runner checks it at once and moves you on when the tests pass.
//! Why it matters: every exercise of the course works like this one: a `TODO` marks the gap,
//! and the tests at the end of the file say what is expected.

/// A greeting for `name`.
pub fn greet(name: &str) -> String {
    // TODO: return "Hello, <name>!".
    todo!("greet {name}")
}

fn main() {
    println!("{}", greet("backend"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greets_by_name() {
        assert_eq!(
            greet("Ada"),
            "Hello, Ada!",
            "a comma after Hello, an exclamation mark at the end"
        );
    }
}
"#;

/// The gap of the sample exercise, and what fills it in the sample's solution.
const SAMPLE_GAP: &str = "    // TODO: return \"Hello, <name>!\".\n    todo!(\"greet {name}\")\n";
const SAMPLE_ANSWER: &str = "    format!(\"Hello, {name}!\")\n";

const INIT_INFO: &str = r#"# The course: stages in order, then exercises in order.
# `runner dev new NAME --stage STAGE` adds an exercise, `runner dev new-stage DIR --title TITLE` a stage.

[course]
title = {title}
timeout_secs = 30

[[stages]]
dir = "00_intro"
title = "Introduction"

[[exercises]]
name = "greet"
stage = "00_intro"
hint = """
The tests at the end of the file show the expected result.

`format!` builds a String like `println!` prints one: `format!("Hello, {name}!")`."""
"#;

const INIT_WORKSPACE: &str = r#"[workspace]
# `course` is the package that holds every exercise and solution as a binary target.
members = ["course"]
resolver = "3"

# One profile for every exercise (profiles live at the workspace root).
[profile.dev]
# Debug info costs ~30 % of an exercise's edit-to-verdict and learners never attach a debugger;
# panics still report file and line.
debug = 0

# Dependencies that are slow unoptimised (password hashing, say) can be optimised on their own:
# [profile.dev.package.argon2]
# opt-level = 3
"#;

const INIT_PACKAGE: &str = r#"# The course package: every exercise and every solution is one binary target here, so they share
# one dependency set, one Cargo.lock and one target directory, and rust-analyzer sees them all.
#
# The [[bin]] list below is generated from info.toml by `runner dev update` (the runner also
# refreshes it whenever info.toml changes). Edit the dependencies by hand; never the bins.
[package]
name = "course"
version = "0.0.0"
edition = "2024"
publish = false
autobins = false
autoexamples = false
autotests = false
autobenches = false

[dependencies]
"#;

const INIT_GITIGNORE: &str = "target/\n/.runner/\n";

const INIT_README: &str = "# 00 · Introduction

This stage teaches the loop of the whole course.

1. `runner` (or `runner watch`) shows the current exercise and the path of its file.
2. Open the file in your editor, read the comment at the top, and find the `TODO`.
3. Save. The runner checks the exercise at once and shows a verdict; a pass moves you on.
4. Stuck? Press `h` (or run `runner hint`): each press reveals a little more.

| exercise | what it teaches |
| --- | --- |
| `greet` | an exercise checked by tests |
";

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
