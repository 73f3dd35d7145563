//! Review rules: what no test can observe (a comparison in constant time, SQL that is a literal,
//! a hasher built for Argon2id), checked on the learner's code as a reviewer would read it.
//! A rule looks at one function and every function of the file it calls, so a helper neither
//! hides a violation nor is needed to satisfy a rule.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenTree;
use quote::ToTokens;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};
use syn::{Block, Expr, Item, Lit, Pat};

use crate::course::model::ReviewRule;

use super::TestResult;

/// How the check of a rule is named in a verdict.
pub const PREFIX: &str = "review: ";

/// Each rule's result on `code` (a Rust file; its tests are not looked at).
pub fn review(code: &str, rules: &[ReviewRule]) -> Vec<TestResult> {
    let file = match syn::parse_str::<syn::File>(code) {
        Ok(file) => file,
        // A file that does not parse does not compile either: the compiler's message says why.
        Err(_) => return Vec::new(),
    };
    let functions = functions(&file);
    rules.iter().map(|rule| judge(rule, &file, &functions)).collect()
}

fn judge(rule: &ReviewRule, file: &syn::File, functions: &BTreeMap<String, Vec<Body<'_>>>) -> TestResult {
    let name = format!("{PREFIX}{}", rule.name);
    let mut seen = Seen::default();
    match &rule.in_fn {
        Some(start) if !functions.contains_key(start) => {
            return TestResult::fail(name, format!("the code has no function `{start}` any more, and this exercise needs it"));
        }
        Some(start) => {
            for body in reachable(start, functions) {
                seen.visit_block(body);
            }
            // The statics and thread-locals those functions use are part of them.
            let statics = statics(file);
            let mut visited = BTreeSet::new();
            loop {
                let used: Vec<&String> = statics.keys().filter(|n| seen.mentions(n) && !visited.contains(*n)).collect();
                if used.is_empty() {
                    break;
                }
                for name in used {
                    visited.insert(name.clone());
                    for item in &statics[name] {
                        seen.visit_item(item);
                    }
                }
            }
        }
        None => {
            for item in code_items(file) {
                seen.visit_item(item);
            }
            for body in functions.values().flatten() {
                seen.visit_block(body.0);
            }
        }
    }
    let consts = constants(file);
    let place = rule.in_fn.as_ref().map_or_else(|| "the code".to_owned(), |f| format!("`{f}` (or a function it calls)"));
    let mut problems = Vec::new();
    for wanted in &rule.forbid {
        if let Some(line) = seen.first(wanted) {
            problems.push(format!("{place} uses `{wanted}` (line {line})"));
        }
    }
    if !rule.require_any.is_empty() && !rule.require_any.iter().any(|r| seen.first(r).is_some()) {
        let list = rule.require_any.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>().join(" or ");
        problems.push(format!("{place} does not use {list}"));
    }
    for (call, line) in &seen.calls {
        if rule.literal_sql.contains(&call.name) && !call.first_is_parameters() && !call.first_arg_fixed(&seen.locals, &consts) {
            problems.push(format!("the SQL given to `{}` on line {line} is built at run time; pass a literal (or a constant) and bind the values as parameters", call.name));
        }
    }
    if problems.is_empty() {
        TestResult::pass(name)
    } else {
        TestResult::fail(name, format!("{}\n{}", rule.why.trim(), problems.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n")))
    }
}

/// A function body, and whether it implements a trait for a type (such a method is reached by
/// dynamic dispatch or through the trait, not by its name alone).
type Body<'a> = (&'a Block, bool);

/// Every function body of the file by name: free functions, methods, trait defaults, nested ones.
fn functions(file: &syn::File) -> BTreeMap<String, Vec<Body<'_>>> {
    #[derive(Default)]
    struct Collect<'a> {
        found: BTreeMap<String, Vec<Body<'a>>>,
        in_trait_impl: bool,
    }
    impl<'a> Visit<'a> for Collect<'a> {
        fn visit_item_fn(&mut self, f: &'a syn::ItemFn) {
            self.found.entry(f.sig.ident.to_string()).or_default().push((&f.block, false));
            visit::visit_item_fn(self, f);
        }
        fn visit_item_impl(&mut self, i: &'a syn::ItemImpl) {
            let outer = std::mem::replace(&mut self.in_trait_impl, i.trait_.is_some());
            visit::visit_item_impl(self, i);
            self.in_trait_impl = outer;
        }
        fn visit_impl_item_fn(&mut self, f: &'a syn::ImplItemFn) {
            self.found.entry(f.sig.ident.to_string()).or_default().push((&f.block, self.in_trait_impl));
            visit::visit_impl_item_fn(self, f);
        }
        fn visit_trait_item_fn(&mut self, f: &'a syn::TraitItemFn) {
            if let Some(block) = &f.default {
                self.found.entry(f.sig.ident.to_string()).or_default().push((block, false));
            }
            visit::visit_trait_item_fn(self, f);
        }
        fn visit_item_mod(&mut self, m: &'a syn::ItemMod) {
            // The tests are not the learner's code under review.
            if !m.attrs.iter().any(|a| a.path().is_ident("cfg")) {
                visit::visit_item_mod(self, m);
            }
        }
    }
    let mut collect = Collect::default();
    collect.visit_file(file);
    collect.found
}

