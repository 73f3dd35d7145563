//! Programs assembled for grading, tamper-proof by construction.
//!
//! A graded program is two files of a scratch package: the *main* file is the code part of one
//! source (the learner's, or a mutant of the original) with every top-level `#[cfg(test)]` item
//! blanked out; the *tests* file holds the test items of another source (the original tests, or
//! the learner's tests), declared as the module `runner_graded` before the first item of the
//! main file. So:
//! - no `macro_rules!` of the code part is in textual scope of the tests (it comes later);
//! - the tests see, through `super::*`, only the names the original code part defines or imports
//!   and the tests mention, each imported explicitly; an extra item, a `use ... as assert_eq`,
//!   a `#[macro_export]` macro or a `mod std` of the code part never reaches them;
//! - both files keep the line numbers of the files they come from, so the compiler's messages
//!   and panic locations map back to the learner's file by replacing the path alone.

use std::collections::BTreeSet;

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::spanned::Spanned;
use syn::{Item, UseTree};

/// The module the test items live in. Test names start with it; reporters strip it.
pub const TESTS_MODULE: &str = "runner_graded";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assembled {
    /// The crate root: the code part, with the tests module declared before its first item.
    pub main: String,
    /// The tests module's file.
    pub tests: String,
    /// Whether the code part parsed. If not, the tests module is declared at the end instead,
    /// which only matters for a file the compiler accepts and the parser does not.
    pub parsed: bool,
}

/// Where the test items go in the tests file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestsAt {
    /// At the lines they have in `tests_from`.
    OwnLines,
    /// Moved so that they start at this 1-based line (the line of the learner's copy of them).
    Line(usize),
}

/// Assembles `code_from`'s code and `tests_from`'s tests. `names_from` is the trusted original
/// whose code part says which names the tests may use (the original exercise); `tests_file`
/// is the tests file's name, beside the main file.
pub fn assemble(code_from: &str, tests_from: &str, names_from: &str, tests_file: &str, at: TestsAt) -> Assembled {
    let declaration = format!("#[cfg(test)] #[path = \"{tests_file}\"] mod {TESTS_MODULE}; ");
    let (main, parsed) = match syn::parse_str::<syn::File>(strip_bom(code_from)) {
        Ok(file) => {
            let code = strip_bom(code_from);
            let mut blanked = blank(code, test_items(&file).map(byte_range));
            let insert_at = file.items.first().map_or(blanked.len(), |item| byte_range(item).start);
            blanked.insert_str(insert_at, &declaration);
            (blanked, true)
        }
        Err(_) => {
            let (code, _) = crate::source::split(code_from);
            (format!("{code}\n{declaration}\n"), false)
        }
    };
    let tests_text = strip_bom(tests_from);
    let (tests_body, first_line) = tests_body(tests_text);
    let shift = match at {
        TestsAt::OwnLines => 0,
        TestsAt::Line(line) => line as isize - first_line as isize,
    };
    let tests = place(&tests_body, shift, &header(names_from, code_from, tests_text));
    Assembled { main, tests, parsed }
}

fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// The test items of `tests_from` at their own lines, everything else blanked, and the line the
/// first of them starts on.
fn tests_body(text: &str) -> (String, usize) {
    match syn::parse_str::<syn::File>(text) {
        Ok(file) => {
            let tests: Vec<_> = test_items(&file).map(byte_range).collect();
            let Some(first) = tests.first() else { return (blank(text, std::iter::once(0..text.len())), 1) };
            let first_line = line_of(text, first.start);
            let others = complement(&tests, text.len());
            (blank(text, others), first_line)
        }
        // A learner's tests that do not parse: the compiler will say why, at their own lines.
        Err(_) => match crate::source::tests_start(text) {
            Some(at) => (blank(text, std::iter::once(0..at)), line_of(text, at)),
            None => (blank(text, std::iter::once(0..text.len())), 1),
        },
    }
}

