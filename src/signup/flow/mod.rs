//! The sign-up flow, decided in plain Rust: what a valid email does to the visitor and the outbox,
//! whether the dialog plays a game, waits for the shop or reveals at once, which message and code
//! the reveal shows, and what a close records. The web layer reads the dialog, builds the report
//! and applies these answers; native tests run whole sign-ups through [`MemoryStore`].

use crate::config::Config;
use crate::signup::outbox::{Delivery, Outbox, Outcome, SetAside};
use crate::signup::report::{Campaign, Report};
use crate::visitor::Visitor;

#[cfg(test)]
mod tests;
#[cfg(test)]
pub(crate) mod testing;

/// Where the visitor and the outbox live: `localStorage` in the browser, [`MemoryStore`] in tests.
/// Changes go through `update_*` so the browser's store can write only what changed (another tab
/// may have written a moment before).
pub trait Store {
    fn visitor(&self) -> Visitor;
    fn update_visitor(&mut self, change: impl FnOnce(&mut Visitor));
    fn update_outbox(&mut self, change: impl FnOnce(&mut Outbox));
}

/// A store in memory, for native tests of whole sign-ups.
#[derive(Clone, Debug, Default)]
pub struct MemoryStore {
    pub visitor: Visitor,
    pub outbox: Outbox,
}

impl Store for MemoryStore {
    fn visitor(&self) -> Visitor {
        self.visitor.clone()
    }

    fn update_visitor(&mut self, change: impl FnOnce(&mut Visitor)) {
        change(&mut self.visitor);
    }

    fn update_outbox(&mut self, change: impl FnOnce(&mut Outbox)) {
        change(&mut self.outbox);
    }
}

/// What the dialog does once a sign-up is recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// Put the game's board up; the prize (an index into the game's prizes) is already drawn.
    Play(usize),
    /// Show "sending" and wait a moment for the shop's own code or the prize the shop draws.
    AwaitShop,
    /// Reveal at once: see [`reveal`].
    Reveal,
}

/// Records a valid sign-up made at `now` (ms): the visitor has signed up (and an exit prompt
/// counts as closed), and one delivery of `body` (the report's JSON) is queued per destination.
pub fn record(config: &Config, store: &mut impl Store, report: &Report, body: &str, now: u64) -> Next {
    let campaign = report.campaign;
    store.update_visitor(|visitor| {
        visitor.signed_up_at = Some(now);
        visitor.email = Some(report.email.clone());
        if campaign == Campaign::Exit {
            visitor.exit_closed_at = Some(now);
        }
    });
    if !config.destinations.is_empty() {
        store.update_outbox(|outbox| {
            for destination in &config.destinations {
                outbox.push(destination, &report.id, body.to_string(), now);
            }
        });
    }
    let game = matches!(campaign, Campaign::Wheel | Campaign::Scratch);
    match (game, report.prize.as_ref().map(|prize| prize.index), config.endpoint.is_some()) {
        (true, Some(prize), _) => Next::Play(prize),
        (_, _, true) => Next::AwaitShop,
        _ => Next::Reveal,
    }
}

/// Which of the built-in texts the reveal shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RevealText {
    /// "Your code": a code is shown.
    CodeIntro,
    /// No code; it is on its way by email.
    NoCode,
    /// No code, and nothing configured can email one.
    NoCodeNoEmail,
    /// The cart is saved and a destination will email its link.
    ExitSaved,
    /// The cart is saved and nothing will email it: the restore link is shown in the code's place.
    ExitSavedHere,
    /// The shop's draw did not answer in time: the shop will email the prize.
    PrizeLater,
}

/// What the reveal shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reveal {
    pub text: RevealText,
    pub code: Option<String>,
    /// Whether the code is kept to be offered again on later pages (the first-order code only;
    /// the cart saver's code travels with the restore link instead).
    pub remember: bool,
}

