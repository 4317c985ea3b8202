//! What Doorman remembers about a visitor, and whether a campaign may show again.

use serde::Serialize;

use crate::config::{Config, Offer};

/// The only thing stored about a visitor: when they signed up or closed the popup.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Visitor {
    pub signed_up_at: Option<u64>,
    pub welcome_closed_at: Option<u64>,
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

impl Visitor {
    pub fn welcome_verdict(&self, config: &Config, now: u64) -> WelcomeVerdict {
        if config.welcome == Offer::Off {
            return WelcomeVerdict::Disabled;
        }
        if self.signed_up_at.is_some() {
            return WelcomeVerdict::SignedUp;
        }
        if config.customer_orders > 0 {
            return WelcomeVerdict::ReturningCustomer;
        }
        if let Some(closed_at) = self.welcome_closed_at {
            let until = closed_at.saturating_add(config.welcome_cap_ms);
            if now < until {
                return WelcomeVerdict::ClosedUntil(until);
            }
        }
        WelcomeVerdict::Show
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: u64 = 86_400_000;

    fn config(welcome: Offer, cap_ms: u64, customer_orders: u32) -> Config {
        Config { welcome, welcome_cap_ms: cap_ms, customer_orders, ..Config::default() }
    }

    #[test]
    fn verdicts() {
        let fresh = Visitor::default();
        let signed_up = Visitor { signed_up_at: Some(5), welcome_closed_at: None };
        let closed = Visitor { signed_up_at: None, welcome_closed_at: Some(10 * DAY) };
        let offer = Offer::Percent(15);
        let table = [
            (&fresh, config(offer.clone(), 7 * DAY, 0), 0, WelcomeVerdict::Show),
            (&fresh, config(Offer::Off, 7 * DAY, 0), 0, WelcomeVerdict::Disabled),
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
}
