//! Timers and animation frames the page may refuse, and timers that wait as long as they are
//! asked to.
//!
//! A page's `setTimeout` or `requestAnimationFrame` that throws (a theme's override) is a
//! [`PageFault`] naming the page's error; gloo's `Timeout` and `request_animation_frame` unwrap
//! it into wasm-bindgen's "called `Result::unwrap_throw()` on an `Err` value" and lose it.
//!
//! `setTimeout` holds at most 2^31 - 1 ms (about 24.8 days); a longer wait fires at once in
//! every browser. Longer waits are chained from shorter ones here, so a delay of `30d` (or a
//! retry stored far ahead) really waits.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{needed, PageCall, PageFault};

#[wasm_bindgen]
extern "C" {
    /// The page's global `setTimeout` as it is when called, as gloo calls it; a throw is caught.
    #[wasm_bindgen(catch, js_name = setTimeout)]
    fn set_timeout(callback: &js_sys::Function, ms: u32) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue) -> Result<(), JsValue>;
}

/// The longest wait one `setTimeout` honours, in milliseconds.
pub const MAX_TIMEOUT_MS: u64 = 2_147_483_647;

/// A pending call, `ms` milliseconds from now. Dropping it cancels the call, like gloo's
/// `Timeout`, however many links of the chain are still to run.
pub struct Timer {
    _slot: Rc<RefCell<Option<Timeout>>>,
}

impl Timer {
    /// A timer the widget cannot run without: when the page will not set it, the widget stops
    /// with the page's error (see [`needed`]) and there is no timer.
    pub fn new(ms: u64, callback: impl FnOnce() + 'static) -> Option<Timer> {
        needed(Timer::try_new(ms, callback))
    }

    /// A timer that its caller can do without, when the page will not set it.
    pub fn try_new(ms: u64, callback: impl FnOnce() + 'static) -> Result<Timer, PageFault> {
        let slot = Rc::new(RefCell::new(None));
        arm(&slot, ms, Box::new(callback))?;
        Ok(Timer { _slot: slot })
    }
}

fn arm(slot: &Rc<RefCell<Option<Timeout>>>, ms: u64, callback: Box<dyn FnOnce()>) -> Result<(), PageFault> {
    let timeout = if ms <= MAX_TIMEOUT_MS {
        Timeout::new(ms as u32, callback)?
    } else {
        // Only a weak link: when the `Timer` is dropped, the next link is never set.
        let weak = Rc::downgrade(slot);
        Timeout::new(
            MAX_TIMEOUT_MS as u32,
            Box::new(move || {
                if let Some(slot) = weak.upgrade() {
                    // No one is left to hand a refusal to: the widget stops, as at its start.
                    needed(arm(&slot, ms - MAX_TIMEOUT_MS, callback));
                }
            }),
        )?
    };
    if let Ok(mut current) = slot.try_borrow_mut() {
        *current = Some(timeout);
    }
    Ok(())
}

/// One `setTimeout`, cleared when dropped.
struct Timeout {
    id: JsValue,
    /// Only `None` while it is dropped.
    callback: Option<Closure<dyn FnMut()>>,
}

impl Timeout {
    fn new(ms: u32, callback: Box<dyn FnOnce()>) -> Result<Timeout, PageFault> {
        let callback = Closure::once(callback);
        let id = set_timeout(callback.as_ref().unchecked_ref(), ms).page_call("setTimeout")?;
        Ok(Timeout { id, callback: Some(callback) })
    }
}

impl Drop for Timeout {
    fn drop(&mut self) {
        let cleared = clear_timeout(&self.id);
        if let (Err(_), Some(callback)) = (&cleared, self.callback.take()) {
            // It may still fire, so the closure must live on: a freed one would throw into the
            // page. The widget stops, so what the closure calls finds no widget.
            callback.forget();
            needed(cleared.page_call("clearTimeout"));
        }
    }
}

/// The next animation frame; dropping it cancels it.
pub struct Frame {
    id: i32,
    /// Only `None` while it is dropped.
    callback: Option<Closure<dyn FnMut(f64)>>,
}

impl Frame {
    /// Calls `callback` with the frame's time before the next repaint; `Err` when the page's
    /// `requestAnimationFrame` throws.
    pub fn request(window: &web_sys::Window, callback: impl FnOnce(f64) + 'static) -> Result<Frame, PageFault> {
        let callback = Closure::once(callback);
        let id = window.request_animation_frame(callback.as_ref().unchecked_ref()).page_call("requestAnimationFrame")?;
        Ok(Frame { id, callback: Some(callback) })
    }
}

impl Drop for Frame {
    fn drop(&mut self) {
        let Some(window) = web_sys::window() else { return };
        let cancelled = window.cancel_animation_frame(self.id);
        if let (Err(_), Some(callback)) = (&cancelled, self.callback.take()) {
            // As for a timeout above.
            callback.forget();
            needed(cancelled.page_call("cancelAnimationFrame"));
        }
    }
}
