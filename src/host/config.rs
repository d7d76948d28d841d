//! The host's config object, read once and checked.
//!
//! ```js
//! UtilityConnect.create({
//!   connectToken,                 // required
//!   apiBaseUrl: "https://…",      // default: the page's own origin
//!   container: element,           // render inline; omit for a modal with a backdrop
//!   newCredentialData: { zipCode: "10001", utilityId: 4226 }, // create mode only
//!   verificationTimeoutMs: 30000, // how long "Checking your login" waits
//!   locale: "en",                 // "en" or "es"; anything else falls back to "en"
//!   theme: { primaryColor: "#0b6e4f", borderRadius: 8, fontFamily: "Inter, sans-serif" },
//!   // or a preset: theme: "dark" | "auto" (follows prefers-color-scheme) | "light",
//!   // or both: theme: { preset: "dark", primaryColor: "#4ade80" },
//!   cspNonce: "…",               // nonce for the injected <style>, for strict CSPs
//!   isolatedFrame: true,          // only the Connect server's frame page sets this
//!   callbacks: { onOpen, onCredentialsSubmitted, onClose, onError, onEvent },
//! })
//! ```
//!
//! A missing token or a wrongly typed `callbacks`/`container` makes the
//! config unusable: `create` still returns a handle (it never throws), whose
//! `open()` reports `invalid_config` and does nothing else. Problems with the
//! optional settings are milder: the setting is ignored and
//! `onError({error: {type: "invalid_config", message}})` is called when the
//! component opens.

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};

use super::Callbacks;
use crate::flow::{validate, Prefill};
use crate::ui::DEFAULT_VERIFICATION_TIMEOUT_MS;

pub struct HostConfig {
    pub connect_token: String,
    /// Empty: same origin as the host page.
    pub api_base_url: String,
    /// Render inline in this element; `None` renders a modal overlay.
    pub container: Option<web_sys::HtmlElement>,
    pub callbacks: Callbacks,
    pub prefill: Prefill,
    pub verification_timeout_ms: u32,
    pub locale: Option<String>,
    /// `--uc-*: value;` declarations from the host's theme.
    pub theme_style: String,
    /// `"light"`, `"dark"` or `"auto"`; `None` is light.
    pub theme_preset: Option<&'static str>,
    /// Put on the injected `<style>` element, for hosts whose CSP allows
    /// styles by nonce only.
    pub csp_nonce: Option<String>,
    /// The component runs in the Connect server's own frame page (set by the
    /// frame bridge), so the host page cannot read what the user types.
    pub isolated_frame: bool,
    /// Problems with optional settings, for `onError` once open.
    pub problems: Vec<String>,
}

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn is_absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}

fn optional_string(object: &JsValue, key: &str) -> Result<Option<String>, String> {
    let value = get(object, key);
    if is_absent(&value) {
        return Ok(None);
    }
    value
        .as_string()
        .map(Some)
        .ok_or_else(|| format!("\"{key}\" must be a string"))
}

/// Theme keys (connect-react style names) and the custom property each sets.
pub const THEME_KEYS: &[(&str, &str)] = &[
    ("primaryColor", "--uc-color-primary"),
    ("primaryTextColor", "--uc-color-primary-text"),
    ("textColor", "--uc-color-text"),
    ("mutedTextColor", "--uc-color-muted"),
    ("backgroundColor", "--uc-color-surface"),
    ("borderColor", "--uc-color-border"),
    ("errorColor", "--uc-color-danger"),
    ("successColor", "--uc-color-success"),
    ("focusColor", "--uc-color-focus"),
    ("overlayColor", "--uc-color-overlay"),
    ("borderRadius", "--uc-radius"),
    ("buttonRadius", "--uc-button-radius"),
    ("fontFamily", "--uc-font"),
    ("fontSize", "--uc-font-size"),
    ("spacing", "--uc-space"),
];

/// Colour presets; the stylesheet has the tokens of each.
pub const THEME_PRESETS: &[&str] = &["light", "dark", "auto"];

