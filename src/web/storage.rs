//! What Doorman keeps in the browser: localStorage when the page may use it, memory when
//! storage is blocked or full, so a sign-up is never dropped for lack of a place to keep it.

use crate::web::ignore_js;
use std::cell::Cell;

use web_sys::{Storage, Window};

use crate::visitor::Visitor;
use crate::json::{ToJson, Value};
use crate::signup::outbox::Outbox;

pub const VISITOR: &str = "doorman:visitor";
pub const OUTBOX: &str = "doorman:outbox";

pub struct Store {
    local: Option<Storage>,
    /// Used when localStorage is not; with localStorage, what this page last wrote, to fall back
    /// on when the stored text cannot be read. A handful of keys, so a list beats a map.
    memory: Vec<(&'static str, String)>,
    /// Unreadable stored state has been set aside and reported once on this page.
    set_aside: Cell<bool>,
    /// The visitor or the outbox was written since the last [`Store::take_changed`].
    changed: bool,
}

impl Store {
    /// localStorage if the page may use it (blocked cookies make it throw). No probe write on
    /// load: a write that storage refuses later switches this page to memory (see `write`).
    pub fn open(window: &Window) -> Store {
        let local = window.local_storage().ok().flatten();
        if local.is_none() {
            super::warn("Doorman: storage is blocked on this page; sign-ups are kept in memory until delivered.");
        }
        Store { local, memory: Vec::new(), set_aside: Cell::new(false), changed: false }
    }

    /// A store that never touches localStorage, for tests of the blocked case.
    pub fn in_memory() -> Store {
        Store { local: None, memory: Vec::new(), set_aside: Cell::new(false), changed: false }
    }

    pub fn is_persistent(&self) -> bool {
        self.local.is_some()
    }

    fn remembered(&self, key: &'static str) -> Option<String> {
        self.memory.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone())
    }

