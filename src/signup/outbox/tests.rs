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
    // A tab that found it due before the failure, and took its lock after, sent it again at once
    // (a tester's trial, 3 runs of 10): the failure's backoff holds for every tab.
    assert!(!outbox.claim(&a, "three", next - 1), "not due again before its backoff ends");
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
