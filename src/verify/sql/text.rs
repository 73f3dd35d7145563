//! SQL as text: comments, statements, and whether a query asks for an order.

pub fn one_line(sql: &str) -> String {
    let line = sql.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > 70 { format!("{}...", line.chars().take(67).collect::<String>()) } else { line }
}

pub fn has_statement(sql: &str) -> bool {
    strip_comments(sql).chars().any(|c| c.is_alphanumeric())
}

fn strip_comments(sql: &str) -> String {
    let mut out = String::new();
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('-', Some('-')) => {
                while chars.next_if(|&c| c != '\n').is_some() {}
            }
            ('/', Some('*')) => {
                chars.next();
                let mut prev = ' ';
                for c in chars.by_ref() {
                    if prev == '*' && c == '/' {
                        break;
                    }
                    prev = c;
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Whether the last statement of a script has an ORDER BY outside any parentheses.
pub fn last_statement_orders(sql: &str) -> bool {
    let code = strip_comments(sql);
    let last = code.split(';').rev().find(|s| s.chars().any(|c| c.is_alphanumeric())).unwrap_or("");
    has_top_level_order_by(last)
}

pub fn has_top_level_order_by(sql: &str) -> bool {
    let code = strip_comments(sql);
    let mut depth = 0i32;
    let mut quoted = false;
    let mut flat = String::new();
    for c in code.chars() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            _ if depth == 0 && !quoted => flat.push(c.to_ascii_uppercase()),
            _ => {}
        }
    }
    flat.split_whitespace().collect::<Vec<_>>().windows(2).any(|w| w == ["ORDER", "BY"])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_by_inside_a_subquery_does_not_count() {
        assert!(!last_statement_orders("SELECT * FROM (SELECT id FROM t ORDER BY id)"));
        assert!(last_statement_orders("-- ORDER BY in a comment\nSELECT id FROM t\norder by id;"));
        assert!(!last_statement_orders("SELECT 'ORDER BY' FROM t"));
    }

    #[test]
    fn comments_are_not_statements() {
        assert!(!has_statement("-- TODO: write it\n/* later */\n"));
        assert!(has_statement("-- x\nSELECT 1"));
    }
}
