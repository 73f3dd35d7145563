//! wrong: parses an i32 and checks only the top of the range, so -1 becomes port 65535
//! expect: "-1" is not a port number: return an Err

/// The port in `text`, or an error message saying what is wrong.
pub fn parse_port(text: &str) -> Result<u16, String> {
    let number: i32 = text.parse().map_err(|err| format!("not a port: {err}"))?;
    if number > 65535 {
        return Err(format!("{number} is above 65535"));
    }
    let port = number as u16;
    if port == 0 {
        return Err("port 0 is not a port you can listen on".to_string());
    }
    Ok(port)
}

fn main() {
    println!("{:?}", parse_port("8080"));
}
