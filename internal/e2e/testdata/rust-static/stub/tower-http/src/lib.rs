//! A stand-in for tower-http's `services::ServeDir`: it names a directory that the program
//! reads from its working directory.
pub mod services {
    use std::path::{Path, PathBuf};

    pub struct ServeDir {
        dir: PathBuf,
    }

    impl ServeDir {
        pub fn new(dir: impl AsRef<Path>) -> Self {
            ServeDir { dir: dir.as_ref().to_path_buf() }
        }

        pub fn read(&self, name: &str) -> std::io::Result<String> {
            std::fs::read_to_string(self.dir.join(name))
        }
    }
}
