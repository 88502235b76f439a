#[cfg(not(any(feature = "english", feature = "french")))]
compile_error!("enable a language: --features english or --features french");

#[cfg(feature = "english")]
const GREETING: &str = "hello";
#[cfg(all(feature = "french", not(feature = "english")))]
const GREETING: &str = "bonjour";

fn main() {
    println!("{GREETING}");
}

#[cfg(test)]
mod tests {
    #[test]
    fn greets_in_the_language_built() {
        assert!(!super::GREETING.is_empty());
    }
}
