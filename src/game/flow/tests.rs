//! The game's whole path natively: armed on each visit, opened, drawn, signed up, played out and
//! shown, through the sign-up flow's `MemoryStore`, with caps across visits.

use super::*;
use crate::signup::flow::testing::HOME;
use crate::game::wheel::slice_at;
use crate::json::ToJson;
use crate::signup::flow::testing::{self, report};
use crate::signup::flow::{self, Answered, Attempt, MemoryStore, Next, RevealText, Store};
use crate::signup::outbox::Outcome as Delivered;

const DAY: u64 = 86_400_000;
const NOW: u64 = 1_000 * DAY;
const PRIZES: &str = "10% off|SPIN10|30; Free shipping|FREESHIP|20; 5% off|SPIN5|40; No luck this time||10";
/// In shop-decided mode the page knows the labels alone.
const LABELS: &str = "10% off; Free shipping; 5% off; No luck this time";

fn config(pairs: &[(&str, &str)]) -> Config {
    // The test's own pairs first: the first of a repeated name counts.
    testing::config(&[pairs, &[("game", "wheel"), ("prizes", PRIZES), ("endpoint", "/apps/doorman/signups")]].concat())
}

fn game(config: &Config) -> &GameConfig {
    config.game.as_ref().expect("the game is on in these tests")
}


#[test]
fn each_visit_arms_the_game_by_its_verdict() {
    let on = config(&[]);
    let dismissed = |at| Visitor { game_closed_at: Some(at), ..Visitor::default() };
    let table = [
        ("a fresh visitor: after the default 8 s", on.clone(), Visitor::default(), Arm::OpenAt(NOW + 8_000)),
        ("its own delay", config(&[("game-delay", "2s")]), Visitor::default(), Arm::OpenAt(NOW + 2_000)),
        ("no delay: the teaser alone", config(&[("game-delay", "off")]), Visitor::default(), Arm::Teaser),
        ("dismissed a day ago: the teaser within the 7-day cap", on.clone(), dismissed(NOW - DAY), Arm::Teaser),
        ("dismissed, no teaser", config(&[("game-teaser", "off")]), dismissed(NOW - DAY), Arm::Nothing),
        ("dismissed 7 days ago: opens again", on.clone(), dismissed(NOW - 7 * DAY), Arm::OpenAt(NOW + 8_000)),
        ("the cap follows data-welcome-cap", config(&[("welcome-cap", "1d")]), dismissed(NOW - DAY), Arm::OpenAt(NOW + 8_000)),
        ("played", on.clone(), Visitor { signed_up_at: Some(NOW - 1), ..Visitor::default() }, Arm::Nothing),
        ("a returning customer", config(&[("customer-orders", "2")]), Visitor::default(), Arm::Nothing),
        ("the game off", Config::default(), Visitor::default(), Arm::Nothing),
    ];
    for (name, config, visitor, expected) in table {
        assert_eq!(arm(&config, &visitor, &HOME, NOW), expected, "{name}");
    }
}

#[test]
fn a_trigger_opens_the_game_only_when_no_other_dialog_is_up_and_nobody_played_meanwhile() {
    let config = config(&[]);
    assert!(opens(&config, &Visitor::default(), false, NOW));
    assert!(!opens(&config, &Visitor::default(), true, NOW), "over another dialog");
    let played_in_another_tab = Visitor { signed_up_at: Some(NOW - 5), ..Visitor::default() };
    assert!(!opens(&config, &played_in_another_tab, false, NOW));
    let dismissed = Visitor { game_closed_at: Some(NOW - DAY), ..Visitor::default() };
    assert!(opens(&config, &dismissed, false, NOW), "the teaser reopens a dismissed game");
    assert!(!opens(&Config::default(), &Visitor::default(), false, NOW), "off");
    assert_eq!(campaign(&config), Some(Campaign::Wheel));
    assert_eq!(campaign(&self::config(&[("game", "scratch")])), Some(Campaign::Scratch));
    assert_eq!(campaign(&Config::default()), None);
}

