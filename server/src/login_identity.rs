//! What counts as "the same login" for the per-login limits (`login_limit`).
//!
//! A utility decides for itself which usernames are one account, and we
//! cannot ask it. Counting too few strings as one lets an attacker spend
//! fresh failure budgets on spellings the utility folds together; counting
//! too many only makes two near-identical logins share a budget. So the key
//! folds every difference a utility plausibly ignores: Unicode compatibility
//! forms (NFKC: full-width letters, ligatures, the Kelvin sign), invisible
//! format characters (zero-width spaces and joiners, soft hyphens, bidi
//! marks, variation selectors), letter case (including the Turkish dotless
//! `ı`, which upper-cases to `I`) and surrounding white space. Punctuation
//! and inner spaces stay: `victim.` and `vic tim` are other usernames.

use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

/// The counting form of a username; never stored, only keyed (`LoginKey`).
pub fn normalise(username: &str) -> Zeroizing<String> {
    let visible: Zeroizing<String> =
        Zeroizing::new(username.nfkc().filter(|c| !is_invisible(*c)).collect());
    // Upper then lower: folds `ı`/`I`/`i` and `ß`/`SS`/`ss` together, as a
    // utility comparing upper-cased forms would.
    let upper = Zeroizing::new(visible.to_uppercase());
    let lower = Zeroizing::new(upper.to_lowercase());
    let folded: Zeroizing<String> = Zeroizing::new(lower.nfkc().collect());
    Zeroizing::new(folded.trim().to_string())
}

/// Unicode's Default_Ignorable_Code_Point set: characters that render as
/// nothing, so a user cannot tell two usernames apart by them.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn spellings_a_utility_may_fold_are_one_login() {
        let victim = normalise("victim@example.com");
        for variant in [
            "VICTIM@EXAMPLE.COM",
            "  victim@example.com\t",
            "victim\u{200B}@example.com",
            "\u{FEFF}vic\u{200D}tim@exa\u{00AD}mple.com",
            "v\u{0131}ctim@example.com",
            "ＶＩＣＴＩＭ＠ｅｘａｍｐｌｅ．ｃｏｍ",
            "victim@example.com\u{2060}",
        ] {
            assert_eq!(*normalise(variant), *victim, "{variant:?}");
        }
        assert_eq!(*normalise("STRASSE"), *normalise("straße"));
    }

    #[test]
    fn other_strings_stay_other_logins() {
        let victim = normalise("victim");
        for other in ["victim.", "vic tim", "victim1", "vict1m", "vіctim"] {
            assert_ne!(*normalise(other), *victim, "{other:?}");
        }
    }
}
