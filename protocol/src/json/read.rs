//! Reads JSON text (RFC 8259, strictly: no trailing commas, comments or
//! trailing content) into a [`Value`].

use super::value::{Number, Value};

/// Deeper documents are refused rather than risking the stack.
const MAX_DEPTH: usize = 128;

pub fn parse(text: &[u8]) -> Option<Value> {
    let mut reader = Reader { text, at: 0 };
    let value = reader.value(0)?;
    reader.skip_whitespace();
    (reader.at == text.len()).then_some(value)
}

struct Reader<'a> {
    text: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.at += 1;
        Some(byte)
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn literal(&mut self, word: &[u8], value: Value) -> Option<Value> {
        let end = self.at + word.len();
        (self.text.get(self.at..end)? == word).then(|| {
            self.at = end;
            value
        })
    }

    fn value(&mut self, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_whitespace();
        match self.peek()? {
            b'n' => self.literal(b"null", Value::Null),
            b't' => self.literal(b"true", Value::Bool(true)),
            b'f' => self.literal(b"false", Value::Bool(false)),
            b'"' => self.string().map(Value::String),
            b'[' => self.array(depth),
            b'{' => self.object(depth),
            b'-' | b'0'..=b'9' => self.number().map(Value::Number),
            _ => None,
        }
    }

    fn array(&mut self, depth: usize) -> Option<Value> {
        let mut items = Vec::new();
        if !self.opens_empty(b']')? {
            loop {
                items.push(self.value(depth + 1)?);
                if self.item_closes(b']')? {
                    break;
                }
            }
        }
        Some(Value::Array(items))
    }

    fn object(&mut self, depth: usize) -> Option<Value> {
        let mut members = Vec::new();
        if !self.opens_empty(b'}')? {
            loop {
                self.skip_whitespace();
                if self.peek()? != b'"' {
                    return None;
                }
                let key = self.string()?;
                self.skip_whitespace();
                if self.next()? != b':' {
                    return None;
                }
                members.push((key, self.value(depth + 1)?));
                if self.item_closes(b'}')? {
                    break;
                }
            }
        }
        Some(Value::Object(members))
    }

    /// Past an opening bracket; whether `close` follows at once (consumed).
    fn opens_empty(&mut self, close: u8) -> Option<bool> {
        self.at += 1;
        self.skip_whitespace();
        let empty = self.peek()? == close;
        if empty {
            self.at += 1;
        }
        Some(empty)
    }

    /// After an item: `,` (false) or `close` (true); anything else is refused.
    fn item_closes(&mut self, close: u8) -> Option<bool> {
        self.skip_whitespace();
        match self.next()? {
            b',' => Some(false),
            byte if byte == close => Some(true),
            _ => None,
        }
    }

    fn string(&mut self) -> Option<String> {
        self.at += 1;
        let mut bytes = Vec::new();
        loop {
            match self.next()? {
                b'"' => return String::from_utf8(bytes).ok(),
                b'\\' => {
                    let unescaped = match self.next()? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return None,
                    };
                    let mut buffer = [0; 4];
                    bytes.extend_from_slice(unescaped.encode_utf8(&mut buffer).as_bytes());
                }
                // Control characters must be escaped.
                0..=0x1f => return None,
                byte => bytes.push(byte),
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.at..self.at + 4)?;
        self.at += 4;
        digits.iter().try_fold(0, |code, &digit| {
            Some(code * 16 + char::from(digit).to_digit(16)?)
        })
    }

    /// After `\u`: one code point, or a surrogate pair written as two escapes.
    fn unicode_escape(&mut self) -> Option<char> {
        let first = self.hex4()?;
        if !(0xD800..0xDC00).contains(&first) {
            return char::from_u32(first);
        }
        if self.next()? != b'\\' || self.next()? != b'u' {
            return None;
        }
        let second = self.hex4()?;
        if !(0xDC00..0xE000).contains(&second) {
            return None;
        }
        char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
    }

    fn digits(&mut self) -> &[u8] {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        &self.text[start..self.at]
    }

    fn number(&mut self) -> Option<Number> {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        let whole = self.digits().to_vec();
        if whole.is_empty() || (whole.len() > 1 && whole[0] == b'0') {
            return None;
        }
        let mut fraction = Vec::new();
        if self.peek() == Some(b'.') {
            self.at += 1;
            fraction = self.digits().to_vec();
            if fraction.is_empty() {
                return None;
            }
        }
        let mut exponent = None;
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            let exponent_negative = match self.peek() {
                Some(b'-') => true,
                Some(b'+') => false,
                _ => {
                    self.at -= 1;
                    false
                }
            };
            self.at += 1;
            let digits = self.digits();
            if digits.is_empty() {
                return None;
            }
            // Saturates: a huge exponent is a huge (or zero) number either way.
            let magnitude = digits.iter().fold(0i32, |sum, digit| {
                sum.saturating_mul(10)
                    .saturating_add(i32::from(digit - b'0'))
            });
            exponent = Some(if exponent_negative {
                -magnitude
            } else {
                magnitude
            });
        }
        Some(to_number(negative, &whole, &fraction, exponent))
    }
}

/// Like serde_json: a number written without fraction or exponent is an
/// integer when it fits, anything else a float (`7.0` too: the types say
/// whether they take it, see `json_integer`).
fn to_number(negative: bool, whole: &[u8], fraction: &[u8], exponent: Option<i32>) -> Number {
    let integer = if fraction.is_empty() && exponent.is_none() {
        whole.iter().try_fold(0u64, |sum, digit| {
            sum.checked_mul(10)?.checked_add(u64::from(digit - b'0'))
        })
    } else {
        None
    };
    match integer {
        Some(magnitude) if !negative => Number::Unsigned(magnitude),
        Some(magnitude) if magnitude != 0 && magnitude <= i64::MAX as u64 + 1 => {
            Number::Negative((magnitude as i64).wrapping_neg())
        }
        _ => {
            let mantissa = whole
                .iter()
                .chain(fraction)
                .fold(0f64, |sum, digit| sum * 10.0 + f64::from(digit - b'0'));
            let scale =
                (i64::from(exponent.unwrap_or(0)) - fraction.len() as i64).clamp(-400, 400) as i32;
            let magnitude = if scale >= 0 {
                mantissa * 10f64.powi(scale)
            } else {
                mantissa / 10f64.powi(-scale)
            };
            Number::Float(if negative { -magnitude } else { magnitude })
        }
    }
}
