//! The sign-up outbox and its delivery policy: every report is kept until its destination
//! accepts it, retried with growing, jittered waits that survive page views, and set aside (never
//! silently dropped) when it can no longer succeed.
//!
//! The policy, in one place:
//! - Only a `2xx` to the request as sent is a delivery ([`classify`]).
//! - No answer, `408`, `425`, `429`, `5xx` and anything else not `4xx` are transient: retried
//!   after [`backoff_ms`] (2 s doubling to 10 min, with jitter), or after `Retry-After` on `429` and
//!   `503` when that is longer (at most [`MAX_RETRY_AFTER_MS`]).
//! - Any other `4xx` is a refusal: tried [`MAX_REFUSALS`] times in all, then set aside.
//! - A delivery older than [`MAX_AGE_MS`] that has been tried at least [`MIN_TRIES_BEFORE_AGE`]
//!   times is set aside, and so is one whose destination is no longer in the tag.
//! - The set-aside list keeps the [`SET_ASIDE_KEPT`] most recent, with their bodies.
//! - Every time is wall-clock milliseconds since the Unix epoch, stored with the delivery so the
//!   wait survives page views; [`Outbox::tidy`] pulls back times a clock jump left absurdly far
//!   in the future.

use serde::Serialize;

use crate::json::{whole, Object, ToJson, Value};

/// First retry after about this long; each failure doubles it up to [`MAX_BACKOFF_MS`].
pub const FIRST_BACKOFF_MS: u64 = 2_000;
pub const MAX_BACKOFF_MS: u64 = 10 * 60_000;
/// The longest `Retry-After` honoured: a longer one is taken as this.
pub const MAX_RETRY_AFTER_MS: u64 = 24 * 3_600_000;
/// Attempts a refused delivery gets in all before it is set aside: a refusal may be a passing
/// state on the other side (a bot-protection challenge, a misconfigured endpoint being fixed).
pub const MAX_REFUSALS: u32 = 3;
/// Age after which a delivery that still fails is set aside: 30 days.
pub const MAX_AGE_MS: u64 = 30 * 24 * 3_600_000;
/// A delivery is set aside for age only after this many attempts, so a clock that jumps a year
/// ahead does not set aside a sign-up that was never tried.
pub const MIN_TRIES_BEFORE_AGE: u32 = 5;
/// Set-aside deliveries kept, most recent last.
pub const SET_ASIDE_KEPT: usize = 10;
/// How long a tab holds a delivery it is sending before another tab may send it: the request
/// timeout with room to spare.
pub const LEASE_MS: u64 = 20_000;

/// What an attempt came to, as [`classify`] reads the answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    /// Worth trying again: no answer (`network`), or a status that may change. `retry_after_ms`
    /// is the wait the destination asked for.
    Transient { retry_after_ms: Option<u64>, network: bool },
    /// The destination refused this request and will refuse it again; the text says why.
    Refused(String),
}

/// One report on its way to one destination. The body is kept as the exact JSON text to send,
/// so every retry sends the same bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Delivery {
    /// The report's id: what the shop deduplicates by.
    pub id: String,
    pub destination: String,
    pub body: String,
    /// When it was queued (ms).
    pub created_at: u64,
    pub attempts: u32,
    pub refusals: u32,
    pub next_attempt_at: u64,
    /// The last attempt got no answer at all: coming back online makes it due.
    pub network: bool,
    /// The tab sending it now, empty when none, and until when (ms) that tab holds it.
    pub lease_by: String,
    pub lease_until: u64,
}

/// A delivery given up on, kept so it is not lost: the merchant can read it from storage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SetAside {
    pub id: String,
    pub destination: String,
    pub reason: String,
    pub at: u64,
    pub body: String,
}

impl Delivery {
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Names this delivery among all: the same report goes to each destination separately.
    pub fn key(&self) -> String {
        let mut key = self.destination.clone();
        key.push('\n');
        key.push_str(&self.id);
        key
    }

    fn set_aside(self, reason: &str, at: u64) -> SetAside {
        SetAside { id: self.id, destination: self.destination, reason: reason.to_string(), at, body: self.body }
    }
}