/// The bodies of `start` and of every function of the file it calls, transitively. A call by
/// name reaches free functions and inherent methods of that name, not trait implementations
/// (`self.clock.now()` does not mean every `now` of the file; the real clock's is no helper).
fn reachable<'a>(start: &str, functions: &BTreeMap<String, Vec<Body<'a>>>) -> Vec<&'a Block> {
    let mut bodies: Vec<&'a Block> = functions.get(start).into_iter().flatten().map(|(b, _)| *b).collect();
    let mut names = BTreeSet::from([start.to_owned()]);
    let mut queue = bodies.clone();
    while let Some(body) = queue.pop() {
        let mut seen = Seen::default();
        seen.visit_block(body);
        for called in seen.called_names() {
            let helpers: Vec<&'a Block> = functions.get(&called).into_iter().flatten().filter(|(_, from_trait)| !from_trait).map(|(b, _)| *b).collect();
            if !helpers.is_empty() && names.insert(called) {
                bodies.extend(&helpers);
                queue.extend(helpers);
            }
        }
    }
    bodies
}

/// The file's items but its tests.
fn code_items(file: &syn::File) -> impl Iterator<Item = &Item> {
    file.items.iter().filter(|item| !matches!(item, Item::Mod(m) if m.attrs.iter().any(|a| a.path().is_ident("cfg"))))
}

/// The statics, constants and thread-locals (`thread_local!`, `lazy_static!`) of the file, by
/// the names they declare.
fn statics(file: &syn::File) -> BTreeMap<String, Vec<&Item>> {
    let mut found: BTreeMap<String, Vec<&Item>> = BTreeMap::new();
    for item in code_items(file) {
        match item {
            Item::Static(s) => found.entry(s.ident.to_string()).or_default().push(item),
            Item::Const(c) => found.entry(c.ident.to_string()).or_default().push(item),
            Item::Macro(m) => {
                let tokens: Vec<TokenTree> = m.mac.tokens.clone().into_iter().collect();
                for pair in tokens.windows(2) {
                    if let [TokenTree::Ident(keyword), TokenTree::Ident(name)] = pair
                        && keyword == "static"
                    {
                        found.entry(name.to_string()).or_default().push(item);
                    }
                }
            }
            _ => {}
        }
    }
    found
}

/// Names of the constants and statics of the file.
fn constants(file: &syn::File) -> BTreeSet<String> {
    #[derive(Default)]
    struct Collect(BTreeSet<String>);
    impl Visit<'_> for Collect {
        fn visit_item_const(&mut self, c: &syn::ItemConst) {
            self.0.insert(c.ident.to_string());
        }
        fn visit_item_static(&mut self, s: &syn::ItemStatic) {
            self.0.insert(s.ident.to_string());
        }
    }
    let mut collect = Collect::default();
    collect.visit_file(file);
    collect.0
}

/// A call of a function or method, with its first argument.
struct Call {
    name: String,
    first: Option<Expr>,
}

impl Call {
    /// Whether the first argument holds bound values, not SQL: a prepared statement's
    /// `execute(params![..])`, `query_row([id], ..)`.
    fn first_is_parameters(&self) -> bool {
        fn parameters(expr: &Expr) -> bool {
            match expr {
                Expr::Macro(m) => m.mac.path.segments.last().is_some_and(|s| s.ident == "params" || s.ident == "named_params"),
                Expr::Array(_) | Expr::Tuple(_) => true,
                Expr::Reference(r) => parameters(&r.expr),
                _ => false,
            }
        }
        self.first.as_ref().is_some_and(parameters)
    }

    /// Whether the first argument is fixed when the program is written: a literal, a constant,
    /// or a local bound to one.
    fn first_arg_fixed(&self, locals: &BTreeMap<String, Vec<Expr>>, consts: &BTreeSet<String>) -> bool {
        self.first.as_ref().is_some_and(|e| fixed(e, locals, consts, 0))
    }
}

