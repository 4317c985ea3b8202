//! Sending one delivery and reading what came back into the core's [`Outcome`]. Bodies are read
//! with the core's JSON reader, not the page's `JSON.parse` or `Response.json`.

use crate::web::ignore_js;
use wasm_bindgen::prelude::*;
use web_sys::{AbortController, RequestInit};

use crate::config::{KLAVIYO, SHOPIFY};
use crate::json::{self, ToJson, Value};
use crate::signup::flow::{self, Answered, Attempt};
use crate::signup::outbox::classify;

use super::timer::Timer;
use super::{could_not, emit, first_told, random_bytes, storage, warn, with_widget, Widget};
use crate::signup::outbox::{Delivery, Outbox, Outcome, SetAside};

/// A request with no complete answer after this long is abandoned and counts as transient.
pub const TIMEOUT_MS: u64 = 15_000;

/// Without Web Locks, how long a tab waits after taking a delivery's lease before reading it again
/// (see `Widget::settle_lease`); with them, how long a tab keeps a sent delivery's lock after
/// writing its outcome (`Widget::release_later`): longer than a localStorage write takes to reach
/// another tab's process on a busy device (up to 70 ms measured between idle tabs; 100 ms let a
/// test's three tabs send one sign-up twice about once in 20 runs), short beside a retry's backoff.
const LEASE_SETTLE_MS: u64 = 250;

/// What an attempt came to.
pub struct Sent {
    pub outcome: Outcome,
    /// For the console, in the merchant's terms: why it was not delivered, or what looked wrong
    /// in an answer that still counts as delivered; empty for a plain delivery.
    pub why: String,
    pub answer: Answer,
}

/// What the shop answered to an accepted sign-up.
#[derive(Default)]
pub struct Answer {
    /// A unique code the shop issued for this sign-up.
    pub code: Option<String>,
    /// The prize slice the shop drew, when the game is shop-decided.
    pub prize: Option<usize>,
}

/// An answer as far as it was read: status, `Retry-After`, whether a redirect was followed, the
/// final URL and the body text.
struct Reply {
    status: u16,
    retry_after: Option<String>,
    redirected: bool,
    url: String,
    body: String,
}

fn sent(outcome: Outcome, why: &str) -> Sent {
    Sent { outcome, why: why.to_string(), answer: Answer::default() }
}

fn refused(why: &str) -> Sent {
    sent(Outcome::Refused(why.to_string()), why)
}

/// The outcome of a plain status, with "HTTP N" as the reason.
fn by_status(reply: &Reply, now: u64) -> Sent {
    let outcome = classify(reply.status, reply.retry_after.as_deref(), now);
    let mut why = String::new();
    if outcome != Outcome::Delivered {
        why.push_str("HTTP ");
        u64::from(reply.status).write_json(&mut why);
    }
    Sent { outcome, why, answer: Answer::default() }
}

/// Sends one delivery to its destination (Shopify's customer form, Klaviyo, or a webhook) with
/// Klaviyo's `revision`; `now` (ms) dates a `Retry-After` given as an HTTP date.
pub async fn deliver(delivery: &Delivery, revision: &str, now: u64) -> Sent {
    let Some(report) = json::parse(&delivery.body) else {
        return refused("the stored sign-up is not valid JSON");
    };
    let result = if delivery.destination == SHOPIFY {
        deliver_to_shopify(&report, now).await
    } else if let Some(account) = delivery.destination.strip_prefix(KLAVIYO) {
        deliver_to_klaviyo(&report, account, revision, now).await
    } else {
        let body = JsValue::from_str(&delivery.body);
        post(&delivery.destination, &body, &[("content-type", "application/json")]).await.map(|reply| webhook(reply, delivery, now))
    };
    result.unwrap_or_else(|why| sent(Outcome::Transient { retry_after_ms: None, network: true }, why))
}

