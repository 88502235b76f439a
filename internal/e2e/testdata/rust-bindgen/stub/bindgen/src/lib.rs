//! A stand-in of ours for bindgen: like bindgen (through clang-sys's runtime loading) it looks for
//! libclang's shared library in the usual directories, loads it, and asks it something; the rust
//! image has no libclang, so a build script using it stops there.

use std::ffi::{CStr, CString};
use std::fs;
use std::os::raw::{c_char, c_int, c_void};

#[repr(C)]
struct CXString {
    data: *const c_void,
    flags: u32,
}

extern "C" {
    fn dlopen(filename: *const c_char, flag: c_int) -> *mut c_void;
    fn dlsym(handle: *mut c_void, symbol: *const c_char) -> *mut c_void;
}

/// The directories clang-sys searches on Linux, and the names it takes for libclang.
fn candidates() -> Vec<String> {
    let mut dirs = vec!["/usr/lib".to_string(), "/usr/lib64".to_string(), "/usr/local/lib".to_string()];
    for parent in ["/usr/lib", "/usr/lib64"] {
        if let Ok(entries) = fs::read_dir(parent) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().to_string();
                if name.starts_with("llvm") {
                    dirs.push(format!("{}/{}/lib", parent, name));
                } else if name.ends_with("-linux-gnu") {
                    dirs.push(format!("{}/{}", parent, name));
                }
            }
        }
    }
    let mut out = Vec::new();
    for d in dirs {
        if let Ok(entries) = fs::read_dir(&d) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().to_string();
                if name == "libclang.so" || (name.starts_with("libclang-") && name.contains(".so")) || name.starts_with("libclang.so.") {
                    out.push(format!("{}/{}", d, name));
                }
            }
        }
    }
    out.sort();
    out
}

/// The version string of the first libclang that loads, None when there is none.
pub fn clang_version() -> Option<String> {
    for path in candidates() {
        let c = CString::new(path.clone()).ok()?;
        unsafe {
            let lib = dlopen(c.as_ptr(), 2); // RTLD_NOW
            if lib.is_null() {
                continue;
            }
            let get_name = CString::new("clang_getClangVersion").unwrap();
            let cstr_name = CString::new("clang_getCString").unwrap();
            let get = dlsym(lib, get_name.as_ptr());
            let cstr = dlsym(lib, cstr_name.as_ptr());
            if get.is_null() || cstr.is_null() {
                continue;
            }
            let get: extern "C" fn() -> CXString = std::mem::transmute(get);
            let cstr: extern "C" fn(CXString) -> *const c_char = std::mem::transmute(cstr);
            let v = cstr(get());
            if !v.is_null() {
                return Some(CStr::from_ptr(v).to_string_lossy().into_owned());
            }
        }
    }
    None
}
