//! The exit prompt that saves the cart, decided in plain Rust: whether a page view watches for
//! exit intent, what a fired trigger does given the visitor's cap and another open dialog, and
//! what the cart read at that moment leads to. The web layer (`web::exit`) owns the listeners
//! and the timer, reads the cart and opens the dialog these answers call for; the sign-up itself
//! goes through `signup::flow`.

use crate::audience::PageView;
use crate::config::Config;
use crate::exit::cart::Cart;
use crate::exit::trigger::ExitTrigger;
use crate::visitor::Visitor;

#[cfg(test)]
mod tests;

/// The trigger of a page view that starts at `now` (ms): the section's rules when the prompt is
/// on and `visitor` is not within its cap (see [`Visitor::exit_allowed`]); `None` watches
/// nothing on this page view.
pub fn arm(config: &Config, visitor: &Visitor, view: &PageView, now: u64) -> Option<ExitTrigger> {
    let exit = config.exit.as_ref().filter(|_| visitor.exit_allowed(config, now) && config.audiences.exit.allows(view))?;
    Some(ExitTrigger::new(exit.rules.clone(), now))
}

/// What a fired exit trigger does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fired {
    /// The cap began meanwhile (another tab closed or used the prompt): stop watching on this
    /// page view.
    StopWatching,
    /// Another dialog is up: watch for the next exit instead.
    Rearm,
    /// Read the cart now, and offer to save it if it has items (see [`cart_read`]).
    ReadCart,
}

/// What the trigger firing at `now` does for `visitor` (read again: another tab may have closed
/// or used the prompt since this page loaded), with another dialog up or not (`dialog_open`).
pub fn fired(config: &Config, visitor: &Visitor, dialog_open: bool, now: u64) -> Fired {
    if !visitor.exit_allowed(config, now) {
        Fired::StopWatching
    } else if dialog_open {
        Fired::Rearm
    } else {
        Fired::ReadCart
    }
}

/// What the cart read after a fired trigger leads to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CartRead {
    /// Offer to save this cart.
    Offer(Cart),
    /// Nothing to save, or a dialog opened while the cart was read: watch for the next exit.
    Rearm,
}

/// Whether a cart handed over with `items` entries, before they are read whole, may lead to an
/// offer: only then is the code that reads it and shows the prompt fetched (see [`cart_read`],
/// which decides on the cart read).
pub fn may_offer(items: u32, preview: bool, dialog_open: bool) -> bool {
    (items > 0 || preview) && !dialog_open
}

/// What to do with the cart read (`None` when no source had one): offer to save a cart with
/// items, unless a dialog opened meanwhile. A `preview` (the demo's button) offers even an empty
/// cart, to show the prompt.
pub fn cart_read(cart: Option<Cart>, preview: bool, dialog_open: bool) -> CartRead {
    match cart.filter(|cart| !cart.is_empty()).or_else(|| preview.then(Cart::default)) {
        Some(cart) if !dialog_open => CartRead::Offer(cart),
        _ => CartRead::Rearm,
    }
}
