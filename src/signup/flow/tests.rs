//! Whole sign-ups, natively: every campaign, every destination answer, caps across visits.

use super::*;
use crate::json::ToJson;
use crate::signup::report::PrizeReport;
use crate::visitor::{GameVerdict, WelcomeVerdict};

const DAY: u64 = 86_400_000;
const NOW: u64 = 1_000 * DAY;
const NET: Outcome = Outcome::Transient { retry_after_ms: None, network: true };

use super::testing::config;

fn report(campaign: Campaign, prize: Option<usize>) -> Report {
    super::testing::report(campaign, prize.map(|index| PrizeReport { index, label: "A".into(), code: None }))
}

/// Submits a sign-up for `campaign` into `store`, as the dialog does.
fn sign_up(config: &Config, store: &mut MemoryStore, campaign: Campaign, prize: Option<usize>) -> (Report, Next) {
    let report = report(campaign, prize);
    let next = record(config, store, &report, &report.to_json(), NOW);
    (report, next)
}

fn attempt<'a>(outcome: &'a Outcome, code: Option<&str>, prize: Option<usize>) -> Attempt<'a> {
    Attempt { outcome, code: code.map(str::to_string), prize, now: NOW + 1, jitter: 0 }
}

#[test]
fn a_welcome_sign_up_with_no_destination_reveals_at_once_and_promises_no_email() {
    let config = config(&[]);
    let mut store = MemoryStore::default();
    let (_, next) = sign_up(&config, &mut store, Campaign::Welcome, None);
    assert_eq!(next, Next::Reveal);
    assert!(store.outbox.is_empty(), "nowhere to deliver");
    assert_eq!(store.visitor.signed_up_at, Some(NOW));
    assert_eq!(store.visitor.email.as_deref(), Some("ada@example.com"));
    assert_eq!(reveal(&config, Campaign::Welcome, None), Reveal { text: RevealText::NoCodeNoEmail, code: None, remember: false });
    // The next visit: signed up, so the popup stays away for good.
    assert_eq!(store.visitor().welcome_verdict(&config, NOW + 365 * DAY), WelcomeVerdict::SignedUp);
}

#[test]
fn a_welcome_sign_up_queues_one_delivery_per_destination_and_waits_for_the_webhook() {
    let config = config(&[("endpoint", "shopify /signups"), ("klaviyo-key", "AbC123"), ("klaviyo-list", "Y6nRLr")]);
    let mut store = MemoryStore::default();
    let (report, next) = sign_up(&config, &mut store, Campaign::Welcome, None);
    assert_eq!(next, Next::AwaitShop);
    let destinations: Vec<&str> = store.outbox.deliveries.iter().map(|d| d.destination.as_str()).collect();
    assert_eq!(destinations, ["shopify", "/signups", "klaviyo:AbC123:Y6nRLr"]);
    assert!(store.outbox.deliveries.iter().all(|d| d.body == report.to_json()), "each carries the report");

    // Shopify and Klaviyo accept; only the webhook's answer moves the dialog on.
    let shopify = store.outbox.deliveries[0].clone();
    let (set_aside, next) = answered(&config, &mut store, &shopify, attempt(&Outcome::Delivered, Some("NOT-THIS"), None), Some(&report.id));
    assert_eq!((set_aside, next), (None, None));
    let webhook = store.outbox.deliveries.iter().find(|d| d.destination == "/signups").cloned().expect("queued");
    let (_, next) = answered(&config, &mut store, &webhook, attempt(&Outcome::Delivered, Some("SHOP-7Q2"), None), Some(&report.id));
    assert_eq!(next, Some(Answered::Reveal { code: Some("SHOP-7Q2".into()) }));
    assert_eq!(store.outbox.deliveries.len(), 1, "the two delivered ones are gone, Klaviyo's is left");
    let shown = reveal(&config, Campaign::Welcome, Some("SHOP-7Q2".into()));
    assert_eq!(shown, Reveal { text: RevealText::CodeIntro, code: Some("SHOP-7Q2".into()), remember: true });
}

#[test]
fn a_webhook_that_fails_reveals_the_configured_code_and_keeps_the_sign_up() {
    let config = config(&[("endpoint", "/signups"), ("welcome-code", "WELCOME15")]);
    let mut store = MemoryStore::default();
    let (report, _) = sign_up(&config, &mut store, Campaign::Welcome, None);
    let webhook = store.outbox.deliveries[0].clone();
    let (set_aside, next) = answered(&config, &mut store, &webhook, attempt(&NET, None, None), Some(&report.id));
    assert_eq!((set_aside, next), (None, Some(Answered::Reveal { code: None })));
    assert_eq!(store.outbox.deliveries.len(), 1, "kept for a retry");
    let shown = reveal(&config, Campaign::Welcome, None);
    assert_eq!(shown, Reveal { text: RevealText::CodeIntro, code: Some("WELCOME15".into()), remember: true });
    // An answer to a sign-up the dialog no longer waits for changes nothing on screen.
    let (_, next) = answered(&config, &mut store, &webhook, attempt(&Outcome::Delivered, Some("LATE"), None), None);
    assert_eq!(next, None);
}

