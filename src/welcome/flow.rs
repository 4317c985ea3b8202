//! The welcome popup, decided in plain Rust: how a page view arms its trigger, whether a fired
//! trigger shows the popup, and the offer it makes. The web layer (`web::welcome`) runs the timer
//! and the scroll listener, feeds the trigger and opens the dialog these answers call for; the
//! sign-up itself goes through `signup::flow`.

use crate::audience::PageView;
use crate::config::Config;
use crate::offer::Offer;
use crate::visitor::{Visitor, WelcomeVerdict};
use crate::welcome::trigger::WelcomeTrigger;

#[cfg(test)]
mod tests;

/// The trigger of a page view that starts at `now` (ms): the section's delay and scroll depth
/// when `visitor` may see the popup (see [`Visitor::welcome_verdict`]: not signed up, not a
/// returning customer, not closed within the cap, no game in its place), else one that never
/// fires.
pub fn arm(config: &Config, visitor: &Visitor, view: &PageView, now: u64) -> WelcomeTrigger {
    let shows = visitor.welcome_verdict(config, now) == WelcomeVerdict::Show && config.audiences.welcome.allows(view);
    let welcome = config.welcome.as_ref().filter(|_| shows);
    let (delay, scroll) = welcome.map_or((None, None), |welcome| (welcome.delay_ms, welcome.scroll_percent));
    WelcomeTrigger::new(delay, scroll, now)
}

/// Whether the popup shows now that its trigger fired: never over another dialog
/// (`dialog_open`), and only while `visitor` (read again: another tab may have signed up or
/// closed the popup since this page loaded) may still see it.
pub fn shows(config: &Config, visitor: &Visitor, dialog_open: bool, now: u64) -> bool {
    !dialog_open && visitor.welcome_verdict(config, now) == WelcomeVerdict::Show
}

/// The offer the popup makes; a preview of a switched-off popup shows the default 10 % offer.
pub fn offer(config: &Config) -> Offer {
    config.welcome.as_ref().map_or(Offer::Percent(10), |welcome| welcome.offer.clone())
}
