//! The one console line a merchant sees for a value Doorman cannot use.

use crate::json::ToJson;

/// Values longer than this many characters are shortened in the console line.
const SHOWN_CHARS: usize = 60;

/// A merchant's value that could not be used; the default applies instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub attribute: String,
    pub value: String,
    /// What a valid value looks like; `None` for an attribute Doorman does not know.
    pub expected: Option<&'static str>,
    pub default: &'static str,
    pub suggestion: Option<&'static str>,
    /// The variant (`a`, `b`, ...) whose ` || ` alternative `value` is, when the attribute has
    /// alternatives: every variant's alternatives are checked, whichever the visitor is in.
    pub variant: Option<&'static str>,
}

impl Warning {
    /// The one console line a merchant sees. Built by hand rather than with `format!` so the
    /// wasm does not carry the formatting machinery.
    pub fn message(&self) -> String {
        let mut text = String::from("Doorman: data-");
        text.push_str(&self.attribute);
        text.push('=');
        // A long value (a paragraph, a cart's JSON) is cut in the line, with its length: the
        // reader needs to recognise it and see how far over a limit it is, not read it whole.
        // Quoted as a JSON string, so a quote or a line break in it cannot end the value early.
        // Its code points too where they are over 2½ a character, what a merchant's text may hold.
        let length = crate::texts::graphemes(&self.value);
        let code_points = self.value.chars().count();
        let dense = code_points * 2 > length * 5;
        if length > SHOWN_CHARS {
            crate::texts::shortened(&self.value, SHOWN_CHARS - 10).write_json(&mut text);
        } else {
            self.value.write_json(&mut text);
        }
        if length > SHOWN_CHARS || dense {
            text.push_str(" (");
            (length as u64).write_json(&mut text);
            text.push_str(" characters");
            if dense {
                text.push_str(", ");
                (code_points as u64).write_json(&mut text);
                text.push_str(" code points");
            }
            text.push(')');
        }
        if let Some(variant) = self.variant {
            text.push_str(" in variant ");
            text.push_str(variant);
        }
        match self.expected {
            Some(expected) => {
                text.push_str(" is not valid: expected ");
                text.push_str(expected);
                text.push_str("; using ");
                text.push_str(if self.default.is_empty() { "none" } else { self.default });
                text.push('.');
            }
            None => {
                text.push_str(" is not a Doorman attribute and is ignored.");
                if let Some(name) = self.suggestion {
                    text.push_str(" Did you mean data-");
                    text.push_str(name);
                    text.push('?');
                }
            }
        }
        text
    }
}

impl core::fmt::Display for Warning {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message())
    }
}

/// Levenshtein distance, for "did you mean" on a mistyped attribute name.
pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}
