//! Klaviyo's client subscriptions API: the request a sign-up becomes, as Klaviyo documents it.
//! Only the public site key ever appears here; private keys are refused by config.

use crate::json::{ToJson, Value};
use crate::outbox::days_from_civil;

/// The dated API revision the body below follows, sent as the `revision` header. Klaviyo keeps a
/// revision stable for a year, deprecated the next, then retires it (requests fail): bump it, after
/// checking the body against that revision's docs, within a year of its date.
pub const REVISION: &str = "2026-10-15";
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

/// A revision `YYYY-MM-DD` as days since 1970-01-01; `None` when it is not a real date.
pub fn revision_day(revision: &str) -> Option<u64> {
    let (year, month, day) = ymd(revision)?;
    (1..=crate::outbox::days_in_month(year, month)).contains(&day).then(|| days_from_civil(year, month, day)).flatten()
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
    }
}