/// Moves `body` by `shift` lines (removing or adding blank lines at its start) and puts the
/// header on its first line.
fn place(body: &str, shift: isize, header: &str) -> String {
    let mut body = body.to_owned();
    if shift > 0 {
        body.insert_str(0, &"\n".repeat(shift as usize));
    } else {
        for _ in 0..shift.unsigned_abs() {
            match body.split_once('\n') {
                Some((first, rest)) if first.trim().is_empty() => body = rest.to_owned(),
                _ => break,
            }
        }
    }
    // The header goes on the first line; a blanked first line only holds spaces.
    let (first, rest) = body.split_once('\n').map_or((body.as_str(), ""), |(f, r)| (f, r));
    if first.trim().is_empty() {
        format!("{header}\n{rest}")
    } else {
        format!("{header} {body}")
    }
}

/// The tests module's first line: explicit imports of what the tests may see.
fn header(names_from: &str, code_from: &str, tests_text: &str) -> String {
    let mentioned = mentioned_idents(tests_text);
    let Ok(file) = syn::parse_str::<syn::File>(strip_bom(names_from)) else {
        // The original always parses; should it not, fall back to what the tests have always seen.
        return "#[allow(unused_imports)] use super::*;".into();
    };
    let code_items: Vec<&Item> = file.items.iter().filter(|item| !is_test_item(item)).collect();
    let defined: BTreeSet<String> = code_items.iter().flat_map(|item| defined_names(item)).collect();
    let mut parts = Vec::new();
    let own = names_the_tests_bring(tests_text);
    let mut wanted: Vec<String> = defined.iter().filter(|name| mentioned.contains(*name) && !own.defined.contains(*name)).cloned().collect();
    wanted.extend(asked_for(code_from, &defined, &mentioned, &own));
    // A trait's methods need it in scope even where its name is never written.
    for item in &code_items {
        if let Item::Trait(t) = item
            && !mentioned.contains(&t.ident.to_string())
        {
            wanted.push(format!("{} as _", t.ident));
        }
    }
    if !wanted.is_empty() {
        parts.push(format!("#[allow(unused_imports)] use super::{{{}}};", wanted.join(", ")));
    }
    for item in &code_items {
        if let Item::Use(item_use) = item {
            let leading = item_use.leading_colon.is_some();
            for import in imports(&item_use.tree, Vec::new()) {
                // Imported from its real path, so a learner who drops an import the tests need
                // is not punished; unmentioned ones anonymously, for the traits among them.
                let rendered = match &import {
                    Import::Glob(_) => format!("{}::*", import.path(leading, &defined)),
                    Import::Named { name, .. } if !mentioned.contains(name) => format!("{} as _", import.path(leading, &defined)),
                    Import::Named { name, path } if path.last() == Some(name) => import.path(leading, &defined),
                    Import::Named { name, .. } => format!("{} as {name}", import.path(leading, &defined)),
                };
                parts.push(format!("#[allow(unused_imports)] use {rendered};"));
            }
        }
    }
    parts.join(" ")
}

/// Names the tests use that the original leaves to the learner to write (rustlings' "write a
/// function that..."): the code part's items of that name, unless the name is the prelude's, a
/// primitive type, or one the tests import themselves, so that no item of the learner's
/// replaces something the tests rely on.
fn asked_for(code_from: &str, defined: &BTreeSet<String>, mentioned: &BTreeSet<String>, own: &TestsOwn) -> Vec<String> {
    const RESERVED: &[&str] = &[
        "Option", "Some", "None", "Result", "Ok", "Err", "Vec", "String", "Box", "ToString", "ToOwned", "Clone", "Copy", "Default",
        "Drop", "Fn", "FnMut", "FnOnce", "Iterator", "IntoIterator", "DoubleEndedIterator", "ExactSizeIterator", "Extend", "From", "Into",
        "TryFrom", "TryInto", "FromIterator", "AsRef", "AsMut", "PartialEq", "Eq", "PartialOrd", "Ord", "Send", "Sync", "Sized", "Unpin",
        "Debug", "Hash", "drop", "std", "core", "alloc", "bool", "char", "str", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16",
        "i32", "i64", "i128", "isize", "f32", "f64", "self", "super", "crate", "Self",
    ];
    let Ok(code) = syn::parse_str::<syn::File>(strip_bom(code_from)) else { return Vec::new() };
    let learners: BTreeSet<String> = code.items.iter().filter(|item| !is_test_item(item)).flat_map(defined_names).collect();
    learners
        .into_iter()
        .filter(|name| mentioned.contains(name) && !defined.contains(name) && !own.defined.contains(name) && !own.imported.contains(name))
        .filter(|name| !RESERVED.contains(&name.as_str()))
        .collect()
}

