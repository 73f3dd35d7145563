//! # Your first check
//!
//! Every exercise in this course is a small Rust program that the runner checks when you save
//! it. This one is checked by what it prints: make it print exactly
//!
//!     Hello, backend!
//!
//! Why it matters: a backend is a program like any other. Logs, health checks and command-line
//! tools all start with a process writing to its standard output.

fn main() {
    // TODO: print the greeting above (one line, exactly as shown).
    println!("Hello, world!");
}
