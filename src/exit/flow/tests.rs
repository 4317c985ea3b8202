//! The exit prompt's whole path natively: armed on each visit, fired by exit intent, the cart
//! read, the prompt offered, closed or used, through the sign-up flow's `MemoryStore`, with its
//! cap across visits.

use super::*;
use crate::signup::flow::testing::HOME;
use crate::exit::cart::CartLine;
use crate::exit::trigger::{ExitSignal, ExitStep};
use crate::json::ToJson;
use crate::signup::flow::testing;
use crate::signup::flow::{self, MemoryStore, Next, RevealText, Store};
use crate::signup::report::{Campaign, OfferReport, Report};

const DAY: u64 = 86_400_000;
const NOW: u64 = 1_000 * DAY;

fn config(pairs: &[(&str, &str)]) -> Config {
    // The test's own pairs first: the first of a repeated name counts.
    testing::config(&[pairs, &[("welcome", "off"), ("exit", "save-cart"), ("exit-code", "FREESHIP"), ("exit-delay", "0")]].concat())
}

fn cart() -> Cart {
    Cart::new(vec![CartLine { variant_id: 40001, quantity: 2, title: "Stoneware Mug".into(), unit_price: 1900 }], "EUR".into())
}

fn report(cart: Cart) -> Report {
    let offer = OfferReport { label: String::new(), code: Some("FREESHIP".into()) };
    let restore_url = Some("https://acme.example/cart/40001:2?discount=FREESHIP".into());
    Report { offer, cart: Some(cart), restore_url, ..testing::report(Campaign::Exit, None) }
}

/// The pointer leaves through the top edge `after` ms into a page view that started at `start`:
/// whether the trigger fires.
fn leaves(trigger: &mut ExitTrigger, start: u64, after: u64) -> bool {
    trigger.on(ExitSignal::PointerLeft { y: 0.0 }, start + after) == ExitStep::Fire
}

#[test]
fn each_visit_watches_for_exit_intent_unless_the_prompt_is_off_or_capped() {
    let on = config(&[]);
    let table = [
        ("a fresh visitor", on.clone(), Visitor::default(), true),
        ("closed a day ago, within the 3-day cap", on.clone(), Visitor { exit_closed_at: Some(NOW - DAY), ..Visitor::default() }, false),
        ("closed 3 days ago", on.clone(), Visitor { exit_closed_at: Some(NOW - 3 * DAY), ..Visitor::default() }, true),
        ("a cap of 0", config(&[("exit-cap", "0")]), Visitor { exit_closed_at: Some(NOW), ..Visitor::default() }, true),
        ("signed up through the welcome popup: the cart saver still helps", on.clone(), Visitor { signed_up_at: Some(NOW - DAY), ..Visitor::default() }, true),
        ("off by default", Config::default(), Visitor::default(), false),
    ];
    for (name, config, visitor, watches) in table {
        assert_eq!(arm(&config, &visitor, &HOME, NOW).is_some(), watches, "{name}");
    }
    let mut trigger = arm(&on, &Visitor::default(), &HOME, NOW).expect("watching");
    assert!(!leaves(&mut trigger, NOW, 2_999), "not before data-exit-min-time");
    assert!(leaves(&mut trigger, NOW, 3_000));
}

#[test]
fn a_fired_trigger_reads_the_cart_rearms_under_another_dialog_or_stops_once_capped() {
    let config = config(&[]);
    assert_eq!(fired(&config, &Visitor::default(), false, NOW), Fired::ReadCart);
    assert_eq!(fired(&config, &Visitor::default(), true, NOW), Fired::Rearm);
    let closed_in_another_tab = Visitor { exit_closed_at: Some(NOW - 1), ..Visitor::default() };
    assert_eq!(fired(&config, &closed_in_another_tab, false, NOW), Fired::StopWatching);
    assert_eq!(fired(&config, &closed_in_another_tab, true, NOW), Fired::StopWatching, "the cap goes first");
}

#[test]
fn only_a_cart_with_items_is_offered_except_in_a_preview() {
    let empty = Cart::new(vec![CartLine { variant_id: 1, quantity: 0, title: "Gone".into(), unit_price: 5 }], "EUR".into());
    let table = [
        ("items", Some(cart()), false, false, CartRead::Offer(cart())),
        ("no cart anywhere", None, false, false, CartRead::Rearm),
        ("an empty cart", Some(empty.clone()), false, false, CartRead::Rearm),
        ("a dialog opened while the cart was read", Some(cart()), false, true, CartRead::Rearm),
        ("a preview of an empty cart", Some(empty), true, false, CartRead::Offer(Cart::default())),
        ("a preview without a cart", None, true, false, CartRead::Offer(Cart::default())),
        ("a preview with items", Some(cart()), true, false, CartRead::Offer(cart())),
    ];
    for (name, cart, preview, dialog_open, expected) in table {
        assert_eq!(cart_read(cart, preview, dialog_open), expected, "{name}");
    }
}

