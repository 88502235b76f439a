//! A stand-in of ours for prost-build: like prost-build 0.11 and later it runs the protoc on
//! the PATH (or PROTOC), which the rust image does not have, and writes what protoc gives into
//! OUT_DIR.

use std::{env, io, path::Path, process::Command};

pub fn compile_protos(protos: &[&str], includes: &[&str]) -> io::Result<()> {
    let out = env::var("OUT_DIR").map_err(|e| io::Error::new(io::ErrorKind::Other, e))?;
    let protoc = env::var("PROTOC").unwrap_or_else(|_| "protoc".to_string());
    let mut cmd = Command::new(protoc);
    cmd.arg("--include_imports")
        .arg(format!("--descriptor_set_out={}", Path::new(&out).join("descriptors.bin").display()));
    for i in includes {
        cmd.arg(format!("-I{i}"));
    }
    cmd.args(protos);
    let status = cmd.status().map_err(|e| io::Error::new(e.kind(), format!("Could not find `protoc`: {e}")))?;
    if !status.success() {
        return Err(io::Error::new(io::ErrorKind::Other, format!("protoc failed: {status}")));
    }
    for p in protos {
        println!("cargo:rerun-if-changed={p}");
    }
    Ok(())
}