#[test]
fn a_refused_sign_up_is_set_aside_after_three_tries() {
    let config = config(&[("endpoint", "/signups")]);
    let mut store = MemoryStore::default();
    let (report, _) = sign_up(&config, &mut store, Campaign::Welcome, None);
    let webhook = store.outbox.deliveries[0].clone();
    let refused = Outcome::Refused("HTTP 422".into());
    for _ in 0..2 {
        let (set_aside, _) = answered(&config, &mut store, &webhook, attempt(&refused, None, None), Some(&report.id));
        assert_eq!(set_aside, None);
    }
    let (set_aside, _) = answered(&config, &mut store, &webhook, attempt(&refused, None, None), Some(&report.id));
    assert_eq!(set_aside.map(|s| s.destination), Some("/signups".to_string()));
    assert!(store.outbox.deliveries.is_empty());
    assert_eq!(store.outbox.set_aside.len(), 1, "set aside with its body, never dropped");
}

#[test]
fn the_cart_saver_shows_its_link_when_nothing_will_email_it_and_is_capped_after() {
    let shopify_only = config(&[("exit", "save-cart"), ("endpoint", "shopify"), ("exit-code", "FREESHIP")]);
    let mut store = MemoryStore::default();
    let (_, next) = sign_up(&shopify_only, &mut store, Campaign::Exit, None);
    assert_eq!(next, Next::Reveal);
    assert_eq!(reveal(&shopify_only, Campaign::Exit, None).text, RevealText::ExitSavedHere);
    assert!(!store.visitor().exit_allowed(&shopify_only, NOW + DAY), "a saved cart counts as closed");
    assert!(store.visitor().exit_allowed(&shopify_only, NOW + 3 * DAY), "until the exit cap has passed");

    let webhook = config(&[("exit", "save-cart"), ("endpoint", "/signups"), ("exit-code", "FREESHIP")]);
    let shown = reveal(&webhook, Campaign::Exit, None);
    assert_eq!(shown, Reveal { text: RevealText::ExitSaved, code: Some("FREESHIP".into()), remember: false });
}

#[test]
fn a_game_drawn_in_the_browser_plays_at_once() {
    let config = config(&[("game", "wheel"), ("prizes", "10% off|SPIN10|1; No luck||1"), ("endpoint", "/signups")]);
    let mut store = MemoryStore::default();
    let (_, next) = sign_up(&config, &mut store, Campaign::Wheel, Some(1));
    assert_eq!(next, Next::Play(1), "the prize was drawn before the board moves");
    assert_eq!(store.visitor().game_verdict(&config, NOW), GameVerdict::Hidden, "one play per shopper");
}

#[test]
fn a_game_drawn_by_the_shop_waits_for_its_prize_and_refuses_one_it_does_not_have() {
    let config = config(&[("game", "scratch"), ("game-draw", "shop"), ("prizes", "A; B; C"), ("endpoint", "/signups")]);
    let mut store = MemoryStore::default();
    let (report, next) = sign_up(&config, &mut store, Campaign::Scratch, None);
    assert_eq!(next, Next::AwaitShop);
    let webhook = store.outbox.deliveries[0].clone();
    let (_, next) = answered(&config, &mut store, &webhook, attempt(&Outcome::Delivered, Some("PRIZE-B"), Some(2)), Some(&report.id));
    assert_eq!(next, Some(Answered::Play { prize: 2, code: Some("PRIZE-B".into()) }));
    let (_, next) = answered(&config, &mut store, &webhook, attempt(&Outcome::Delivered, None, Some(3)), Some(&report.id));
    assert_eq!(next, Some(Answered::Reveal { code: None }), "slice 3 of three is no prize");
    assert_eq!(reveal(&config, Campaign::Scratch, None).text, RevealText::PrizeLater);
}

#[test]
fn closing_caps_each_campaign_across_visits_and_a_revealed_dialog_caps_nothing() {
    let welcome = config(&[]);
    let mut store = MemoryStore::default();
    assert!(!close(&mut store, Campaign::Welcome, false, NOW));
    assert_eq!(store.visitor().welcome_verdict(&welcome, NOW + DAY), WelcomeVerdict::ClosedUntil(NOW + 7 * DAY));
    assert_eq!(store.visitor().welcome_verdict(&welcome, NOW + 7 * DAY), WelcomeVerdict::Show);

    let game = config(&[("game", "wheel"), ("prizes", "A|X|1; B|Y|1")]);
    let mut store = MemoryStore::default();
    assert!(close(&mut store, Campaign::Wheel, false, NOW), "the teaser stays for a shopper who did not play");
    assert_eq!(store.visitor().game_verdict(&game, NOW + DAY), GameVerdict::TeaserOnly);
    sign_up(&game, &mut store, Campaign::Wheel, Some(0));
    assert!(!close(&mut store, Campaign::Wheel, true, NOW + 1), "played: no teaser");

    let mut store = MemoryStore::default();
    close(&mut store, Campaign::Exit, true, NOW);
    assert_eq!(store.visitor, Visitor::default(), "closing after the reveal records no dismissal");
}