/// Only a 2xx to the request as sent counts. Browsers follow redirects without saying which:
/// after a `301`, `302` or `303` the sign-up was re-sent as a GET without its body, after a `307`
/// or `308` with it. So a redirected answer counts only when it echoes the sign-up's `id` (as the
/// preview shop's receiver does), which a GET cannot know.
fn webhook(reply: Reply, delivery: &Delivery, now: u64) -> Sent {
    let answer = json::parse(&reply.body).unwrap_or(Value::Null);
    if reply.redirected && answer.get("id").as_str() != Some(delivery.id.as_str()) {
        let why = "the endpoint answered with a redirect; a 301, 302 or 303 turns the sign-up into a GET without it, \
                   so only a 2xx from the endpoint itself counts: set data-endpoint to the final address";
        return sent(Outcome::Transient { retry_after_ms: None, network: false }, why);
    }
    let mut result = by_status(&reply, now);
    if result.outcome != Outcome::Delivered {
        // The endpoint's own reason, when its body gives one (`{"error": "…", "field": "…"}` as
        // the preview shop answers, or `{"message": "…"}`): for the console line alone. What is
        // stored, announced and pushed to the data layer stays the status, as the reason may
        // quote the shopper's email.
        // Quoted as JSON strings and cut, so that no body can break or reorder the line.
        let given = |name| answer.get(name).as_str().map(str::trim).filter(|text| !text.is_empty());
        if let Some(reason) = given("error").or(given("message")) {
            result.why.push_str(": ");
            crate::texts::shortened(reason, 200).write_json(&mut result.why);
            if let Some(field) = given("field") {
                result.why.push_str(" (field ");
                crate::texts::shortened(field, 60).write_json(&mut result.why);
                result.why.push(')');
            }
        }
        return result;
    }
    // A page in the webhook's place (a login or maintenance page answering 200) still counts, as
    // a 2xx is all a webhook owes; but the console says so (see `delivery_done`).
    // An answer that is not JSON and holds an HTML document's tags (in any case, as HTML allows);
    // a JSON answer that mentions a tag is an answer.
    let page = || {
        let body = reply.body.to_ascii_lowercase();
        ["<html", "<!doctype html", "<head", "<body", "<title"].iter().any(|tag| body.contains(tag))
    };
    if matches!(answer, Value::Null) && page() {
        result.why.push_str("it answered with an HTML page, such as a login or maintenance page, where a webhook answers with JSON or nothing: check data-endpoint");
        return result;
    }
    // The shop may answer with `{"code": "...", "prize": {"index": N}}`; any other body still
    // means delivered.
    result.answer = Answer {
        code: answer.get("code").as_str().filter(|code| !code.is_empty() && code.len() <= 64).map(str::to_string),
        prize: answer.get("prize").get("index").as_u64().and_then(|i| usize::try_from(i).ok()),
    };
    result
}

/// POSTs `body` with `headers` and reads the whole answer, abandoning it after [`TIMEOUT_MS`].
/// `keepalive` lets the request finish after the tab closes (web-sys has no setter for it).
/// `Err` says why no answer came back.
async fn post(url: &str, body: &JsValue, headers: &[(&str, &str)]) -> Result<Reply, &'static str> {
    const NO_ANSWER: &str = "no answer: offline, blocked, or refused by the browser's CORS check";
    let controller = AbortController::new().map_err(|_| NO_ANSWER)?;
    let signal = controller.signal();
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(body);
    init.set_signal(Some(&signal));
    let header_map = js_sys::Object::new();
    for (name, value) in headers {
        ignore_js(js_sys::Reflect::set(&header_map, &JsValue::from_str(name), &JsValue::from_str(value)));
    }
    init.set_headers(&header_map);
    ignore_js(js_sys::Reflect::set(&init, &"keepalive".into(), &JsValue::TRUE));
    // Dropped when this function returns, which cancels it. A deadline the page will not set (its
    // setTimeout throws) is said once and gone without: the browser still ends a request that
    // never answers.
    let _deadline = Timer::try_new(TIMEOUT_MS, move || controller.abort())
        .map_err(|fault| could_not("set a deadline for a delivery", &fault));
    let failed = || if signal.aborted() { "no answer within 15 s" } else { NO_ANSWER };
    let response = super::globals::fetch(url, &init).await.ok_or_else(failed)?;
    let retry_after = response.headers().get("retry-after").ok().flatten();
    let text = response.text().map_err(|_| failed())?;
    let body = super::globals::settle(&text).await.map_err(|_| failed())?.as_string().unwrap_or_default();
    // A polyfill's response may lack what it does not know (`url`, `redirected`): a missing one
    // reads as empty rather than thrown.
    let url = super::field(&response, "url").as_string().unwrap_or_default();
    Ok(Reply { status: response.status(), retry_after, redirected: response.redirected(), url, body })
}

