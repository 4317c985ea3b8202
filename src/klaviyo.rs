//! Klaviyo's client subscriptions API: the request a sign-up becomes, as Klaviyo documents it.
//! Only the public site key ever appears here; private keys are refused by config.

use crate::json::ToJson;

/// The dated API revision the body below follows.
pub const REVISION: &str = "2024-10-15";
pub const URL: &str = "https://a.klaviyo.com/client/subscriptions/";

/// Whether `key` looks like a public site key (six letters and digits), not a private one.
pub fn public_key(key: &str) -> bool {
    key.len() == 6 && key.chars().all(|c| c.is_ascii_alphanumeric())
}

pub fn list_id(id: &str) -> bool {
    (1..=32).contains(&id.len()) && id.chars().all(|c| c.is_ascii_alphanumeric())
}

/// `URL?company_id=KEY`.
pub fn endpoint(key: &str) -> String {
    let mut url = String::from(URL);
    url.push_str("?company_id=");
    url.push_str(key);
    url
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

    #[test]
    fn only_public_keys_pass() {
        assert!(public_key("AbC123"));
        for bad in ["pk_0123456789abcdef0123456789abcdef01", "pk_abc", "AbC12", "AbC1234", "AbC-12", ""] {
            assert!(!public_key(bad), "{bad}");
        }
        assert_eq!(endpoint("AbC123"), "https://a.klaviyo.com/client/subscriptions/?company_id=AbC123");
    }
}
