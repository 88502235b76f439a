fn main() {
    let version = bindgen::clang_version().expect("Unable to find libclang");
    let out = std::env::var("OUT_DIR").unwrap();
    std::fs::write(std::path::Path::new(&out).join("clang-version.txt"), version).unwrap();
}