const BOT_PROTECTION: &str = "Shopify's bot protection (hCaptcha on customer forms) refused it, so nothing was saved; \
                              to receive every sign-up, add a webhook beside shopify in data-endpoint";

/// Posts what the theme's own newsletter form posts: `form_type=customer` to `/contact`, with the
/// email and tags naming Doorman, the campaign and any prize, and for a saved cart its restore
/// link as the customer note. Shopify answers a sign-up by redirecting back with
/// `customer_posted=true`; a `400` or a redirect to `/challenge` is its bot protection, the form
/// shown again is a refusal.
async fn deliver_to_shopify(report: &Value, now: u64) -> Result<Sent, &'static str> {
    let Some(email) = report.get("email").as_str() else { return Ok(refused("the stored sign-up has no email")) };
    let mut tags = String::from("doorman, doorman-");
    tags.push_str(report.get("campaign").as_str().unwrap_or_default());
    // A prize won, with its code: a "no luck" play is no prize to segment customers by. Shopify
    // splits the tags at commas, so one in the label is a space, and spaces in a row are one.
    let prize = report.get("prize");
    if let (Some(label), Some(_)) = (prize.get("label").as_str(), prize.get("code").as_str()) {
        let prefix = tags.len();
        tags.push_str(", doorman-prize-");
        let start = tags.len();
        let mut space = false;
        for c in label.chars() {
            if c == ',' || c.is_whitespace() {
                space = tags.len() > start;
            } else {
                if space {
                    tags.push(' ');
                    space = false;
                }
                tags.push(c);
            }
        }
        // A label of commas and spaces alone names no prize.
        if tags.len() == start {
            tags.truncate(prefix);
        }
    }
    let window = web_sys::window().ok_or("no window")?;
    let form = web_sys::UrlSearchParams::new().map_err(|_| "no URLSearchParams")?;
    form.append("form_type", "customer");
    form.append("utf8", "✓");
    form.append("contact[email]", email);
    form.append("contact[tags]", &tags);
    if let Some(restore) = report.get("restore_url").as_str() {
        form.append("contact[note]", restore);
    }
    let mut url = super::shopify_root(&window);
    url.push_str("contact");
    // A URLSearchParams body brings its own form content type.
    let reply = post(&url, &form, &[]).await?;
    Ok(if reply.url.contains("/challenge") || reply.status == 400 {
        refused(BOT_PROTECTION)
    } else if !(200..300).contains(&reply.status) {
        by_status(&reply, now)
    } else if reply.url.contains("customer_posted=true") {
        sent(Outcome::Delivered, "")
    } else {
        refused("Shopify showed its customer form again with errors instead of confirming (the email may already be a customer's)")
    })
}

/// Subscribes the shopper to the Klaviyo list through the client subscriptions API, as Klaviyo
/// documents it: a JSON:API `subscription` with the dated `revision` header; `202` is accepted.
/// A `400` or `410` is Klaviyo refusing the request: its `errors[].detail` is the reason.
async fn deliver_to_klaviyo(report: &Value, account: &str, revision: &str, now: u64) -> Result<Sent, &'static str> {
    let Some(((key, list), (email, campaign, consent_given))) = account.split_once(':').zip(crate::signup::klaviyo::report_fields(report)) else {
        return Ok(refused("the stored sign-up has no email"));
    };
    let body = crate::signup::klaviyo::subscription(email, consent_given, campaign, list);
    let headers = [("content-type", "application/json"), ("accept", "application/vnd.api+json"), ("revision", revision)];
    let reply = post(&crate::signup::klaviyo::endpoint(key), &JsValue::from_str(&body), &headers).await?;
    let subscribed = klaviyo_answer(&reply, now);
    // A saved cart is also recorded as an event, so a Klaviyo flow can email its restore link.
    // Both go again on a retry: subscribing twice changes nothing, and the event's `unique_id`
    // is the sign-up's id, so Klaviyo records it once.
    let Some(event) = crate::signup::klaviyo::saved_cart_event_for(report).filter(|_| subscribed.outcome == Outcome::Delivered) else {
        return Ok(subscribed);
    };
    let reply = post(&crate::signup::klaviyo::events_endpoint(key), &JsValue::from_str(&event), &headers).await?;
    Ok(klaviyo_answer(&reply, now))
}

