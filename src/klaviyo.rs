//! Klaviyo's client subscriptions API: the request a sign-up becomes, as Klaviyo documents it.
//! Only the public site key ever appears here; private keys are refused by config.

use serde::Serialize;

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

#[derive(Serialize)]
pub struct Body {
    data: Subscription,
}

#[derive(Serialize)]
struct Subscription {
    #[serde(rename = "type")]
    kind: &'static str,
    attributes: SubscriptionAttributes,
    relationships: Relationships,
}

#[derive(Serialize)]
struct SubscriptionAttributes {
    custom_source: String,
    profile: ProfileData,
}

#[derive(Serialize)]
struct ProfileData {
    data: Profile,
}

#[derive(Serialize)]
struct Profile {
    #[serde(rename = "type")]
    kind: &'static str,
    attributes: ProfileAttributes,
}

#[derive(Serialize)]
struct ProfileAttributes {
    email: String,
    /// Present only when the shopper gave consent: Klaviyo then records email marketing
    /// consent; without it the profile joins the list without a marketing subscription.
    #[serde(skip_serializing_if = "Option::is_none")]
    subscriptions: Option<Channels>,
}

#[derive(Serialize)]
struct Channels {
    email: EmailChannel,
}

#[derive(Serialize)]
struct EmailChannel {
    marketing: Marketing,
}

#[derive(Serialize)]
struct Marketing {
    consent: &'static str,
}

#[derive(Serialize)]
struct Relationships {
    list: ListData,
}

#[derive(Serialize)]
struct ListData {
    data: List,
}

#[derive(Serialize)]
struct List {
    #[serde(rename = "type")]
    kind: &'static str,
    id: String,
}

/// The subscription request for one sign-up of `campaign` to `list`.
pub fn subscription(email: &str, consent_given: bool, campaign: &str, list: &str) -> Body {
    let mut source = String::from("Doorman ");
    source.push_str(campaign);
    let subscriptions = consent_given.then_some(Channels { email: EmailChannel { marketing: Marketing { consent: "SUBSCRIBED" } } });
    Body {
        data: Subscription {
            kind: "subscription",
            attributes: SubscriptionAttributes {
                custom_source: source,
                profile: ProfileData { data: Profile { kind: "profile", attributes: ProfileAttributes { email: email.to_string(), subscriptions } } },
            },
            relationships: Relationships { list: ListData { data: List { kind: "list", id: list.to_string() } } },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_follows_the_documented_shape() {
        let body = serde_json::to_value(subscription("ada@example.com", true, "welcome", "Y6nRLr")).unwrap_or_default();
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
        let without = serde_json::to_value(subscription("ada@example.com", false, "exit", "Y6nRLr")).unwrap_or_default();
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
