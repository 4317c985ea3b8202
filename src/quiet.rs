//! Whether a page view can skip Doorman altogether: the record the loader reads before it
//! fetches the wasm.
//!
//! Most page views of a shop show nothing: the shopper signed up or closed every prompt, and the
//! outbox is empty. The wasm writes, whenever the visitor or the outbox changes, the earliest
//! moment anything could show, whether anything waits to be sent, and a fingerprint of the tag
//! that was in force. The loader compares those three with its own clock and tag and, while
//! nothing can show, neither fetches nor compiles the wasm (see `src/loader.js`).
//!
//! Only what is the same on every page of the shop in this browser decides: the visitor's record,
//! the tag's attributes and the device (the loader's fingerprint covers the tag and the facts the
//! device rule reads, so a changed tag or another device is weighed again). What a page itself
//! decides (its cart, its path) never makes the record quieter, so a campaign that may show on
//! some page is "may show".

use crate::config::Config;
use crate::visitor::{GameVerdict, Visitor, WelcomeVerdict};

/// The localStorage key of the record.
pub const KEY: &str = "doorman:quiet";

/// The record's format version, its first field. The loader loads as usual on any other.
pub const VERSION: &str = "1";

/// The earliest moment, in ms since the epoch, at which any enabled campaign could show to this
/// visitor on this device (`phone`, see [`crate::audience::is_phone`]): `0` when something may
/// show now (or on some page now), `u64::MAX` when nothing ever will (signed up, a returning
/// customer, no campaign at all, or none for this device or for a visitor who is returning now).
/// The rules are the visitor's own verdicts and caps ([`Visitor::welcome_verdict`],
/// [`Visitor::game_verdict`], [`Visitor::exit_allowed`], [`Visitor::code_reminder`]) and each
/// campaign's audience as far as it is the same on every page ([`Audience::reaches`]); a game's
/// teaser tab and the code reminder tab count as showing. `0` rather than `now` keeps the record
/// unchanged from one page view to the next, so it is not rewritten on every page.
///
/// [`Audience::reaches`]: crate::audience::Audience::reaches
pub fn earliest_showing(visitor: &Visitor, config: &Config, phone: bool, now: u64) -> u64 {
    let returning = visitor.returning();
    let audiences = &config.audiences;
    let welcome = match visitor.welcome_verdict(config, now) {
        _ if !audiences.welcome.reaches(phone, returning) => u64::MAX,
        WelcomeVerdict::Show => now,
        WelcomeVerdict::ClosedUntil(until) => until,
        WelcomeVerdict::Disabled | WelcomeVerdict::SignedUp | WelcomeVerdict::ReturningCustomer => u64::MAX,
    };
    let game = match (visitor.game_verdict(config, now), config.game.as_ref(), visitor.game_closed_at) {
        _ if !audiences.game.reaches(phone, returning) => u64::MAX,
        (GameVerdict::Open | GameVerdict::TeaserOnly, _, _) => now,
        // Hidden while capped without a teaser: open again once the cap ends.
        (GameVerdict::Hidden, Some(game), Some(closed_at))
            if visitor.signed_up_at.is_none() && config.customer_orders == 0 =>
        {
            closed_at.saturating_add(game.cap_ms)
        }
        (GameVerdict::Hidden, _, _) => u64::MAX,
    };
    let exit = match (config.exit.as_ref(), visitor.exit_closed_at) {
        (None, _) => u64::MAX,
        _ if !audiences.exit.reaches(phone, returning) => u64::MAX,
        (Some(exit), Some(closed_at)) => closed_at.saturating_add(exit.cap_ms),
        (Some(_), None) => now,
    };
    let reminder = match (config.code_reminder, visitor.code_reminder(now)) {
        (true, Some(_)) => now,
        _ => u64::MAX,
    };
    let earliest = welcome.min(game).min(exit).min(reminder);
    if earliest <= now {
        0
    } else {
        earliest
    }
}

