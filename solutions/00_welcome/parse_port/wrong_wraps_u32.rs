//! wrong: parses a u32 and converts it with `as u16`, which wraps 70000 around to 4464
//! expect: ports stop at 65535

/// The port in `text`, or an error message saying what is wrong.
pub fn parse_port(text: &str) -> Result<u16, String> {
    let number: u32 = text.parse().map_err(|err| format!("not a port: {err}"))?;
    let port = number as u16;
    if port == 0 {
        return Err("port 0 is not a port you can listen on".to_string());
    }
    Ok(port)
}

fn main() {
    println!("{:?}", parse_port("8080"));
}
