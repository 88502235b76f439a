fn main() {
    prost_build::compile_protos(&["proto/greeting.proto"], &["proto"]).expect("protoc");
}
