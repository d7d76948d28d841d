//! The host's config object, read once and checked.

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};

use super::Callbacks;

pub struct HostConfig {
    pub connect_token: String,
    /// Empty: same origin as the host page.
    pub api_base_url: String,
    /// Render inline in this element; `None` renders a modal overlay.
    pub container: Option<web_sys::HtmlElement>,
    pub callbacks: Callbacks,
}

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn optional_string(object: &JsValue, key: &str) -> Result<Option<String>, String> {
    let value = get(object, key);
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value.as_string().map(Some).ok_or_else(|| format!("\"{key}\" must be a string"))
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
        let container = if container.is_undefined() || container.is_null() {
            None
        } else {
            Some(container.dyn_into::<web_sys::HtmlElement>().map_err(|_| "\"container\" must be an element")?)
        };
        let callbacks = Callbacks::parse(&get(config, "callbacks"))?;
        Ok(HostConfig { connect_token, api_base_url, container, callbacks })
    }
}
