//! What Doorman keeps in the browser: localStorage when the page may use it, memory when
//! storage is blocked or full, so a sign-up is never dropped for lack of a place to keep it.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Storage, Window};

use crate::cap::Visitor;
use crate::json::ToJson;
use crate::outbox::{Delivery, Outbox};
use super::{field, whole_number};

pub const VISITOR: &str = "doorman:visitor";
pub const OUTBOX: &str = "doorman:outbox";

pub struct Store {
    local: Option<Storage>,
    /// Used when localStorage is not: a handful of keys, so a list beats a map's code size.
    memory: Vec<(&'static str, String)>,
}

impl Store {
    /// localStorage if the page may use it (blocked cookies make it throw). No probe write on
    /// load: a write that storage refuses later switches this page to memory (see `write`).
    pub fn open(window: &Window) -> Store {
        let local = window.local_storage().ok().flatten();
        if local.is_none() {
            super::warn("Doorman: storage is blocked on this page; sign-ups are kept in memory until delivered.");
        }
        Store { local, memory: Vec::new() }
    }

    /// A store that never touches localStorage, for tests of the blocked case.
    pub fn in_memory() -> Store {
        Store { local: None, memory: Vec::new() }
    }

    pub fn is_persistent(&self) -> bool {
        self.local.is_some()
    }

    fn read(&self, key: &'static str) -> Option<String> {
        match &self.local {
            Some(storage) => storage.get_item(key).ok().flatten(),
            None => self.memory.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone()),
        }
    }

    fn write(&mut self, key: &'static str, text: String) {
        if let Some(storage) = self.local.clone() {
            if storage.set_item(key, &text).is_ok() {
                return;
            }
            // Full or revoked mid-visit: from now on this page keeps everything in memory,
            // starting with what storage still holds.
            super::warn("Doorman: storage refused a write; keeping sign-ups in memory for this visit.");
            for other in [VISITOR, OUTBOX] {
                if let Some(value) = storage.get_item(other).ok().flatten() {
                    self.remember(other, value);
                }
            }
            self.local = None;
        }
        self.remember(key, text);
    }

    fn remember(&mut self, key: &'static str, text: String) {
        self.memory.retain(|(k, _)| *k != key);
        self.memory.push((key, text));
    }

    /// The stored value, or the default when there is none or it cannot be read.
    pub fn load<T: Stored>(&self, key: &'static str) -> T {
        self.read(key)
            .and_then(|text| js_sys::JSON::parse(&text).ok())
            .and_then(|value| T::from_js(&value))
            .unwrap_or_default()
    }

    pub fn save<T: ToJson>(&mut self, key: &'static str, value: &T) {
        self.write(key, value.to_json());
    }

    /// Reads, changes and writes back in one step, so a change another tab made in between is
    /// not overwritten with an old copy.
    pub fn update<T: Stored>(&mut self, key: &'static str, change: impl FnOnce(&mut T)) {
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

/// What the store keeps: written as JSON by the core's writers, read back by hand from the
/// parsed JSON (serde-wasm-bindgen's deserializer pulls float formatting into the wasm and cost
/// 35 KB raw, more than the rest of the widget).
pub trait Stored: ToJson + Default {
    fn from_js(value: &JsValue) -> Option<Self>;
}

impl Stored for Visitor {
    fn from_js(value: &JsValue) -> Option<Visitor> {
        value.is_object().then(|| Visitor {
            signed_up_at: whole_number(&field(value, "signed_up_at")),
            welcome_closed_at: whole_number(&field(value, "welcome_closed_at")),
            exit_closed_at: whole_number(&field(value, "exit_closed_at")),
            game_closed_at: whole_number(&field(value, "game_closed_at")),
            email: field(value, "email").as_string(),
            code: field(value, "code").as_string(),
            code_until: whole_number(&field(value, "code_until")),
        })
    }
}

impl Stored for Outbox {
    fn from_js(value: &JsValue) -> Option<Outbox> {
        let deliveries: js_sys::Array = field(value, "deliveries").dyn_into().ok()?;
        let deliveries = deliveries
            .iter()
            .filter_map(|d| {
                Some(Delivery {
                    id: field(&d, "id").as_string()?,
                    destination: field(&d, "destination").as_string()?,
                    body: field(&d, "body").as_string()?,
                    attempts: whole_number(&field(&d, "attempts")).unwrap_or(0).min(u64::from(u32::MAX)) as u32,
                    next_attempt_at: whole_number(&field(&d, "next_attempt_at")).unwrap_or(0),
                })
            })
            .collect();
        Some(Outbox { deliveries })
    }
}