#[test]
fn drawn_in_the_page_signed_up_spun_shown_and_never_offered_again() {
    let config = config(&[]);
    let mut store = MemoryStore::default();
    assert_eq!(arm(&config, &store.visitor(), &HOME, NOW), Arm::OpenAt(NOW + 8_000));
    assert!(opens(&config, &store.visitor(), false, NOW + 8_000));
    // 32 random bits at the bottom of the range draw the first prize (weight 30 of 100).
    let prize = draw(game(&config), 0).expect("a prize");
    assert_eq!(prize, PrizeReport { index: 0, label: "10% off".into(), code: Some("SPIN10".into()) });
    let report = report(Campaign::Wheel, Some(prize));
    let next = flow::record(&config, &mut store, &report, &report.to_json(), NOW + 9_000);
    assert_eq!(next, Next::Play(0), "decided before anything moves");
    assert_eq!(store.outbox.due(NOW + 9_000, &[], "tab").len(), 1, "one delivery to the endpoint");
    let Move::Spin { target, duration_ms } = play(Board::Wheel, 0, 4, 128, false) else { panic!("the wheel spins") };
    assert_eq!(slice_at(target, 4), 0, "it lands on the drawn prize");
    assert!(duration_ms > 0.0);
    let shown = outcome(game(&config), 0, None);
    assert_eq!(shown.won(), Some("10% off"));
    assert_eq!(shown.code.as_deref(), Some("SPIN10"));
    store.update_visitor(|visitor| visitor.remember_code("SPIN10", NOW + 10_000));
    assert!(!flow::close(&mut store, Campaign::Wheel, true, NOW + 20_000), "played: no teaser");
    // Later visits: played once, so never again, while the won code is offered in its tab.
    for later in [NOW + DAY, NOW + 8 * DAY, NOW + 365 * DAY] {
        assert_eq!(arm(&config, &store.visitor(), &HOME, later), Arm::Nothing);
    }
    assert_eq!(store.visitor().code_reminder(NOW + DAY), Some("SPIN10"));
}

#[test]
fn a_dismissed_game_waits_behind_its_teaser_for_the_cap_then_opens_again() {
    let config = config(&[]);
    let mut store = MemoryStore::default();
    assert!(opens(&config, &store.visitor(), false, NOW));
    assert!(flow::close(&mut store, Campaign::Wheel, false, NOW), "dismissed without playing: the teaser shows");
    assert_eq!(store.visitor().game_closed_at, Some(NOW));
    assert_eq!(arm(&config, &store.visitor(), &HOME, NOW + DAY), Arm::Teaser, "the next visit, within the cap");
    assert!(opens(&config, &store.visitor(), false, NOW + DAY), "the teaser still opens it");
    assert_eq!(arm(&config, &store.visitor(), &HOME, NOW + 7 * DAY), Arm::OpenAt(NOW + 7 * DAY + 8_000), "the cap is over");
    let no_teaser = self::config(&[("game-teaser", "off")]);
    assert_eq!(arm(&no_teaser, &store.visitor(), &HOME, NOW + DAY), Arm::Nothing);
}

#[test]
fn drawn_by_the_shop_the_board_waits_for_its_answer_and_shows_its_unique_code() {
    let config = config(&[("game-draw", "shop"), ("prizes", LABELS)]);
    let mut store = MemoryStore::default();
    for random in [0, u32::MAX / 2, u32::MAX] {
        assert_eq!(draw(game(&config), random), None, "the page draws nothing");
    }
    let report = report(Campaign::Wheel, None);
    assert_eq!(flow::record(&config, &mut store, &report, &report.to_json(), NOW), Next::AwaitShop);
    let delivery = store.outbox.due(NOW, &[], "tab").into_iter().next().expect("queued for the endpoint");
    let ok = Delivered::Delivered;
    let attempt = Attempt { outcome: &ok, code: Some("SPIN5-3F9A1C".into()), prize: Some(2), now: NOW + 1, jitter: 0 };
    let (_, next) = flow::answered(&config, &mut store, &delivery, attempt, Some(&report.id));
    assert_eq!(next, Some(Answered::Play { prize: 2, code: Some("SPIN5-3F9A1C".into()) }));
    assert_eq!(play(Board::Scratch, 2, 4, 0, false), Move::ClearCard);
    let shown = outcome(game(&config), 2, Some("SPIN5-3F9A1C".into()));
    assert_eq!((shown.won(), shown.code.as_deref()), (Some("5% off"), Some("SPIN5-3F9A1C")), "the shop's code, not the table's");
    // A shop that draws "no luck" sends no code.
    assert_eq!(outcome(game(&config), 3, None).won(), None);
}