/// One leaf of a `use` tree: a path and the name it is known by, or a glob.
enum Import {
    Named { path: Vec<String>, name: String },
    Glob(Vec<String>),
}

impl Import {
    /// The imported path as written from inside the tests module, one level below the root.
    fn path(&self, leading_colon: bool, local: &BTreeSet<String>) -> String {
        let (Self::Named { path, .. } | Self::Glob(path)) = self;
        let mut segments: Vec<String> = path.clone();
        match segments.first().map(String::as_str) {
            Some("self") => segments[0] = "super".into(),
            Some("super") => segments.insert(0, "super".into()),
            Some(first) if !leading_colon && local.contains(first) => segments.insert(0, "super".into()),
            _ => {}
        }
        let prefix = if leading_colon { "::" } else { "" };
        format!("{prefix}{}", segments.join("::"))
    }
}

fn imports(tree: &UseTree, prefix: Vec<String>) -> Vec<Import> {
    let with = |segment: String| {
        let mut path = prefix.clone();
        path.push(segment);
        path
    };
    match tree {
        UseTree::Path(p) => imports(&p.tree, with(p.ident.to_string())),
        UseTree::Name(n) if n.ident == "self" => {
            let name = prefix.last().cloned().unwrap_or_default();
            vec![Import::Named { path: prefix, name }]
        }
        UseTree::Name(n) => vec![Import::Named { path: with(n.ident.to_string()), name: n.ident.to_string() }],
        UseTree::Rename(r) if r.ident == "self" => vec![Import::Named { path: prefix, name: r.rename.to_string() }],
        UseTree::Rename(r) => vec![Import::Named { path: with(r.ident.to_string()), name: r.rename.to_string() }],
        UseTree::Glob(_) => vec![Import::Glob(prefix)],
        UseTree::Group(g) => g.items.iter().flat_map(|t| imports(t, prefix.clone())).collect(),
    }
}

/// The names an item puts in its module (uses are handled apart: they are re-imported from
/// their real paths, so a learner who drops an unneeded import is not punished).
fn defined_names(item: &Item) -> Vec<String> {
    let ident = match item {
        Item::Const(i) => Some(&i.ident),
        Item::Enum(i) => Some(&i.ident),
        Item::ExternCrate(i) => Some(i.rename.as_ref().map_or(&i.ident, |(_, r)| r)),
        Item::Fn(i) => Some(&i.sig.ident),
        Item::Mod(i) => Some(&i.ident),
        Item::Static(i) => Some(&i.ident),
        Item::Struct(i) => Some(&i.ident),
        Item::Trait(i) => Some(&i.ident),
        Item::TraitAlias(i) => Some(&i.ident),
        Item::Type(i) => Some(&i.ident),
        Item::Union(i) => Some(&i.ident),
        _ => None,
    };
    ident.map(|i| i.to_string()).into_iter().collect()
}

/// Every identifier in the test items of `text` (inside macro calls too), or in the whole text
/// when it does not parse.
fn mentioned_idents(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let stream = match syn::parse_str::<syn::File>(text) {
        Ok(file) => test_items(&file).map(|item| item.to_token_stream()).collect::<TokenStream>(),
        Err(_) => text.parse::<TokenStream>().unwrap_or_default(),
    };
    collect_idents(stream, &mut found);
    found
}

fn collect_idents(stream: TokenStream, found: &mut BTreeSet<String>) {
    for tree in stream {
        match tree {
            TokenTree::Ident(ident) => {
                let name = ident.to_string();
                found.insert(name.strip_prefix("r#").map_or(name.clone(), str::to_owned));
            }
            TokenTree::Group(group) => collect_idents(group.stream(), found),
            _ => {}
        }
    }
}

/// Names the test modules bring in themselves, from one parse of the tests.
#[derive(Default)]
struct TestsOwn {
    /// Defined there (they shadow the code's), except those the tests also reach as `super::NAME`.
    defined: BTreeSet<String>,
    /// Imported there with a `use` of their own.
    imported: BTreeSet<String>,
}

