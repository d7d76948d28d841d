//! A small JSON decoder for the protocol's types, used by the component in
//! place of serde_json: the browser downloads every byte of the decoder, and
//! serde_json's (with the float formatting its error messages pull in) is
//! several times larger. It reads the text into a [`value::Value`] tree with
//! one non-generic parser, then hands the tree to the types' own `Deserialize`
//! impls, so the protocol's types stay the single definition of the wire.
//! The server keeps serde_json; `tests/json_decoder_agrees.rs` checks that
//! both decoders read the protocol's bodies alike.

mod de;
mod read;
mod value;

pub use de::Error;

/// Decodes `text` as a `T`. Errors carry no message: every caller answers a
/// body it cannot read the same way, and formatting one would cost bytes.
pub fn from_str<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, Error> {
    let value = read::parse(text.as_bytes()).ok_or(Error)?;
    T::deserialize(value)
}

pub fn from_slice<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    let value = read::parse(bytes).ok_or(Error)?;
    T::deserialize(value)
}
