//! What Doorman remembers about a visitor, and whether a campaign may show again.

use serde::Serialize;

use crate::audience::Visits;
use crate::config::Config;
use crate::json::{Object, ToJson};

/// All that is stored about a visitor: when they signed up or closed a prompt, and the email
/// they gave, so saving their cart later takes one click.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Visitor {
    pub signed_up_at: Option<u64>,
    pub welcome_closed_at: Option<u64>,
    pub exit_closed_at: Option<u64>,
    pub game_closed_at: Option<u64>,
    pub email: Option<String>,
    /// The last code revealed to the shopper, shown again on later pages until `code_until`
    /// (see [`Visitor::code_reminder`]).
    pub code: Option<String>,
    pub code_until: Option<u64>,
    /// Visits to the shop so far and the last page view (ms): see [`crate::audience::Visits`].
    pub visits: u32,
    pub last_seen_at: Option<u64>,
    /// The random number that buckets this visitor into an A/B variant, made on the first page
    /// view and kept, so the variant is the same on every page and visit.
    pub seed: Option<u32>,
}

/// How long a revealed code is offered again on later pages, in ms: 30 days, the usual life of a
/// first-order code.
pub const CODE_REMINDER_MS: u64 = 30 * 86_400_000;

impl ToJson for Visitor {
    fn write_json(&self, out: &mut String) {
        Object::new(out)
            .field("signed_up_at", &self.signed_up_at)
            .field("welcome_closed_at", &self.welcome_closed_at)
            .field("exit_closed_at", &self.exit_closed_at)
            .field("game_closed_at", &self.game_closed_at)
            .field("email", &self.email)
            .field("code", &self.code)
            .field("code_until", &self.code_until)
            .field("visits", &self.visits)
            .field("last_seen_at", &self.last_seen_at)
            .field("seed", &self.seed)
            .end();
    }
}

/// Why the welcome popup shows or stays hidden on this page view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WelcomeVerdict {
    Show,
    Disabled,
    SignedUp,
    ReturningCustomer,
    /// Closed recently; may show again from this time on.
    ClosedUntil(u64),
}

/// Whether the game opens, waits behind its teaser tab, or stays away.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GameVerdict {
    Open,
    TeaserOnly,
    Hidden,
}

impl Visitor {
    pub fn welcome_verdict(&self, config: &Config, now: u64) -> WelcomeVerdict {
        // A game takes the welcome popup's place.
        let Some(welcome) = config.welcome.as_ref().filter(|_| config.game.is_none()) else {
            return WelcomeVerdict::Disabled;
        };
        if self.signed_up_at.is_some() {
            return WelcomeVerdict::SignedUp;
        }
        if config.customer_orders > 0 {
            return WelcomeVerdict::ReturningCustomer;
        }
        if let Some(closed_at) = self.welcome_closed_at {
            let until = closed_at.saturating_add(welcome.cap_ms);
            if now < until {
                return WelcomeVerdict::ClosedUntil(until);
            }
        }
        WelcomeVerdict::Show
    }
}

impl Visitor {
    /// Records this page view at `now` (ms) and makes the variant seed from `random` if there is
    /// none yet. Returns whether the visitor is returning (on their second visit or later).
    pub fn page_view(&mut self, now: u64, random: u32) -> bool {
        let mut visits = Visits { count: self.visits, last_seen_at: self.last_seen_at };
        visits.page_view(now);
        (self.visits, self.last_seen_at) = (visits.count, visits.last_seen_at);
        self.seed.get_or_insert(random);
        self.returning()
    }

    /// Records the page views the loader kept quiet since the last one recorded (see
    /// [`Visits::quiet_views`]).
    pub fn quiet_views(&mut self, first: u64, last: u64, longest_gap: u64) {
        let mut visits = Visits { count: self.visits, last_seen_at: self.last_seen_at };
        visits.quiet_views(first, last, longest_gap);
        (self.visits, self.last_seen_at) = (visits.count, visits.last_seen_at);
    }

    /// Whether the page views recorded so far make a returning visitor (see [`Visits`]).
    pub fn returning(&self) -> bool {
        Visits { count: self.visits, last_seen_at: self.last_seen_at }.returning()
    }