/// The outcome for `campaign`'s dialog: the shop's own code when it answered with one, else the
/// configured one. An email is promised only when a destination can send one
/// ([`Config::emails_follow`]).
pub fn reveal(config: &Config, campaign: Campaign, shop_code: Option<String>) -> Reveal {
    let emails = config.emails_follow();
    match campaign {
        Campaign::Welcome => {
            let code = shop_code.or_else(|| config.welcome.as_ref().and_then(|welcome| welcome.code.clone()));
            let text = match (&code, emails) {
                (Some(_), _) => RevealText::CodeIntro,
                (None, true) => RevealText::NoCode,
                (None, false) => RevealText::NoCodeNoEmail,
            };
            Reveal { text, remember: code.is_some(), code }
        }
        Campaign::Exit if !emails => Reveal { text: RevealText::ExitSavedHere, code: None, remember: false },
        Campaign::Exit => {
            let code = shop_code.or_else(|| config.exit.as_ref().and_then(|exit| exit.code.clone()));
            Reveal { text: RevealText::ExitSaved, code, remember: false }
        }
        Campaign::Wheel | Campaign::Scratch => Reveal { text: RevealText::PrizeLater, code: None, remember: false },
    }
}

/// Records that `campaign`'s dialog was closed at `now` (ms); a dialog closed after its reveal is
/// done, not dismissed, and starts no cap. Returns whether the game's teaser shows again: for a
/// shopper who dismissed the game without playing.
pub fn close(store: &mut impl Store, campaign: Campaign, revealed: bool, now: u64) -> bool {
    if !revealed {
        store.update_visitor(|visitor| match campaign {
            Campaign::Welcome => visitor.welcome_closed_at = Some(now),
            Campaign::Exit => visitor.exit_closed_at = Some(now),
            Campaign::Wheel | Campaign::Scratch => visitor.game_closed_at = Some(now),
        });
    }
    matches!(campaign, Campaign::Wheel | Campaign::Scratch) && store.visitor().signed_up_at.is_none()
}

/// What the dialog waiting on the shop does with its answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answered {
    /// The shop drew this prize (an index into the game's prizes), with its code if it sent one.
    Play { prize: usize, code: Option<String> },
    /// Reveal (see [`reveal`]) with the shop's own code, if it sent one.
    Reveal { code: Option<String> },
}

/// What came back for one delivery: its outcome, and the code and prize the shop's answer named.
pub struct Attempt<'a> {
    pub outcome: &'a Outcome,
    pub code: Option<String>,
    pub prize: Option<usize>,
    /// The wall-clock ms of the answer, and random bits that spread the retry.
    pub now: u64,
    pub jitter: u32,
}

/// Records what a destination answered for `delivery`; returns the delivery set aside if it is
/// given up on, and, when this is the webhook's answer to the sign-up the dialog waits for
/// (`awaiting`, a report id), what the dialog does. Only the webhook's answer can carry a code or
/// a prize; a failure reveals the configured code at once rather than after the wait.
pub fn answered(
    config: &Config,
    store: &mut impl Store,
    delivery: &Delivery,
    attempt: Attempt<'_>,
    awaiting: Option<&str>,
) -> (Option<SetAside>, Option<Answered>) {
    let mut set_aside = None;
    store.update_outbox(|outbox| set_aside = outbox.record(&delivery.key(), attempt.outcome, attempt.now, attempt.jitter));
    let from_webhook = config.endpoint.as_deref() == Some(delivery.destination.as_str());
    if !from_webhook || awaiting != Some(delivery.id()) {
        return (set_aside, None);
    }
    let prizes = config.game.as_ref().map_or(0, |game| game.prizes.len());
    let next = match attempt.prize.filter(|index| *index < prizes) {
        Some(prize) => Answered::Play { prize, code: attempt.code },
        None => Answered::Reveal { code: attempt.code },
    };
    (set_aside, Some(next))
}
