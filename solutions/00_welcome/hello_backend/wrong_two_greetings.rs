//! wrong: adds the new greeting but keeps the old one
//! expect: printed:  "Hello, world!"

fn main() {
    println!("Hello, world!");
    println!("Hello, backend!");
}
