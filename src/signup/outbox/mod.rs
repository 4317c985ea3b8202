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

use crate::json::{Object, ToJson, Value};

mod answer;
#[cfg(test)]
mod tests;

pub use answer::{classify, days_from_civil, days_in_month, http_date_ms, retry_after_ms};

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
    /// How many views the body holds when it is a batch of view reports (see
    /// [`crate::signup::views`]); `0` for a sign-up.
    pub views: u32,
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
            .field("views", &self.views)
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
                    views: count(d.get("views")),
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
    /// it, it is gone (another tab delivered it), or it is no longer due (another tab's attempt
    /// failed meanwhile and set its next one): then this tab must not send it now.
    pub fn claim(&mut self, key: &str, tab: &str, now: u64) -> bool {
        let Some(delivery) = self.deliveries.iter_mut().find(|d| d.key() == key) else { return false };
        if delivery.held_by_other(tab, now) || delivery.next_attempt_at > now {
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