fn fixed(expr: &Expr, locals: &BTreeMap<String, Vec<Expr>>, consts: &BTreeSet<String>, depth: usize) -> bool {
    if depth > 8 {
        return false;
    }
    match expr {
        Expr::Lit(lit) => matches!(lit.lit, Lit::Str(_)),
        Expr::Reference(r) => fixed(&r.expr, locals, consts, depth + 1),
        Expr::Paren(p) => fixed(&p.expr, locals, consts, depth + 1),
        Expr::Macro(m) => m.mac.path.segments.last().is_some_and(|s| s.ident == "concat" || s.ident == "include_str"),
        Expr::MethodCall(m) if ["as_str", "as_ref", "trim"].contains(&m.method.to_string().as_str()) => fixed(&m.receiver, locals, consts, depth + 1),
        Expr::Path(p) => {
            let Some(ident) = p.path.get_ident().map(|i| i.to_string()) else {
                // `queries::INSERT_USER`: a path to an item, which is a constant.
                return p.path.segments.last().is_some_and(|s| s.ident.to_string().chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'));
            };
            match locals.get(&ident) {
                Some(inits) => inits.iter().all(|init| fixed(init, locals, consts, depth + 1)),
                None => consts.contains(&ident),
            }
        }
        _ => false,
    }
}

/// What a function body uses: operators, paths, methods and macros (with their lines), the
/// calls it makes and the locals it binds.
#[derive(Default)]
struct Seen {
    used: BTreeMap<String, usize>,
    calls: Vec<(Call, usize)>,
    locals: BTreeMap<String, Vec<Expr>>,
}

impl Seen {
    fn note(&mut self, key: String, line: usize) {
        self.used.entry(key).or_insert(line);
    }

    /// The line where `wanted` is first used: an operator (`==`), a macro (`format!`), a
    /// method (`.eq`), or a path or name (`SystemTime::now`, `ct_eq`: segments anywhere in a
    /// path, so `Sha256` matches `Sha256::new`, or a method).
    fn first(&self, wanted: &str) -> Option<usize> {
        if let Some(line) = self.used.get(&format!("op {wanted}")) {
            return Some(*line);
        }
        if let Some(name) = wanted.strip_suffix('!') {
            return self.used.get(&format!("macro {name}")).copied();
        }
        if let Some(name) = wanted.strip_prefix('.') {
            return self.used.get(&format!("method {name}")).copied();
        }
        let method = (!wanted.contains("::")).then(|| self.used.get(&format!("method {wanted}"))).flatten();
        let wanted_segments: Vec<&str> = wanted.split("::").collect();
        let path = self
            .used
            .iter()
            .filter(|(k, _)| k.strip_prefix("path ").is_some_and(|p| p.split("::").collect::<Vec<_>>().windows(wanted_segments.len()).any(|w| w == wanted_segments.as_slice())))
            .map(|(_, l)| l)
            .min();
        match (method, path) {
            (Some(a), Some(b)) => Some(*a.min(b)),
            (a, b) => a.or(b).copied(),
        }
    }

    /// Whether `name` occurs as a path segment.
    fn mentions(&self, name: &str) -> bool {
        self.used.keys().any(|k| k.strip_prefix("path ").is_some_and(|p| p.split("::").any(|segment| segment == name)))
    }

    fn called_names(&self) -> Vec<String> {
        self.calls.iter().map(|(c, _)| c.name.clone()).collect()
    }
}

impl Seen {
    /// Every `a::b::c` (or lone identifier) in raw tokens, as a path.
    fn note_token_paths(&mut self, tokens: proc_macro2::TokenStream) {
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        let mut i = 0;
        while i < tokens.len() {
            match &tokens[i] {
                TokenTree::Ident(first) => {
                    let mut segments = vec![first.to_string()];
                    let at = line(first.span());
                    while let (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)), Some(TokenTree::Ident(next))) = (tokens.get(i + 1), tokens.get(i + 2), tokens.get(i + 3)) {
                        if a.as_char() != ':' || b.as_char() != ':' {
                            break;
                        }
                        segments.push(next.to_string());
                        i += 3;
                    }
                    self.note(format!("path {}", segments.join("::")), at);
                }
                TokenTree::Group(group) => self.note_token_paths(group.stream()),
                _ => {}
            }
            i += 1;
        }
    }
}

fn line(span: proc_macro2::Span) -> usize {
    span.start().line
}