/// `202` is accepted; a `400` or `410` is Klaviyo refusing the request, its `errors[].detail` the
/// reason; anything else is classified by status.
fn klaviyo_answer(reply: &Reply, now: u64) -> Sent {
    if matches!(reply.status, 400 | 410) {
        let mut why = String::from("Klaviyo refused it: ");
        match crate::signup::klaviyo::refusal_detail(&reply.body) {
            Some(detail) => why.push_str(&detail),
            None => u64::from(reply.status).write_json(&mut why),
        }
        return refused(&why);
    }
    by_status(reply, now)
}

/// The page's side of delivery; dropping it cancels the retry timer.
pub(super) struct Courier {
    /// Deliveries with a request under way from this page.
    pub(super) in_flight: Vec<String>,
    /// Deliveries in flight that wait for their Web Lock (see `send_due`), or for their lease to
    /// settle where there is none (see `settle_lease`), not sent yet.
    pub(super) awaiting_lock: Vec<String>,
    /// The timers of `settle_lease`, and those that hold a sent delivery's lock a moment longer
    /// (`release_later`).
    pub(super) settling: Vec<Timer>,
    pub(super) retry_timer: Option<Timer>,
    /// This tab's name on the outbox leases it takes, made by its first `flush` (empty before).
    pub(super) tab: String,
    /// Wall-clock ms and `performance.now()` at start: see `delivery_now`.
    pub(super) clock: (u64, f64),
}

impl Widget {
    /// Sends every due delivery that is not under way from this page or another tab, then sets
    /// the retry timer. First the outbox is tidied: times a clock jump left far ahead pulled
    /// back, deliveries for destinations no longer in the tag or past the age limit set aside.
    pub(super) fn flush(&mut self) {
        self.send_due(false);
    }

    /// [`Widget::flush`]. Each delivery is sent holding its Web Lock (see `send_if_free`), as
    /// a lease in localStorage alone cannot keep two tabs from sending it: another process's
    /// tab reads it a moment late (a tester's three tabs whose retries fell due together sent
    /// one sign-up three times in 3 runs of 6). `leaving`: the page is going away, too soon for
    /// the lock's answer, so what is due (what waits for its lock included) is sent at once.
    fn send_due(&mut self, leaving: bool) {
        if self.courier.tab.is_empty() {
            self.courier.tab = crate::signup::report::uuid_v4(random_bytes(&self.window));
        }
        if leaving {
            let courier = &mut self.courier;
            let waiting = std::mem::take(&mut courier.awaiting_lock);
            courier.in_flight.retain(|key| !waiting.contains(key));
            courier.settling.clear();
        }
        let now = self.delivery_now();
        // View reports travel through the same outbox, to `data-views`.
        let mut destinations = self.config.destinations.clone();
        destinations.extend(self.config.views.clone());
        let (tab, in_flight, destinations) = (&self.courier.tab, &self.courier.in_flight, &destinations);
        let mut gone = Vec::new();
        let mut due = Vec::new();
        self.store.update(storage::OUTBOX, |outbox: &mut Outbox| {
            gone = outbox.tidy(destinations, now);
            due = outbox.due(now, in_flight, tab);
            if leaving {
                due.retain(|d| outbox.claim(&d.key(), tab, now));
            }
        });
        for set_aside in &gone {
            self.undeliverable(set_aside);
        }
        for delivery in due {
            let key = delivery.key();
            self.courier.in_flight.push(key.clone());
            if leaving {
                self.send(delivery, None);
                continue;
            }
            self.courier.awaiting_lock.push(key.clone());
            send_when_locked(key);
        }
        let outbox: Outbox = self.store.load(storage::OUTBOX);
        self.arm_retry(&outbox);
    }

