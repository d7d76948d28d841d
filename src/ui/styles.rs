//! The component's stylesheet, injected once per document so that an embed
//! is one `.js` and one `.wasm`, with no stylesheet for the host to link.

const STYLE_ELEMENT_ID: &str = "uc-styles";
const CSS: &str = include_str!("../../styles/connect.css");

pub fn inject_once(document: &web_sys::Document) {
    if document.get_element_by_id(STYLE_ELEMENT_ID).is_some() {
        return;
    }
    let Ok(style) = document.create_element("style") else {
        return;
    };
    style.set_id(STYLE_ELEMENT_ID);
    style.set_text_content(Some(CSS));
    if let Some(head) = document.head() {
        let _ = head.append_child(&style);
    }
}