fn parse_preset(value: &JsValue, problems: &mut Vec<String>) -> Option<&'static str> {
    let name = value.as_string();
    let preset = name
        .as_deref()
        .and_then(|name| THEME_PRESETS.iter().find(|preset| **preset == name))
        .copied();
    if preset.is_none() {
        problems.push("theme presets are \"light\", \"dark\" and \"auto\"".into());
    }
    preset
}

/// The preset named by `theme` (a string, or an object's `preset` key).
fn parse_theme_preset(theme: &JsValue, problems: &mut Vec<String>) -> Option<&'static str> {
    if theme.as_string().is_some() {
        return parse_preset(theme, problems);
    }
    let preset = if theme.is_object() {
        get(theme, "preset")
    } else {
        JsValue::UNDEFINED
    };
    (!is_absent(&preset))
        .then(|| parse_preset(&preset, problems))
        .flatten()
}

/// Keys whose bare numbers mean pixels.
const LENGTH_KEYS: &[&str] = &["borderRadius", "buttonRadius", "fontSize", "spacing"];

/// A theme value is one CSS value: nothing that could end the declaration,
/// open a block or fetch a URL.
pub fn safe_css_value(value: &str) -> Option<String> {
    let value = value.trim();
    let lower = value.to_ascii_lowercase();
    let unsafe_char = value
        .chars()
        .any(|c| matches!(c, ';' | '{' | '}' | '<' | '>' | '\\' | '\n' | '\r'));
    if value.is_empty()
        || value.len() > 200
        || unsafe_char
        || lower.contains("url(")
        || lower.contains("expression(")
    {
        return None;
    }
    Some(value.to_string())
}

/// Turns `theme` into `--uc-*: value;` declarations; unknown keys and unsafe
/// values are reported and skipped.
fn parse_theme(theme: &JsValue, problems: &mut Vec<String>) -> String {
    if is_absent(theme) || theme.as_string().is_some() {
        return String::new();
    }
    if !theme.is_object() {
        problems.push("\"theme\" must be an object".into());
        return String::new();
    }
    let mut style = String::new();
    let keys = js_sys::Object::keys(theme.unchecked_ref::<js_sys::Object>());
    for key in keys.iter().filter_map(|key| key.as_string()) {
        if key == "preset" {
            continue;
        }
        let Some((_, property)) = THEME_KEYS.iter().find(|(name, _)| *name == key) else {
            problems.push(format!("theme.{key} is not a known theme setting"));
            continue;
        };
        let value = get(theme, &key);
        let text = match value.as_f64() {
            Some(number)
                if LENGTH_KEYS.contains(&key.as_str()) && number.is_finite() && number >= 0.0 =>
            {
                // JavaScript formats the number: keeps Rust's float formatting out of the bundle.
                let number = js_sys::Number::from(number)
                    .to_string_with_radix(10)
                    .ok()
                    .and_then(|text| text.as_string());
                number.map(|number| format!("{number}px"))
            }
            _ => value.as_string(),
        };
        match text.as_deref().and_then(safe_css_value) {
            Some(css) => style.push_str(&format!("{property}: {css}; ")),
            None => problems.push(format!("theme.{key} is not a usable CSS value")),
        }
    }
    style.trim_end().to_string()
}

