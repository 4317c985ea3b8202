//! View reports (`data-views`): each time a campaign is shown, a small record of which campaign
//! and variant, on which path, when — never anything that names the shopper. Views travel in
//! batches through the sign-up [`Outbox`], so they get its retries, backoff, lease, tab-close
//! sending and set-aside rules; README's "View reports" is the contract.

use crate::json::{Object, ToJson};
use crate::signup::outbox::{Delivery, Outbox};
use crate::signup::report::Campaign;

/// At most this many views in one batch (the preview shop refuses more).
pub const MAX_BATCH: u32 = 50;

/// A new batch waits this long (ms) for more views before it is sent, so a page that shows two
/// campaigns sends one request. Leaving the page sends it at once (`Outbox::hurry`).
pub const BATCH_WAIT_MS: u64 = 2_000;

/// One showing of a campaign.
pub struct View<'a> {
    pub campaign: Campaign,
    /// `a` to `d`.
    pub variant: &'a str,
    /// `location.pathname` only: a query string or fragment may carry emails or tracking ids. A
    /// segment that may hold an email is written as [`REDACTED`] (see [`private_path`]).
    pub path: &'a str,
    /// ISO 8601 UTC, as `Date.prototype.toISOString` writes it.
    pub at: &'a str,
}

/// What a path segment that may name the shopper is reported as.
pub const REDACTED: &str = "(redacted)";

/// Longest path a view reports, in bytes (the preview shop's limit: 50 views of it fit in a batch).
pub const MAX_PATH: usize = 1024;

/// `pathname` as a view reports it: each `/`-separated segment that may name the shopper replaced
/// by [`REDACTED`], then cut to [`MAX_PATH`] bytes (never inside a `%XX` escape). A segment may
/// name the shopper when it holds an email's `@` — as typed (a browser leaves `@` in a path as it
/// is, WHATWG URL's path percent-encode set), or as the full-width `＠` or small `﹫` — or lies
/// past `account/<page>/`, where Shopify's paths carry a customer's id and tokens
/// (`/account/reset/<id>/<token>`, `/account/orders/<token>`):
/// `/account/ada@example.com` → `/account/(redacted)`. Each segment is read percent-decoded, as
/// often as it holds escapes (`%40`, `%2540`, `%EF%BC%A0`, `/%61ccount/`), and a `%2F` in it
/// separates segments as a `/` does. Shop paths (`/products/…`, `/collections/…`) have neither.
pub fn private_path(pathname: &str) -> String {
    let mut out = String::with_capacity(pathname.len().min(MAX_PATH));
    // Segments since one named `account`: from the third on, the shopper's own.
    let mut in_account = 0;
    for (index, segment) in pathname.split('/').enumerate() {
        if index > 0 {
            out.push('/');
        }
        let mut private = false;
        for part in percent_decoded(segment).split(|byte| *byte == b'/') {
            private |= in_account >= 2 || holds_at(part);
            in_account = if part.eq_ignore_ascii_case(b"account") { 1 } else if in_account > 0 { in_account + 1 } else { 0 };
        }
        out.push_str(if private { REDACTED } else { segment });
    }
    if out.len() > MAX_PATH {
        let mut end = MAX_PATH;
        while !out.is_char_boundary(end) {
            end -= 1;
        }
        // A `%` in the last two bytes would start an escape the cut splits (bytes: a path the
        // shop checks may hold other characters, and a `%` is always a character of its own).
        if let Some(at) = out.as_bytes()[end - 2..end].iter().position(|byte| *byte == b'%') {
            end = end - 2 + at;
        }
        out.truncate(end);
    }
    out
}

/// `text`'s bytes with every `%XX` escape decoded (RFC 3986, section 2.1), again while a pass
/// decodes one (`%2540` → `%40` → `@`; each pass shortens them, so this ends). A `%` without two
/// hex digits after it stays.
fn percent_decoded(text: &str) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    loop {
        let hex = |digit: Option<&u8>| digit.and_then(|digit| (*digit as char).to_digit(16));
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            match (bytes[i], hex(bytes.get(i + 1)), hex(bytes.get(i + 2))) {
                (b'%', Some(high), Some(low)) => {
                    out.push((high * 16 + low) as u8);
                    i += 3;
                }
                (byte, _, _) => {
                    out.push(byte);
                    i += 1;
                }
            }
        }
        if out.len() == bytes.len() {
            return out;
        }
        bytes = out;
    }
}

/// Whether UTF-8 `bytes` hold an `@`, a full-width `＠` (U+FF20) or a small `﹫` (U+FE6B).
fn holds_at(bytes: &[u8]) -> bool {
    bytes.iter().enumerate().any(|(i, byte)| {
        *byte == b'@' || (*byte == 0xEF && matches!(bytes.get(i + 1..i + 3), Some([0xBC, 0xA0] | [0xB9, 0xAB])))
    })
}

