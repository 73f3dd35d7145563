//! Assertions without a message: when one fails, the learner reads `assertion left == right
//! failed` and two values, and nothing says which requirement is at stake.

use proc_macro2::TokenTree;
use syn::visit::Visit;

/// Lines of the `assert!`, `assert_eq!` and `assert_ne!` calls in the test modules of `source`
/// that have no message.
pub fn without_message(source: &str) -> Vec<usize> {
    let Ok(file) = syn::parse_str::<syn::File>(source) else { return Vec::new() };
    let mut finder = Finder::default();
    for item in &file.items {
        if let syn::Item::Mod(module) = item
            && module.attrs.iter().any(|a| a.path().is_ident("cfg"))
        {
            finder.visit_item_mod(module);
        }
    }
    finder.lines
}

#[derive(Default)]
struct Finder {
    lines: Vec<usize>,
}

impl Visit<'_> for Finder {
    fn visit_macro(&mut self, m: &syn::Macro) {
        let Some(name) = m.path.segments.last().map(|s| s.ident.to_string()) else { return };
        let needed = match name.as_str() {
            "assert" | "debug_assert" => 2,
            "assert_eq" | "assert_ne" | "debug_assert_eq" | "debug_assert_ne" => 3,
            _ => {
                // Assertions inside other macros (a helper macro's body) are left alone.
                return;
            }
        };
        if arguments(m.tokens.clone()) < needed {
            self.lines.push(m.path.segments.first().map_or(0, |s| s.ident.span().start().line));
        }
    }
}

/// Top-level comma-separated arguments of a macro call (commas inside groups and closures'
/// bodies do not count; a trailing comma does not add one).
fn arguments(tokens: proc_macro2::TokenStream) -> usize {
    let mut count = 0;
    let mut in_argument = false;
    let mut depth = 0i32;
    for token in tokens {
        match &token {
            TokenTree::Punct(p) if p.as_char() == ',' && depth == 0 => {
                if in_argument {
                    count += 1;
                }
                in_argument = false;
            }
            // Generic arguments (`Vec::<u8>::new()`) hold commas too.
            TokenTree::Punct(p) if p.as_char() == '<' => {
                depth += 1;
                in_argument = true;
            }
            TokenTree::Punct(p) if p.as_char() == '>' && depth > 0 => {
                depth -= 1;
                in_argument = true;
            }
            _ => in_argument = true,
        }
    }
    count + usize::from(in_argument)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_assertions_are_found_by_line() {
        let tests = "#[cfg(test)]\nmod tests {\nfn t() {\n    assert_eq!(f(1, 2), 3);\n    assert_eq!(f(1, 2), 3, \"1 + 2 is 3\");\n    assert!(ok());\n    assert!(matches!(g(), Ok(_)), \"g succeeds\",);\n    assert_ne!(h::<u8, u16>(), 0);\n}\n}\nfn main() { assert!(true); }\n";
        assert_eq!(without_message(tests), vec![4, 6, 8], "outside the tests is not the tests");
    }
}
