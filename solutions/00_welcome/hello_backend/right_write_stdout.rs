//! right: writes the line to a locked standard output

use std::io::Write;

fn main() {
    let mut out = std::io::stdout().lock();
    writeln!(out, "Hello, backend!").expect("standard output is writable");
}