#[test]
fn a_shop_draw_that_does_not_answer_in_time_promises_the_prize_by_email() {
    let config = config(&[("game-draw", "shop"), ("prizes", LABELS)]);
    let mut store = MemoryStore::default();
    let report = report(Campaign::Scratch, None);
    assert_eq!(flow::record(&config, &mut store, &report, &report.to_json(), NOW), Next::AwaitShop);
    assert_eq!(flow::reveal(&config, Campaign::Scratch, None).text, RevealText::PrizeLater);
    // A prize index the shop's table does not have is no prize to play.
    let delivery = store.outbox.due(NOW, &[], "tab").into_iter().next().expect("queued");
    let ok = Delivered::Delivered;
    let attempt = Attempt { outcome: &ok, code: None, prize: Some(9), now: NOW + 1, jitter: 0 };
    assert_eq!(flow::answered(&config, &mut store, &delivery, attempt, Some(&report.id)).1, Some(Answered::Reveal { code: None }));
}

#[test]
fn the_draw_follows_the_weights_and_never_picks_a_zero_weight_prize() {
    let config = config(&[("prizes", "Never|NO|0; Always|YES|5")]);
    for random in [0, 1, u32::MAX / 3, u32::MAX] {
        assert_eq!(draw(game(&config), random).map(|p| p.index), Some(1));
    }
    let last = draw(game(&self::config(&[])), u32::MAX).expect("a prize");
    assert_eq!((last.index, last.code), (3, None), "the top of the range is the last prize, no luck");
}

#[test]
fn each_board_plays_the_prize_out_its_own_way() {
    for slices in 2..=12 {
        for prize in 0..slices {
            for random in [0, 77, 255] {
                let Move::Land { target } = play(Board::Wheel, prize, slices, random, true) else { panic!("reduced motion lands at once") };
                assert_eq!(slice_at(target, slices), prize, "{prize} of {slices}");
                let Move::Spin { target, .. } = play(Board::Wheel, prize, slices, random, false) else { panic!("spins") };
                assert_eq!(slice_at(target, slices), prize, "{prize} of {slices}");
            }
        }
    }
    assert_eq!(play(Board::Scratch, 1, 4, 9, true), Move::ClearCard);
    assert_eq!(play(Board::Missing, 1, 4, 9, false), Move::Finish);
}

#[test]
fn the_outcome_names_the_prize_and_its_code() {
    let config = config(&[]);
    let table = [
        (1, None, Some("Free shipping"), Some("FREESHIP")),
        (3, None, None, None),
        (0, Some("SPIN10-ABCDEF"), Some("10% off"), Some("SPIN10-ABCDEF")),
    ];
    for (prize, shop_code, won, code) in table {
        let shown = outcome(game(&config), prize, shop_code.map(str::to_string));
        assert_eq!((shown.won(), shown.code.as_deref()), (won, code), "prize {prize}");
    }
    let beyond = outcome(game(&config), 12, None);
    assert_eq!(beyond, Outcome { label: None, code: None });
}

#[test]
fn the_audience_keeps_the_game_and_its_teaser_off_pages_it_leaves_out() {
    let visitor = Visitor::default();
    let checkout = PageView { path: "/checkout", unrooted: "/checkout", ..HOME };
    assert_eq!(arm(&config(&[]), &visitor, &checkout, NOW), Arm::Nothing, "off checkout by default");
    let products_only = config(&[("game-pages", "/products/*")]);
    assert_eq!(arm(&products_only, &visitor, &HOME, NOW), Arm::Nothing);
    let product = PageView { path: "/products/mug", unrooted: "/products/mug", ..HOME };
    assert_ne!(arm(&products_only, &visitor, &product, NOW), Arm::Nothing);
}
