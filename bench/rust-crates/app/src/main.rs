use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

// A small HTTP service: every request gets a JSON greeting.
fn main() -> std::io::Result<()> {
    let listener = TcpListener::bind("0.0.0.0:8080")?;
    for stream in listener.incoming() {
        let mut stream = stream?;
        let mut request = String::new();
        BufReader::new(&stream).read_line(&mut request)?;
        let body = greeter::greeting("world");
        write!(stream, "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{}", body.len(), body)?;
    }
    Ok(())
}