fn names_the_tests_bring(text: &str) -> TestsOwn {
    let Ok(file) = syn::parse_str::<syn::File>(text) else { return TestsOwn::default() };
    let mut own = TestsOwn::default();
    for item in test_items(&file) {
        if let Item::Mod(module) = item
            && let Some((_, items)) = &module.content
        {
            own.defined.extend(items.iter().flat_map(defined_names));
            for item in items {
                if let Item::Use(item_use) = item {
                    own.imported.extend(imports(&item_use.tree, Vec::new()).into_iter().filter_map(|import| match import {
                        Import::Named { name, .. } => Some(name),
                        Import::Glob(_) => None,
                    }));
                }
            }
        }
    }
    let written = test_items(&file).map(|item| item.to_token_stream().to_string()).collect::<Vec<_>>().join(" ");
    own.defined.retain(|name| !written.contains(&format!("super :: {name}")));
    own
}

fn test_items(file: &syn::File) -> impl Iterator<Item = &Item> {
    file.items.iter().filter(|item| is_test_item(item))
}

/// An item under `#[cfg(test)]` (or any `cfg` that mentions `test`).
fn is_test_item(item: &Item) -> bool {
    let attrs = match item {
        Item::Const(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::ExternCrate(i) => &i.attrs,
        Item::Fn(i) => &i.attrs,
        Item::ForeignMod(i) => &i.attrs,
        Item::Impl(i) => &i.attrs,
        Item::Macro(i) => &i.attrs,
        Item::Mod(i) => &i.attrs,
        Item::Static(i) => &i.attrs,
        Item::Struct(i) => &i.attrs,
        Item::Trait(i) => &i.attrs,
        Item::TraitAlias(i) => &i.attrs,
        Item::Type(i) => &i.attrs,
        Item::Union(i) => &i.attrs,
        Item::Use(i) => &i.attrs,
        _ => return false,
    };
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg") && {
            let mut mentions = BTreeSet::new();
            collect_idents(attr.meta.to_token_stream(), &mut mentions);
            mentions.contains("test")
        }
    })
}

