//! A parsed JSON document. Objects keep their members in order, as a list:
//! the protocol's objects are small, and the types' own visitors look keys up.

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// Written without fraction or exponent (as serde_json reads them).
    Unsigned(u64),
    Negative(i64),
    /// Anything else. Computed without a correctly rounded parse (that would
    /// bring in core's float parsing tables); no protocol field is fractional.
    Float(f64),
}