    fn write(&mut self, key: &'static str, text: String) {
        self.changed = true;
        if let Some(storage) = self.local.clone() {
            if storage.set_item(key, &text).is_ok() {
                self.remember(key, text);
                return;
            }
            // Full or revoked mid-visit: from now on this page keeps everything in memory,
            // starting with what storage still holds.
            super::warn("Doorman: storage refused a write; keeping sign-ups in memory for this visit.");
            // What this page keeps in memory is not what a later page will read, so the loader
            // must not skip loading on the strength of an older record.
            ignore_js(storage.remove_item(crate::quiet::KEY));
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

    /// The stored value, or the default when there is none. Parsed here, not with the page's
    /// `JSON.parse`, which the page may have replaced. Stored text that cannot be read (tampered
    /// with, or a page's `Storage.prototype.getItem` answering garbage) is never taken as "nothing
    /// stored": it is copied to `KEY:unreadable` with one console message, and this page goes on
    /// from what it last wrote itself.
    pub fn load<T: Stored>(&self, key: &'static str) -> T {
        self.load_value(key).as_ref().and_then(T::from_json).unwrap_or_default()
    }

    /// The parsed stored value, whatever its shape (one copy of this for every stored type).
    fn load_value(&self, key: &'static str) -> Option<Value> {
        let remembered = || self.remembered(key).and_then(|text| crate::json::parse(&text));
        let Some(storage) = &self.local else { return remembered() };
        let text = match storage.get_item(key) {
            // Nothing stored: or a getter answering null, so what this page wrote still counts.
            Ok(None) => return remembered(),
            Ok(Some(text)) => text,
            // A getter that throws read nothing: there is no stored text to set aside.
            Err(_) => {
                if !self.set_aside.replace(true) {
                    let mut message = String::from("Doorman: reading ");
                    message.push_str(key);
                    message.push_str(" from this page's storage threw; this page carries on with what it stores itself.");
                    super::warn(&message);
                }
                return remembered();
            }
        };
        if let Some(value) = crate::json::parse(&text) {
            return Some(value);
        }
        if !self.set_aside.replace(true) {
            let mut aside = String::from(key);
            aside.push_str(":unreadable");
            ignore_js(storage.set_item(&aside, &text));
            let mut message = String::from("Doorman: the stored ");
            message.push_str(key);
            message.push_str(" could not be read (expected the JSON Doorman writes); it is kept under ");
            message.push_str(&aside);
            message.push_str(" and this page carries on with what it stores itself.");
            super::warn(&message);
        }
        remembered()
    }

    pub fn save<T: ToJson>(&mut self, key: &'static str, value: &T) {
        self.write(key, value.to_json());
    }

    /// Reads, changes and writes back in one step, so a change another tab made in between is
    /// not overwritten with an old copy. Nothing is written when nothing changed: every write is
    /// a chance to overwrite what another tab wrote a moment before.
    pub fn update<T: Stored>(&mut self, key: &'static str, change: impl FnOnce(&mut T)) {
        let mut value: T = self.load(key);
        let before = value.to_json();
        change(&mut value);
        let after = value.to_json();
        if after != before {
            self.write(key, after);
        }
    }

    /// Whether the visitor or the outbox was written since the last call.
    pub fn take_changed(&mut self) -> bool {
        std::mem::take(&mut self.changed)
    }

    /// The page views the loader kept quiet since the widget last ran (see
    /// [`crate::quiet::quiet_views`]), taken out of storage: each is counted once.
    pub fn take_quiet_views(&self) -> Option<(u64, u64, u64)> {
        let storage = self.local.as_ref()?;
        let text = storage.get_item(crate::quiet::SEEN_KEY).ok().flatten()?;
        ignore_js(storage.remove_item(crate::quiet::SEEN_KEY));
        crate::quiet::quiet_views(&text)
    }

    /// The loader's record as localStorage holds it (see [`crate::quiet`]), if any.
    pub fn quiet_record(&self) -> Option<String> {
        self.local.as_ref()?.get_item(crate::quiet::KEY).ok().flatten()
    }

    /// Writes the loader's record to localStorage alone, and only when it differs from what is
    /// there (`stored`, from [`Store::quiet_record`]): without localStorage the loader finds none
    /// and loads as usual.
    pub fn put_quiet_record(&self, text: &str, stored: Option<&str>) {
        let Some(storage) = &self.local else { return };
        if stored != Some(text) {
            ignore_js(storage.set_item(crate::quiet::KEY, text));
        }
    }

    /// Forgets everything Doorman stored: the demo's "reset visitor".
    pub fn clear(&mut self) {
        self.memory.clear();
        if let Some(storage) = &self.local {
            for key in [VISITOR, OUTBOX, crate::quiet::KEY, crate::quiet::SEEN_KEY] {
                ignore_js(storage.remove_item(key));
            }
        }
    }
}

/// What the store keeps: written as JSON by the core's writers, read back by the core's reader.
pub trait Stored: ToJson + Default {
    fn from_json(value: &Value) -> Option<Self>;
}

impl Stored for Visitor {
    fn from_json(value: &Value) -> Option<Visitor> {
        matches!(value, Value::Object(_)).then(|| Visitor {
            signed_up_at: value.get("signed_up_at").as_u64(),
            welcome_closed_at: value.get("welcome_closed_at").as_u64(),
            exit_closed_at: value.get("exit_closed_at").as_u64(),
            game_closed_at: value.get("game_closed_at").as_u64(),
            email: value.get("email").as_str().map(str::to_string),
            code: value.get("code").as_str().map(str::to_string),
            code_until: value.get("code_until").as_u64(),
            visits: value.get("visits").as_u64().map_or(0, |n| n.min(u64::from(u32::MAX)) as u32),
            last_seen_at: value.get("last_seen_at").as_u64(),
            seed: value.get("seed").as_u64().and_then(|n| u32::try_from(n).ok()),
        })
    }
}

impl Stored for Outbox {
    fn from_json(value: &Value) -> Option<Outbox> {
        Outbox::from_json(value)
    }
}

/// The core's sign-up flow reads and changes the visitor and the outbox through this.
impl crate::signup::flow::Store for Store {
    fn visitor(&self) -> Visitor {
        self.load(VISITOR)
    }

    fn update_visitor(&mut self, change: impl FnOnce(&mut Visitor)) {
        self.update(VISITOR, change);
    }

    fn update_outbox(&mut self, change: impl FnOnce(&mut Outbox)) {
        self.update(OUTBOX, change);
    }
}
