//! Whether a page view can skip Doorman altogether: the record the loader reads before it
//! fetches the wasm.
//!
//! Most page views of a shop show nothing: the shopper signed up or closed every prompt, and the
//! outbox is empty. The wasm writes, whenever the visitor or the outbox changes (and on each page
//! view it loads on), the earliest moment anything could show, whether anything waits to be sent,
//! a fingerprint of the tag that was in force, and the pages where nothing can show even while
//! something may show elsewhere. The loader compares those with its own clock, tag and page and,
//! while nothing can show, neither fetches nor compiles the wasm (see `src/loader.js`).
//!
//! What is the same on every page of the shop in this browser decides the earliest moment: the
//! visitor's record, the tag's attributes and the device (the loader's fingerprint covers the tag
//! and the facts the device rule reads, so a changed tag or another device is weighed again). A
//! page's path decides only for that path, in the list: a campaign kept off one page may show on
//! the next. The cart never makes the record quieter.

use crate::audience::{Audience, PageView};
use crate::config::Config;
use crate::visitor::{GameVerdict, Visitor, WelcomeVerdict};

/// The localStorage key of the record.
pub const KEY: &str = "doorman:quiet";

/// The record's format version, its first field. The loader loads as usual on any other.
pub const VERSION: &str = "1";

/// The localStorage key where the loader notes the page views it kept quiet, for the widget to
/// count towards the visit when it next loads (see [`quiet_views`]).
pub const SEEN_KEY: &str = "doorman:seen";

/// The quiet page views the loader noted under [`SEEN_KEY`]: `first|last|longest gap`, in ms
/// (decimal), as [`crate::visitor::Visitor::quiet_views`] takes them; `None` for anything else.
pub fn quiet_views(text: &str) -> Option<(u64, u64, u64)> {
    let mut fields = text.split('|');
    let (first, last, gap) = (fields.next()?, fields.next()?, fields.next()?);
    let whole = crate::json::whole;
    fields.next().is_none().then_some((whole(first)?, whole(last)?, whole(gap)?))
}

/// The earliest moment, in ms since the epoch, at which any enabled campaign could show to this
/// visitor on this device (`phone`, see [`crate::audience::is_phone`]): `0` when something may
/// show now (or on some page now), `u64::MAX` when nothing ever will (signed up, a returning
/// customer, no campaign at all, or none for this device or for a visitor who is returning now).
/// The rules are the visitor's own verdicts and caps ([`Visitor::welcome_verdict`],
/// [`Visitor::game_verdict`], [`Visitor::exit_allowed`], [`Visitor::code_reminder`]) and each
/// campaign's audience as far as it is the same on every page ([`Audience::reaches`]); a game's
/// teaser tab and the code reminder tab count as showing. `0` rather than `now` keeps the record
/// unchanged from one page view to the next, so it is not rewritten on every page.
pub fn earliest_showing(visitor: &Visitor, config: &Config, phone: bool, now: u64) -> u64 {
    let returning = visitor.returning();
    earliest(visitor, config, now, &|audience| audience.reaches(phone, returning), true)
}

/// Whether nothing can ever show on `view`'s page to this visitor as they are now: every campaign
/// is done for them (the rules of [`earliest_showing`], a cap that ends is not done), or kept off
/// the page by its audience ([`Audience::may_show_on`]: a campaign for returning visitors may show
/// to a new one, who may come back); the code reminder tab shows on every page but an order's
/// confirmation ([`crate::signup::shopify::is_order_confirmation`]).
pub fn shows_nothing_on(visitor: &Visitor, config: &Config, view: &PageView, now: u64) -> bool {
    let reminder_here = !crate::signup::shopify::is_order_confirmation(view.path);
    earliest(visitor, config, now, &|audience| audience.may_show_on(view), reminder_here) == u64::MAX
}

