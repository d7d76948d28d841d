//! Input checks, by hand (no regex in the bundle).

/// The zip rule lives once, in `protocol`; the flow re-exports it under its
/// own input-check name.
pub use protocol::zip::is_valid_zip as is_zip;

/// A one-time code as typed, spaces and dashes removed; `None` unless it is
/// 4 to 10 digits.
pub fn code(text: &str) -> Option<String> {
    let code: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    (code.len() >= 4 && code.len() <= 10 && code.bytes().all(|b| b.is_ascii_digit()))
        .then_some(code)
}

/// A utility id from the host, as a number or a string of digits.
pub fn utility_id(text: &str) -> Option<u32> {
    let text = text.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|id| *id > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_4_to_10_digits_ignoring_spaces() {
        assert_eq!(code("123 456").as_deref(), Some("123456"));
        assert_eq!(code("123-456").as_deref(), Some("123456"));
        assert_eq!(code("123"), None);
        assert_eq!(code("12a456"), None);
        assert_eq!(code(""), None);
    }

    #[test]
    fn utility_ids_are_positive_numbers() {
        assert_eq!(utility_id("2337"), Some(2337));
        assert_eq!(utility_id(" 42 "), Some(42));
        assert_eq!(utility_id("0"), None);
        assert_eq!(utility_id("12x"), None);
        assert_eq!(utility_id("99999999999"), None);
    }
}
