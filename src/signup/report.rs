//! The sign-up report the shop receives, exactly as documented in README.

use serde::{Deserialize, Serialize};

use crate::exit::cart::Cart;
use crate::json::{Object, ToJson};

/// Which campaign earned the sign-up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Campaign {
    Welcome,
    Exit,
    Wheel,
    Scratch,
}

impl Campaign {
    pub fn name(self) -> &'static str {
        match self {
            Campaign::Welcome => "welcome",
            Campaign::Exit => "exit",
            Campaign::Wheel => "wheel",
            Campaign::Scratch => "scratch",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    /// True only when a consent text was shown and the shopper ticked it.
    pub given: bool,
    /// The exact text shown, so the shop can prove what was agreed to.
    pub text: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferReport {
    pub label: String,
    pub code: Option<String>,
}

/// One sign-up. `id` is a UUID v4 made once per sign-up, so a retried delivery is never counted
/// twice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub id: String,
    pub shop: String,
    pub campaign: Campaign,
    /// The A/B variant shown, `"a"` to `"d"` (a tag without alternatives is `"a"`); absent from
    /// reports of widgets older than variants, hence the default.
    #[serde(default)]
    pub variant: Option<String>,
    pub email: String,
    pub consent: Consent,
    pub offer: OfferReport,
    pub page: String,
    pub locale: String,
    /// ISO 8601 in UTC, as the shopper's clock had it.
    pub timestamp: String,
    /// The cart saved by the exit prompt; `null` for other campaigns.
    #[serde(default)]
    pub cart: Option<Cart>,
    /// The link that rebuilds `cart`.
    #[serde(default)]
    pub restore_url: Option<String>,
    /// The prize a game drew in the browser; `null` when the shop draws it or for other campaigns.
    #[serde(default)]
    pub prize: Option<PrizeReport>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrizeReport {
    /// The slice, counted from 0 in `data-prizes` order.
    pub index: usize,
    pub label: String,
    pub code: Option<String>,
}

impl ToJson for Campaign {
    fn write_json(&self, out: &mut String) {
        self.name().write_json(out);
    }
}

impl ToJson for Report {
    fn write_json(&self, out: &mut String) {
        Object::new(out)
            .field("id", &self.id)
            .field("shop", &self.shop)
            .field("campaign", &self.campaign)
            .field("variant", &self.variant)
            .field("email", &self.email)
            .field("consent", &self.consent)
            .field("offer", &self.offer)
            .field("page", &self.page)
            .field("locale", &self.locale)
            .field("timestamp", &self.timestamp)
            .field("cart", &self.cart)
            .field("restore_url", &self.restore_url)
            .field("prize", &self.prize)
            .end();
    }
}

impl ToJson for Consent {
    fn write_json(&self, out: &mut String) {
        Object::new(out).field("given", &self.given).field("text", &self.text).end();
    }
}

impl ToJson for OfferReport {
    fn write_json(&self, out: &mut String) {
        Object::new(out).field("label", &self.label).field("code", &self.code).end();
    }
}

impl ToJson for PrizeReport {
    fn write_json(&self, out: &mut String) {
        Object::new(out).field("index", &self.index).field("label", &self.label).field("code", &self.code).end();
    }
}

/// Longest URL a report carries, in bytes: what the shop stores of `page` and `restore_url`
/// (shop/src/validate.rs). A longer page is cut by [`page`].
pub const MAX_URL: usize = 2048;

/// The page a sign-up reports, from `location.href`, within [`MAX_URL`]: a longer one (an ad's
/// tracking parameters, a filtered collection) loses its fragment, then its query, then the end
/// of its path, rather than having the shop refuse the sign-up (and the shopper's email) whole.
pub fn page(href: &str) -> String {
    let mut page = href;
    // The first `#` starts the fragment, and before it the first `?` the query (WHATWG URL).
    for mark in ['#', '?'] {
        if page.len() > MAX_URL {
            page = page.split(mark).next().unwrap_or_default();
        }
    }
    let mut end = page.len().min(MAX_URL);
    while !page.is_char_boundary(end) {
        end -= 1;
    }
    page[..end].to_string()
}

/// A UUID v4 from 16 random bytes (the web layer draws them from `crypto.getRandomValues`).
pub fn uuid_v4(random: [u8; 16]) -> String {
    let mut buffer = uuid::Uuid::encode_buffer();
    uuid::Builder::from_random_bytes(random)
        .into_uuid()
        .hyphenated()
        .encode_lower(&mut buffer)
        .to_string()
}

/// A practical check of an address a shopper typed: what browsers' `type=email` accepts, plus a
/// dot in the domain, since a shop cannot mail `name@localhost`.
pub fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.rsplit_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c))
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..");
    let labels_ok = domain.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            // Any non-ASCII character passes (internationalised domains); Unicode tables would
            // cost the wasm more than the rare typo they catch.
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || !c.is_ascii())
    });
    let top_level_ok = domain.rsplit('.').next().is_some_and(|tld| tld.chars().count() >= 2);
    local_ok && labels_ok && domain.contains('.') && top_level_ok && email.len() <= 254
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_v4_sets_version_and_variant() {
        let id = uuid_v4([0xff; 16]);
        assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(uuid_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
    }

    #[test]
    fn a_long_page_loses_its_fragment_then_its_query_then_the_end_of_its_path() {
        let short = "https://acme.example/products/mug?utm_source=x#reviews";
        assert_eq!(page(short), short);
        let query = format!("?gclid={}", "a".repeat(2100));
        assert_eq!(page(&format!("https://acme.example/p?a=1#{}", "f".repeat(2100))), "https://acme.example/p?a=1");
        assert_eq!(page(&format!("https://acme.example/products/mug{query}")), "https://acme.example/products/mug");
        assert_eq!(page(&format!("https://acme.example/products/mug{query}#top")), "https://acme.example/products/mug");
        let path = format!("https://acme.example/{}", "p".repeat(3000));
        assert_eq!(page(&path).len(), MAX_URL);
        assert!(path.starts_with(&page(&path)));
        let at_limit = format!("https://acme.example/?{}", "q".repeat(MAX_URL - 22));
        assert_eq!((at_limit.len(), page(&at_limit)), (MAX_URL, at_limit.clone()));
    }

    #[test]
    fn emails() {
        let good = ["ada@example.com", "a.b+shop@mail.example.co.uk", "o'brien@example.ie", "x@bücher.de"];
        let bad = [
            "", "ada", "ada@", "@example.com", "ada@example", "ada@@example.com", "ada @example.com",
            "ada@example..com", ".ada@example.com", "ada@-example.com", "ada@example.c",
            "<script>@example.com",
        ];
        for email in good {
            assert!(valid_email(email), "{email} should pass");
        }
        for email in bad {
            assert!(!valid_email(email), "{email} should fail");
        }
    }

    fn report(cart: Option<Cart>, prize: Option<PrizeReport>) -> Report {
        Report {
            id: uuid_v4([7; 16]),
            shop: "acme".into(),
            campaign: Campaign::Exit,
            variant: Some("b".into()),
            email: "o'brien+\"quoted\"@example.ie".into(),
            consent: Consent { given: true, text: Some("Yes, email me — «offers» 📨".into()) },
            offer: OfferReport { label: "10% off".into(), code: None },
            page: "https://acme.example/products/a?x=1&y=<2>".into(),
            locale: "fr-CA".into(),
            timestamp: "2026-11-23T10:00:00.000Z".into(),
            cart,
            restore_url: Some("https://acme.example/cart/1:2".into()),
            prize,
        }
    }

    #[test]
    fn the_json_is_what_serde_writes_and_the_shop_reads() {
        let cart = Cart::new(vec![crate::exit::cart::CartLine { variant_id: u64::MAX, quantity: 2, title: "Mug \\ \"big\"".into(), unit_price: 1250 }], "EUR".into());
        let prize = PrizeReport { index: 11, label: "Free shipping".into(), code: Some("FREESHIP".into()) };
        for report in [report(None, None), report(Some(cart), Some(prize)), report(Some(Cart::default()), None)] {
            let ours = report.to_json();
            assert_eq!(ours, serde_json::to_string(&report).unwrap());
            assert_eq!(serde_json::from_str::<Report>(&ours).unwrap(), report);
        }
    }

    #[test]
    fn campaign_names_match_their_json() {
        assert_eq!(Campaign::Welcome.name(), "welcome");
        assert_eq!(Campaign::Exit.name(), "exit");
    }
}