    /// One play per shopper; after a dismissal only the teaser stays, for the welcome cap.
    pub fn game_verdict(&self, config: &Config, now: u64) -> GameVerdict {
        let Some(game) = config.game.as_ref() else { return GameVerdict::Hidden };
        if self.signed_up_at.is_some() || config.customer_orders > 0 {
            return GameVerdict::Hidden;
        }
        let capped = self.game_closed_at.is_some_and(|at| now < at.saturating_add(game.cap_ms));
        match (capped, game.teaser) {
            (false, _) => GameVerdict::Open,
            (true, true) => GameVerdict::TeaserOnly,
            (true, false) => GameVerdict::Hidden,
        }
    }

    /// Remembers a code the shopper was shown, to offer it again for [`CODE_REMINDER_MS`].
    pub fn remember_code(&mut self, code: &str, now: u64) {
        self.code = Some(code.to_string());
        self.code_until = Some(now.saturating_add(CODE_REMINDER_MS));
    }

    /// The code to offer again on this page view: revealed within the last 30 days and not used.
    /// A code is used once the shopper reaches an order confirmation page (see
    /// `shopify::is_order_confirmation`), which calls [`Visitor::code_used`].
    pub fn code_reminder(&self, now: u64) -> Option<&str> {
        let until = self.code_until?;
        (now < until).then_some(self.code.as_deref()?)
    }

    pub fn code_used(&mut self) {
        self.code = None;
        self.code_until = None;
    }

