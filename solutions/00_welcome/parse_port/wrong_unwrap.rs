//! wrong: unwraps the parse, so bad input panics instead of returning an error
//! expect: a bad value must come back as Err(message), not crash the service

/// The port in `text`, or an error message saying what is wrong.
pub fn parse_port(text: &str) -> Result<u16, String> {
    let port: u16 = text.parse().unwrap();
    if port == 0 {
        return Err("port 0 is not a port you can listen on".to_string());
    }
    Ok(port)
}

fn main() {
    println!("{:?}", parse_port("8080"));
}
