//! Sending one delivery and reading what came back into the core's [`Outcome`]. Bodies are read
//! with the core's JSON reader, not the page's `JSON.parse` or `Response.json`.

use gloo::timers::callback::Timeout;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, RequestInit, Response};

use crate::config::{KLAVIYO, SHOPIFY};
use crate::json::{self, ToJson, Value};
use crate::outbox::{classify, Delivery, Outcome};

/// A request with no complete answer after this long is abandoned and counts as transient.
pub const TIMEOUT_MS: u32 = 15_000;

/// What an attempt came to.
pub struct Sent {
    pub outcome: Outcome,
    /// For the console when it was not delivered: why, in the merchant's terms.
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
    let mut why = String::from("HTTP ");
    u64::from(reply.status).write_json(&mut why);
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
    let window = web_sys::window().ok_or(NO_ANSWER)?;
    let controller = AbortController::new().map_err(|_| NO_ANSWER)?;
    let signal = controller.signal();
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(body);
    init.set_signal(Some(&signal));
    let header_map = js_sys::Object::new();
    for (name, value) in headers {
        let _ = js_sys::Reflect::set(&header_map, &JsValue::from_str(name), &JsValue::from_str(value));
    }
    init.set_headers(&header_map);
    let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &JsValue::TRUE);
    // Dropped when this function returns, which cancels it.
    let _deadline = Timeout::new(TIMEOUT_MS, move || controller.abort());
    let failed = || if signal.aborted() { "no answer within 15 s" } else { NO_ANSWER };
    let response: Response =
        JsFuture::from(window.fetch_with_str_and_init(url, &init)).await.ok().and_then(|r| r.dyn_into().ok()).ok_or_else(failed)?;
    let retry_after = response.headers().get("retry-after").ok().flatten();
    let text = response.text().map_err(|_| failed())?;
    let body = JsFuture::from(text).await.map_err(|_| failed())?.as_string().unwrap_or_default();
    Ok(Reply { status: response.status(), retry_after, redirected: response.redirected(), url: response.url(), body })
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
    if let Some(prize) = report.get("prize").get("label").as_str() {
        tags.push_str(", doorman-prize-");
        tags.push_str(&prize.replace(',', " "));
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
    let Some(((key, list), (email, campaign, consent_given))) = account.split_once(':').zip(crate::klaviyo::report_fields(report)) else {
        return Ok(refused("the stored sign-up has no email"));
    };
    let body = crate::klaviyo::subscription(email, consent_given, campaign, list);
    let headers = [("content-type", "application/json"), ("accept", "application/vnd.api+json"), ("revision", revision)];
    let reply = post(&crate::klaviyo::endpoint(key), &JsValue::from_str(&body), &headers).await?;
    let subscribed = klaviyo_answer(&reply, now);
    // A saved cart is also recorded as an event, so a Klaviyo flow can email its restore link.
    // Both go again on a retry: subscribing twice changes nothing, and the event's `unique_id`
    // is the sign-up's id, so Klaviyo records it once.
    let Some(event) = crate::klaviyo::saved_cart_event_for(report).filter(|_| subscribed.outcome == Outcome::Delivered) else {
        return Ok(subscribed);
    };
    let reply = post(&crate::klaviyo::events_endpoint(key), &JsValue::from_str(&event), &headers).await?;
    Ok(klaviyo_answer(&reply, now))
}

/// `202` is accepted; a `400` or `410` is Klaviyo refusing the request, its `errors[].detail` the
/// reason; anything else is classified by status.
fn klaviyo_answer(reply: &Reply, now: u64) -> Sent {
    if matches!(reply.status, 400 | 410) {
        let mut why = String::from("Klaviyo refused it: ");
        match crate::klaviyo::refusal_detail(&reply.body) {
            Some(detail) => why.push_str(&detail),
            None => u64::from(reply.status).write_json(&mut why),
        }
        return refused(&why);
    }
    by_status(reply, now)
}
