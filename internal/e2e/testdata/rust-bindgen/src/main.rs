// The libclang version the build script's bindgen loaded at build time.
const VERSION: &str = include_str!(concat!(env!("OUT_DIR"), "/clang-version.txt"));

fn main() {
    println!("libclang at build time: {}", VERSION);
}