impl<'ast> Visit<'ast> for Seen {
    fn visit_expr_binary(&mut self, e: &'ast syn::ExprBinary) {
        // A length is not secret, and a literal (`diff == 0` after folding every byte) is not
        // the data: such comparisons are not what an operator rule is about.
        let plain = |x: &Expr| matches!(x, Expr::MethodCall(m) if m.method == "len") || matches!(x, Expr::Lit(_));
        if !(plain(&e.left) || plain(&e.right)) {
            self.note(format!("op {}", e.op.to_token_stream()), line(e.op.span()));
        }
        visit::visit_expr_binary(self, e);
    }

    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        self.note(format!("method {}", m.method), line(m.method.span()));
        self.calls.push((Call { name: m.method.to_string(), first: m.args.first().cloned() }, line(m.method.span())));
        visit::visit_expr_method_call(self, m);
    }

    fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
        if let Expr::Path(p) = &*c.func
            && let Some(last) = p.path.segments.last()
        {
            self.calls.push((Call { name: last.ident.to_string(), first: c.args.first().cloned() }, line(last.ident.span())));
        }
        visit::visit_expr_call(self, c);
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        let text = p.segments.iter().map(|s| s.ident.to_string()).collect::<Vec<_>>().join("::");
        self.note(format!("path {text}"), line(p.span()));
        visit::visit_path(self, p);
    }

    fn visit_local(&mut self, l: &'ast syn::Local) {
        if let (Pat::Ident(ident), Some(init)) = (&l.pat, &l.init) {
            self.locals.entry(ident.ident.to_string()).or_default().push((*init.expr).clone());
        }
        visit::visit_local(self, l);
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        if let Some(last) = m.path.segments.last() {
            self.note(format!("macro {}", last.ident), line(last.ident.span()));
        }
        // Arguments of `format!`, `assert!`, `matches!`... are expressions too.
        match m.parse_body_with(Punctuated::<Expr, syn::Token![,]>::parse_terminated) {
            Ok(args) => {
                for arg in &args {
                    self.visit_expr(arg);
                }
            }
            // Patterns and guards (`matches!(x, y if y == z)`), declarations
            // (`thread_local! { static R: ... }`): the operators and paths in the tokens.
            Err(_) => {
                let text = m.tokens.to_string();
                for op in ["==", "!=", "<=", ">=", "&&", "||"] {
                    if text.contains(&format!(" {op} ")) {
                        self.note(format!("op {op}"), line(m.span()));
                    }
                }
                self.note_token_paths(m.tokens.clone());
            }
        }
        visit::visit_macro(self, m);
    }

    fn visit_item(&mut self, item: &'ast Item) {
        // Items nested in a body are functions of their own, reached only when called.
        if !matches!(item, Item::Fn(_)) {
            visit::visit_item(self, item);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(in_fn: &str, forbid: &[&str], require_any: &[&str], literal_sql: &[&str]) -> ReviewRule {
        ReviewRule {
            name: "the rule".into(),
            in_fn: Some(in_fn.into()).filter(|f: &String| !f.is_empty()),
            forbid: forbid.iter().map(|s| s.to_string()).collect(),
            require_any: require_any.iter().map(|s| s.to_string()).collect(),
            literal_sql: literal_sql.iter().map(|s| s.to_string()).collect(),
            why: "because".into(),
        }
    }

    fn verdicts(code: &str, rule: ReviewRule) -> Option<String> {
        let results = review(code, &[rule]);
        results.into_iter().next().and_then(|r| r.message)
    }

    #[test]
    fn an_operator_in_the_function_or_a_helper_is_found() {
        let rule = || rule("matches", &["==", ".eq"], &["ct_eq"], &[]);
        let direct = "fn matches(a: &[u8], b: &[u8]) -> bool { a == b }\n";
        let shown = verdicts(direct, rule()).unwrap_or_default();
        assert!(shown.contains("uses `==` (line 1)") && shown.contains("does not use `ct_eq`"), "{shown}");
        let helper = "fn matches(a: &[u8], b: &[u8]) -> bool { same(a, b) }\nfn same(a: &[u8], b: &[u8]) -> bool {\n    a.eq(b)\n}\n";
        assert!(verdicts(helper, rule()).unwrap_or_default().contains("uses `.eq` (line 3)"), "a helper does not hide it");
        let right = "use subtle::ConstantTimeEq;\nfn matches(a: &[u8], b: &[u8]) -> bool { a.len() == b.len() && bool::from(a.ct_eq(b)) }\n";
        assert_eq!(verdicts(right, rule()), None, "comparing lengths is fine; ct_eq is used");
        let via_helper = "fn matches(a: &[u8], b: &[u8]) -> bool { ct(a, b) }\nfn ct(a: &[u8], b: &[u8]) -> bool { subtle::ConstantTimeEq::ct_eq(a, b).into() }\n";
        assert_eq!(verdicts(via_helper, rule()), None, "a requirement met in a helper counts");
    }

    #[test]
    fn operators_inside_macro_arguments_count() {
        let code = "fn matches(a: &str, b: &str) -> bool { matches!(a, x if x == b) }\n";
        assert!(verdicts(code, rule("matches", &["=="], &[], &[])).is_some());
    }

    #[test]
    fn sql_must_be_fixed_when_the_program_is_written() {
        let rule = || rule("", &[], &[], &["execute", "query_row", "prepare"]);
        let literal = "const Q: &str = \"SELECT 1\";\nfn f(c: &Connection, id: i64) { c.execute(\"DELETE FROM t WHERE id = ?1\", [id]); c.prepare(Q); let q = \"SELECT 2\"; c.query_row(q, [], |_| Ok(())); }\n";
        assert_eq!(verdicts(literal, rule()), None);
        let built = "fn f(c: &Connection, name: &str) {\n    let q = format!(\"SELECT * FROM users WHERE name = '{name}'\");\n    c.query_row(&q, [], |_| Ok(()));\n}\n";
        let shown = verdicts(built, rule()).unwrap_or_default();
        assert!(shown.contains("the SQL given to `query_row` on line 3 is built at run time"), "{shown}");
    }

    #[test]
    fn paths_match_by_their_last_segments() {
        let code = "fn salt() -> u64 { std::time::SystemTime::now().elapsed().map_or(0, |d| d.as_secs()) }\n";
        assert!(verdicts(code, rule("salt", &["SystemTime::now"], &[], &[])).is_some());
        assert_eq!(verdicts(code, rule("salt", &["Instant::now"], &[], &[])), None);
        let argon = "fn hasher() -> Argon2<'static> { Argon2::new(Algorithm::Argon2id, Version::V0x13, params()) }\n";
        assert_eq!(verdicts(argon, rule("hasher", &[], &["Algorithm::Argon2id"], &[])), None);
        assert!(verdicts(argon, rule("hasher", &[], &["Algorithm::Argon2i"], &[])).is_some());
        assert_eq!(verdicts("fn tag() { let h = sha2::Sha256::new(); }\n", rule("tag", &[], &["Sha256"], &[])), None, "a type's constructor uses the type");
    }

    #[test]
    fn trait_implementations_are_not_helpers() {
        let code = "trait Clock { fn now(&self) -> Instant; }\nstruct System;\nimpl Clock for System { fn now(&self) -> Instant { Instant::now() } }\nfn insert(clock: &dyn Clock) -> Instant { clock.now() }\nfn sneaky() -> Instant { stamp() }\nfn stamp() -> Instant { Instant::now() }\n";
        assert_eq!(verdicts(code, rule("insert", &["Instant::now"], &[], &[])), None, "the real clock's `now` is not reached by `clock.now()`");
        assert!(verdicts(code, rule("sneaky", &["Instant::now"], &[], &[])).is_some(), "a free helper is");
    }

    #[test]
    fn statics_and_thread_locals_a_function_uses_are_reviewed_with_it() {
        let code = "thread_local! { static RNG: RefCell<SmallRng> = RefCell::new(SmallRng::seed_from_u64(7)); }\nfn new_salt() -> [u8; 16] { RNG.with(|r| r.borrow_mut().random()) }\nfn other() {}\n";
        assert!(verdicts(code, rule("new_salt", &["SmallRng"], &[], &[])).is_some(), "the thread-local it reads");
        assert!(verdicts(code, rule("", &["seed_from_u64"], &[], &[])).is_some(), "the whole code, statics included");
        assert_eq!(verdicts(code, rule("other", &["SmallRng"], &[], &[])), None);
    }

    #[test]
    fn a_prepared_statement_takes_its_parameters_first() {
        let code = "fn f(c: &Connection, id: i64) { let mut s = c.prepare(\"SELECT 1 WHERE ?1\").unwrap(); s.execute(params![id]); s.query_row([id], |_| Ok(())); s.execute(&[&id]); }\n";
        assert_eq!(verdicts(code, rule("f", &[], &[], &["execute", "query_row", "prepare"])), None);
    }

    #[test]
    fn a_missing_function_is_named() {
        let shown = verdicts("fn other() {}\n", rule("matches", &["=="], &[], &[])).unwrap_or_default();
        assert!(shown.contains("no function `matches`"), "{shown}");
    }
}
