//! Candidate mutants generated from an implementation, as cargo-mutants generates them:
//! operators, integer and boolean literals, negations. `dev check` runs the reference tests on
//! the candidates no declared mutant covers; one they catch is a behaviour the exercise
//! specifies that a learner's suite may leave unpinned, so it should be declared.

use std::ops::Range;

use syn::spanned::Spanned;
use syn::visit::{self, Visit};
use syn::{BinOp, Expr, Lit, UnOp};

/// A generated mutant: where it changes the code part, to what, and how it is described.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub range: Range<usize>,
    pub replacement: String,
    pub description: String,
}

impl Candidate {
    /// `code` with this change applied.
    pub fn apply(&self, code: &str) -> String {
        format!("{}{}{}", &code[..self.range.start], self.replacement, &code[self.range.end..])
    }
}

/// Candidates for the code part `code` (everything before the tests), except those that overlap
/// a range in `covered` (where a declared mutant already changes the code).
pub fn generate(code: &str, covered: &[Range<usize>]) -> Vec<Candidate> {
    let Ok(file) = syn::parse_str::<syn::File>(code) else { return Vec::new() };
    let mut finder = Finder { code, found: Vec::new() };
    finder.visit_file(&file);
    finder.found.retain(|c| !covered.iter().any(|r| r.start < c.range.end && c.range.start < r.end));
    finder.found
}

struct Finder<'a> {
    code: &'a str,
    found: Vec<Candidate>,
}

impl Finder<'_> {
    fn push(&mut self, range: Range<usize>, replacement: &str) {
        let Some(original) = self.code.get(range.clone()) else { return };
        let line = self.code[..range.start].matches('\n').count() + 1;
        let description = format!("line {line}: `{original}` replaced by `{replacement}`");
        self.found.push(Candidate { range, replacement: replacement.to_owned(), description });
    }
}

/// The operator a binary operator is replaced by, if any.
fn swapped(op: &BinOp) -> Option<&'static str> {
    Some(match op {
        BinOp::Eq(_) => "!=",
        BinOp::Ne(_) => "==",
        BinOp::Lt(_) => "<=",
        BinOp::Le(_) => "<",
        BinOp::Gt(_) => ">=",
        BinOp::Ge(_) => ">",
        BinOp::Add(_) => "-",
        BinOp::Sub(_) => "+",
        BinOp::Mul(_) => "/",
        BinOp::Div(_) => "*",
        BinOp::Rem(_) => "/",
        BinOp::And(_) => "||",
        BinOp::Or(_) => "&&",
        _ => return None,
    })
}

impl<'ast> Visit<'ast> for Finder<'_> {
    fn visit_expr_binary(&mut self, e: &'ast syn::ExprBinary) {
        if let Some(to) = swapped(&e.op) {
            self.push(e.op.span().byte_range(), to);
        }
        visit::visit_expr_binary(self, e);
    }

    fn visit_expr_unary(&mut self, e: &'ast syn::ExprUnary) {
        if matches!(e.op, UnOp::Not(_)) {
            self.push(e.op.span().byte_range(), "");
        }
        visit::visit_expr_unary(self, e);
    }

    fn visit_expr(&mut self, e: &'ast Expr) {
        if let Expr::Lit(lit) = e {
            match &lit.lit {
                Lit::Int(int) => {
                    let suffix = int.suffix();
                    if let Ok(value) = int.base10_parse::<u128>() {
                        let changed = if value == 0 { 1 } else { value + 1 };
                        self.push(lit.span().byte_range(), &format!("{changed}{suffix}"));
                    }
                }
                Lit::Bool(b) => self.push(lit.span().byte_range(), if b.value { "false" } else { "true" }),
                _ => {}
            }
        }
        visit::visit_expr(self, e);
    }

    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        // Tests and other cfg'd modules are not the implementation.
        if !m.attrs.iter().any(|a| a.path().is_ident("cfg")) {
            visit::visit_item_mod(self, m);
        }
    }

    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        // `main` is a demo, not the specified behaviour.
        if f.sig.ident != "main" {
            visit::visit_item_fn(self, f);
        }
    }

    fn visit_macro(&mut self, _: &'ast syn::Macro) {
        // Inside macros (format strings, assertions) changes are rarely behaviour.
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODE: &str = "pub const FROM: u64 = 10_000;\npub fn discount(s: u64) -> u64 {\n    if s >= FROM && !blocked() { 10 } else { 0 }\n}\nfn blocked() -> bool { false }\nfn main() { println!(\"{}\", 1 + 1); }\n";

    #[test]
    fn operators_literals_and_negations_are_changed() {
        let found: Vec<String> = generate(CODE, &[]).into_iter().map(|c| c.description).collect();
        for expected in ["line 1: `10_000` replaced by `10001`", "line 3: `>=` replaced by `>`", "line 3: `&&` replaced by `||`", "line 3: `!` replaced by ``", "line 3: `10` replaced by `11`", "line 5: `false` replaced by `true`"] {
            assert!(found.iter().any(|d| d == expected), "{expected} in {found:?}");
        }
        assert!(!found.iter().any(|d| d.starts_with("line 6")), "main is left alone: {found:?}");
    }

    #[test]
    fn declared_mutants_cover_their_place() {
        let at = CODE.find(">= FROM").unwrap_or(0);
        let covered: Vec<Range<usize>> = std::iter::once(at..at + 7).collect();
        let found = generate(CODE, &covered);
        assert!(!found.iter().any(|c| c.description.contains("`>=`")), "{found:?}");
        let applied = found[0].apply(CODE);
        assert!(applied.starts_with("pub const FROM: u64 = 10001;"), "{applied}");
    }
}