/// The persisted outbox. Which deliveries are in flight from this page lives in the web layer;
/// the lease keeps other tabs from sending the same one meanwhile.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Outbox {
    pub deliveries: Vec<Delivery>,
    pub set_aside: Vec<SetAside>,
}

impl ToJson for Delivery {
    fn write_json(&self, out: &mut String) {
        Object::new(out)
            .field("id", &self.id)
            .field("destination", &self.destination)
            .field("body", &self.body)
            .field("created_at", &self.created_at)
            .field("attempts", &self.attempts)
            .field("refusals", &self.refusals)
            .field("next_attempt_at", &self.next_attempt_at)
            .field("network", &self.network)
            .field("lease_by", &self.lease_by)
            .field("lease_until", &self.lease_until)
            .end();
    }
}

impl ToJson for SetAside {
    fn write_json(&self, out: &mut String) {
        Object::new(out)
            .field("id", &self.id)
            .field("destination", &self.destination)
            .field("reason", &self.reason)
            .field("at", &self.at)
            .field("body", &self.body)
            .end();
    }
}

impl ToJson for Outbox {
    fn write_json(&self, out: &mut String) {
        Object::new(out).field("deliveries", &self.deliveries).field("set_aside", &self.set_aside).end();
    }
}

fn count(value: &Value) -> u32 {
    value.as_u64().unwrap_or(0).min(u64::from(u32::MAX)) as u32
}

impl Outbox {
    /// Reads what [`ToJson`] wrote, or an older outbox without the newer fields. `None` when the
    /// text is not an outbox at all; a single malformed delivery is skipped.
    pub fn from_json(value: &Value) -> Option<Outbox> {
        let Value::Array(deliveries) = value.get("deliveries") else { return None };
        let text = |v: &Value, name: &str| v.get(name).as_str().map(str::to_string);
        let deliveries = deliveries
            .iter()
            .filter_map(|d| {
                Some(Delivery {
                    id: text(d, "id")?,
                    destination: text(d, "destination")?,
                    body: text(d, "body")?,
                    created_at: d.get("created_at").as_u64().unwrap_or(0),
                    attempts: count(d.get("attempts")),
                    refusals: count(d.get("refusals")),
                    next_attempt_at: d.get("next_attempt_at").as_u64().unwrap_or(0),
                    network: d.get("network").as_bool().unwrap_or(false),
                    lease_by: text(d, "lease_by").unwrap_or_default(),
                    lease_until: d.get("lease_until").as_u64().unwrap_or(0),
                })
            })
            .collect();
        let set_aside = value
            .get("set_aside")
            .as_array()
            .iter()
            .filter_map(|s| {
                Some(SetAside {
                    id: text(s, "id")?,
                    destination: text(s, "destination")?,
                    reason: text(s, "reason").unwrap_or_default(),
                    at: s.get("at").as_u64().unwrap_or(0),
                    body: text(s, "body").unwrap_or_default(),
                })
            })
            .collect();
        Some(Outbox { deliveries, set_aside })
    }

    /// Queues a report, due at once whatever the clocks say (its next attempt is at 0). A report
    /// already queued for the destination is not queued twice.
    pub fn push(&mut self, destination: &str, id: &str, body: String, now: u64) {
        let queued = self.deliveries.iter().any(|d| d.id == id && d.destination == destination);
        if !queued {
            self.deliveries.push(Delivery {
                id: id.to_string(),
                destination: destination.to_string(),
                body,
                created_at: now,
                ..Delivery::default()
            });
        }
    }