fn parse_prefill(data: &JsValue, problems: &mut Vec<String>) -> Prefill {
    let mut prefill = Prefill::default();
    if is_absent(data) {
        return prefill;
    }
    if !data.is_object() {
        problems.push("\"newCredentialData\" must be an object".into());
        return prefill;
    }
    let zip = get(data, "zipCode");
    if !is_absent(&zip) {
        let text = match zip.as_f64() {
            Some(number) if number.fract() == 0.0 && (0.0..100_000.0).contains(&number) => {
                Some(format!("{:05}", number as u32))
            }
            _ => zip.as_string().map(|zip| zip.trim().to_string()),
        };
        match text.filter(|zip| validate::is_zip(zip)) {
            Some(zip) => prefill.zip = Some(zip),
            None => problems.push("newCredentialData.zipCode must be a 5-digit ZIP code".into()),
        }
    }
    let id = get(data, "utilityId");
    if !is_absent(&id) {
        let parsed = match id.as_f64() {
            Some(number)
                if number.fract() == 0.0 && number > 0.0 && number <= f64::from(u32::MAX) =>
            {
                Some(number as u32)
            }
            _ => id.as_string().and_then(|id| validate::utility_id(&id)),
        };
        match parsed {
            Some(id) => prefill.utility_id = Some(id),
            None => {
                problems.push("newCredentialData.utilityId must be a utility id (a number)".into())
            }
        }
    }
    prefill
}

fn parse_timeout(value: &JsValue, problems: &mut Vec<String>) -> u32 {
    if is_absent(value) {
        return DEFAULT_VERIFICATION_TIMEOUT_MS;
    }
    match value.as_f64() {
        Some(ms) if ms.is_finite() && (1.0..=600_000.0).contains(&ms) => ms as u32,
        _ => {
            problems.push(
                "\"verificationTimeoutMs\" must be a number of milliseconds up to 600000".into(),
            );
            DEFAULT_VERIFICATION_TIMEOUT_MS
        }
    }
}

fn parse_flag(value: &JsValue, key: &str, problems: &mut Vec<String>) -> bool {
    if is_absent(value) {
        return false;
    }
    value.as_bool().unwrap_or_else(|| {
        problems.push(format!("\"{key}\" must be true or false"));
        false
    })
}

impl HostConfig {
    pub fn parse(config: &JsValue) -> Result<HostConfig, String> {
        if !config.is_object() {
            return Err("create() needs a config object".into());
        }
        let connect_token = optional_string(config, "connectToken")?
            .filter(|token| !token.trim().is_empty())
            .ok_or("Missing \"connectToken\" value.")?;
        let api_base_url = optional_string(config, "apiBaseUrl")?.unwrap_or_default();
        let container = get(config, "container");
        let container = if is_absent(&container) {
            None
        } else {
            Some(
                container
                    .dyn_into::<web_sys::HtmlElement>()
                    .map_err(|_| "\"container\" must be an element")?,
            )
        };
        let callbacks = Callbacks::parse(&get(config, "callbacks"))?;
        let mut problems = Vec::new();
        let prefill = parse_prefill(&get(config, "newCredentialData"), &mut problems);
        let verification_timeout_ms =
            parse_timeout(&get(config, "verificationTimeoutMs"), &mut problems);
        let locale = optional_string(config, "locale").unwrap_or_else(|problem| {
            problems.push(problem);
            None
        });
        let theme_style = parse_theme(&get(config, "theme"), &mut problems);
        let theme_preset = parse_theme_preset(&get(config, "theme"), &mut problems);
        let csp_nonce = optional_string(config, "cspNonce").unwrap_or_else(|problem| {
            problems.push(problem);
            None
        });
        let isolated_frame = parse_flag(
            &get(config, "isolatedFrame"),
            "isolatedFrame",
            &mut problems,
        );
        Ok(HostConfig {
            connect_token,
            api_base_url,
            container,
            callbacks,
            prefill,
            verification_timeout_ms,
            locale,
            theme_style,
            theme_preset,
            csp_nonce,
            isolated_frame,
            problems,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_values_cannot_escape_their_declaration() {
        assert_eq!(safe_css_value(" #0b6e4f ").as_deref(), Some("#0b6e4f"));
        assert_eq!(
            safe_css_value("Inter, \"Helvetica Neue\", sans-serif").as_deref(),
            Some("Inter, \"Helvetica Neue\", sans-serif")
        );
        for bad in [
            "red; background: red",
            "red}",
            "url(https://x)",
            "URL(x)",
            "",
            "a\\62",
            "expression(alert(1))",
        ] {
            assert_eq!(safe_css_value(bad), None, "{bad}");
        }
    }
}
