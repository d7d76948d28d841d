//! The host's callbacks. Payloads are built here, from plain values, so no
//! secret can reach the host: nothing in these signatures carries one.

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::flow::{HostEvent, MetaValue};

#[derive(Clone, Default)]
pub struct Callbacks {
    on_open: Option<Function>,
    on_close: Option<Function>,
    on_error: Option<Function>,
    on_event: Option<Function>,
    on_credentials_submitted: Option<Function>,
}

fn object(entries: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in entries {
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}

/// A throwing host callback must not break the component.
fn call(callback: &Option<Function>, args: &[JsValue]) {
    if let Some(callback) = callback {
        let array: js_sys::Array = args.iter().collect();
        if let Err(error) = callback.apply(&JsValue::NULL, &array) {
            web_sys::console::error_2(&"UtilityConnect: a host callback threw:".into(), &error);
        }
    }
}

impl Callbacks {
    pub fn parse(value: &JsValue) -> Result<Callbacks, String> {
        if value.is_undefined() || value.is_null() {
            return Ok(Callbacks::default());
        }
        let function = |name: &str| -> Result<Option<Function>, String> {
            let value = Reflect::get(value, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
            if value.is_undefined() || value.is_null() {
                return Ok(None);
            }
            value
                .dyn_into::<Function>()
                .map(Some)
                .map_err(|_| format!("callbacks.{name} must be a function"))
        };
        Ok(Callbacks {
            on_open: function("onOpen")?,
            on_close: function("onClose")?,
            on_error: function("onError")?,
            on_event: function("onEvent")?,
            on_credentials_submitted: function("onCredentialsSubmitted")?,
        })
    }

    /// Only the `onError` of a config that cannot be used otherwise, so that
    /// even a broken config hears why nothing opens.
    pub fn error_only(config: &JsValue) -> Callbacks {
        let callbacks = Reflect::get(config, &JsValue::from_str("callbacks")).ok();
        let on_error = callbacks
            .filter(|callbacks| callbacks.is_object() || callbacks.is_function())
            .and_then(|callbacks| Reflect::get(&callbacks, &JsValue::from_str("onError")).ok())
            .and_then(|value| value.dyn_into::<Function>().ok());
        Callbacks {
            on_error,
            ..Callbacks::default()
        }
    }

    pub fn open(&self) {
        call(&self.on_open, &[]);
    }

    pub fn error(&self, kind: &str, message: &str) {
        let error = object(&[("type", kind.into()), ("message", message.into())]);
        call(&self.on_error, &[object(&[("error", error)])]);
    }

    pub fn close(&self, status: &str, utility_credential_id: Option<i64>) {
        let mut entries = vec![("status", JsValue::from_str(status))];
        if let Some(id) = utility_credential_id {
            entries.push(("utilityCredentialId", JsValue::from_f64(id as f64)));
        }
        call(&self.on_close, &[object(&entries)]);
    }

    pub fn credentials_submitted(&self, utility_credential_id: i64) {
        let payload = object(&[(
            "utilityCredentialId",
            JsValue::from_f64(utility_credential_id as f64),
        )]);
        call(&self.on_credentials_submitted, &[payload]);
    }

    /// `onEvent(name, metadata)`; metadata holds only numbers and fixed strings.
    pub fn event(&self, event: &HostEvent) {
        let metadata: Vec<(&str, JsValue)> = event
            .metadata()
            .into_iter()
            .map(|(key, value)| {
                let value = match value {
                    MetaValue::Str(text) => JsValue::from_str(text),
                    MetaValue::Num(number) => JsValue::from_f64(number as f64),
                };
                (key, value)
            })
            .collect();
        call(&self.on_event, &[event.name().into(), object(&metadata)]);
    }
}
