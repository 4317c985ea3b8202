//! JSON text for what Doorman sends and stores: the report, the visitor, the outbox, Klaviyo's
//! request.
//!
//! Written by hand rather than through serde: switching from serde + serde-wasm-bindgen to these
//! writers took 19.5 KB raw, 4.9 KB gzip off the wasm (measured with `make build`). The native
//! tests hold every writer to serde's output for the same value, so the shop's serde reader and
//! these writers cannot drift apart.

/// Values that have one JSON form.
pub trait ToJson {
    fn write_json(&self, out: &mut String);

    fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }
}

impl ToJson for str {
    fn write_json(&self, out: &mut String) {
        out.push('"');
        for c in self.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                // Other control characters (C0, DEL, C1); U+2028/9, which older JavaScript
                // parsers reject; the bidirectional controls (Unicode UAX #9), which would
                // reorder the text around them where it is shown, such as a console line; and
                // spaces that look like none or like a plain one (no-break, the typographic
                // spaces U+2000–200A, zero-width, narrow no-break, word joiner, BOM) and the soft
                // hyphen, so a console line shows a pasted one. Joiners (U+200C/D) stay: Persian
                // words and emoji sequences are written with them.
                c if c < ' '
                    || ('\u{7f}'..='\u{a0}').contains(&c)
                    || matches!(c, '\u{ad}' | '\u{2000}'..='\u{200b}' | '\u{2028}' | '\u{2029}' | '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202f}' | '\u{2060}' | '\u{2066}'..='\u{2069}' | '\u{feff}') =>
                {
                    out.push_str("\\u");
                    let code = c as u32;
                    for shift in [12, 8, 4, 0] {
                        out.push(char::from(b"0123456789abcdef"[((code >> shift) & 0xf) as usize]));
                    }
                }
                c => out.push(c),
            }
        }
        out.push('"');
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut String) {
        self.as_str().write_json(out);
    }
}

/// Appends `n` in decimal digits to `out`: what `n.to_string()` gives, without the formatting
/// machinery `to_string` brings into the wasm (`core::fmt` and its tables). For any integer
/// Doorman writes (a time in ms, a status, a percentage, an id), JSON or not.
pub fn push_decimal(out: &mut String, n: u64) {
    n.write_json(out);
}

impl ToJson for u64 {
    fn write_json(&self, out: &mut String) {
        // Digits by hand (see `push_decimal`).
        let mut digits = [0u8; 20];
        let mut rest = *self;
        let mut start = digits.len();
        loop {
            start -= 1;
            digits[start] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        for &digit in &digits[start..] {
            out.push(char::from(digit));
        }
    }
}

impl ToJson for u32 {
    fn write_json(&self, out: &mut String) {
        u64::from(*self).write_json(out);
    }
}

impl ToJson for usize {
    fn write_json(&self, out: &mut String) {
        (*self as u64).write_json(out);
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut String) {
        match self {
            Some(value) => value.write_json(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            item.write_json(out);
        }
        out.push(']');
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        self.as_slice().write_json(out);
    }
}

/// Writes one object: `Object::new(out).field("a", &1).end()` is `{"a":1}`.
pub struct Object<'a> {
    out: &'a mut String,
    empty: bool,
}

impl<'a> Object<'a> {
    pub fn new(out: &'a mut String) -> Object<'a> {
        out.push('{');
        Object { out, empty: true }
    }

    pub fn field(self, name: &str, value: &(impl ToJson + ?Sized)) -> Object<'a> {
        let object = self.key(name);
        value.write_json(object.out);
        object
    }

    fn key(mut self, name: &str) -> Object<'a> {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        name.write_json(self.out);
        self.out.push(':');
        self
    }

    pub fn end(self) {
        self.out.push('}');
    }
}

/// A parsed JSON value, as Doorman reads its own stored state and the answers it gets: parsed
/// here rather than with the page's `JSON.parse`, which a hostile or broken page may replace.
/// Numbers keep only what Doorman reads from them: a whole number from 0 to 2^53, else `None`
/// (no float parsing, which would pull formatting code into the wasm).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(Option<u64>),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The member `name` of an object; `Null` for anything else.
    pub fn get(&self, name: &str) -> &Value {
        match self {
            Value::Object(members) => members.iter().find(|(key, _)| key == name).map_or(&Value::Null, |(_, v)| v),
            _ => &Value::Null,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    /// A whole number, or a string of one (Liquid renders numbers as either).
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(number) => *number,
            Value::String(text) => whole(text.trim()),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(value) => Some(*value),
            _ => None,
        }
    }

    pub fn as_array(&self) -> &[Value] {
        match self {
            Value::Array(items) => items,
            _ => &[],
        }
    }
}

/// A non-empty run of ASCII digits as a number (saturating at `u64::MAX`); `None` for anything
/// else. Used instead of `str::parse`, whose error machinery costs wasm size.
pub fn whole(text: &str) -> Option<u64> {
    let mut value: u64 = 0;
    for byte in text.bytes() {
        value = value.saturating_mul(10).saturating_add(u64::from(byte.checked_sub(b'0').filter(|d| *d < 10)?));
    }
    (!text.is_empty()).then_some(value)
}