    /// Repairs times and sets aside what can no longer be delivered: deliveries for a
    /// destination not in `destinations`, and those past [`MAX_AGE_MS`]. Times further in the
    /// future than any wait Doorman sets (the clock was ahead when they were stored) are pulled
    /// back to `now`. Returns what it set aside, for the web layer to announce.
    pub fn tidy(&mut self, destinations: &[String], now: u64) -> Vec<SetAside> {
        let mut gone = Vec::new();
        for delivery in std::mem::take(&mut self.deliveries) {
            let mut delivery = delivery;
            if delivery.next_attempt_at > now.saturating_add(MAX_RETRY_AFTER_MS) {
                delivery.next_attempt_at = now;
            }
            delivery.created_at = delivery.created_at.min(now);
            if delivery.lease_until > now.saturating_add(LEASE_MS) {
                delivery.lease_until = 0;
            }
            let reason = if !destinations.contains(&delivery.destination) {
                Some("its destination is no longer in the tag's data-endpoint or data-klaviyo-list")
            } else if now - delivery.created_at > MAX_AGE_MS && delivery.attempts >= MIN_TRIES_BEFORE_AGE {
                Some("it has failed for 30 days")
            } else {
                None
            };
            match reason {
                Some(reason) => gone.push(delivery.set_aside(reason, now)),
                None => self.deliveries.push(delivery),
            }
        }
        for set_aside in &gone {
            self.keep_set_aside(set_aside.clone());
        }
        gone
    }

    fn keep_set_aside(&mut self, set_aside: SetAside) {
        self.set_aside.push(set_aside);
        let extra = self.set_aside.len().saturating_sub(SET_ASIDE_KEPT);
        self.set_aside.drain(..extra);
    }

    /// Deliveries whose time has come, leaving out those in flight from this page (by
    /// `Delivery::key`) and those another tab holds.
    pub fn due(&self, now: u64, in_flight: &[String], tab: &str) -> Vec<Delivery> {
        self.deliveries
            .iter()
            .filter(|d| d.next_attempt_at <= now && !in_flight.contains(&d.key()) && !d.held_by_other(tab, now))
            .cloned()
            .collect()
    }

    /// Takes the lease on a delivery for `tab` before sending it. `false` when another tab holds
    /// it, or it is gone (another tab delivered it): then this tab must not send it.
    pub fn claim(&mut self, key: &str, tab: &str, now: u64) -> bool {
        let Some(delivery) = self.deliveries.iter_mut().find(|d| d.key() == key) else { return false };
        if delivery.held_by_other(tab, now) {
            return false;
        }
        delivery.lease_by = tab.to_string();
        delivery.lease_until = now.saturating_add(LEASE_MS);
        true
    }

    /// Records what an attempt came to. `jitter` is a uniformly random number that spreads the
    /// retries of many shoppers (drawn by the caller, so this stays deterministic). Returns the
    /// delivery when this refusal set it aside.
    pub fn record(&mut self, key: &str, outcome: &Outcome, now: u64, jitter: u32) -> Option<SetAside> {
        let index = self.deliveries.iter().position(|d| d.key() == key)?;
        if *outcome == Outcome::Delivered {
            self.deliveries.remove(index);
            return None;
        }
        let delivery = &mut self.deliveries[index];
        delivery.attempts = delivery.attempts.saturating_add(1);
        delivery.lease_by.clear();
        delivery.lease_until = 0;
        let mut wait = jittered(backoff_ms(delivery.attempts), jitter);
        delivery.network = false;
        match outcome {
            Outcome::Transient { retry_after_ms, network } => {
                delivery.network = *network;
                wait = wait.max(retry_after_ms.unwrap_or(0).min(MAX_RETRY_AFTER_MS));
            }
            Outcome::Refused(reason) => {
                delivery.refusals = delivery.refusals.saturating_add(1);
                if delivery.refusals >= MAX_REFUSALS {
                    let set_aside = self.deliveries.remove(index).set_aside(reason, now);
                    self.keep_set_aside(set_aside.clone());
                    return Some(set_aside);
                }
            }
            Outcome::Delivered => {}
        }
        delivery.next_attempt_at = now.saturating_add(wait);
        None
    }

    /// When the next attempt is due, for the web layer's timer.
    pub fn next_attempt_at(&self) -> Option<u64> {
        self.deliveries.iter().map(|d| d.next_attempt_at).min()
    }

