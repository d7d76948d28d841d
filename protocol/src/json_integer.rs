//! JSON Schema, and so the API document, counts `5.0` as an integer; serde's
//! integer types refuse it. This accepts any number without a fractional
//! part that fits the field's type.

use serde::de::Error;
use serde::{Deserialize, Deserializer};

pub fn optional<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<i64>,
{
    let Some(number) = Option::<serde_json::Number>::deserialize(deserializer)? else {
        return Ok(None);
    };
    let whole = number.as_i64().or_else(|| {
        number
            .as_f64()
            .filter(|f| f.fract() == 0.0 && *f >= i64::MIN as f64 && *f < i64::MAX as f64)
            .map(|f| f as i64)
    });
    whole
        .and_then(|n| T::try_from(n).ok())
        .map(Some)
        .ok_or_else(|| D::Error::custom(format!("{number} is not an integer in range")))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Body {
        #[serde(default, deserialize_with = "super::optional")]
        id: Option<u32>,
    }

    fn parse(json: &str) -> Option<Option<u32>> {
        serde_json::from_str::<Body>(json).ok().map(|b| b.id)
    }

    #[test]
    fn whole_numbers_in_any_notation_are_integers() {
        assert_eq!(parse(r#"{"id": 7}"#), Some(Some(7)));
        assert_eq!(parse(r#"{"id": 7.0}"#), Some(Some(7)));
        assert_eq!(parse(r#"{"id": 7e2}"#), Some(Some(700)));
        assert_eq!(parse(r#"{"id": null}"#), Some(None));
        assert_eq!(parse(r#"{}"#), Some(None));
        for refused in [
            r#"{"id": 7.5}"#,
            r#"{"id": -1}"#,
            r#"{"id": 1e30}"#,
            r#"{"id": "7"}"#,
        ] {
            assert_eq!(parse(refused), None, "{refused}");
        }
    }
}
