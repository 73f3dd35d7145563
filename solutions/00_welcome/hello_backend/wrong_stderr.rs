//! wrong: prints to standard error instead of standard output
//! expect: printed:  (nothing)

fn main() {
    eprintln!("Hello, backend!");
}