    /// Whether the exit prompt may show on this page view: switched on, and not closed or used
    /// within its cap.
    pub fn exit_allowed(&self, config: &Config, now: u64) -> bool {
        config.exit.as_ref().is_some_and(|exit| self.exit_closed_at.is_none_or(|at| now >= at.saturating_add(exit.cap_ms)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ExitConfig, Game, GameConfig, OwnTexts, WelcomeConfig};
    use crate::offer::Offer;

    const DAY: u64 = 86_400_000;

    #[test]
    fn the_stored_json_is_what_serde_writes() {
        let mut visitor = Visitor::default();
        assert_eq!(visitor.to_json(), serde_json::to_string(&visitor).unwrap());
        visitor.signed_up_at = Some(1_700_000_000_000);
        visitor.game_closed_at = Some(0);
        visitor.email = Some("a\"b@example.com".into());
        assert_eq!(visitor.to_json(), serde_json::to_string(&visitor).unwrap());
        visitor.remember_code("WELCOME15", 7);
        assert_eq!(visitor.to_json(), serde_json::to_string(&visitor).unwrap());
        visitor.page_view(1_700_000_000_000, u32::MAX);
        assert_eq!(visitor.to_json(), serde_json::to_string(&visitor).unwrap());
    }

    fn config(offer: Option<Offer>, cap_ms: u64, customer_orders: u32) -> Config {
        let welcome = offer.map(|offer| WelcomeConfig { offer, code: None, delay_ms: None, scroll_percent: None, cap_ms, own: OwnTexts::NONE });
        Config { welcome, customer_orders, ..Config::default() }
    }

    #[test]
    fn verdicts() {
        let fresh = Visitor::default();
        let signed_up = Visitor { signed_up_at: Some(5), ..Visitor::default() };
        let closed = Visitor { welcome_closed_at: Some(10 * DAY), ..Visitor::default() };
        let offer = Some(Offer::Percent(15));
        let table = [
            (&fresh, config(offer.clone(), 7 * DAY, 0), 0, WelcomeVerdict::Show),
            (&fresh, config(None, 7 * DAY, 0), 0, WelcomeVerdict::Disabled),
            (&signed_up, config(offer.clone(), 0, 0), 100 * DAY, WelcomeVerdict::SignedUp),
            (&fresh, config(offer.clone(), 7 * DAY, 2), 0, WelcomeVerdict::ReturningCustomer),
            (&closed, config(offer.clone(), 7 * DAY, 0), 16 * DAY, WelcomeVerdict::ClosedUntil(17 * DAY)),
            (&closed, config(offer.clone(), 7 * DAY, 0), 17 * DAY, WelcomeVerdict::Show),
            (&closed, config(offer.clone(), 0, 0), 10 * DAY, WelcomeVerdict::Show),
        ];
        for (visitor, config, now, expected) in table {
            assert_eq!(visitor.welcome_verdict(&config, now), expected, "{visitor:?} at {now}");
        }
    }

    #[test]
    fn the_game_replaces_the_welcome_popup_and_is_played_once() {
        let section = GameConfig {
            kind: Game::Wheel,
            prizes: crate::game::prize::parse_prizes("A|X|1; B|Y|1").unwrap_or_default(),
            shop_draw: false,
            every_slice_wins: false,
            delay_ms: None,
            teaser: true,
            threshold_percent: 50,
            cap_ms: 7 * DAY,
            own: OwnTexts::NONE,
        };
        let game = Config { game: Some(section.clone()), ..Config::default() };
        let fresh = Visitor::default();
        assert_eq!(fresh.welcome_verdict(&game, 0), WelcomeVerdict::Disabled);
        assert_eq!(fresh.game_verdict(&game, 0), GameVerdict::Open);
        let played = Visitor { signed_up_at: Some(1), ..Visitor::default() };
        assert_eq!(played.game_verdict(&game, 0), GameVerdict::Hidden);
        let dismissed = Visitor { game_closed_at: Some(DAY), ..Visitor::default() };
        assert_eq!(dismissed.game_verdict(&game, 2 * DAY), GameVerdict::TeaserOnly);
        assert_eq!(dismissed.game_verdict(&Config { game: Some(GameConfig { teaser: false, ..section }), ..game.clone() }, 2 * DAY), GameVerdict::Hidden);
        assert_eq!(dismissed.game_verdict(&game, 8 * DAY), GameVerdict::Open);
        assert_eq!(fresh.game_verdict(&Config::default(), 0), GameVerdict::Hidden);
    }

    #[test]
    fn a_revealed_code_is_offered_again_for_thirty_days_until_used() {
        let mut visitor = Visitor::default();
        assert_eq!(visitor.code_reminder(0), None);
        visitor.remember_code("WELCOME15", DAY);
        assert_eq!(visitor.code_reminder(DAY + 1), Some("WELCOME15"));
        assert_eq!(visitor.code_reminder(31 * DAY - 1), Some("WELCOME15"));
        assert_eq!(visitor.code_reminder(31 * DAY), None, "expired after 30 days");
        visitor.code_used();
        assert_eq!(visitor.code_reminder(2 * DAY), None, "used at checkout");
    }

    #[test]
    fn page_views_count_visits_and_the_seed_is_made_once() {
        let mut visitor = Visitor::default();
        assert!(!visitor.page_view(0, 7), "a first page view is a new visitor");
        assert_eq!(visitor.seed, Some(7));
        assert!(!visitor.page_view(20 * 60_000, 9), "20 minutes later: the same visit");
        assert_eq!(visitor.seed, Some(7), "the seed is kept");
        assert!(visitor.page_view(20 * 60_000 + crate::audience::VISIT_GAP_MS + 1, 9), "after 30 minutes away: returning");
        assert_eq!((visitor.visits, visitor.seed), (2, Some(7)));
    }

    #[test]
    fn the_exit_prompt_respects_its_switch_and_cap() {
        let rules = crate::exit::trigger::ExitRules { sensitivity_px: 20, delay_ms: 300, min_time_ms: 3_000, scroll_up: true, tab_return: true };
        let section = ExitConfig { rules, incentive: None, code: None, cap_ms: 3 * DAY, cart_restore: None, own: OwnTexts::NONE };
        let on = Config { exit: Some(section), ..Config::default() };
        let closed = Visitor { exit_closed_at: Some(10 * DAY), ..Visitor::default() };
        assert!(Visitor::default().exit_allowed(&on, 0));
        assert!(!Visitor::default().exit_allowed(&Config::default(), 0), "off unless the merchant asks");
        assert!(!closed.exit_allowed(&on, 13 * DAY - 1));
        assert!(closed.exit_allowed(&on, 13 * DAY));
    }
}