/// The earliest moment any campaign whose audience `reaches` could show, and the code reminder
/// where `reminder_here`; see [`earliest_showing`]. `reaches` is a trait object, so that the wasm
/// holds one copy of this for both callers.
fn earliest(visitor: &Visitor, config: &Config, now: u64, reaches: &dyn Fn(&Audience) -> bool, reminder_here: bool) -> u64 {
    let audiences = &config.audiences;
    let welcome = match visitor.welcome_verdict(config, now) {
        _ if !reaches(&audiences.welcome) => u64::MAX,
        WelcomeVerdict::Show => now,
        WelcomeVerdict::ClosedUntil(until) => until,
        WelcomeVerdict::Disabled | WelcomeVerdict::SignedUp | WelcomeVerdict::ReturningCustomer => u64::MAX,
    };
    let game = match (visitor.game_verdict(config, now), config.game.as_ref(), visitor.game_closed_at) {
        _ if !reaches(&audiences.game) => u64::MAX,
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
        _ if !reaches(&audiences.exit) => u64::MAX,
        (Some(exit), Some(closed_at)) => closed_at.saturating_add(exit.cap_ms),
        (Some(_), None) => now,
    };
    let reminder = match (config.code_reminder && reminder_here, visitor.code_reminder(now)) {
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

/// At most this many pages in the record's list of pages where nothing can show (see [`record`]):
/// the pages a shopper comes back to (the home page, a collection) are few, and each other page
/// loads once. A path over [`MAX_QUIET_PATH_BYTES`] is left out: its page loads as usual.
pub const MAX_QUIET_PATHS: usize = 24;
/// The longest path, in bytes, the list holds: as long as a path pattern may be.
pub const MAX_QUIET_PATH_BYTES: usize = 200;

/// The record's list of pages where nothing can show, as the loader reads it: paths
/// (`location.pathname`, which never holds a space) separated by spaces, the most recent last.
/// It holds those of `previous` (the list of the record this tag and device last wrote, see
/// [`previous_paths`]) for which `shows_nothing(path)` still holds, as the visitor may have
/// changed since (a revealed code shows its reminder tab on every page), then `here` if nothing
/// can show on it; the oldest go past [`MAX_QUIET_PATHS`]. A path that may name the shopper
/// (an email, a Shopify account page's ids and tokens: what a view report redacts, see
/// [`crate::signup::views::private_path`]) stays out of storage: its page loads as usual.
pub fn quiet_paths(previous: &str, here: &str, shows_nothing: impl Fn(&str) -> bool) -> String {
    // Plain loops, bytes and a list joined by hand: `contains(' ')` (whose `char` pattern falls
    // back to a substring search), `join` and iterator adapters cost doorman.wasm 2.4 KB gzip
    // (measured), most of it core's substring search.
    let keeps = |path: &str| {
        !path.is_empty()
            && path.len() <= MAX_QUIET_PATH_BYTES
            && !path.bytes().any(|byte| byte == b' ')
            && crate::signup::views::private_path(path) == path
            && shows_nothing(path)
    };
    let mut kept = Vec::new();
    for path in previous.split(' ') {
        if path != here && keeps(path) {
            kept.push(path);
        }
    }
    if keeps(here) {
        kept.push(here);
    }
    let mut list = String::new();
    for path in &kept[kept.len().saturating_sub(MAX_QUIET_PATHS)..] {
        if !list.is_empty() {
            list.push(' ');
        }
        list.push_str(path);
    }
    list
}

/// The list of pages of `record` (a record as stored, see [`record`]) when it was written for
/// `fingerprint` in this version, else empty: another tag or device starts a list of its own.
pub fn previous_paths<'a>(record: &'a str, fingerprint: &str) -> &'a str {
    // The first four `|` by byte (`splitn` costs doorman.wasm 0.3 KB more).
    let mut bars = [0; 4];
    let mut found = 0;
    for (at, byte) in record.bytes().enumerate() {
        if byte == b'|' && found < 4 {
            bars[found] = at;
            found += 1;
        }
    }
    let field = |from: usize, to: usize| record.get(from..to).unwrap_or_default();
    if found < 4 || field(0, bars[0]) != VERSION || field(bars[2] + 1, bars[3]) != fingerprint {
        return "";
    }
    field(bars[3] + 1, record.len())
}