/// Byte range of an item, outer attributes and doc comments included.
fn byte_range(item: &Item) -> std::ops::Range<usize> {
    item.span().byte_range()
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The ranges of `0..len` that `ranges` (sorted, disjoint) do not cover.
fn complement(ranges: &[std::ops::Range<usize>], len: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    for range in ranges {
        out.push(at..range.start);
        at = range.end;
    }
    out.push(at..len);
    out
}

/// `text` with every character of `ranges` but line breaks replaced by spaces, so every line
/// keeps its number.
fn blank(text: &str, ranges: impl IntoIterator<Item = std::ops::Range<usize>>) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for range in ranges {
        let end = range.end.min(bytes.len());
        for byte in &mut bytes[range.start.min(end)..end] {
            if *byte != b'\n' {
                *byte = b' ';
            }
        }
    }
    // Only whole UTF-8 sequences are ever blanked (ranges start and end at token edges), and
    // a space is one byte: the result is valid UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGINAL: &str = "//! Doc.\n#![allow(dead_code)]\n\nuse std::fmt;\nuse std::collections::HashMap as Map;\n\npub fn f() -> u8 {\n    todo!()\n}\n\nfn helper() {}\n\n#[cfg(test)]\nmod tests {\n    use super::*;\n\n    #[test]\n    fn t() {\n        assert_eq!(f(), 1, \"f is one\");\n        let _m: Map<u8, u8> = Map::new();\n    }\n}\n";

    fn lines(text: &str) -> Vec<&str> {
        text.lines().collect()
    }

    #[test]
    fn code_and_tests_keep_their_line_numbers() {
        let learner = "//! Doc.\n#![allow(dead_code)]\n\npub fn f() -> u8 {\n    1\n}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn t() {}\n}\n";
        let assembled = assemble(learner, ORIGINAL, ORIGINAL, "x__tests.rs", TestsAt::Line(8));
        assert!(assembled.parsed);
        let main = lines(&assembled.main);
        assert_eq!(main.len(), lines(learner).len(), "{}", assembled.main);
        assert_eq!(main[4], "    1");
        assert!(main[3].starts_with("#[cfg(test)] #[path = \"x__tests.rs\"] mod runner_graded; pub fn f()"), "{}", main[3]);
        assert!(main[8].trim().is_empty(), "the learner's own tests are blanked: {}", main[8]);
        let tests = lines(&assembled.tests);
        assert_eq!(tests[7], "#[cfg(test)]", "moved to the learner's tests line:\n{}", assembled.tests);
        assert!(tests[13].contains("assert_eq!(f(), 1"), "{}", assembled.tests);
    }

    #[test]
    fn the_tests_see_only_the_names_the_original_defines_and_they_mention() {
        let assembled = assemble(ORIGINAL, ORIGINAL, ORIGINAL, "x__tests.rs", TestsAt::OwnLines);
        let header = assembled.tests.lines().next().unwrap_or_default();
        assert!(header.contains("use super::{f};"), "{header}");
        assert!(header.contains("use std::collections::HashMap as Map;"), "{header}");
        assert!(!header.contains("helper"), "not mentioned by the tests: {header}");
        assert!(header.contains("use std::fmt as _;"), "not mentioned by the tests, but maybe a trait: {header}");
        assert!(!header.contains("super::*"), "{header}");
    }

    #[test]
    fn a_function_the_original_asks_for_reaches_the_tests_but_no_prelude_name_does() {
        let original = "// TODO: write fn price(n: u64) -> u64\n\n#[cfg(test)]\nmod tests {\n    use super::*;\n    use std::collections::HashMap;\n\n    #[test]\n    fn t() {\n        let m: HashMap<u8, u8> = HashMap::new();\n        assert_eq!(price(2), Some(4).unwrap_or(0), \"{m:?}\");\n    }\n}\n";
        let learner = "fn price(n: u64) -> u64 { 2 * n }\nstruct HashMap;\n#[allow(non_snake_case)]\nfn Some(x: u64) -> Option<u64> { None }\nfn unused() {}\n";
        let header = assemble(learner, original, original, "x__tests.rs", TestsAt::OwnLines).tests.lines().next().unwrap_or_default().to_owned();
        assert!(header.contains("use super::{price};"), "the function the learner was asked to write: {header}");
        for hidden in ["HashMap", "Some", "unused"] {
            assert!(!header.contains(&format!("super::{{{hidden}")) && !header.contains(&format!(", {hidden}")), "{hidden} must not reach the tests: {header}");
        }
    }

    #[test]
    fn macros_of_the_code_part_come_after_the_tests_module() {
        let learner = "#![allow(dead_code)]\nmacro_rules! r#assert_eq { ($($t:tt)*) => {} }\npub fn f() -> u8 { 0 }\n";
        let assembled = assemble(learner, ORIGINAL, ORIGINAL, "x__tests.rs", TestsAt::OwnLines);
        let declared = assembled.main.find("mod runner_graded").unwrap_or(usize::MAX);
        let macro_at = assembled.main.find("macro_rules!").unwrap_or(0);
        assert!(declared < macro_at, "{}", assembled.main);
    }

    #[test]
    fn a_file_that_does_not_parse_still_declares_the_tests() {
        let broken = "pub fn f() -> u8 {\n    1 +\n}\n";
        let assembled = assemble(broken, ORIGINAL, ORIGINAL, "x__tests.rs", TestsAt::OwnLines);
        assert!(!assembled.parsed);
        assert!(assembled.main.contains("mod runner_graded;"));
    }

    #[test]
    fn local_paths_in_imports_are_made_relative_to_the_crate_root() {
        let original = "mod models { pub struct User; }\nuse models::User;\nuse self::models as m;\n\n#[cfg(test)]\nmod tests {\n    use super::*;\n    #[test]\n    fn t() { let _ = User; let _ = m::User; }\n}\n";
        let assembled = assemble(original, original, original, "x__tests.rs", TestsAt::OwnLines);
        let header = assembled.tests.lines().next().unwrap_or_default();
        assert!(header.contains("use super::models::User;"), "{header}");
        assert!(header.contains("use super::models as m;"), "{header}");
    }

    #[test]
    fn tests_that_start_on_the_first_line_share_it_with_the_header() {
        let tests_only = "#[cfg(test)]\nmod tests {\n    #[test]\n    fn t() {}\n}\n";
        let assembled = assemble(ORIGINAL, tests_only, ORIGINAL, "x__tests.rs", TestsAt::OwnLines);
        assert!(assembled.tests.lines().next().unwrap_or_default().ends_with("#[cfg(test)]"), "{}", assembled.tests);
        assert_eq!(lines(&assembled.tests).len(), lines(tests_only).len());
    }
}