impl ToJson for View<'_> {
    fn write_json(&self, out: &mut String) {
        Object::new(out)
            .field("campaign", &self.campaign)
            .field("variant", self.variant)
            .field("path", private_path(self.path).as_str())
            .field("at", self.at)
            .end();
    }
}

impl Outbox {
    /// Queues `view` for `destination` (the `data-views` URL): appended to the batch still
    /// waiting there when it has room and was never tried (a batch once sent keeps its exact
    /// bytes, so the shop can count it once by `id`), else a new batch `{"id", "shop", "views"}`
    /// made with `id` (a fresh UUID) and due after [`BATCH_WAIT_MS`].
    pub fn push_view(&mut self, destination: &str, shop: &str, view: &View<'_>, id: String, now: u64) {
        let open = self.deliveries.iter_mut().find(|d| {
            d.destination == destination && d.views > 0 && d.views < MAX_BATCH && d.attempts == 0 && d.lease_by.is_empty() && d.body.ends_with("]}")
        });
        if let Some(batch) = open {
            batch.body.truncate(batch.body.len() - 2);
            batch.body.push(',');
            view.write_json(&mut batch.body);
            batch.body.push_str("]}");
            batch.views += 1;
            return;
        }
        let mut body = String::new();
        Object::new(&mut body).field("id", &id).field("shop", shop).end();
        // `{"id":..,"shop":..}` becomes `{"id":..,"shop":..,"views":[VIEW]}`.
        body.pop();
        body.push_str(",\"views\":[");
        view.write_json(&mut body);
        body.push_str("]}");
        self.deliveries.push(Delivery {
            id,
            destination: destination.to_string(),
            body,
            created_at: now,
            next_attempt_at: now.saturating_add(BATCH_WAIT_MS),
            views: 1,
            ..Delivery::default()
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signup::outbox::Outcome;

    const URL: &str = "/apps/doorman/views";

    fn view(path: &str) -> View<'_> {
        View { campaign: Campaign::Welcome, variant: "b", path, at: "2026-11-30T10:15:30.123Z" }
    }

    #[test]
    fn views_are_batched_as_the_contract_says() {
        let mut outbox = Outbox::default();
        outbox.push_view(URL, "acme", &view("/products/mug"), "id-1".into(), 1_000);
        outbox.push_view(URL, "acme", &View { campaign: Campaign::Exit, variant: "a", path: "/cart", at: "2026-11-30T10:16:02.480Z" }, "id-2".into(), 1_500);
        assert_eq!(outbox.deliveries.len(), 1);
        let batch = &outbox.deliveries[0];
        let body: serde_json::Value = serde_json::from_str(&batch.body).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"id": "id-1", "shop": "acme", "views": [
                {"campaign": "welcome", "variant": "b", "path": "/products/mug", "at": "2026-11-30T10:15:30.123Z"},
                {"campaign": "exit", "variant": "a", "path": "/cart", "at": "2026-11-30T10:16:02.480Z"},
            ]})
        );
        assert_eq!((batch.views, batch.next_attempt_at, batch.created_at), (2, 1_000 + BATCH_WAIT_MS, 1_000));
        assert!(outbox.due(1_000 + BATCH_WAIT_MS - 1, &[], "tab").is_empty(), "waits for more views");
        outbox.hurry(1_200, false);
        assert_eq!(outbox.due(1_200, &[], "tab").len(), 1, "leaving the page sends it at once");
    }

    #[test]
    fn a_path_segment_that_may_hold_an_email_is_redacted() {
        for (path, sent) in [
            ("/account/ada@example.com", "/account/(redacted)"),
            ("/pages/ada%40example.com/orders", "/pages/(redacted)/orders"),
            ("/pages/ADA%40EXAMPLE.COM", "/pages/(redacted)"),
            ("/@ada", "/(redacted)"),
            ("/products/mug", "/products/mug"),
            ("/collections/40-percent-off/", "/collections/40-percent-off/"),
            ("/", "/"),
            // A third trial: encoded twice, full-width, and Shopify's account paths.
            ("/u/ada%2540example.com", "/u/(redacted)"),
            ("/u/ada%2540example.com%2Fmore", "/u/(redacted)"),
            ("/u/ada%252540example.com", "/u/(redacted)"),
            ("/u/ada%EF%BC%A0example.com", "/u/(redacted)"),
            ("/u/ada%ef%b9%abexample.com", "/u/(redacted)"),
            ("/u/ada\u{ff20}example.com", "/u/(redacted)"),
            ("/account;email=ada+shop@example.com/x", "/(redacted)/x"),
            ("/account/reset/6281746727093/8f3a9c-1796348713", "/account/reset/(redacted)/(redacted)"),
            ("/account/activate/6281746727093/8f3a9c-1796348713", "/account/activate/(redacted)/(redacted)"),
            ("/fr/account/orders/b1946ac92492d2347c6235b4d2611184", "/fr/account/orders/(redacted)"),
            ("/account/login", "/account/login"),
            ("/account", "/account"),
            ("/pages/accounting/q1/report", "/pages/accounting/q1/report"),
            ("/blogs/100%25-cotton", "/blogs/100%25-cotton"),
            // A fourth trial: an escape of any letter, and `%2F` for the separator.
            ("/%61ccount/orders/b1946ac92492d2347c6235b4d2611184", "/%61ccount/orders/(redacted)"),
            ("/%2561%2563count/reset/6281746727093/8f3a9c", "/%2561%2563count/reset/(redacted)/(redacted)"),
            ("/account%2Forders%2Fb1946ac92492d2347c6235b4d2611184", "/(redacted)"),
            ("/account%2forders/b1946ac92492d2347c6235b4d2611184", "/account%2forders/(redacted)"),
            ("/fr%2Faccount/orders/b1946ac9", "/fr%2Faccount/orders/(redacted)"),
            ("/u/ada%2540example%2Ecom", "/u/(redacted)"),
            ("/u/%41da%ef%b9%ABx", "/u/(redacted)"),
            ("/u/%40", "/u/(redacted)"),
            ("/u/100%", "/u/100%"),
            ("/u/%4", "/u/%4"),
            ("/u/%zz%40", "/u/(redacted)"),
            ("/u/%C3%A9t%C3%A9", "/u/%C3%A9t%C3%A9"),
            ("/u/%FF%FE", "/u/%FF%FE"),
        ] {
            assert_eq!(private_path(path), sent, "{path}");
            let mut outbox = Outbox::default();
            outbox.push_view(URL, "acme", &view(path), "id-1".into(), 0);
            let body: serde_json::Value = serde_json::from_str(&outbox.deliveries[0].body).unwrap();
            assert_eq!(body["views"][0]["path"], sent, "{path}");
        }
    }

    #[test]
    fn a_long_path_is_cut_to_what_the_shop_takes() {
        // A third trial: a path of 1,113 bytes was refused whole (422) and its view lost.
        let long = format!("/collections/{}", "x".repeat(1_100));
        assert_eq!(private_path(&long), long[..MAX_PATH]);
        for tail in ["%C3%A9", "x%C3%A9", "xx%C3%A9"] {
            let path = format!("/{}{tail}{}", "p".repeat(MAX_PATH - 6), "q".repeat(20));
            let cut = private_path(&path);
            assert!(cut.len() <= MAX_PATH && !cut.ends_with('%') && !cut[cut.len() - 2..].contains('%'), "{cut}");
            assert!(path.starts_with(&cut));
        }
        assert_eq!(private_path(&"/".repeat(2_000)).len(), MAX_PATH);
        // A character of several bytes just before the cut does not split it (nor panic).
        let wide = format!("/{}é%41{}", "p".repeat(MAX_PATH - 5), "q".repeat(10));
        assert_eq!(private_path(&wide), format!("/{}é", "p".repeat(MAX_PATH - 5)));
    }

    #[test]
    fn a_full_or_tried_batch_is_left_alone() {
        let mut outbox = Outbox::default();
        for i in 0..MAX_BATCH + 1 {
            outbox.push_view(URL, "acme", &view("/"), format!("id-{i}"), 0);
        }
        assert_eq!(outbox.deliveries.iter().map(|d| d.views).collect::<Vec<_>>(), [MAX_BATCH, 1]);
        let first: serde_json::Value = serde_json::from_str(&outbox.deliveries[0].body).unwrap();
        assert_eq!(first["views"].as_array().map(Vec::len), Some(50));
        assert_eq!(outbox.deliveries[1].id, "id-50");
        // The second batch is sent and fails: its bytes stay as sent, a new view starts a third.
        let (key, due) = (outbox.deliveries[1].key(), outbox.deliveries[1].next_attempt_at);
        assert!(outbox.claim(&key, "tab", due));
        let sent = outbox.deliveries[1].body.clone();
        outbox.push_view(URL, "acme", &view("/a"), "id-x".into(), due + 1);
        assert_eq!(outbox.deliveries.len(), 3, "a batch being sent takes no more views");
        outbox.record(&key, &Outcome::Transient { retry_after_ms: None, network: true }, due + 2, 0);
        outbox.push_view(URL, "acme", &view("/b"), "id-y".into(), due + 3);
        assert_eq!(outbox.deliveries[1].body, sent, "a tried batch keeps its exact bytes");
        assert_eq!(outbox.deliveries[2].views, 2);
    }

    #[test]
    fn sign_ups_and_other_destinations_never_take_views() {
        let mut outbox = Outbox::default();
        outbox.push(URL, "signup-1", "{\"id\":\"signup-1\",\"views\":[]}".into(), 0);
        outbox.push_view("/elsewhere", "acme", &view("/"), "id-1".into(), 0);
        outbox.push_view(URL, "acme", &view("/"), "id-2".into(), 0);
        assert_eq!(outbox.deliveries.len(), 3);
        assert_eq!(outbox.deliveries[0].body, "{\"id\":\"signup-1\",\"views\":[]}");
    }
}