    /// The delivery `key`'s lock came (see [`send_when_locked`]): with one (`Some`), this tab
    /// takes the delivery's lease and sends it, unless the outbox now says another tab holds it
    /// or has delivered it; where there is no lock to take, only once the lease has settled (see
    /// `settle_lease`). `None`: another tab is sending it, and the outbox is looked at again
    /// later. A key this page no longer waits for (sent as the page left, handed over already, or
    /// the widget restarted) is left alone.
    #[inline(never)] // its own function, not inlined into the closure that calls it in doorman.wasm (tools/split.mjs)
    fn send_if_free(&mut self, key: String, lock: Option<Lock>) {
        let Some(at) = self.courier.awaiting_lock.iter().position(|waiting| *waiting == key) else { return };
        self.courier.awaiting_lock.remove(at);
        let (tab, now) = (self.courier.tab.clone(), self.delivery_now());
        let mut claimed = None;
        if lock.is_some() {
            self.store.update(storage::OUTBOX, |outbox: &mut Outbox| {
                if outbox.claim(&key, &tab, now) {
                    claimed = outbox.deliveries.iter().find(|d| d.key() == key).cloned();
                }
            });
        }
        match (claimed, lock) {
            (Some(_), Some(Lock::Unsupported)) => self.settle_lease(key),
            (Some(delivery), lock) => self.send(delivery, lock),
            (None, _) => {
                self.courier.in_flight.retain(|in_flight| *in_flight != key);
                let outbox: Outbox = self.store.load(storage::OUTBOX);
                self.arm_retry(&outbox);
            }
        }
    }

    /// Without Web Locks the lease alone keeps other tabs from sending a delivery, and two tabs
    /// may take it within the moment localStorage needs to reach the other's process. So the
    /// lease just taken is claimed again after [`LEASE_SETTLE_MS`] (and up to as long again, at
    /// random): by then every tab reads the same last write, and only the tab whose lease stands
    /// sends. A page that will not set the timer has it sent at once, as before.
    fn settle_lease(&mut self, key: String) {
        let wait = LEASE_SETTLE_MS + u64::from(random_bytes(&self.window)[0]) * LEASE_SETTLE_MS / 255;
        self.courier.awaiting_lock.push(key.clone());
        let settled = {
            let key = key.clone();
            Timer::try_new(wait, move || with_widget(move |w| w.send_if_free(key, Some(Lock::Settled))))
        };
        match settled {
            Ok(timer) => self.courier.settling.push(timer),
            Err(_) => self.send_if_free(key, Some(Lock::Settled)),
        }
    }

    /// Sends a delivery this tab has claimed; `lock`, if any, is released once the outcome is in
    /// the outbox, where the next tab to take it reads it.
    fn send(&mut self, delivery: Delivery, lock: Option<Lock>) {
        let (revision, now) = (self.config.klaviyo_revision.clone(), self.delivery_now());
        wasm_bindgen_futures::spawn_local(async move {
            let sent = deliver(&delivery, &revision, now).await;
            with_widget(move |w| {
                w.delivery_done(&delivery, sent);
                w.release_later(lock);
            });
        });
    }

    /// Releases a sent delivery's Web Lock [`LEASE_SETTLE_MS`] after its outcome is in the outbox,
    /// not at once: another process's tab reads localStorage a moment late, and one that took the
    /// lock at once could still read a delivered sign-up as due and send it again (a tester's four
    /// idle tabs and a fast shop: 2 runs in 64). Other tabs ask for the lock with `ifAvailable`, so
    /// none waits meanwhile; leaving the page, or a page that will not set the timer, releases it
    /// at once.
    #[inline(never)] // its own function, not inlined into the closure that calls it in doorman.wasm (tools/split.mjs)
    fn release_later(&mut self, lock: Option<Lock>) {
        let Some(lock @ Lock::Held(_)) = lock else { return };
        if let Ok(timer) = Timer::try_new(LEASE_SETTLE_MS, move || drop(lock)) {
            self.courier.settling.push(timer);
        }
    }

