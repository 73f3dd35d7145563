//! Result sets compared as a reviewer would: as multisets of rows, or in order when the exercise
//! asks for an order; NULL is not '' and numbers compare by value. Differences are shown as
//! aligned tables.

use rusqlite::types::Value;

use crate::verify::TestResult;

/// Rows shown in a failure message.
const SHOWN_ROWS: usize = 5;
/// Widest a value is shown in a table.
const SHOWN_WIDTH: usize = 40;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResultSet {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

pub fn compare_named(name: &str, actual: &ResultSet, expected: &ResultSet, ordered: bool, column_names: bool) -> TestResult {
    match compare(actual, expected, ordered, column_names) {
        None => TestResult::pass(name),
        Some(message) => TestResult::fail(name, message),
    }
}

/// Why `actual` is not `expected`, or `None` when they match.
pub fn compare(actual: &ResultSet, expected: &ResultSet, ordered: bool, column_names: bool) -> Option<String> {
    if actual.columns.len() != expected.columns.len() {
        return Some(format!(
            "your query returns {} column(s) ({}); expected {} ({})\n\n{}",
            actual.columns.len(),
            actual.columns.join(", "),
            expected.columns.len(),
            expected.columns.join(", "),
            preview(actual)
        ));
    }
    if column_names {
        let same = actual.columns.iter().zip(&expected.columns).all(|(a, e)| a.eq_ignore_ascii_case(e));
        if !same {
            return Some(format!("your columns are named ({}); expected ({}): name them with AS", actual.columns.join(", "), expected.columns.join(", ")));
        }
    }
    let (missing, unexpected) = multiset_difference(&actual.rows, &expected.rows);
    if missing.is_empty() && unexpected.is_empty() {
        if ordered && !rows_equal_in_order(&actual.rows, &expected.rows) {
            let at = actual.rows.iter().zip(&expected.rows).position(|(a, e)| !row_eq(a, e)).unwrap_or(0);
            return Some(format!(
                "the rows are right but in the wrong order (first difference at row {}): this exercise asks for an order, so the query needs an ORDER BY that gives exactly it (ties included)\n  expected row {}: {}\n  your row {}:     {}",
                at + 1,
                at + 1,
                show_row(&expected.rows[at]),
                at + 1,
                show_row(&actual.rows[at])
            ));
        }
        return None;
    }
    let mut message = if actual.rows.len() == expected.rows.len() {
        format!("your query returns the right number of rows ({}), but not the right ones", actual.rows.len())
    } else {
        format!("your query returns {} row(s); expected {}", actual.rows.len(), expected.rows.len())
    };
    if !missing.is_empty() {
        message.push_str(&format!("\n\nmissing rows ({}), for example:\n{}", missing.len(), table(&expected.columns, &missing)));
    }
    if !unexpected.is_empty() {
        message.push_str(&format!("\n\nunexpected rows ({}), for example:\n{}", unexpected.len(), table(&actual.columns, &unexpected)));
    }
    message.push_str(&format!("\n\n{}", preview(actual)));
    Some(message)
}

fn multiset_difference<'a>(actual: &'a [Vec<Value>], expected: &'a [Vec<Value>]) -> (Vec<&'a Vec<Value>>, Vec<&'a Vec<Value>>) {
    let mut unmatched: Vec<&Vec<Value>> = actual.iter().collect();
    let mut missing = Vec::new();
    for row in expected {
        match unmatched.iter().position(|a| row_eq(a, row)) {
            Some(i) => {
                unmatched.swap_remove(i);
            }
            None => missing.push(row),
        }
    }
    (missing, unmatched)
}

fn rows_equal_in_order(a: &[Vec<Value>], b: &[Vec<Value>]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| row_eq(x, y))
}

fn row_eq(a: &[Value], b: &[Value]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| value_eq(x, y))
}

/// Whether two results hold the same rows (in the same order when `ordered`).
pub fn same_rows(a: &ResultSet, b: &ResultSet, ordered: bool) -> bool {
    if ordered {
        rows_equal_in_order(&a.rows, &b.rows)
    } else {
        let (missing, unexpected) = multiset_difference(&a.rows, &b.rows);
        missing.is_empty() && unexpected.is_empty()
    }
}

/// NULL equals only NULL; numbers compare numerically with a small relative tolerance.
pub fn value_eq(a: &Value, b: &Value) -> bool {
    let number = |v: &Value| match v {
        Value::Integer(i) => Some(*i as f64),
        Value::Real(r) => Some(*r),
        _ => None,
    };
    match (a, b) {
        (Value::Integer(x), Value::Integer(y)) => x == y,
        _ => match (number(a), number(b)) {
            (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0),
            _ => a == b,
        },
    }
}

fn show_value(value: &Value) -> String {
    let shown = match value {
        Value::Null => "NULL".into(),
        Value::Integer(i) => i.to_string(),
        Value::Real(r) => r.to_string(),
        Value::Text(t) => format!("'{}'", t.replace('\'', "''")),
        Value::Blob(b) => format!("x'{}'", b.iter().map(|byte| format!("{byte:02x}")).collect::<String>()),
    };
    if shown.chars().count() > SHOWN_WIDTH { format!("{}...", shown.chars().take(SHOWN_WIDTH - 3).collect::<String>()) } else { shown }
}

pub fn show_row(row: &[Value]) -> String {
    row.iter().map(show_value).collect::<Vec<_>>().join(" | ")
}

/// The first rows as an aligned table under the column names.
pub fn table(columns: &[String], rows: &[&Vec<Value>]) -> String {
    let shown: Vec<Vec<String>> = rows.iter().take(SHOWN_ROWS).map(|row| row.iter().map(show_value).collect()).collect();
    let widths: Vec<usize> =
        columns.iter().enumerate().map(|(i, c)| shown.iter().filter_map(|r| r.get(i)).map(|v| v.chars().count()).chain([c.chars().count()]).max().unwrap_or(0)).collect();
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells.iter().enumerate().map(|(i, c)| format!("{c:<width$}", width = widths.get(i).copied().unwrap_or(0))).collect();
        format!("  {}", padded.join(" | ").trim_end())
    };
    let mut out = line(columns);
    for row in &shown {
        out.push('\n');
        out.push_str(&line(row));
    }
    if rows.len() > SHOWN_ROWS {
        out.push_str(&format!("\n  ... {} more", rows.len() - SHOWN_ROWS));
    }
    out
}

pub fn preview(result: &ResultSet) -> String {
    let rows: Vec<&Vec<Value>> = result.rows.iter().collect();
    format!("your query returned ({} row(s)):\n{}", rows.len(), table(&result.columns, &rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_and_reals_compare_numerically() {
        assert!(value_eq(&Value::Integer(2), &Value::Real(2.0)));
        assert!(!value_eq(&Value::Integer(2), &Value::Text("2".into())));
        assert!(!value_eq(&Value::Null, &Value::Text(String::new())));
    }

    #[test]
    fn tables_are_aligned_under_their_columns() {
        let rows = [vec![Value::Text("lamp".into()), Value::Integer(30)], vec![Value::Text("a".into()), Value::Null]];
        let refs: Vec<&Vec<Value>> = rows.iter().collect();
        assert_eq!(table(&["name".into(), "price".into()], &refs), "  name   | price\n  'lamp' | 30\n  'a'    | NULL");
    }
}
