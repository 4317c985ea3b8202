//! Klaviyo's client APIs: the requests a sign-up becomes, as Klaviyo documents them — a
//! subscription to the list, and for a saved cart an event a Klaviyo flow can email from.
//! Only the public site key ever appears here; private keys are refused by config.

use crate::cart::{Cart, CartLine};
use crate::json::{Object, ToJson};

/// The dated API revision the body below follows.
pub const REVISION: &str = "2024-10-15";
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
    fn only_public_keys_pass() {
        assert!(public_key("AbC123"));
        for bad in ["pk_0123456789abcdef0123456789abcdef01", "pk_abc", "AbC12", "AbC1234", "AbC-12", ""] {
            assert!(!public_key(bad), "{bad}");
        }
        assert_eq!(endpoint("AbC123"), "https://a.klaviyo.com/client/subscriptions/?company_id=AbC123");
        assert_eq!(events_endpoint("AbC123"), "https://a.klaviyo.com/client/events/?company_id=AbC123");
    }
}