    /// The delivery clock: wall-clock ms, advanced within this page by the monotonic
    /// `performance.now()`, so a clock change during the visit cannot stall or rush a retry.
    pub(super) fn delivery_now(&self) -> u64 {
        let elapsed = self.window.performance().map_or(0.0, |p| p.now()) - self.courier.clock.1;
        self.courier.clock.0.saturating_add(elapsed.max(0.0) as u64)
    }

    pub(super) fn arm_retry(&mut self, outbox: &Outbox) {
        let waiting = outbox.deliveries.iter().filter(|d| !self.courier.in_flight.contains(&d.key()));
        let now = self.delivery_now();
        // One another tab is sending is looked at again when its lease lapses, not before.
        let at = |d: &Delivery| if d.lease_by == self.courier.tab { d.next_attempt_at } else { d.next_attempt_at.max(d.lease_until) };
        self.courier.retry_timer = waiting.map(at).min().and_then(|at| {
            // At most an hour per timer (setTimeout misfires beyond 2^31 ms); a longer wait just
            // looks again then. A lease another tab holds is rechecked after it lapses. A retry
            // the page will not set (its setTimeout throws) waits in the outbox for the tab to be
            // hidden, the network to come back or the next page view, as a closed tab's does.
            let wait = at.max(now + 250).saturating_sub(now).min(3_600_000);
            Timer::try_new(wait, || with_widget(|w| w.flush()))
                .map_err(|fault| could_not("wait to retry a delivery (it stays in the outbox, sent when the tab is hidden, the network returns or the next page loads)", &fault))
                .ok()
        });
    }

    #[inline(never)] // its own function, not inlined into the closure that calls it in doorman.wasm (tools/split.mjs)
    pub(super) fn delivery_done(&mut self, delivery: &Delivery, sent: Sent) {
        let key = delivery.key();
        self.courier.in_flight.retain(|in_flight| *in_flight != key);
        let now = self.delivery_now();
        let random = random_bytes(&self.window);
        let jitter = u32::from_le_bytes([random[0], random[1], random[2], random[3]]);
        let attempt = Attempt { outcome: &sent.outcome, code: sent.answer.code, prize: sent.answer.prize, now, jitter };
        let awaiting = self.awaiting_code_for.clone();
        let (set_aside, next) = flow::answered(&self.config, &mut self.store, delivery, attempt, awaiting.as_deref());
        let delivered = sent.outcome == Outcome::Delivered;
        // A delivered one with a reason is one whose answer looked wrong (see `webhook`).
        if (!delivered || !sent.why.is_empty()) && set_aside.is_none() && first_told(&delivery.destination) {
            let what = if delivery.views > 0 { "view reports" } else { "a sign-up" };
            let mut text = String::from("Doorman: ");
            text.push_str(if delivered { "sent " } else { "could not deliver " });
            text.push_str(what);
            text.push_str(" to ");
            text.push_str(&delivery.destination);
            text.push_str(" (");
            text.push_str(&sent.why);
            text.push_str(if delivered {
                "); it counts as delivered and is not sent again."
            } else if matches!(sent.outcome, Outcome::Refused(_)) {
                "); it is tried 3 times in all, then set aside."
            } else {
                "); it is kept and retried."
            });
            warn(&text);
        }
        if let Some(set_aside) = &set_aside {
            self.undeliverable(set_aside);
        }
        match next {
            Some(Answered::Play { prize, code }) => self.start_play(prize, code),
            Some(Answered::Reveal { code }) => self.reveal_code(code),
            None => {}
        }
        let outbox: Outbox = self.store.load(storage::OUTBOX);
        self.arm_retry(&outbox);
    }

