use tower_http::services::ServeDir;

// Prints the page it would serve from static/, read from its working directory, and exits:
// the image must hold static/ where the program runs.
fn main() {
    let pages = ServeDir::new("static");
    match pages.read("hello.txt") {
        Ok(text) => print!("{}", text),
        Err(err) => {
            eprintln!("static/hello.txt: {}", err);
            std::process::exit(1);
        }
    }
}
