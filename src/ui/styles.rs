//! The component's stylesheet, injected once per document so that an embed
//! is one `.js` and one `.wasm`, with no stylesheet for the host to link.

const STYLE_ELEMENT_ID: &str = "uc-styles";
// Minified by build.rs from styles/connect.css.
const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/connect.min.css"));

pub fn inject_once(document: &web_sys::Document, csp_nonce: Option<&str>) {
    if document.get_element_by_id(STYLE_ELEMENT_ID).is_some() {
        return;
    }
    let Ok(style) = document.create_element("style") else {
        return;
    };
    style.set_id(STYLE_ELEMENT_ID);
    if let Some(nonce) = csp_nonce {
        let _ = style.set_attribute("nonce", nonce);
    }
    style.set_text_content(Some(CSS));
    if let Some(head) = document.head() {
        let _ = head.append_child(&style);
    }
}

/// Marks the element with a colour preset (`data-uc-theme`); the
/// stylesheet holds every preset's tokens, so the marker is all it takes,
/// under any CSP.
pub fn apply_preset(element: &web_sys::Element, preset: Option<&str>) {
    if let Some(preset) = preset {
        let _ = element.set_attribute("data-uc-theme", preset);
    }
}

/// Sets the theme's `--uc-*` declarations through the CSSOM rather than a
/// `style` attribute: a strict CSP (no `'unsafe-inline'` styles) blocks the
/// attribute but not `style.setProperty`. Values were vetted when the config
/// was read (no `;`), so splitting on it is safe.
pub fn apply_theme(element: &web_sys::Element, declarations: &str) {
    use wasm_bindgen::JsCast;
    let Some(element) = element.dyn_ref::<web_sys::HtmlElement>() else {
        return;
    };
    for declaration in declarations.split(';') {
        if let Some((property, value)) = declaration.split_once(':') {
            let _ = element.style().set_property(property.trim(), value.trim());
        }
    }
}