    /// A delivery given up on: one console line, `doorman:undeliverable` and the data layer.
    pub(super) fn undeliverable(&self, set_aside: &SetAside) {
        let views = self.config.views.as_ref() == Some(&set_aside.destination);
        let mut text = String::from(if views { "Doorman: view reports for " } else { "Doorman: a sign-up for " });
        text.push_str(&set_aside.destination);
        text.push_str(if views { " are set aside and will not be retried (" } else { " is set aside and will not be retried (" });
        text.push_str(&set_aside.reason);
        text.push_str("); it is kept under set_aside in localStorage's doorman:outbox.");
        warn(&text);
        emit::undeliverable(&self.window, &set_aside.id, &set_aside.destination, &set_aside.reason);
    }

    /// Leaving the page: send what was never tried, at once rather than after its Web Lock
    /// (requests use `keepalive`, so they outlive the tab). Back online: also what got no answer.
    /// Waits a destination asked for stand.
    pub(super) fn hurry_outbox(&mut self, online: bool) {
        let now = self.delivery_now();
        self.store.update(storage::OUTBOX, |outbox: &mut Outbox| outbox.hurry(now, online));
        self.send_due(!online);
    }
}

/// What stands in the way of another tab sending a delivery while this one does.
enum Lock {
    /// A Web Lock this tab holds (Web Locks API, <https://w3c.github.io/web-locks/>), released
    /// when dropped.
    Held(js_sys::Function),
    /// None to take: the browser or the page offers no Web Locks, so the lease alone guards.
    Unsupported,
    /// None to take, and the lease this tab took a moment ago has settled (`settle_lease`).
    Settled,
}

impl Drop for Lock {
    fn drop(&mut self) {
        if let Lock::Held(release) = self {
            ignore_js(release.call0(&JsValue::NULL));
        }
    }
}

/// Hands the delivery `key` to [`Widget::send_if_free`] later, with the exclusive Web Lock
/// `doorman:delivery:<key>` of the page's origin unless another context of the origin (a tab, a
/// frame) holds it: `Some(Lock::Held)`, kept until it is dropped, or `None` (`ifAvailable`:
/// this never waits in a queue; <https://w3c.github.io/web-locks/#dom-lockmanager-request>).
/// Where there is no lock to take (no `navigator.locks` outside a secure context or in older
/// browsers, an opaque origin's SecurityError, a page's replacement that throws or rejects) it
/// hands over [`Lock::Unsupported`]: nothing is kept from being sent for want of a lock.
fn send_when_locked(key: String) {
    let hand_over = |key: String, lock| with_widget(move |w| w.send_if_free(key, lock));
    let mut name = String::from("doorman:delivery:");
    name.push_str(&key);
    // The callback's promise holds the lock until it settles: resolved when the Lock drops.
    let granted = {
        let key = key.clone();
        Closure::<dyn FnMut(JsValue) -> JsValue>::new(move |lock: JsValue| -> JsValue {
            if lock.is_null() {
                hand_over(key.clone(), None);
                return JsValue::UNDEFINED;
            }
            js_sys::Promise::new(&mut |release, _| hand_over(key.clone(), Some(Lock::Held(release)))).into()
        })
        .into_js_value()
    };
    let locks = super::field(&super::field(&js_sys::global(), "navigator"), "locks");
    let Ok(request) = super::field(&locks, "request").dyn_into::<js_sys::Function>() else { return hand_over(key, Some(Lock::Unsupported)) };
    let options = js_sys::Object::new();
    ignore_js(js_sys::Reflect::set(&options, &JsValue::from_str("ifAvailable"), &JsValue::TRUE));
    let answer = request.call3(&locks, &JsValue::from_str(&name), &options, &granted);
    match answer.ok().as_ref().and_then(super::globals::thenable) {
        // A rejection after the callback ran changes nothing: the key is no longer awaited.
        Some(settled) => wasm_bindgen_futures::spawn_local(async move {
            if settled.await.is_err() {
                hand_over(key, Some(Lock::Unsupported));
            }
        }),
        None => hand_over(key, Some(Lock::Unsupported)),
    }
}
