//! Keeping the page behind a modal dialog still, and putting it back exactly where it was.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use web_sys::{Element, Event, HtmlElement, ScrollBehavior, ScrollToOptions, Window};

use crate::web::listener::{Listener, Options};
use crate::web::{cast, ignore_js, timer};

/// The root element's inline styles that a dialog's lock replaced, as (value, priority) per
/// property it set, so they can be put back exactly; also read by the panic latch, which cannot
/// reach the widget.
struct SavedStyle {
    root: HtmlElement,
    properties: Vec<(&'static str, String, String)>,
    /// Whether the root had a `style` attribute: one the lock added goes again, so that no
    /// `html[style]` selector of the theme matches afterwards.
    had_attribute: bool,
}

thread_local! {
    static SAVED_STYLE: RefCell<Option<SavedStyle>> = const { RefCell::new(None) };
}

/// Keeps the page behind a modal dialog still, and puts it back exactly where it was.
///
/// `overflow: hidden` on the root element stops the wheel, the keyboard and the scrollbar;
/// where the page shows a classic scrollbar, `scrollbar-gutter: stable` keeps its room so the
/// page does not shift sideways by its width (CSS Overflow 4). Wheel and touch moves outside the
/// dialog's own scrollable box are cancelled as well, for themes that scroll an element rather
/// than the document and for touch browsers that ignore `overflow` on the root.
///
/// A theme that takes the dialog out of the page (a re-render of the body, a script that removes
/// what it did not add, or puts it back, which hides a popover) gets its scrolling back at the
/// shopper's first wheel, touch move or key: nothing else tells the widget the dialog left.
///
/// A page still moving when the lock takes (a smooth scroll the shopper started, a fling) stops
/// where it is, and is there after the dialog closes.
pub struct ScrollLock {
    window: Window,
    /// Where the page stopped when locked, (x, y) in CSS pixels: where closing puts it back.
    stopped: Rc<Cell<(f64, f64)>>,
    /// The next frame's reading of where the page stopped, while it may still be moving.
    settling: Rc<RefCell<Option<timer::Frame>>>,
    /// Let go early, because the dialog left the page: the page may have moved since, on purpose.
    released: Rc<Cell<bool>>,
    _listeners: Vec<Listener>,
}

/// What a lock needs to know of the page before the dialog changes it: read while the page's
/// layout is still clean, these reads cost no layout of their own.
pub struct Measured {
    root: HtmlElement,
    scrollbar: bool,
    position: (f64, f64),
}

impl ScrollLock {
    /// Reads whether the page shows a classic scrollbar. Call it before the dialog is added:
    /// afterwards the same read would lay out the whole page once more.
    pub(super) fn measure(window: &Window) -> Option<Measured> {
        let root: HtmlElement = cast(window.document()?.document_element()?)?;
        // A classic scrollbar takes room from the layout; an overlay one (phones, macOS) does not.
        let scrollbar = window.inner_width().ok().and_then(|width| width.as_f64()).unwrap_or(0.0) > f64::from(root.client_width());
        Some(Measured { root, scrollbar, position: position(window) })
    }

    /// Stops the page where it was measured (see [`stop_at`]), as the dialog opens: a frame
    /// before the lock, and each frame of an End key moves the page by up to a screen.
    pub(super) fn stop_page(window: &Window, measured: &Measured) {
        stop_at(window, measured.position);
    }

