//! The welcome popup's whole path natively: armed on each visit, fired, shown, closed or signed
//! up, through the sign-up flow's `MemoryStore`, with its cap across visits.

use super::*;
use crate::signup::flow::testing::HOME;
use crate::json::ToJson;
use crate::signup::flow::testing;
use crate::signup::flow::{self, MemoryStore, Next, RevealText, Store};
use crate::signup::report::{Campaign, OfferReport, Report};

const DAY: u64 = 86_400_000;
const NOW: u64 = 1_000 * DAY;

fn config(pairs: &[(&str, &str)]) -> Config {
    // The test's own pairs first: the first of a repeated name counts.
    testing::config(&[pairs, &[("welcome", "15%"), ("welcome-code", "WELCOME15")]].concat())
}

fn report() -> Report {
    let offer = OfferReport { label: "15% off your first order".into(), code: Some("WELCOME15".into()) };
    Report { offer, ..testing::report(Campaign::Welcome, None) }
}

/// Whether a page view that starts at `start` shows the popup at some point in its first hour,
/// by time or by scrolling to the bottom.
fn fires_on_a_visit(config: &Config, visitor: &Visitor, start: u64) -> bool {
    let mut by_time = arm(config, visitor, &HOME, start);
    let mut by_scroll = by_time.clone();
    by_time.on_time(start + 3_600_000) || by_scroll.on_scroll(100.0)
}

#[test]
fn each_visit_arms_the_trigger_by_the_visitors_verdict() {
    let on = config(&[]);
    let table = [
        ("a fresh visitor: after the default 5 s", on.clone(), Visitor::default(), Some(NOW + 5_000), false),
        ("its own delay and scroll depth", config(&[("welcome-delay", "2s"), ("welcome-scroll", "40%")]), Visitor::default(), Some(NOW + 2_000), true),
        ("scroll only", config(&[("welcome-delay", "off"), ("welcome-scroll", "50")]), Visitor::default(), None, true),
        ("signed up", on.clone(), Visitor { signed_up_at: Some(1), ..Visitor::default() }, None, false),
        ("closed a day ago, within the 7-day cap", on.clone(), Visitor { welcome_closed_at: Some(NOW - DAY), ..Visitor::default() }, None, false),
        ("closed 7 days ago", on.clone(), Visitor { welcome_closed_at: Some(NOW - 7 * DAY), ..Visitor::default() }, Some(NOW + 5_000), false),
        ("a returning customer", config(&[("customer-orders", "3")]), Visitor::default(), None, false),
        ("switched off", config(&[("welcome", "off")]), Visitor::default(), None, false),
        ("a game in its place", config(&[("game", "wheel"), ("prizes", "A|X|1; B|Y|1")]), Visitor::default(), None, false),
    ];
    for (name, config, visitor, due, scroll) in table {
        let trigger = arm(&config, &visitor, &HOME, NOW);
        assert_eq!((trigger.due_at(), trigger.watches_scroll()), (due, scroll), "{name}");
    }
}

#[test]
fn a_fired_trigger_shows_the_popup_unless_another_dialog_is_up_or_another_tab_settled_it() {
    let config = config(&[]);
    assert!(shows(&config, &Visitor::default(), false, NOW));
    assert!(!shows(&config, &Visitor::default(), true, NOW), "over another dialog");
    assert!(!shows(&config, &Visitor { signed_up_at: Some(NOW - 1), ..Visitor::default() }, false, NOW), "signed up in another tab");
    assert!(!shows(&config, &Visitor { welcome_closed_at: Some(NOW - 1), ..Visitor::default() }, false, NOW), "closed in another tab");
    assert_eq!(offer(&config), Offer::Percent(15));
    assert_eq!(offer(&Config::default()), Offer::Percent(10), "a preview of a switched-off popup");
}

#[test]
fn closed_it_stays_away_for_the_cap_then_a_sign_up_ends_it_for_good() {
    let config = config(&[("welcome-cap", "2d"), ("endpoint", "/apps/doorman/signups")]);
    let mut store = MemoryStore::default();
    // Visit 1: the delay fires, the popup shows, the shopper closes it.
    let mut trigger = arm(&config, &store.visitor(), &HOME, NOW);
    assert!(!trigger.on_time(NOW + 4_999));
    assert!(trigger.on_time(NOW + 5_000));
    assert!(shows(&config, &store.visitor(), false, NOW + 5_000));
    assert!(!flow::close(&mut store, Campaign::Welcome, false, NOW + 6_000), "no teaser for the welcome popup");
    // Visits within the cap stay quiet; the first after it shows the popup again.
    assert!(!fires_on_a_visit(&config, &store.visitor(), NOW + DAY));
    assert!(!fires_on_a_visit(&config, &store.visitor(), NOW + 2 * DAY + 5_999));
    assert!(fires_on_a_visit(&config, &store.visitor(), NOW + 2 * DAY + 6_000));
    // That visit: a sign-up, which waits for the shop's own code and reveals the configured one.
    let report = report();
    assert_eq!(flow::record(&config, &mut store, &report, &report.to_json(), NOW + 3 * DAY), Next::AwaitShop);
    let reveal = flow::reveal(&config, Campaign::Welcome, None);
    assert_eq!((reveal.text, reveal.code.as_deref(), reveal.remember), (RevealText::CodeIntro, Some("WELCOME15"), true));
    assert!(!flow::close(&mut store, Campaign::Welcome, true, NOW + 3 * DAY + 1));
    // Never again, whatever the cap.
    for later in [NOW + 4 * DAY, NOW + 30 * DAY, NOW + 999 * DAY] {
        assert!(!fires_on_a_visit(&config, &store.visitor(), later));
        assert!(!shows(&config, &store.visitor(), false, later));
    }
}

#[test]
fn with_a_cap_of_zero_every_page_view_shows_it_again_after_a_close() {
    let config = config(&[("welcome-cap", "0")]);
    let mut store = MemoryStore::default();
    for visit in 0..3 {
        let start = NOW + visit * 60_000;
        assert!(fires_on_a_visit(&config, &store.visitor(), start), "visit {visit}");
        flow::close(&mut store, Campaign::Welcome, false, start + 5_000);
    }
}

#[test]
fn the_audience_keeps_the_popup_off_pages_devices_and_visitors_it_leaves_out() {
    let visitor = Visitor::default();
    let cart = PageView { path: "/cart", unrooted: "/cart", ..HOME };
    let localized_checkout = PageView { path: "/fr/checkouts/c1", unrooted: "/checkouts/c1", ..HOME };
    let phone = PageView { phone: true, ..HOME };
    let returning = PageView { returning: true, ..HOME };
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a PageView<'a>, bool);
    let cases: [Case; 7] = [
        ("home page", &[], &HOME, true),
        ("the cart, by default", &[], &cart, false),
        ("a translated checkout, by default", &[], &localized_checkout, false),
        ("the cart, default lifted", &[("welcome-skip-pages", "none")], &cart, true),
        ("a phone under devices=desktop", &[("devices", "desktop")], &phone, false),
        ("a returning visitor under welcome-visitors=new", &[("welcome-visitors", "new")], &returning, false),
        ("a page outside welcome-pages", &[("welcome-pages", "/products/*")], &HOME, false),
    ];
    for (name, pairs, view, armed) in cases {
        let trigger = arm(&config(pairs), &visitor, view, NOW);
        assert_eq!(trigger.due_at().is_some(), armed, "{name}");
    }
}