/// Parses JSON text (RFC 8259). `None` for anything that is not exactly one JSON value, or that
/// nests deeper than 64 levels.
pub fn parse(text: &str) -> Option<Value> {
    let mut reader = Reader { text, at: 0 };
    let value = reader.value(0)?;
    reader.space();
    (reader.at == text.len()).then_some(value)
}

/// Reads `text` byte by byte; every token boundary is an ASCII byte, so slices of `text` between
/// them are whole UTF-8 (no re-validation, which would cost wasm size).
struct Reader<'a> {
    text: &'a str,
    at: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.space();
        let found = self.peek() == Some(byte);
        self.at += usize::from(found);
        found
    }

    fn word(&mut self, word: &str) -> bool {
        let found = self.text.as_bytes().get(self.at..).is_some_and(|rest| rest.starts_with(word.as_bytes()));
        self.at += word.len();
        found
    }

    fn value(&mut self, depth: u8) -> Option<Value> {
        if depth > 64 {
            return None;
        }
        self.space();
        let value = match self.peek()? {
            b'n' => self.word("null").then_some(Value::Null)?,
            b't' => self.word("true").then_some(Value::Bool(true))?,
            b'f' => self.word("false").then_some(Value::Bool(false))?,
            b'"' => Value::String(self.string()?),
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                if !self.eat(b']') {
                    loop {
                        items.push(self.value(depth + 1)?);
                        if self.eat(b']') {
                            break;
                        }
                        self.eat(b',').then_some(())?;
                    }
                }
                Value::Array(items)
            }
            b'{' => {
                self.at += 1;
                let mut members = Vec::new();
                if !self.eat(b'}') {
                    loop {
                        self.space();
                        let key = self.string()?;
                        self.eat(b':').then_some(())?;
                        members.push((key, self.value(depth + 1)?));
                        if self.eat(b'}') {
                            break;
                        }
                        self.eat(b',').then_some(())?;
                    }
                }
                Value::Object(members)
            }
            _ => self.number()?,
        };
        Some(value)
    }

    fn digits(&mut self) -> Option<u64> {
        let from = self.at;
        let mut value: u64 = 0;
        while let Some(digit @ b'0'..=b'9') = self.peek() {
            value = value.saturating_mul(10).saturating_add(u64::from(digit - b'0'));
            self.at += 1;
        }
        (self.at > from).then_some(value)
    }

    /// -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?; only a plain whole number keeps its value.
    fn number(&mut self) -> Option<Value> {
        let negative = self.eat(b'-');
        let start = self.at;
        let value = self.digits()?;
        if self.at - start > 1 && self.text.as_bytes()[start] == b'0' {
            return None;
        }
        let mut whole = !negative;
        if self.peek() == Some(b'.') {
            self.at += 1;
            self.digits()?;
            whole = false;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            self.digits()?;
            whole = false;
        }
        Some(Value::Number(Some(value).filter(|n| whole && *n <= 1 << 53)))
    }

    fn string(&mut self) -> Option<String> {
        (self.peek() == Some(b'"')).then_some(())?;
        self.at += 1;
        let mut out = String::new();
        let mut run = self.at;
        loop {
            let byte = self.peek()?;
            if byte == b'"' || byte == b'\\' {
                out.push_str(self.text.get(run..self.at)?);
                self.at += 1;
                if byte == b'"' {
                    return Some(out);
                }
                let escape = self.peek()?;
                self.at += 1;
                out.push(match escape {
                    b'"' => '"',
                    b'\\' => '\\',
                    b'/' => '/',
                    b'b' => '\u{8}',
                    b'f' => '\u{c}',
                    b'n' => '\n',
                    b'r' => '\r',
                    b't' => '\t',
                    b'u' => {
                        let mut code = self.hex4()?;
                        if (0xd800..0xdc00).contains(&code) {
                            // A high surrogate must be followed by `\u` and a low one.
                            self.word("\\u").then_some(())?;
                            let low = self.hex4()?;
                            (0xdc00..0xe000).contains(&low).then_some(())?;
                            code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
                        }
                        char::from_u32(code)?
                    }
                    _ => return None,
                });
                run = self.at;
            } else if byte < 0x20 {
                return None;
            } else {
                self.at += 1;
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = char::from(self.peek()?).to_digit(16)?;
            code = code * 16 + digit;
            self.at += 1;
        }
        Some(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_like_serde() {
        let hostile = "a\"b\\c\nd\re\tf\u{1}g\u{1f}h\u{7f}i\u{2028}j</script>é😀";
        let ours = hostile.to_json();
        assert_eq!(serde_json::from_str::<String>(&ours).unwrap(), hostile);
        assert!(!ours.contains('\u{2028}'));
    }

    #[test]
    fn spaces_that_look_like_none_or_a_plain_one_are_escaped() {
        // A trial's pasted `15%\u{a0}|| 10%` showed in the console exactly as a correct tag.
        let pasted = "15%\u{a0}|| 10% \u{2007}\u{202f}\u{200b}\u{2060}\u{feff}\u{2002}\u{2009}\u{200a}1\u{ad}5";
        let ours = pasted.to_json();
        assert_eq!(ours, r#""15%\u00a0|| 10% \u2007\u202f\u200b\u2060\ufeff\u2002\u2009\u200a1\u00ad5""#);
        assert_eq!(serde_json::from_str::<String>(&ours).unwrap(), pasted);
        // Persian's zero-width non-joiner is part of a word and stays as it is.
        assert_eq!("می\u{200c}خواهم".to_json(), "\"می\u{200c}خواهم\"");
    }

    #[test]
    fn bidirectional_and_c1_controls_are_escaped() {
        // A tester's data-shop="acme\u{202e}gnp.exe" reversed the rest of the console line.
        let hostile = "acme\u{202e}gnp.exe \u{200f}\u{2066}x\u{2069}\u{61c}\u{7f}\u{85}\u{9f}";
        let ours = hostile.to_json();
        assert_eq!(ours, r#""acme\u202egnp.exe \u200f\u2066x\u2069\u061c\u007f\u0085\u009f""#);
        assert_eq!(serde_json::from_str::<String>(&ours).unwrap(), hostile);
    }

    #[test]
    fn numbers_print_every_digit() {
        for n in [0u64, 7, 10, 1_700_000_000_000, u64::MAX] {
            assert_eq!(n.to_json(), n.to_string());
            let mut after = String::from("width:");
            push_decimal(&mut after, n);
            assert_eq!(after, ["width:", &n.to_string()].concat(), "appended, as to_string writes it");
        }
    }

    #[test]
    fn objects_separate_their_fields() {
        let mut out = String::new();
        Object::new(&mut out).field("a", &1u64).field("b", &None::<String>).field("c", &vec![true, false]).field("e", "x").end();
        assert_eq!(out, r#"{"a":1,"b":null,"c":[true,false],"e":"x"}"#);
        let mut empty = String::new();
        Object::new(&mut empty).end();
        assert_eq!(empty, "{}");
    }
    #[test]
    fn the_reader_agrees_with_serde_on_what_it_reads() {
        let text = r#" {"a": [1, 2.5, -3, 1e3, true, false, null, "x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"], "b": {}, "c": [], "big": 9007199254740993} "#;
        let value = parse(text).unwrap();
        let items = value.get("a").as_array();
        assert_eq!(items[0], Value::Number(Some(1)));
        assert_eq!(items[1], Value::Number(None), "fractions are numbers without a whole value");
        assert_eq!(items[2], Value::Number(None));
        assert_eq!(items[3], Value::Number(None));
        assert_eq!(items[4..7], [Value::Bool(true), Value::Bool(false), Value::Null]);
        let serde: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(items[7].as_str(), serde["a"][7].as_str());
        assert_eq!(value.get("b"), &Value::Object(vec![]));
        assert_eq!(value.get("big"), &Value::Number(None), "beyond 2^53 a JavaScript number is not exact");
        assert_eq!(value.get("missing"), &Value::Null);
        assert_eq!(parse(r#""7""#).and_then(|v| v.as_u64()), Some(7));
        assert_eq!(parse(r#"" 7 ""#).and_then(|v| v.as_u64()), Some(7));
        assert_eq!(parse(r#""-7""#).and_then(|v| v.as_u64()), None);
        assert_eq!(whole("99999999999999999999"), Some(u64::MAX));
        assert_eq!((whole(""), whole("1a"), whole("+1")), (None, None, None));
    }

    #[test]
    fn the_reader_refuses_what_is_not_json() {
        for bad in [
            "", "{not json", "{", "[1,]", "{\"a\":1,}", "[1 2]", "01", "-", "1.", ".5", "1e", "tru", "nul", "\"a",
            "\"\\x\"", "\"\\ud83d\"", "\"\\ud83dx\"", "\"\u{1}\"", "{} {}", "{1:2}", "'a'", "NaN", "[", "\"\\u12\"",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
            assert!(serde_json::from_str::<serde_json::Value>(bad).is_err(), "serde agrees {bad:?} is not JSON");
        }
        let deep = "[".repeat(100) + &"]".repeat(100);
        assert_eq!(parse(&deep), None, "nesting is bounded");
    }

    #[test]
    fn what_the_writers_write_the_reader_reads_back() {
        let hostile = "a\"b\\c\nd\u{1}\u{2028}é😀";
        assert_eq!(parse(&hostile.to_json()), Some(Value::String(hostile.to_string())));
        assert_eq!(parse(&u64::MAX.to_json()), Some(Value::Number(None)));
        assert_eq!(parse(&1_700_000_000_000u64.to_json()), Some(Value::Number(Some(1_700_000_000_000))));
    }
}