    /// Makes due now the deliveries that never had an attempt (the page is going away right
    /// after a sign-up) and, when `online`, those that last got no answer at all. A delivery the
    /// destination answered keeps its wait: a shopper browsing ten pages sends no ten retries.
    pub fn hurry(&mut self, now: u64, online: bool) {
        for delivery in &mut self.deliveries {
            if delivery.attempts == 0 || (online && delivery.network) {
                delivery.next_attempt_at = delivery.next_attempt_at.min(now);
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.deliveries.is_empty()
    }
}

impl Delivery {
    fn held_by_other(&self, tab: &str, now: u64) -> bool {
        !self.lease_by.is_empty() && self.lease_by != tab && self.lease_until > now
    }
}

/// Wait before the attempt after `failures` failed ones, before jitter: 2 s, 4 s, … 10 min.
pub fn backoff_ms(failures: u32) -> u64 {
    let doublings = failures.saturating_sub(1).min(16);
    FIRST_BACKOFF_MS.saturating_mul(1 << doublings).min(MAX_BACKOFF_MS)
}

/// "Equal jitter": half the wait fixed, half spread by `jitter` (uniform over `u32`).
fn jittered(wait: u64, jitter: u32) -> u64 {
    let half = wait / 2;
    half + ((half * u64::from(jitter)) >> 32)
}

/// Classifies an HTTP answer by its status, RFC 9110's meanings: `2xx` delivered; `408`, `425`,
/// `429` and `5xx` transient (`retry_after` honoured on `429` and `503`); other `4xx` refused;
/// anything else (`1xx`, `3xx` the browser did not follow) transient.
pub fn classify(status: u16, retry_after: Option<&str>, now: u64) -> Outcome {
    match status {
        200..=299 => Outcome::Delivered,
        400..=499 if !matches!(status, 408 | 425 | 429) => {
            let mut reason = String::from("HTTP ");
            u64::from(status).write_json(&mut reason);
            Outcome::Refused(reason)
        }
        _ => {
            let retry_after_ms = if matches!(status, 429 | 503) { retry_after.and_then(|v| retry_after_ms(v, now)) } else { None };
            Outcome::Transient { retry_after_ms, network: false }
        }
    }
}

/// `Retry-After` (RFC 9110 §10.2.3) as a wait from `now` (ms since the epoch): delay-seconds, or
/// an IMF-fixdate such as `Sun, 06 Nov 1994 08:49:37 GMT` (a date in the past is a wait of 0).
/// The obsolete RFC 850 and asctime date forms are not read: `None`, so the backoff applies.
pub fn retry_after_ms(value: &str, now: u64) -> Option<u64> {
    let value = value.trim();
    match whole(value) {
        Some(seconds) => Some(seconds.saturating_mul(1000)),
        None => http_date_ms(value).map(|at| at.saturating_sub(now)),
    }
}

/// An IMF-fixdate as ms since the epoch: fixed width, `Sun, 06 Nov 1994 08:49:37 GMT`.
pub fn http_date_ms(value: &str) -> Option<u64> {
    const MONTHS: &str = "JanFebMarAprMayJunJulAugSepOctNovDec";
    const DAYS: &str = "ThuFriSatSunMonTueWed";
    let field = |range: core::ops::Range<usize>| value.get(range);
    let number = |range| field(range).and_then(whole);
    let shape = value.len() == 29 && value.bytes().enumerate().all(|(i, b)| match i {
        3 => b == b',',
        4 | 7 | 11 | 16 | 25 => b == b' ',
        19 | 22 => b == b':',
        _ => true,
    });
    (shape && field(26..29)? == "GMT").then_some(())?;
    let month = field(8..11).and_then(|m| MONTHS.find(m)).filter(|i| i % 3 == 0)? as u64 / 3 + 1;
    let (day, year) = (number(5..7)?, number(12..16)?);
    let (h, m, s) = (number(17..19)?, number(20..22)?, number(23..25)?);
    if h > 23 || m > 59 || s > 60 || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let days = days_from_civil(year, month, day)?;
    // The weekday must agree with the date: 1970-01-01 was a Thursday.
    let weekday = (days % 7) as usize * 3;
    (DAYS.get(weekday..weekday + 3)? == field(0..3)?).then_some(())?;
    Some((days * 86_400 + h * 3_600 + m * 60 + s) * 1000)
}

pub fn days_in_month(year: u64, month: u64) -> u64 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a proleptic Gregorian date, for dates from 1970 on (Howard
/// Hinnant's `days_from_civil`).
pub fn days_from_civil(year: u64, month: u64, day: u64) -> Option<u64> {
    let year = if month <= 2 { year.checked_sub(1)? } else { year };
    let era = year / 400;
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    (era * 146_097 + day_of_era).checked_sub(719_468)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHOP: &str = "/apps/doorman/signups";
    const TAB: &str = "t1";
    const NET: Outcome = Outcome::Transient { retry_after_ms: None, network: true };
    const HALF: u32 = 1 << 31;

    fn body(id: &str) -> String {
        let mut body = String::from("{\"id\":\"");
        body.push_str(id);
        body.push_str("\"}");
        body
    }

    fn key(id: &str, destination: &str) -> String {
        let mut key = destination.to_string();
        key.push('\n');
        key.push_str(id);
        key
    }

    fn destinations() -> Vec<String> {
        vec![SHOP.to_string(), "shopify".to_string()]
    }

    #[test]
    fn the_stored_json_is_what_serde_writes_and_reads_back() {
        let mut outbox = Outbox::default();
        assert_eq!(outbox.to_json(), serde_json::to_string(&outbox).unwrap());
        outbox.push(SHOP, "a", body("a"), 1_700_000_000_000);
        outbox.push("shopify", "a", "{\"note\":\"line\\nbreak\"}".into(), 5);
        outbox.push("https://gone.example/", "b", body("b"), 5);
        outbox.record(&key("a", SHOP), &NET, 1_700_000_000_001, 7);
        outbox.claim(&key("a", "shopify"), TAB, 9);
        outbox.tidy(&destinations(), 10);
        assert_eq!(outbox.set_aside.len(), 1);
        let json = outbox.to_json();
        assert_eq!(json, serde_json::to_string(&outbox).unwrap());
        assert_eq!(Outbox::from_json(&crate::json::parse(&json).unwrap()), Some(outbox));
    }

    #[test]
    fn an_outbox_stored_by_an_older_version_still_reads() {
        let old = r#"{"deliveries":[{"id":"a","destination":"shopify","body":"{}","attempts":2,"next_attempt_at":9},{"id":7}]}"#;
        let outbox = Outbox::from_json(&crate::json::parse(old).unwrap()).unwrap();
        assert_eq!(outbox.deliveries.len(), 1, "a malformed delivery is skipped, the rest kept");
        assert_eq!((outbox.deliveries[0].attempts, outbox.deliveries[0].next_attempt_at), (2, 9));
        assert_eq!(Outbox::from_json(&crate::json::parse("[1]").unwrap()), None, "not an outbox");
    }

    #[test]
    fn a_report_is_due_at_once_and_leaves_when_delivered() {
        let mut outbox = Outbox::default();
        outbox.push(SHOP, "a", body("a"), 100);
        outbox.push(SHOP, "a", body("a"), 150);
        assert_eq!(outbox.deliveries.len(), 1, "the same report is queued once");
        assert_eq!(outbox.due(100, &[], TAB).len(), 1);
        let in_flight = outbox.deliveries[0].key();
        assert!(outbox.due(100, std::slice::from_ref(&in_flight), TAB).is_empty(), "in flight is not sent twice");
        assert_eq!(outbox.record(&in_flight, &Outcome::Delivered, 120, 0), None);
        assert!(outbox.is_empty());
        assert_eq!(outbox.next_attempt_at(), None);
    }

    #[test]
    fn transient_failures_back_off_with_jitter_to_minutes_and_the_wait_is_stored() {
        // (jitter, the waits of ten failures in a row)
        let table: [(u32, [u64; 10]); 3] = [
            (0, [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000]),
            (HALF, [1_500, 3_000, 6_000, 12_000, 24_000, 48_000, 96_000, 192_000, 384_000, 450_000]),
            (u32::MAX, [1_999, 3_999, 7_999, 15_999, 31_999, 63_999, 127_999, 255_999, 511_999, 599_999]),
        ];
        for (jitter, expected) in table {
            let mut outbox = Outbox::default();
            outbox.push(SHOP, "a", body("a"), 0);
            let mut now = 0;
            let mut waits = Vec::new();
            for _ in 0..10 {
                outbox.record(&key("a", SHOP), &NET, now, jitter);
                // What the next page view reads back from storage.
                outbox = Outbox::from_json(&crate::json::parse(&outbox.to_json()).unwrap()).unwrap();
                let next = outbox.next_attempt_at().unwrap();
                assert!(outbox.due(next - 1, &[], TAB).is_empty(), "not due before its wait, on any page");
                assert_eq!(outbox.due(next, &[], TAB).len(), 1);
                waits.push(next - now);
                now = next;
            }
            assert_eq!(waits, expected, "jitter {jitter}");
            assert_eq!(outbox.deliveries[0].attempts, 10);
        }
    }

    #[test]
    fn retry_after_is_honoured_on_429_and_503_only_and_bounded() {
        let now = 1_000_000;
        let table: [(u16, Option<&str>, Option<u64>); 7] = [
            (429, Some("15"), Some(15_000)),
            (503, Some("120"), Some(120_000)),
            (500, Some("15"), None),
            (408, Some("15"), None),
            (429, None, None),
            (429, Some("soon"), None),
            (503, Some("99999999999999999999"), Some(u64::MAX)),
        ];
        for (status, header, wait) in table {
            assert_eq!(classify(status, header, now), Outcome::Transient { retry_after_ms: wait, network: false }, "{status} {header:?}");
        }
        let mut outbox = Outbox::default();
        outbox.push(SHOP, "a", body("a"), 0);
        outbox.record(&key("a", SHOP), &classify(429, Some("15"), 0), 0, 0);
        assert_eq!(outbox.next_attempt_at(), Some(15_000), "Retry-After beats the 1 s backoff");
        outbox.record(&key("a", SHOP), &classify(429, Some("1"), 15_000), 15_000, 0);
        assert_eq!(outbox.next_attempt_at(), Some(17_000), "the backoff beats a shorter Retry-After");
        outbox.record(&key("a", SHOP), &classify(503, Some("99999999999"), 17_000), 17_000, 0);
        assert_eq!(outbox.next_attempt_at(), Some(17_000 + MAX_RETRY_AFTER_MS), "a day at most");
    }

    #[test]
    fn statuses_are_classified_by_what_they_mean() {
        for status in [200, 201, 202, 204, 299] {
            assert_eq!(classify(status, None, 0), Outcome::Delivered, "{status}");
        }
        for status in [400, 401, 403, 404, 405, 410, 413, 422, 451, 499] {
            assert!(matches!(classify(status, None, 0), Outcome::Refused(ref r) if *r == format!("HTTP {status}")), "{status}");
        }
        for status in [0, 100, 301, 302, 303, 307, 308, 408, 425, 429, 500, 502, 503, 504, 599] {
            assert!(matches!(classify(status, None, 0), Outcome::Transient { .. }), "{status}");
        }
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = http_date_ms("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(now, 784_111_777_000);
        let table: [(&str, Option<u64>); 14] = [
            ("0", Some(0)),
            (" 15 ", Some(15_000)),
            ("Sun, 06 Nov 1994 08:50:37 GMT", Some(60_000)),
            ("Sun, 06 Nov 1994 08:49:00 GMT", Some(0)),
            ("Mon, 07 Nov 1994 08:49:37 GMT", Some(86_400_000)),
            ("Thu, 29 Feb 1996 00:00:00 GMT", Some(http_date_ms("Fri, 01 Mar 1996 00:00:00 GMT").unwrap() - 86_400_000 - now)),
            ("Mon, 06 Nov 1994 08:50:37 GMT", None),
            ("Sun, 6 Nov 1994 08:50:37 GMT", None),
            ("Sun, 06 Nov 1994 08:50:37 UTC", None),
            ("Sunday, 06-Nov-94 08:49:37 GMT", None),
            ("Sun Nov  6 08:49:37 1994", None),
            ("Wed, 29 Feb 1995 00:00:00 GMT", None),
            ("-5", None),
            ("", None),
        ];
        for (value, wait) in table {
            assert_eq!(retry_after_ms(value, now), wait, "{value:?}");
        }
        assert_eq!(http_date_ms("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(http_date_ms("Thu, 15 Oct 2026 00:00:00 GMT"), Some(1_792_022_400_000));
        assert_eq!(days_from_civil(2000, 3, 1), Some(11_017));
    }

    #[test]
    fn a_refusal_is_tried_a_few_times_then_set_aside_with_its_reason() {
        let mut outbox = Outbox::default();
        outbox.push(SHOP, "a", body("a"), 0);
        let refused = Outcome::Refused("HTTP 422".into());
        let mut now = 0;
        for _ in 1..MAX_REFUSALS {
            assert_eq!(outbox.record(&key("a", SHOP), &refused, now, HALF), None);
            now = outbox.next_attempt_at().unwrap();
        }
        let set_aside = outbox.record(&key("a", SHOP), &refused, now, HALF).unwrap();
        assert_eq!((set_aside.id.as_str(), set_aside.reason.as_str(), set_aside.body.clone()), ("a", "HTTP 422", body("a")));
        assert!(outbox.is_empty(), "never tried again");
        assert_eq!(outbox.set_aside, [set_aside]);
    }

    #[test]
    fn transient_failures_between_refusals_do_not_reset_the_count() {
        let mut outbox = Outbox::default();
        outbox.push(SHOP, "a", body("a"), 0);
        let refused = Outcome::Refused("HTTP 400".into());
        outbox.record(&key("a", SHOP), &refused, 0, 0);
        outbox.record(&key("a", SHOP), &NET, 0, 0);
        outbox.record(&key("a", SHOP), &refused, 0, 0);
        assert!(outbox.record(&key("a", SHOP), &refused, 0, 0).is_some());
    }

    #[test]
    fn the_set_aside_list_is_bounded_and_keeps_the_latest() {
        let mut outbox = Outbox::default();
        let ids: Vec<String> = (0..SET_ASIDE_KEPT + 5).map(|i| i.to_string()).collect();
        for id in &ids {
            outbox.push("https://old.example/", id, body(id), 0);
        }
        let gone = outbox.tidy(&destinations(), 1);
        assert_eq!(gone.len(), SET_ASIDE_KEPT + 5, "every one is announced");
        assert_eq!(outbox.set_aside.len(), SET_ASIDE_KEPT);
        assert_eq!(outbox.set_aside[0].id, ids[5]);
        assert!(outbox.set_aside[0].reason.contains("no longer in the tag"));
        assert!(outbox.is_empty());
    }

    #[test]
    fn old_deliveries_are_set_aside_only_after_their_tries() {
        let day = 24 * 3_600_000;
        let mut outbox = Outbox::default();
        outbox.push(SHOP, "a", body("a"), 0);
        outbox.push(SHOP, "b", body("b"), 0);
        for i in 0..MIN_TRIES_BEFORE_AGE {
            outbox.record(&key("a", SHOP), &NET, u64::from(i) * day, 0);
        }
        assert!(outbox.tidy(&destinations(), 30 * day).is_empty(), "30 days is not yet too old");
        let gone = outbox.tidy(&destinations(), 30 * day + 1);
        assert_eq!(gone.len(), 1);
        assert_eq!((gone[0].id.as_str(), gone[0].reason.as_str()), ("a", "it has failed for 30 days"));
        assert_eq!(outbox.deliveries.len(), 1, "b was never tried: a clock jump alone sets nothing aside");
    }

    #[test]
    fn times_left_far_ahead_by_a_clock_jump_are_pulled_back() {
        let year = 365 * 24 * 3_600_000;
        let now = 1_700_000_000_000;
        let mut outbox = Outbox::default();
        // Signed up and failed while the clock was a year ahead.
        outbox.push(SHOP, "a", body("a"), now + year);
        outbox.record(&key("a", SHOP), &NET, now + year, 0);
        outbox.claim(&key("a", SHOP), "other", now + year);
        // A wait that is legitimately long stays.
        outbox.push(SHOP, "b", body("b"), now);
        outbox.record(&key("b", SHOP), &classify(429, Some("3600"), now), now, 0);
        assert!(outbox.due(now, &[], TAB).is_empty());
        outbox.tidy(&destinations(), now);
        let due = outbox.due(now, &[], TAB);
        assert_eq!(due.len(), 1);
        assert_eq!((due[0].id.as_str(), due[0].created_at), ("a", now));
        assert_eq!(outbox.deliveries[1].next_attempt_at, now + 3_600_000);
        // The clock jumps a year ahead instead: stored times are in the past, so simply due, and
        // the delivery is not set aside for an age it did not have.
        let mut outbox = Outbox::default();
        outbox.push(SHOP, "c", body("c"), now);
        outbox.record(&key("c", SHOP), &NET, now, 0);
        assert!(outbox.tidy(&destinations(), now + year).is_empty());
        assert_eq!(outbox.due(now + year, &[], TAB).len(), 1);
    }

    #[test]
    fn one_tab_at_a_time_sends_a_delivery() {
        let mut outbox = Outbox::default();
        outbox.push(SHOP, "a", body("a"), 0);
        let a = key("a", SHOP);
        assert!(outbox.claim(&a, "one", 0));
        assert!(outbox.claim(&a, "one", 1), "the holder may claim again");
        assert!(!outbox.claim(&a, "two", 1));
        assert!(outbox.due(1, &[], "two").is_empty(), "another tab does not even see it due");
        assert!(!outbox.claim(&a, "two", 1 + LEASE_MS - 1));
        assert!(outbox.claim(&a, "two", 1 + LEASE_MS), "a lease lapses: the holding tab may have died");
        outbox.record(&a, &NET, LEASE_MS, 0);
        let next = outbox.next_attempt_at().unwrap();
        assert!(outbox.claim(&a, "one", next), "a failed attempt releases the lease");
        outbox.record(&a, &Outcome::Delivered, next, 0);
        assert!(!outbox.claim(&a, "two", next), "delivered by another tab: nothing to send");
    }

    #[test]
    fn destinations_are_tracked_separately() {
        let mut outbox = Outbox::default();
        outbox.push(SHOP, "a", body("a"), 0);
        outbox.push("shopify", "a", body("a"), 0);
        let shopify_in_flight = outbox.deliveries[1].key();
        assert_eq!(outbox.due(0, &[shopify_in_flight], TAB).len(), 1, "one destination in flight does not hold up the other");
        outbox.record(&key("a", SHOP), &NET, 0, 0);
        outbox.record(&key("a", "shopify"), &Outcome::Delivered, 0, 0);
        assert_eq!(outbox.deliveries.len(), 1);
        assert_eq!(outbox.deliveries[0].destination, SHOP);
    }

    #[test]
    fn hurry_sends_untried_ones_and_after_an_outage_those_that_got_no_answer() {
        let mut outbox = Outbox::default();
        outbox.push(SHOP, "fresh", body("fresh"), 0);
        outbox.push(SHOP, "offline", body("offline"), 0);
        outbox.push(SHOP, "refused", body("refused"), 0);
        outbox.push(SHOP, "failing", body("failing"), 0);
        outbox.deliveries[0].next_attempt_at = 5_000;
        outbox.record(&key("offline", SHOP), &NET, 0, 0);
        outbox.record(&key("refused", SHOP), &Outcome::Refused("HTTP 422".into()), 0, 0);
        outbox.record(&key("failing", SHOP), &classify(500, None, 0), 0, 0);
        let due = |outbox: &Outbox| outbox.due(10, &[], TAB).into_iter().map(|d| d.id).collect::<Vec<_>>();
        outbox.hurry(10, false);
        assert_eq!(due(&outbox), ["fresh"], "leaving a page retries nothing the destination answered");
        outbox.hurry(10, true);
        assert_eq!(due(&outbox), ["fresh", "offline"]);
    }
}
