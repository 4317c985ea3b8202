//! The teaser tab: a small button in the corner that opens the game, and stays after the game
//! is dismissed so the shopper can come back to it.

use gloo::events::EventListener;
use web_sys::Document;

use super::mount::Mount;
use super::with_widget;
use crate::texts::Lang;

const CSS: &str = ":host{all:initial!important;position:fixed!important;bottom:16px!important;\
inset-inline-start:16px!important;z-index:2147483646!important;display:block!important}\
button{padding:10px 16px;border:0;border-radius:999px;background:var(--accent);color:var(--on-accent);\
font:700 15px/1.2 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;box-shadow:0 6px 18px rgba(0,0,0,.25);cursor:pointer}\
button:focus-visible{outline:3px solid #111827;outline-offset:2px}";

pub struct Teaser {
    _mount: Mount,
    _listener: EventListener,
}

impl Teaser {
    pub fn new(document: &Document, accent: &str, lang: Lang, label: &str) -> Option<Teaser> {
        let mount = Mount::new(document, CSS, accent, lang)?;
        let button = mount.element(&mount.root, "button", &[("type", "button"), ("class", "teaser"), ("aria-haspopup", "dialog")])?;
        let mut text = String::from("★ ");
        text.push_str(label);
        button.set_text_content(Some(&text));
        let listener = EventListener::new(&button, "click", |_| with_widget(|w| w.open_game()));
        Some(Teaser { _mount: mount, _listener: listener })
    }
}
