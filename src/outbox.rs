//! The sign-up outbox: every report is kept until its destination answers 2xx, retried with
//! backoff, and survives reloads because the web layer persists it after every change.

use serde::Serialize;

use crate::json::{Object, ToJson};

/// First retry after this long; each failure doubles it up to [`MAX_BACKOFF_MS`].
pub const FIRST_BACKOFF_MS: u64 = 2_000;
pub const MAX_BACKOFF_MS: u64 = 5 * 60_000;

/// One report on its way to one destination. The body is kept as the exact JSON text to send,
/// so every retry sends the same bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Delivery {
    /// The report's id: what the shop deduplicates by.
    pub id: String,
    pub destination: String,
    pub body: String,
    pub attempts: u32,
    pub next_attempt_at: u64,
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
}

/// The persisted part of the outbox. Which deliveries are in flight is per page and lives in
/// the web layer, so a tab that died mid-request simply retries on the next visit.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Outbox {
    pub deliveries: Vec<Delivery>,
}

impl ToJson for Delivery {
    fn write_json(&self, out: &mut String) {
        Object::new(out)
            .field("id", &self.id)
            .field("destination", &self.destination)
            .field("body", &self.body)
            .field("attempts", &self.attempts)
            .field("next_attempt_at", &self.next_attempt_at)
            .end();
    }
}

impl ToJson for Outbox {
    fn write_json(&self, out: &mut String) {
        Object::new(out).field("deliveries", &self.deliveries).end();
    }
}

impl Outbox {
    /// Queues a report, due at once. A report already queued for the destination is not
    /// queued twice.
    pub fn push(&mut self, destination: &str, id: &str, body: String, now: u64) {
        let queued = self.deliveries.iter().any(|d| d.id == id && d.destination == destination);
        if !queued {
            self.deliveries.push(Delivery {
                id: id.to_string(),
                destination: destination.to_string(),
                body,
                attempts: 0,
                next_attempt_at: now,
            });
        }
    }

    /// Deliveries whose time has come, leaving out those in flight (by `Delivery::key`).
    pub fn due(&self, now: u64, in_flight: &[String]) -> Vec<Delivery> {
        self.deliveries
            .iter()
            .filter(|d| d.next_attempt_at <= now && !in_flight.contains(&d.key()))
            .cloned()
            .collect()
    }

    /// The destination accepted the report: it leaves the outbox for good.
    pub fn delivered(&mut self, id: &str, destination: &str) {
        self.deliveries.retain(|d| !(d.id() == id && d.destination == destination));
    }

    /// The attempt failed: try again after a doubling backoff.
    pub fn failed(&mut self, id: &str, destination: &str, now: u64) {
        if let Some(delivery) = self.deliveries.iter_mut().find(|d| d.id() == id && d.destination == destination) {
            delivery.attempts = delivery.attempts.saturating_add(1);
            delivery.next_attempt_at = now.saturating_add(backoff_ms(delivery.attempts));
        }
    }

    /// When the next retry is due, for the web layer's timer.
    pub fn next_attempt_at(&self) -> Option<u64> {
        self.deliveries.iter().map(|d| d.next_attempt_at).min()
    }

    /// Makes every delivery due now: the shopper came back online or is leaving the page.
    pub fn hurry(&mut self, now: u64) {
        for delivery in &mut self.deliveries {
            delivery.next_attempt_at = delivery.next_attempt_at.min(now);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.deliveries.is_empty()
    }
}

/// Wait before the attempt after `failures` failed ones.
pub fn backoff_ms(failures: u32) -> u64 {
    let doublings = failures.saturating_sub(1).min(16);
    FIRST_BACKOFF_MS.saturating_mul(1 << doublings).min(MAX_BACKOFF_MS)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHOP: &str = "/apps/doorman/signups";

    #[test]
    fn the_stored_json_is_what_serde_writes() {
        let mut outbox = Outbox::default();
        assert_eq!(outbox.to_json(), serde_json::to_string(&outbox).unwrap());
        outbox.push(SHOP, "a", body("a"), 1_700_000_000_000);
        outbox.push("shopify", "a", "{\"note\":\"line\\nbreak\"}".into(), 5);
        outbox.failed("a", SHOP, 1_700_000_000_001);
        assert_eq!(outbox.to_json(), serde_json::to_string(&outbox).unwrap());
    }

    fn body(id: &str) -> String {
        let mut body = String::from("{\"id\":\"");
        body.push_str(id);
        body.push_str("\"}");
        body
    }

    #[test]
    fn a_report_is_due_at_once_and_leaves_when_delivered() {
        let mut outbox = Outbox::default();
        outbox.push(SHOP, "a", body("a"), 100);
        outbox.push(SHOP, "a", body("a"), 150);
        assert_eq!(outbox.deliveries.len(), 1, "the same report is queued once");
        assert_eq!(outbox.due(100, &[]).len(), 1);
        let in_flight = outbox.deliveries[0].key();
        assert!(outbox.due(100, &[in_flight]).is_empty(), "in flight is not sent twice");
        outbox.delivered("a", SHOP);
        assert!(outbox.is_empty());
        assert_eq!(outbox.next_attempt_at(), None);
    }

    #[test]
    fn failures_back_off_doubling_up_to_the_cap() {
        let mut outbox = Outbox::default();
        outbox.push(SHOP, "a", body("a"), 0);
        let mut now = 0;
        let mut waits = Vec::new();
        for _ in 0..10 {
            outbox.failed("a", SHOP, now);
            let next = outbox.next_attempt_at().unwrap_or_default();
            assert!(outbox.due(next - 1, &[]).is_empty(), "not due before its backoff");
            assert_eq!(outbox.due(next, &[]).len(), 1);
            waits.push(next - now);
            now = next;
        }
        assert_eq!(waits[..5], [2_000, 4_000, 8_000, 16_000, 32_000]);
        assert_eq!(*waits.last().unwrap_or(&0), MAX_BACKOFF_MS);
        assert_eq!(outbox.deliveries[0].attempts, 10);
    }

    #[test]
    fn destinations_are_tracked_separately() {
        let mut outbox = Outbox::default();
        outbox.push(SHOP, "a", body("a"), 0);
        outbox.push("https://hooks.example/x", "a", body("a"), 0);
        let webhook_in_flight = outbox.deliveries[1].key();
        assert_eq!(outbox.due(0, &[webhook_in_flight]).len(), 1, "one destination in flight does not hold up the other");
        outbox.failed("a", SHOP, 0);
        outbox.delivered("a", "https://hooks.example/x");
        assert_eq!(outbox.deliveries.len(), 1);
        assert_eq!(outbox.deliveries[0].destination, SHOP);
    }

    #[test]
    fn hurry_makes_waiting_deliveries_due() {
        let mut outbox = Outbox::default();
        outbox.push(SHOP, "a", body("a"), 0);
        outbox.failed("a", SHOP, 0);
        outbox.failed("a", SHOP, 2_000);
        assert!(outbox.due(3_000, &[]).is_empty());
        outbox.hurry(3_000);
        assert_eq!(outbox.due(3_000, &[]).len(), 1);
    }
}
