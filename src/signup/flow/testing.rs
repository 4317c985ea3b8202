//! What the native tests of every campaign's flow share: a config from attribute pairs and a
//! sign-up report to record.

use crate::audience::PageView;
use crate::config::Config;
use crate::signup::report::{Campaign, Consent, OfferReport, PrizeReport, Report};

/// The config the tag's `data-*` pairs (names without `data-`) make; the first of a repeated
/// name counts. Panics on any warning: a test's tag is meant to be valid.
pub(crate) fn config(pairs: &[(&str, &str)]) -> Config {
    let (config, warnings) = Config::parse(|name| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string()));
    assert!(warnings.is_empty(), "{warnings:?}");
    config
}

/// A valid sign-up for `campaign` from ada@example.com, with `prize` when the page drew one.
pub(crate) fn report(campaign: Campaign, prize: Option<PrizeReport>) -> Report {
    Report {
        id: "0b6a4a6e-6c1f-4d1e-9c53-3f5a8f0e2c11".into(),
        shop: "acme".into(),
        campaign,
        variant: None,
        email: "ada@example.com".into(),
        consent: Consent { given: false, text: None },
        offer: OfferReport { label: "10% off".into(), code: None },
        page: "https://acme.example/".into(),
        locale: "en".into(),
        timestamp: "2026-11-30T10:00:00.000Z".into(),
        cart: None,
        restore_url: None,
        prize,
    }
}

/// A desktop page view of the shop's home page by a new visitor: every campaign's default
/// audience allows it.
pub(crate) const HOME: PageView<'static> = PageView { path: "/", unrooted: "/", phone: false, returning: false };