    /// Locks the page measured by [`ScrollLock::measure`] behind `dialog`, which `overlay` shows
    /// in the top layer (see `Popup::lock_page` for when).
    pub(super) fn new(window: &Window, measured: Measured, overlay: &HtmlElement, dialog: &Element) -> ScrollLock {
        let Measured { root, scrollbar, .. } = measured;
        // Stopped again: a fling the finger's lift started after the dialog opened goes on too.
        // The frame that drew the dialog left the layout clean, so reading lays out nothing.
        let stopped = Rc::new(Cell::new(position(window)));
        stop_at(window, stopped.get());
        let settling = Rc::new(RefCell::new(None));
        follow(window, &stopped, &settling, SETTLE_FRAMES, 0);
        let style = root.style();
        let mut saved = SavedStyle { root: root.clone(), properties: Vec::new(), had_attribute: root.has_attribute("style") };
        // The longhands, each saved and put back: a theme's own `overflow-y: scroll` reads as an
        // empty `overflow` shorthand, which would put back nothing.
        let locks = [("overflow-x", "hidden"), ("overflow-y", "hidden"), ("scrollbar-gutter", "stable")];
        for (property, value) in locks.into_iter().take(2 + usize::from(scrollbar)) {
            let priority = style.get_property_priority(property);
            saved.properties.push((property, style.get_property_value(property).unwrap_or_default(), priority));
            ignore_js(style.set_property_with_priority(property, value, "important"));
        }
        SAVED_STYLE.with(|cell| {
            if let Ok(mut slot) = cell.try_borrow_mut() {
                slot.get_or_insert(saved);
            }
        });
        let options = Options { capture: true, passive: false };
        let released = Rc::new(Cell::new(false));
        // A listener the page refuses leaves `overflow: hidden` to hold the page alone.
        let listeners = ["wheel", "touchmove", "keydown"]
            .into_iter()
            .filter_map(|kind| {
                let (overlay, dialog, released) = (overlay.clone(), dialog.clone(), released.clone());
                Listener::with_options(window, kind, options, move |event| {
                    // Shown as a popover, or as a modal dialog over a page's own; a page whose
                    // `matches` throws is asked whether the dialog is still in it.
                    let shown = |element: &Element, state| element.matches(state).unwrap_or_else(|_| element.is_connected());
                    if !shown(&overlay, ":popover-open") && !shown(&dialog, ":modal") {
                        // The dialog left the page (or the panic latch tore it down): let go.
                        if !released.replace(true) {
                            release_scroll();
                        }
                    } else if kind != "keydown" && event.cancelable() && !scrolls_dialog(&dialog, event) {
                        // Not one the browser says cannot be cancelled (a finger that was already
                        // scrolling the page as the dialog opened): Chromium logs an error for
                        // each such move cancelled, dozens in one swipe.
                        event.prevent_default();
                    }
                })
                .ok()
            })
            .collect();
        ScrollLock { window: window.clone(), stopped, settling, released, _listeners: listeners }
    }
}

/// Stops the page at `at`, (x, y) in CSS pixels, if it is still moving: a scroll the shopper
/// started before the dialog showed (End, Page Down, a fling) goes on, and neither
/// `overflow: hidden` nor an instant scroll stops Chromium's animation of it (Chromium 156,
/// against CSSOM View, where any scroll aborts a smooth one). A smooth scroll to where the page
/// is replaces it and ends at once; the instant one after it stops it in a browser that follows
/// the spec.
fn stop_at(window: &Window, at: (f64, f64)) {
    for behavior in [ScrollBehavior::Smooth, ScrollBehavior::Instant] {
        scroll_to(window, at, behavior);
    }
}

/// The most frames a stopped page is followed for: two seconds at 60 Hz.
const SETTLE_FRAMES: u8 = 120;

/// How many frames in a row the page must keep still to count as stopped: on a busy device a
/// finger's last moves and the frames come unevenly, and one still frame was not the end
/// (a make test run under load: closing put a fling back by 200 px).
const STILL_FRAMES: u8 = 3;

/// Reads where the page is in the next frame, and in each frame after until it has kept still
/// for [`STILL_FRAMES`] (`still` so far), at most `frames` times, into `stopped`. A smooth scroll
/// that was stopped still lands where the browser had already sent it, a frame or two ahead of
/// what a script read (two in Chromium 156). Without frames (a page whose `requestAnimationFrame`
/// throws), the page stays where it was read.
fn follow(window: &Window, stopped: &Rc<Cell<(f64, f64)>>, settling: &Rc<RefCell<Option<timer::Frame>>>, frames: u8, still: u8) {
    let frame = timer::Frame::request(window, {
        let (window, stopped, settling) = (window.clone(), stopped.clone(), settling.clone());
        move |_| {
            let now = position(&window);
            let still = if stopped.replace(now) == now { still + 1 } else { 0 };
            if frames > 1 && still < STILL_FRAMES {
                follow(&window, &stopped, &settling, frames - 1, still);
            }
        }
    });
    if let Ok(mut slot) = settling.try_borrow_mut() {
        *slot = frame.ok();
    }
}

/// Whether `event` would scroll the dialog's own box: it happened inside it, and it can scroll.
fn scrolls_dialog(dialog: &Element, event: &Event) -> bool {
    let inside = event.composed_path().includes(dialog, 0);
    inside && dialog.scroll_height() > dialog.client_height()
}

impl Drop for ScrollLock {
    fn drop(&mut self) {
        drop(self.settling.take());
        release_scroll();
        if self.released.get() {
            return;
        }
        if position(&self.window) != self.stopped.get() {
            // Instant, even on a page with `scroll-behavior: smooth`: the page was never meant to move.
            scroll_to(&self.window, self.stopped.get(), ScrollBehavior::Instant);
        }
    }
}

/// The page's scroll position, in CSS pixels.
fn position(window: &Window) -> (f64, f64) {
    (window.scroll_x().unwrap_or(0.0), window.scroll_y().unwrap_or(0.0))
}

/// Scrolls the page to `(x, y)`, in CSS pixels, with `behavior` whatever the page's
/// `scroll-behavior`.
fn scroll_to(window: &Window, (x, y): (f64, f64), behavior: ScrollBehavior) {
    let options = ScrollToOptions::new();
    options.set_left(x);
    options.set_top(y);
    options.set_behavior(behavior);
    window.scroll_to_with_scroll_to_options(&options);
}

/// Gives the page its own `overflow` (and `scrollbar-gutter`) back. Also called by the panic latch.
pub(crate) fn release_scroll() {
    let saved = SAVED_STYLE.with(|cell| cell.try_borrow_mut().ok().and_then(|mut slot| slot.take()));
    if let Some(saved) = saved {
        saved.put_back();
    }
}

impl SavedStyle {
    /// Puts the root's inline styles back as they were.
    #[inline(never)] // in the views module (tools/split.mjs): only a lock, drawn there, saves a style
    fn put_back(self) {
        let style = self.root.style();
        for (property, value, priority) in &self.properties {
            // Setting an empty value removes the property as well: the way back when a page's
            // override of `removeProperty` throws.
            if value.is_empty() && style.remove_property(property).is_ok() {
                continue;
            }
            ignore_js(style.set_property_with_priority(property, value, priority));
        }
        // Read first: Blink writes the inline style into the attribute lazily, and a write
        // still pending after the removal would add it back empty.
        if !self.had_attribute && self.root.get_attribute("style").is_some_and(|text| text.is_empty()) {
            ignore_js(self.root.remove_attribute("style"));
        }
    }
}