#[test]
fn an_empty_cart_rearms_then_a_full_one_is_saved_and_the_cap_holds_across_visits() {
    let config = config(&[("endpoint", "/apps/doorman/signups")]);
    let mut store = MemoryStore::default();
    let mut trigger = arm(&config, &store.visitor(), &HOME, NOW).expect("watching");
    // The first exit finds an empty cart: nothing shows, and the next exit is watched for.
    assert!(leaves(&mut trigger, NOW, 5_000));
    assert_eq!(fired(&config, &store.visitor(), false, NOW + 5_000), Fired::ReadCart);
    assert_eq!(cart_read(None, false, false), CartRead::Rearm);
    trigger.rearm();
    // The second finds items: the prompt offers them, and the shopper saves the cart.
    assert!(leaves(&mut trigger, NOW, 60_000));
    assert_eq!(fired(&config, &store.visitor(), false, NOW + 60_000), Fired::ReadCart);
    let CartRead::Offer(saved) = cart_read(Some(cart()), false, false) else { panic!("offered") };
    let report = report(saved);
    assert_eq!(flow::record(&config, &mut store, &report, &report.to_json(), NOW + 61_000), Next::AwaitShop);
    assert_eq!(store.visitor().exit_closed_at, Some(NOW + 61_000), "a saved cart starts the cap too");
    let reveal = flow::reveal(&config, Campaign::Exit, None);
    assert_eq!((reveal.text, reveal.code.as_deref(), reveal.remember), (RevealText::ExitSaved, Some("FREESHIP"), false));
    // Within the cap no visit watches; after it, one does again.
    assert!(arm(&config, &store.visitor(), &HOME, NOW + DAY).is_none());
    assert!(arm(&config, &store.visitor(), &HOME, NOW + 3 * DAY + 61_000).is_some());
}

#[test]
fn a_closed_prompt_stays_away_for_its_cap_and_nothing_emails_a_link_without_a_destination() {
    let config = config(&[("exit-cap", "1d")]);
    let mut store = MemoryStore::default();
    assert_eq!(fired(&config, &store.visitor(), false, NOW), Fired::ReadCart);
    assert!(!flow::close(&mut store, Campaign::Exit, false, NOW), "no teaser for the exit prompt");
    assert!(arm(&config, &store.visitor(), &HOME, NOW + DAY - 1).is_none());
    assert!(arm(&config, &store.visitor(), &HOME, NOW + DAY).is_some());
    // Saved with no destination: the link is shown, not promised by email.
    assert_eq!(flow::reveal(&config, Campaign::Exit, None).text, RevealText::ExitSavedHere);
}

#[test]
fn the_audience_keeps_the_exit_prompt_off_pages_and_devices_it_leaves_out() {
    let on = config(&[]);
    let visitor = Visitor::default();
    let cart = PageView { path: "/cart", unrooted: "/cart", ..HOME };
    assert!(arm(&on, &visitor, &cart, NOW).is_some(), "the exit prompt has no default skip list: a cart page is where it matters");
    let skipped = config(&[("exit-skip-pages", "/cart")]);
    assert!(arm(&skipped, &visitor, &cart, NOW).is_none());
    let desktop_only = config(&[("devices", "desktop")]);
    assert!(arm(&desktop_only, &visitor, &PageView { phone: true, ..HOME }, NOW).is_none());
    assert!(arm(&desktop_only, &visitor, &HOME, NOW).is_some());
}

#[test]
fn only_a_cart_with_items_or_a_preview_fetches_what_reads_it_and_the_read_cart_decides() {
    assert!(may_offer(2, false, false));
    assert!(!may_offer(0, false, false), "an empty cart watches for the next exit");
    assert!(may_offer(0, true, false), "a preview shows the prompt even for an empty cart");
    assert!(!may_offer(2, false, true), "another dialog is up");
    // Items that are all unusable read as an empty cart: no offer, though the code was fetched.
    assert_eq!(cart_read(Some(Cart::new(Vec::new(), "EUR".into())), false, false), CartRead::Rearm);
}
