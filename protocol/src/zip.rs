//! The zip code rule both sides apply: a US zip is exactly five ASCII digits.

/// How many digits a zip code has.
pub const ZIP_DIGITS: usize = 5;
/// The rule as a JSON Schema / OpenAPI `pattern`, for documents.
pub const ZIP_PATTERN: &str = "^[0-9]{5}$";

/// Exactly five ASCII digits (no ZIP+4, no spaces).
pub fn is_valid_zip(text: &str) -> bool {
    text.len() == ZIP_DIGITS && text.bytes().all(|b| b.is_ascii_digit())
}

/// The zip as a number, for lookups, if it is valid.
pub fn zip_number(text: &str) -> Option<u32> {
    is_valid_zip(text).then(|| text.bytes().fold(0, |n, b| n * 10 + u32::from(b - b'0')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_digits_and_nothing_else() {
        assert!(is_valid_zip("02108"));
        assert_eq!(zip_number("02108"), Some(2108));
        assert_eq!(ZIP_PATTERN, format!("^[0-9]{{{ZIP_DIGITS}}}$"));
        for bad in [
            "",
            "0210",
            "021080",
            "0210a",
            " 2108",
            "02108-1234",
            "٠٢١٠٨",
            "２１０８８",
        ] {
            assert!(!is_valid_zip(bad), "{bad:?}");
            assert_eq!(zip_number(bad), None, "{bad:?}");
        }
    }
}
