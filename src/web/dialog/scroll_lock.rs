//! Keeping the page behind a modal dialog still, and putting it back exactly where it was.

use std::cell::RefCell;

use gloo::events::{EventListener, EventListenerOptions, EventListenerPhase};
use web_sys::{Event, HtmlDialogElement, HtmlElement, ScrollBehavior, ScrollToOptions, Window};

use crate::web::{cast, ignore_js};

/// The root element's inline `overflow` before a dialog locked it, with its priority, so it can
/// be put back exactly; also read by the panic latch, which cannot reach the widget.
struct SavedOverflow {
    root: HtmlElement,
    value: String,
    priority: String,
}

thread_local! {
    static SAVED_OVERFLOW: RefCell<Option<SavedOverflow>> = const { RefCell::new(None) };
}

/// Keeps the page behind a modal dialog still, and puts it back exactly where it was.
///
/// `overflow: hidden` on the root element stops the wheel, the keyboard and the scrollbar;
/// wheel and touch moves outside the dialog's own scrollable box are cancelled as well, for
/// themes that scroll an element rather than the document and for touch browsers that ignore
/// `overflow` on the root.
pub struct ScrollLock {
    window: Window,
    x: f64,
    y: f64,
    _listeners: Vec<EventListener>,
}

impl ScrollLock {
    pub(super) fn new(window: &Window, dialog: &HtmlDialogElement) -> Option<ScrollLock> {
        let root: HtmlElement = cast(window.document()?.document_element()?)?;
        let style = root.style();
        let saved = SavedOverflow {
            value: style.get_property_value("overflow").unwrap_or_default(),
            priority: style.get_property_priority("overflow"),
            root: root.clone(),
        };
        let (x, y) = (window.scroll_x().unwrap_or(0.0), window.scroll_y().unwrap_or(0.0));
        ignore_js(style.set_property_with_priority("overflow", "hidden", "important"));
        SAVED_OVERFLOW.with(|cell| {
            if let Ok(mut slot) = cell.try_borrow_mut() {
                slot.get_or_insert(saved);
            }
        });
        let options = EventListenerOptions { phase: EventListenerPhase::Capture, passive: false };
        let listeners = ["wheel", "touchmove"]
            .into_iter()
            .map(|kind| {
                let dialog = dialog.clone();
                EventListener::new_with_options(window, kind, options, move |event| {
                    // Once the dialog is gone (even torn down by the panic latch) this lets go.
                    if dialog.is_connected() && !scrolls_dialog(&dialog, event) {
                        event.prevent_default();
                    }
                })
            })
            .collect();
        Some(ScrollLock { window: window.clone(), x, y, _listeners: listeners })
    }
}

/// Whether `event` would scroll the dialog's own box: it happened inside it, and it can scroll.
fn scrolls_dialog(dialog: &HtmlDialogElement, event: &Event) -> bool {
    let inside = event.composed_path().includes(dialog, 0);
    inside && dialog.scroll_height() > dialog.client_height()
}

impl Drop for ScrollLock {
    fn drop(&mut self) {
        release_scroll();
        let (x, y) = (self.window.scroll_x().unwrap_or(0.0), self.window.scroll_y().unwrap_or(0.0));
        if x != self.x || y != self.y {
            // Instant, even on a page with `scroll-behavior: smooth`: the page was never meant to move.
            let options = ScrollToOptions::new();
            options.set_left(self.x);
            options.set_top(self.y);
            options.set_behavior(ScrollBehavior::Instant);
            self.window.scroll_to_with_scroll_to_options(&options);
        }
    }
}

/// Gives the page its own `overflow` back. Also called by the panic latch.
pub(crate) fn release_scroll() {
    let saved = SAVED_OVERFLOW.with(|cell| cell.try_borrow_mut().ok().and_then(|mut slot| slot.take()));
    if let Some(saved) = saved {
        let style = saved.root.style();
        if saved.value.is_empty() {
            ignore_js(style.remove_property("overflow"));
        } else {
            ignore_js(style.set_property_with_priority("overflow", &saved.value, &saved.priority));
        }
    }
}
