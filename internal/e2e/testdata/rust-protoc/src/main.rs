// The descriptor set protoc wrote at build time, with the well-known type it imports.
const DESCRIPTORS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/descriptors.bin"));

fn main() {
    let wkt = b"google/protobuf/wrappers.proto";
    let found = DESCRIPTORS.windows(wkt.len()).any(|w| w == wkt);
    println!("descriptors of {} bytes, wrappers.proto included: {}", DESCRIPTORS.len(), found);
}
