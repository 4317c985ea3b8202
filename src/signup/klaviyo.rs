//! Klaviyo's client APIs: the requests a sign-up becomes, as Klaviyo documents them — a
//! subscription to the list, and for a saved cart an event a Klaviyo flow can email from.
//! Only the public site key ever appears here; private keys are refused by config.

use crate::exit::cart::{Cart, CartLine};
use crate::json::{Object, ToJson, Value};
use crate::signup::outbox::days_from_civil;

/// The dated API revision the body below follows, sent as the `revision` header. Klaviyo keeps a
/// revision stable for a year, deprecated the next, then retires it (requests fail): bump it, after
/// checking the body against that revision's docs, within a year of its date.
pub const REVISION: &str = "2026-10-15";
pub const URL: &str = "https://a.klaviyo.com/client/subscriptions/";
/// Klaviyo's client events API ("Create Client Event"), under the same revision and key.
pub const EVENTS_URL: &str = "https://a.klaviyo.com/client/events/";
/// The metric a saved cart is recorded under: the trigger of the merchant's Klaviyo flow.
pub const SAVED_CART_METRIC: &str = "Doorman Saved Cart";

/// Whether `key` looks like a public site key (six letters and digits), not a private one.
pub fn public_key(key: &str) -> bool {
    key.len() == 6 && key.chars().all(|c| c.is_ascii_alphanumeric())
}

pub fn list_id(id: &str) -> bool {
    (1..=32).contains(&id.len()) && id.chars().all(|c| c.is_ascii_alphanumeric())
}

/// `URL?company_id=KEY`.
pub fn endpoint(key: &str) -> String {
    with_key(URL, key)
}

/// `EVENTS_URL?company_id=KEY`.
pub fn events_endpoint(key: &str) -> String {
    with_key(EVENTS_URL, key)
}

fn with_key(url: &str, key: &str) -> String {
    let mut url = String::from(url);
    url.push_str("?company_id=");
    url.push_str(key);
    url
}

/// An amount in minor units (hundredths, as Shopify's cart counts them) written as a JSON number
/// in major units: 3800 → `38.00`. Klaviyo's `value` and email templates take major units.
struct Major(u64);

impl ToJson for Major {
    fn write_json(&self, out: &mut String) {
        (self.0 / 100).write_json(out);
        out.push('.');
        let cents = self.0 % 100;
        out.push(char::from(b'0' + (cents / 10) as u8));
        out.push(char::from(b'0' + (cents % 10) as u8));
    }
}

/// One line as the email shows it: prices in major units.
struct EventItem<'a>(&'a CartLine);

impl ToJson for EventItem<'_> {
    fn write_json(&self, out: &mut String) {
        Object::new(out)
            .field("variant_id", &self.0.variant_id)
            .field("title", &self.0.title)
            .field("quantity", &self.0.quantity)
            .field("price", &Major(self.0.unit_price))
            .end();
    }
}