/// The record as stored: `VERSION|earliest|waiting|fingerprint`, where `earliest` is
/// [`earliest_showing`] in ms (decimal), `waiting` is `1` when the outbox holds anything to send
/// and `0` otherwise, and `fingerprint` is what the loader computed from the tag's `data-*`
/// attributes and handed to `start`. A dozen to forty bytes; the loader splits it on `|`.
pub fn record(earliest: u64, waiting: bool, fingerprint: &str) -> String {
    let mut text = String::from(VERSION);
    text.push('|');
    crate::json::push_decimal(&mut text, earliest);
    text.push_str(if waiting { "|1|" } else { "|0|" });
    text.push_str(fingerprint);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: u64 = 86_400_000;
    const NOW: u64 = 100 * DAY;

    fn config(attributes: &[(&str, &str)]) -> Config {
        Config::parse(|name| attributes.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string())).0
    }

    fn visitor() -> Visitor {
        Visitor::default()
    }

    #[test]
    fn the_earliest_moment_follows_every_campaigns_verdict_and_cap() {
        let welcome = [("welcome", "15%"), ("welcome-cap", "7d")];
        let exit = [("exit", "save-cart"), ("exit-cap", "3d")];
        let game = [("game", "wheel"), ("prizes", "A|X|1; B|Y|1"), ("welcome-cap", "7d"), ("game-teaser", "off")];
        let signed_up = Visitor { signed_up_at: Some(NOW - DAY), ..visitor() };
        let closed = Visitor { welcome_closed_at: Some(NOW - DAY), exit_closed_at: Some(NOW - DAY), game_closed_at: Some(NOW - DAY), ..visitor() };
        type Case<'a> = (&'a str, Visitor, Vec<(&'a str, &'a str)>, u64);
        let table: [Case; 14] = [
            ("no campaign at all", visitor(), vec![("welcome", "off")], u64::MAX),
            ("a new visitor sees the welcome popup", visitor(), welcome.to_vec(), 0),
            ("signed up: the welcome popup never shows again", signed_up.clone(), welcome.to_vec(), u64::MAX),
            ("a returning customer never sees it", visitor(), [&welcome[..], &[("customer-orders", "2")]].concat(), u64::MAX),
            ("closed: back when the cap ends", closed.clone(), welcome.to_vec(), NOW + 6 * DAY),
            ("the exit prompt is not capped by a sign-up", signed_up.clone(), [&welcome[..], &exit[..]].concat(), 0),
            ("closed everything: the nearest cap", closed.clone(), [&welcome[..], &exit[..]].concat(), NOW + 2 * DAY),
            ("an exit cap that has ended shows now", Visitor { exit_closed_at: Some(NOW - 4 * DAY), ..visitor() }, [("welcome", "off"), exit[0], exit[1]].to_vec(), 0),
            ("a new visitor plays the game", visitor(), game.to_vec(), 0),
            ("a dismissed game without a teaser: back when the cap ends", closed.clone(), game.to_vec(), NOW + 6 * DAY),
            ("a dismissed game with its teaser shows the tab", closed.clone(), game[..3].to_vec(), 0),
            ("a game is played once", signed_up.clone(), game.to_vec(), u64::MAX),
            ("a code to offer again shows its tab", Visitor { code: Some("C".into()), code_until: Some(NOW + DAY), ..signed_up.clone() }, [("welcome", "15%"), ("code-reminder", "on")].to_vec(), 0),
            ("an expired code shows nothing", Visitor { code: Some("C".into()), code_until: Some(NOW), ..signed_up.clone() }, [("welcome", "15%"), ("code-reminder", "on")].to_vec(), u64::MAX),
        ];
        for (case, visitor, attributes, expected) in table {
            assert_eq!(earliest_showing(&visitor, &config(&attributes), false, NOW), expected, "{case}");
        }
    }

    #[test]
    fn a_campaign_for_the_other_device_or_for_new_visitors_only_is_done_for_this_one() {
        let returning = Visitor { visits: 2, last_seen_at: Some(NOW), ..visitor() };
        let new = Visitor { visits: 1, last_seen_at: Some(NOW), ..visitor() };
        let closed_exit = Visitor { exit_closed_at: Some(NOW - DAY), ..returning.clone() };
        let game = [("game", "wheel"), ("prizes", "A|X|1; B|Y|1")];
        type Case<'a> = (&'a str, Visitor, Vec<(&'a str, &'a str)>, bool, u64);
        let table: [Case; 16] = [
            ("a phone-only tag on a desktop", new.clone(), vec![("devices", "phone")], false, u64::MAX),
            ("a phone-only tag on a phone", new.clone(), vec![("devices", "phone")], true, 0),
            ("a desktop-only tag on a phone", new.clone(), vec![("devices", "desktop")], true, u64::MAX),
            ("\"mobile\" is a phone", new.clone(), vec![("welcome-devices", "mobile")], false, u64::MAX),
            ("for new visitors, to a returning one", returning.clone(), vec![("visitors", "new")], false, u64::MAX),
            ("for new visitors, to a new one", new.clone(), vec![("visitors", "new")], false, 0),
            ("for new visitors, to a first page view", visitor(), vec![("visitors", "new")], false, 0),
            // A new visitor becomes a returning one on a later visit, whose first page must load.
            ("for returning visitors, to a new one", new.clone(), vec![("visitors", "returning")], false, 0),
            ("for returning visitors, to a returning one", returning.clone(), vec![("visitors", "returning")], false, 0),
            // Each campaign by its own audience: one that may show keeps the view loading.
            ("the welcome popup for desktops, the exit prompt for all", new.clone(), vec![("welcome-devices", "desktop"), ("exit", "save-cart")], true, 0),
            ("the welcome popup for new visitors, the exit prompt for desktops", returning.clone(), vec![("welcome-visitors", "new"), ("exit", "save-cart"), ("exit-devices", "desktop")], true, u64::MAX),
            ("the same on a desktop: the exit prompt may show", returning.clone(), vec![("welcome-visitors", "new"), ("exit", "save-cart"), ("exit-devices", "desktop")], false, 0),
            ("a closed exit prompt for desktops, on a desktop: back when its cap ends", closed_exit.clone(), vec![("welcome-visitors", "new"), ("exit", "save-cart"), ("exit-cap", "3d"), ("exit-devices", "desktop")], false, NOW + 2 * DAY),
            ("the game for phones on a desktop", new.clone(), [&game[..], &[("game-devices", "phone")]].concat(), false, u64::MAX),
            ("the game for new visitors, its teaser too, to a returning one", returning.clone(), [&game[..], &[("game-visitors", "new")]].concat(), false, u64::MAX),
            // Pages differ from view to view: a campaign kept off this page may show on the next.
            ("the welcome popup on product pages only", returning.clone(), vec![("pages", "/products/*")], false, 0),
        ];
        for (case, visitor, attributes, phone, expected) in table {
            assert_eq!(earliest_showing(&visitor, &config(&attributes), phone, NOW), expected, "{case}");
        }
        // The code reminder tab shows to any device and visitor.
        let reminded = Visitor { signed_up_at: Some(1), code: Some("C".into()), code_until: Some(NOW + DAY), ..returning };
        assert_eq!(earliest_showing(&reminded, &config(&[("devices", "phone"), ("visitors", "new")]), false, NOW), 0);
    }

    #[test]
    fn a_code_reminder_that_is_switched_off_shows_nothing() {
        let reminded = Visitor { signed_up_at: Some(1), code: Some("C".into()), code_until: Some(NOW + DAY), ..visitor() };
        assert_eq!(earliest_showing(&reminded, &config(&[("code-reminder", "off")]), false, NOW), u64::MAX);
    }

    #[test]
    fn the_record_is_versioned_and_tiny() {
        assert_eq!(record(u64::MAX, false, "1.2.0:k3j4"), "1|18446744073709551615|0|1.2.0:k3j4");
        assert_eq!(record(1_700_000_000_000, true, "x"), "1|1700000000000|1|x");
    }
}
