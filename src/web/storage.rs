//! What Doorman keeps in the browser: localStorage when the page may use it, memory when
//! storage is blocked or full, so a sign-up is never dropped for lack of a place to keep it.

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;
use web_sys::{Storage, Window};

pub const VISITOR: &str = "doorman:visitor";
pub const OUTBOX: &str = "doorman:outbox";

pub struct Store {
    local: Option<Storage>,
    memory: HashMap<&'static str, String>,
}

impl Store {
    /// localStorage if reading and writing it works; Safari's private mode and blocked
    /// cookies make it throw or refuse writes.
    pub fn open(window: &Window) -> Store {
        let local = window.local_storage().ok().flatten().filter(|storage| {
            let probe = "doorman:probe";
            storage.set_item(probe, "1").is_ok() && storage.remove_item(probe).is_ok()
        });
        if local.is_none() {
            super::warn("Doorman: storage is blocked on this page; sign-ups are kept in memory until delivered.");
        }
        Store { local, memory: HashMap::new() }
    }

    /// A store that never touches localStorage, for tests of the blocked case.
    pub fn in_memory() -> Store {
        Store { local: None, memory: HashMap::new() }
    }

    pub fn is_persistent(&self) -> bool {
        self.local.is_some()
    }

    fn read(&self, key: &'static str) -> Option<String> {
        match &self.local {
            Some(storage) => storage.get_item(key).ok().flatten(),
            None => self.memory.get(key).cloned(),
        }
    }

    fn write(&mut self, key: &'static str, text: String) {
        if let Some(storage) = &self.local {
            if storage.set_item(key, &text).is_ok() {
                return;
            }
            // Full or revoked mid-visit: from now on this page keeps everything in memory,
            // starting with what storage still holds.
            super::warn("Doorman: storage refused a write; keeping sign-ups in memory for this visit.");
            for other in [VISITOR, OUTBOX] {
                if let Some(value) = storage.get_item(other).ok().flatten() {
                    self.memory.insert(other, value);
                }
            }
            self.local = None;
        }
        self.memory.insert(key, text);
    }

    /// The stored value, or the default when there is none or it cannot be read.
    pub fn load<T: DeserializeOwned + Default>(&self, key: &'static str) -> T {
        self.read(key)
            .and_then(|text| js_sys::JSON::parse(&text).ok())
            .and_then(|value| serde_wasm_bindgen::from_value(value).ok())
            .unwrap_or_default()
    }

    pub fn save<T: Serialize>(&mut self, key: &'static str, value: &T) {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        let text = value
            .serialize(&serializer)
            .ok()
            .and_then(|js| js_sys::JSON::stringify(&js).ok())
            .and_then(|text| text.as_string());
        if let Some(text) = text {
            self.write(key, text);
        }
    }

    /// Reads, changes and writes back in one step, so a change another tab made in between is
    /// not overwritten with an old copy.
    pub fn update<T: Serialize + DeserializeOwned + Default>(&mut self, key: &'static str, change: impl FnOnce(&mut T)) {
        let mut value: T = self.load(key);
        change(&mut value);
        self.save(key, &value);
    }

    /// Forgets everything Doorman stored: the demo's "reset visitor".
    pub fn clear(&mut self) {
        self.memory.clear();
        if let Some(storage) = &self.local {
            for key in [VISITOR, OUTBOX] {
                let _ = storage.remove_item(key);
            }
        }
    }
}

/// Converts a Rust value into the plain JS object the page sees (`null`, not `undefined`).
pub fn to_js<T: Serialize>(value: &T) -> JsValue {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}
