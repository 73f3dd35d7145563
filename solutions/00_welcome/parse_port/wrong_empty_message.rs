//! wrong: satisfies the type checker with an empty error message
//! expect: the Err carries a message saying what is wrong

/// The port in `text`, or an error message saying what is wrong.
pub fn parse_port(text: &str) -> Result<u16, String> {
    let port: u16 = text.parse().map_err(|_| String::new())?;
    if port == 0 {
        return Err("port 0 is not a port you can listen on".to_string());
    }
    Ok(port)
}

fn main() {
    println!("{:?}", parse_port("8080"));
}
