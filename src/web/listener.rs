//! Event listeners the page may refuse. Like gloo's `EventListener`, one is removed when dropped;
//! unlike it, a page's `addEventListener` or `removeEventListener` that throws (a theme's
//! override) is a [`PageFault`] naming the page's error, where gloo unwraps it into
//! wasm-bindgen's "called `Result::unwrap_throw()` on an `Err` value" and loses it.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{AddEventListenerOptions, Event, EventTarget};

use super::{needed, PageCall, PageFault};

/// How a listener listens.
#[derive(Clone, Copy)]
pub struct Options {
    /// On the way down rather than up.
    pub capture: bool,
    /// Never cancels the event, so the browser need not wait for it to scroll.
    pub passive: bool,
}

impl Options {
    /// On the way up, never cancelling: what a listener is unless it says otherwise.
    pub const PASSIVE: Options = Options { capture: false, passive: true };
    /// On the way up, for a listener that calls `preventDefault`.
    pub const ACTIVE: Options = Options { capture: false, passive: false };
}

type Callback = Closure<dyn FnMut(&Event)>;

pub struct Listener {
    target: EventTarget,
    kind: &'static str,
    capture: bool,
    /// Only `None` while it is dropped.
    callback: Option<Callback>,
}

impl Listener {
    /// Calls `callback` on each `kind` event at `target`, passively.
    pub fn new(target: &EventTarget, kind: &'static str, callback: impl FnMut(&Event) + 'static) -> Result<Listener, PageFault> {
        listen(target, kind, Options::PASSIVE, Box::new(callback))
    }

    pub fn with_options(
        target: &EventTarget,
        kind: &'static str,
        options: Options,
        callback: impl FnMut(&Event) + 'static,
    ) -> Result<Listener, PageFault> {
        listen(target, kind, options, Box::new(callback))
    }
}

/// Compiled once, rather than once per kind of callback.
fn listen(target: &EventTarget, kind: &'static str, options: Options, callback: Box<dyn FnMut(&Event)>) -> Result<Listener, PageFault> {
    let callback = Closure::wrap(callback);
    let init = AddEventListenerOptions::new();
    init.set_capture(options.capture);
    init.set_passive(options.passive);
    target
        .add_event_listener_with_callback_and_add_event_listener_options(kind, callback.as_ref().unchecked_ref(), &init)
        .page_call("addEventListener")?;
    Ok(Listener { target: target.clone(), kind, capture: options.capture, callback: Some(callback) })
}

impl Drop for Listener {
    fn drop(&mut self) {
        let Some(callback) = self.callback.take() else { return };
        let removed = self.target.remove_event_listener_with_callback_and_bool(self.kind, callback.as_ref().unchecked_ref(), self.capture);
        if removed.is_err() {
            // Still listening, so the closure must live on: a freed one would throw into the page
            // at the next event. The widget stops (it cannot take back what it set up), so what
            // the closure calls finds no widget.
            callback.forget();
            needed(removed.page_call("removeEventListener"));
        }
    }
}
