//! hello serves `GET /?name=x` with `{"message":"hello, x"}` on `-addr host:port` (default
//! 0.0.0.0:8080), one connection at a time: a small real program with no dependencies.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};

fn main() -> std::io::Result<()> {
    let mut addr = String::from("0.0.0.0:8080");
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "-addr") {
        if let Some(a) = args.get(i + 1) {
            addr = a.clone();
        }
    }
    let listener = TcpListener::bind(&addr)?;
    println!("listening on {addr} as uid {}", uid().unwrap_or_else(|| "?".into()));
    for stream in listener.incoming() {
        if let Err(e) = stream.and_then(handle) {
            eprintln!("connection: {e}");
        }
    }
    Ok(())
}

fn handle(stream: TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    // drain the headers
    let mut line = String::new();
    while reader.read_line(&mut line)? > 2 {
        line.clear();
    }
    let target = request.split_whitespace().nth(1).unwrap_or("/");
    let body = hello::json(hello::name_param(target).as_deref()) + "\n";
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// The real uid of this process, from /proc (no libc crate: the example has no dependencies).
fn uid() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("Uid:"))?;
    line.split_whitespace().nth(1).map(str::to_string)
}