/// The record as stored: `VERSION|earliest|waiting|fingerprint`, then `|paths` when there are
/// any, where `earliest` is [`earliest_showing`] in ms (decimal), `waiting` is `1` when the outbox
/// holds anything to send and `0` otherwise, `fingerprint` is what the loader computed from the tag's
/// `data-*` attributes and the device and handed to `start`, and `paths` the pages where nothing
/// can show ([`quiet_paths`]), which the loader skips even while something may show elsewhere.
/// A dozen to forty bytes without pages; the loader splits it on `|` (a path may hold one: the
/// fields after the fourth are the list).
pub fn record(earliest: u64, waiting: bool, fingerprint: &str, paths: &str) -> String {
    let mut text = String::from(VERSION);
    text.push('|');
    crate::json::push_decimal(&mut text, earliest);
    text.push_str(if waiting { "|1|" } else { "|0|" });
    text.push_str(fingerprint);
    if !paths.is_empty() {
        text.push('|');
        text.push_str(paths);
    }
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

    fn view(path: &str) -> PageView<'_> {
        PageView { path, unrooted: path, phone: false, returning: false }
    }

    #[test]
    fn a_page_that_every_campaign_is_kept_off_shows_nothing_while_others_may() {
        let new = Visitor { visits: 1, last_seen_at: Some(NOW), ..visitor() };
        let returning = Visitor { visits: 2, ..new.clone() };
        let closed = Visitor { welcome_closed_at: Some(NOW - DAY), ..new.clone() };
        type Case<'a> = (&'a str, Visitor, Vec<(&'a str, &'a str)>, &'a str, bool);
        let table: [Case; 13] = [
            ("the home page only, on a product page", new.clone(), vec![("pages", "/")], "/products/mug", true),
            ("the home page only, on the home page", new.clone(), vec![("pages", "/")], "/", false),
            ("the cart, kept off by default", new.clone(), vec![], "/cart", true),
            ("a product page", new.clone(), vec![], "/products/mug", false),
            ("the exit prompt shows on the cart", new.clone(), vec![("exit", "save-cart")], "/cart", false),
            ("the exit prompt kept off the cart too", new.clone(), vec![("exit", "save-cart"), ("exit-skip-pages", "/cart")], "/cart", true),
            // A closed popup comes back when its cap ends: not a page where nothing ever shows.
            ("closed, on a page it shows on", closed.clone(), vec![], "/products/mug", false),
            ("closed, on a page it is kept off", closed.clone(), vec![], "/cart", true),
            // A new visitor may come back: a page of a campaign for returning visitors may show it.
            ("for returning visitors, to a new one", new.clone(), vec![("pages", "/"), ("visitors", "returning")], "/", false),
            ("for new visitors, to a returning one", returning.clone(), vec![("pages", "/"), ("visitors", "new")], "/", true),
            ("the game's teaser on its pages", new.clone(), vec![("game", "wheel"), ("prizes", "A|X|1; B|Y|1"), ("game-pages", "/products/*")], "/products/mug", false),
            ("the game kept off a page", new.clone(), vec![("game", "wheel"), ("prizes", "A|X|1; B|Y|1"), ("game-pages", "/products/*")], "/", true),
            ("signed up: every page", Visitor { signed_up_at: Some(1), ..new.clone() }, vec![], "/products/mug", true),
        ];
        for (case, visitor, attributes, path, expected) in table {
            let view = PageView { returning: visitor.returning(), ..view(path) };
            assert_eq!(shows_nothing_on(&visitor, &config(&attributes), &view, NOW), expected, "{case}");
        }
        // The code reminder tab shows on every page but an order's confirmation.
        let reminded = Visitor { signed_up_at: Some(1), code: Some("C".into()), code_until: Some(NOW + DAY), ..new };
        let tag = config(&[("pages", "/")]);
        assert!(!shows_nothing_on(&reminded, &tag, &view("/cart"), NOW));
        assert!(shows_nothing_on(&reminded, &tag, &view("/checkouts/abc/thank_you"), NOW));
    }

    #[test]
    fn the_list_of_pages_keeps_those_that_still_show_nothing_the_most_recent_last() {
        let none = |_: &str| true;
        assert_eq!(quiet_paths("", "/cart", none), "/cart");
        assert_eq!(quiet_paths("/a /b", "/c", none), "/a /b /c");
        assert_eq!(quiet_paths("/a /b /c", "/b", none), "/a /c /b", "a page seen again moves to the end, once");
        assert_eq!(quiet_paths("/a /b", "/c", |path| path != "/a"), "/b /c", "a page where something may show now leaves");
        assert_eq!(quiet_paths("/a", "/b", |path| path != "/b"), "/a", "this page, where something may show, is not added");
        assert_eq!(quiet_paths("/a|b  /c", "/d", none), "/a|b /c /d", "a `|` stays, empty entries go");
        // A merchant's trial: an account page's token and an email stayed in storage.
        assert_eq!(quiet_paths("/account/reset/6281746727093/8f3a9c1e /a", "/account/ada%40example.com", none), "/a");
        assert_eq!(quiet_paths("", "/account/login", none), "/account/login", "a page of no one");
        let long = format!("/{}", "x".repeat(MAX_QUIET_PATH_BYTES));
        assert_eq!(quiet_paths("/a", &long, none), "/a", "a path over the limit is left out");
        let many: Vec<String> = (0..MAX_QUIET_PATHS + 5).map(|i| format!("/p{i}")).collect();
        let list = quiet_paths(&many.join(" "), "/last", none);
        assert_eq!(list.split(' ').count(), MAX_QUIET_PATHS);
        assert!(list.ends_with("/last") && !list.contains("/p5 ") && list.starts_with("/p6 "), "the oldest go: {list}");
    }

    #[test]
    fn the_loaders_note_of_quiet_views_is_three_numbers() {
        assert_eq!(quiet_views("1000|61000|60000"), Some((1000, 61000, 60000)));
        for text in ["", "null", "1|2", "1|2|3|4", "NaN|5|0", "1|-2|0", "1.5|2|0", "a|b|c"] {
            assert_eq!(quiet_views(text), None, "{text:?}");
        }
    }

    #[test]
    fn the_previous_list_counts_only_for_the_same_tag_and_device() {
        assert_eq!(previous_paths("1|0|0|abc|/cart /a|b", "abc"), "/cart /a|b");
        assert_eq!(previous_paths("1|0|0|abc|/cart", "xyz"), "");
        assert_eq!(previous_paths("1|0|0|abc", "abc"), "");
        assert_eq!(previous_paths("2|0|0|abc|/cart", "abc"), "");
        assert_eq!(previous_paths("garbage", "abc"), "");
    }

    #[test]
    fn a_code_reminder_that_is_switched_off_shows_nothing() {
        let reminded = Visitor { signed_up_at: Some(1), code: Some("C".into()), code_until: Some(NOW + DAY), ..visitor() };
        assert_eq!(earliest_showing(&reminded, &config(&[("code-reminder", "off")]), false, NOW), u64::MAX);
    }

    #[test]
    fn the_record_is_versioned_and_tiny() {
        assert_eq!(record(u64::MAX, false, "1.2.0:k3j4", ""), "1|18446744073709551615|0|1.2.0:k3j4");
        assert_eq!(record(1_700_000_000_000, true, "x", ""), "1|1700000000000|1|x");
        assert_eq!(record(0, false, "x", "/cart /a|b"), "1|0|0|x|/cart /a|b");
    }
}