/// The saved-cart event for one exit sign-up, as JSON text: a JSON:API `event` whose `metric` is
/// [`SAVED_CART_METRIC`] and whose `profile` is the shopper's email, with `properties`
/// `{restore_url, items: [{variant_id, title, quantity, price}], currency, code}` (prices in major
/// units; `code` is `null` without an incentive), `value` the cart's total in major units,
/// `time` the sign-up's ISO 8601 timestamp and `unique_id` the sign-up's id, so that Klaviyo
/// records a retried delivery once. POSTed to [`events_endpoint`] with the `revision` header
/// [`REVISION`]; Klaviyo answers `202`. Source: Klaviyo's API reference, "Create Client Event".
pub fn saved_cart_event(id: &str, email: &str, timestamp: &str, cart: &Cart, restore_url: &str, code: Option<&str>) -> String {
    let mut out = String::from(r#"{"data":{"type":"event","attributes":{"properties":"#);
    let items: Vec<EventItem> = cart.items.iter().map(EventItem).collect();
    Object::new(&mut out)
        .field("restore_url", restore_url)
        .field("items", &items)
        .field("currency", &cart.currency)
        .field("code", &code.map(str::to_string))
        .end();
    out.push_str(r#","time":"#);
    timestamp.write_json(&mut out);
    out.push_str(r#","value":"#);
    Major(cart.total).write_json(&mut out);
    out.push_str(r#","unique_id":"#);
    id.write_json(&mut out);
    out.push_str(r#","metric":{"data":{"type":"metric","attributes":{"name":"#);
    SAVED_CART_METRIC.write_json(&mut out);
    out.push_str(r#"}}},"profile":{"data":{"type":"profile","attributes":{"email":"#);
    email.write_json(&mut out);
    out.push_str("}}}}}}");
    out
}

/// A revision `YYYY-MM-DD` as days since 1970-01-01; `None` when it is not a real date.
pub fn revision_day(revision: &str) -> Option<u64> {
    let (year, month, day) = ymd(revision)?;
    (1..=crate::signup::outbox::days_in_month(year, month)).contains(&day).then(|| days_from_civil(year, month, day)).flatten()
}

fn ymd(revision: &str) -> Option<(u64, u64, u64)> {
    let number = |range: core::ops::Range<usize>| revision.get(range).and_then(crate::json::whole);
    let bytes = revision.as_bytes();
    (bytes.len() == 10 && bytes[4] == b'-' && bytes[7] == b'-').then_some(())?;
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    ((1970..=9999).contains(&year) && (1..=12).contains(&month)).then_some((year, month, day))
}

/// The console warning for a revision more than 18 months old at `now` (ms since the epoch), by
/// the browser's clock: half a year before Klaviyo retires it. `None` while it is younger.
pub fn revision_warning(revision: &str, now: u64) -> Option<String> {
    let (year, month, day) = ymd(revision)?;
    let months = year * 12 + (month - 1) + 18;
    let limit = days_from_civil(months / 12, months % 12 + 1, day.min(28))?;
    if now / 86_400_000 <= limit {
        return None;
    }
    let mut text = String::from("Doorman: Klaviyo API revision ");
    text.push_str(revision);
    text.push_str(" is more than 18 months old, and Klaviyo retires a revision two years after its date. ");
    if revision < REVISION {
        text.push_str("Remove data-klaviyo-revision or set it to ");
        text.push_str(REVISION);
        text.push_str(" or newer.");
    } else {
        text.push_str("Update Doorman, or set data-klaviyo-revision to a revision from Klaviyo's API changelog dated within the last year.");
    }
    Some(text)
}

/// What Klaviyo said when it refused a request: its JSON:API `errors[].detail`, joined with
/// "; ", or `None` when the body has none.
pub fn refusal_detail(body: &str) -> Option<String> {
    let errors = crate::json::parse(body)?;
    let mut details = String::new();
    for detail in errors.get("errors").as_array().iter().filter_map(|e| e.get("detail").as_str()) {
        if !details.is_empty() {
            details.push_str("; ");
        }
        details.push_str(detail);
    }
    (!details.is_empty()).then_some(details)
}

/// The fields of a stored report a Klaviyo subscription needs: email, campaign, consent given.
pub fn report_fields(report: &Value) -> Option<(&str, &str, bool)> {
    let email = report.get("email").as_str()?;
    let campaign = report.get("campaign").as_str().unwrap_or_default();
    Some((email, campaign, report.get("consent").get("given").as_bool().unwrap_or(false)))
}

/// The subscription request for one sign-up of `campaign` to `list`, as JSON text. Marketing
/// consent is recorded only when the shopper gave it; without it the profile joins the list
/// without a marketing subscription.
pub fn subscription(email: &str, consent_given: bool, campaign: &str, list: &str) -> String {
    let mut source = String::from("Doorman ");
    source.push_str(campaign);
    // A fixed shape with three values: written as its text, which the test parses against the
    // documented structure.
    let mut out = String::from(r#"{"data":{"type":"subscription","attributes":{"custom_source":"#);
    source.write_json(&mut out);
    out.push_str(r#","profile":{"data":{"type":"profile","attributes":{"email":"#);
    email.write_json(&mut out);
    if consent_given {
        out.push_str(r#","subscriptions":{"email":{"marketing":{"consent":"SUBSCRIBED"}}}"#);
    }
    out.push_str(r#"}}}},"relationships":{"list":{"data":{"type":"list","id":"#);
    list.write_json(&mut out);
    out.push_str("}}}}}");
    out
}

/// The saved-cart event for a stored exit report (the JSON the widget queued), or `None` for any
/// other report or one without a cart and restore link: see [`saved_cart_event`].
pub fn saved_cart_event_for(report: &Value) -> Option<String> {
    if report.get("campaign").as_str() != Some("exit") {
        return None;
    }
    let cart = report.get("cart");
    let items = cart
        .get("items")
        .as_array()
        .iter()
        .map(|item| {
            Some(CartLine {
                variant_id: item.get("variant_id").as_u64()?,
                quantity: u32::try_from(item.get("quantity").as_u64()?).ok()?,
                title: item.get("title").as_str().unwrap_or_default().to_string(),
                unit_price: item.get("unit_price").as_u64().unwrap_or(0),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let cart = Cart {
        items,
        currency: cart.get("currency").as_str().unwrap_or_default().to_string(),
        total: cart.get("total").as_u64().unwrap_or(0),
    };
    Some(saved_cart_event(
        report.get("id").as_str()?,
        report.get("email").as_str()?,
        report.get("timestamp").as_str().unwrap_or_default(),
        &cart,
        report.get("restore_url").as_str()?,
        report.get("offer").get("code").as_str(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_follows_the_documented_shape() {
        let body: serde_json::Value = serde_json::from_str(&subscription("ada@example.com", true, "welcome", "Y6nRLr")).unwrap();
        assert_eq!(
            body,
            serde_json::json!({ "data": {
                "type": "subscription",
                "attributes": {
                    "custom_source": "Doorman welcome",
                    "profile": { "data": { "type": "profile", "attributes": {
                        "email": "ada@example.com",
                        "subscriptions": { "email": { "marketing": { "consent": "SUBSCRIBED" } } }
                    } } }
                },
                "relationships": { "list": { "data": { "type": "list", "id": "Y6nRLr" } } }
            } })
        );
        let without: serde_json::Value = serde_json::from_str(&subscription("ada@example.com", false, "exit", "Y6nRLr")).unwrap();
        assert_eq!(without["data"]["attributes"]["profile"]["data"]["attributes"], serde_json::json!({ "email": "ada@example.com" }));
    }

    fn cart() -> Cart {
        Cart::new(
            vec![
                CartLine { variant_id: 40001, quantity: 2, title: "Stoneware \"Mug\"".into(), unit_price: 1900 },
                CartLine { variant_id: 40002, quantity: 1, title: "Linen Apron".into(), unit_price: 3405 },
            ],
            "EUR".into(),
        )
    }

    #[test]
    fn the_saved_cart_event_follows_the_documented_shape() {
        let restore = "https://acme.example/cart/40001:2,40002:1?discount=FREESHIP";
        let text = saved_cart_event("0f8c2c1e-6a3b-4c1d-9d2e-5b7f3a9c8e11", "ada@example.com", "2026-11-23T10:15:30.123Z", &cart(), restore, Some("FREESHIP"));
        let body: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            body,
            serde_json::json!({ "data": {
                "type": "event",
                "attributes": {
                    "properties": {
                        "restore_url": restore,
                        "items": [
                            { "variant_id": 40001, "title": "Stoneware \"Mug\"", "quantity": 2, "price": 19.0 },
                            { "variant_id": 40002, "title": "Linen Apron", "quantity": 1, "price": 34.05 }
                        ],
                        "currency": "EUR",
                        "code": "FREESHIP"
                    },
                    "time": "2026-11-23T10:15:30.123Z",
                    "value": 72.05,
                    "unique_id": "0f8c2c1e-6a3b-4c1d-9d2e-5b7f3a9c8e11",
                    "metric": { "data": { "type": "metric", "attributes": { "name": "Doorman Saved Cart" } } },
                    "profile": { "data": { "type": "profile", "attributes": { "email": "ada@example.com" } } }
                }
            } })
        );
        let without: serde_json::Value =
            serde_json::from_str(&saved_cart_event("id", "ada@example.com", "t", &cart(), restore, None)).unwrap();
        assert_eq!(without["data"]["attributes"]["properties"]["code"], serde_json::Value::Null);
    }

    #[test]
    fn amounts_in_major_units_keep_two_decimals() {
        for (minor, text) in [(0, "0.00"), (5, "0.05"), (100, "1.00"), (3405, "34.05"), (123_456_789, "1234567.89")] {
            assert_eq!(Major(minor).to_json(), text);
            assert!(serde_json::from_str::<f64>(text).is_ok());
        }
    }

    #[test]
    fn revisions_are_real_dates() {
        assert_eq!(revision_day("1970-01-02"), Some(1));
        assert!(revision_day(REVISION).is_some());
        assert!(revision_day("2024-02-29").is_some());
        for bad in ["2023-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-10-00", "26-10-15", "2026/10/15", "2026-10-15x", "", "１２３４-10-15"] {
            assert_eq!(revision_day(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_revision_over_18_months_old_is_warned_about_naming_the_newer_one() {
        let day = 86_400_000;
        let at = |date: &str| revision_day(date).unwrap() * day;
        // (revision in use, browser date, warned)
        let table = [
            ("2024-10-15", "2026-04-15", false),
            ("2024-10-15", "2026-04-16", true),
            ("2026-10-15", "2027-06-01", false),
            ("2026-10-15", "2028-04-16", true),
            ("2025-08-31", "2027-02-28", false),
            ("2025-08-31", "2027-03-01", true),
        ];
        for (revision, today, warned) in table {
            assert_eq!(revision_warning(revision, at(today)).is_some(), warned, "{revision} on {today}");
        }
        let old = revision_warning("2024-10-15", at("2026-11-30")).unwrap();
        assert!(old.contains("revision 2024-10-15 is more than 18 months old"), "{old}");
        assert!(old.contains("set it to 2026-10-15 or newer"), "{old}");
        let ours = revision_warning(REVISION, at("2028-06-01")).unwrap();
        assert!(ours.contains("Update Doorman"), "{ours}");
    }

    #[test]
    fn klaviyo_refusals_are_read_from_its_json_api_errors() {
        let body = r#"{"errors":[{"id":"1","status":400,"code":"invalid","title":"Invalid input.","detail":"The revision 2024-10-15 is not supported.","source":{"pointer":"/data"}},{"detail":"A second."}]}"#;
        assert_eq!(refusal_detail(body).as_deref(), Some("The revision 2024-10-15 is not supported.; A second."));
        assert_eq!(refusal_detail(r#"{"errors":[]}"#), None);
        assert_eq!(refusal_detail("<html>"), None);
    }

    #[test]
    fn only_public_keys_pass() {
        assert!(public_key("AbC123"));
        for bad in ["pk_0123456789abcdef0123456789abcdef01", "pk_abc", "AbC12", "AbC1234", "AbC-12", ""] {
            assert!(!public_key(bad), "{bad}");
        }
        assert_eq!(endpoint("AbC123"), "https://a.klaviyo.com/client/subscriptions/?company_id=AbC123");
        assert_eq!(events_endpoint("AbC123"), "https://a.klaviyo.com/client/events/?company_id=AbC123");
    }

    #[test]
    fn a_stored_exit_report_becomes_the_saved_cart_event() {
        let report = r#"{"id":"0f8c2c1e-6a3b-4c1d-9d2e-5b7f3a9c8e11","shop":"acme","campaign":"exit","variant":null,"email":"ada@example.com","consent":{"given":false,"text":null},"offer":{"label":"free shipping","code":"FREESHIP"},"page":"https://acme.example/","locale":"en","timestamp":"2026-11-23T10:15:30.123Z","cart":{"items":[{"variant_id":40001,"quantity":2,"title":"Stoneware Mug","unit_price":1900}],"currency":"EUR","total":3800},"restore_url":"https://acme.example/cart/40001:2?discount=FREESHIP","prize":null}"#;
        let value = crate::json::parse(report).unwrap();
        let event: serde_json::Value = serde_json::from_str(&saved_cart_event_for(&value).unwrap()).unwrap();
        let attributes = &event["data"]["attributes"];
        assert_eq!(attributes["unique_id"], "0f8c2c1e-6a3b-4c1d-9d2e-5b7f3a9c8e11");
        assert_eq!(attributes["value"], 38.0);
        assert_eq!(attributes["properties"]["restore_url"], "https://acme.example/cart/40001:2?discount=FREESHIP");
        assert_eq!(attributes["properties"]["code"], "FREESHIP");
        assert_eq!(attributes["properties"]["items"][0]["quantity"], 2);
        assert_eq!(attributes["profile"]["data"]["attributes"]["email"], "ada@example.com");
        let welcome = crate::json::parse(&report.replace("\"exit\"", "\"welcome\"")).unwrap();
        assert_eq!(saved_cart_event_for(&welcome), None, "only a saved cart is an event");
    }
}
