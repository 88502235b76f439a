use serde::{Deserialize, Serialize};

/// What the service answers, as JSON.
#[derive(Serialize, Deserialize, Debug, PartialEq)]
pub struct Greeting {
    pub message: String,
    pub to: String,
}

/// The greeting for `to`, as JSON.
pub fn greeting(to: &str) -> String {
    serde_json::to_string(&Greeting { message: format!("hello, {to}"), to: to.to_string() }).expect("a greeting serializes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let back: Greeting = serde_json::from_str(&greeting("you")).unwrap();
        assert_eq!(back, Greeting { message: "hello, you".into(), to: "you".into() });
    }
}
