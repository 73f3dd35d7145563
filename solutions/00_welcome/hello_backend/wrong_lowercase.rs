//! wrong: starts the greeting with a lowercase h
//! expect: printed:  "hello, backend!"

fn main() {
    println!("hello, backend!");
}
