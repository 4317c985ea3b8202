//! Delivering a report to the shop's endpoint.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestInit, Response};

use super::{field, whole_number};
use crate::config::{KLAVIYO, SHOPIFY};
use crate::outbox::Delivery;

pub enum DeliveryError {
    /// The request did not complete: offline, DNS, CORS, or the page is going away.
    Network,
    /// The shop answered with a status outside 2xx.
    Status(u16),
    /// Shopify answered its customer form with a bot-protection challenge, not a sign-up.
    Challenge,
    /// Shopify showed the form again, with its errors, instead of confirming the sign-up.
    Refused,
}

impl DeliveryError {
    pub fn message(&self, destination: &str) -> String {
        let mut text = String::from("Doorman: could not deliver a sign-up to ");
        text.push_str(destination);
        match self {
            DeliveryError::Network => text.push_str(" (network error)"),
            DeliveryError::Status(status) => {
                text.push_str(" (HTTP ");
                text.push_str(&status.to_string());
                text.push(')');
            }
            DeliveryError::Challenge => text.push_str(" (Shopify asked for a bot-protection challenge, so nothing was saved)"),
            DeliveryError::Refused => text.push_str(" (Shopify's customer form did not confirm the sign-up)"),
        }
        text.push_str("; it is kept and retried.");
        text
    }
}

/// What the shop answered to an accepted sign-up.
#[derive(Default)]
pub struct Answer {
    /// A unique code the shop issued for this sign-up.
    pub code: Option<String>,
    /// The prize slice the shop drew, when the game is shop-decided.
    pub prize: Option<usize>,
}

/// Sends one delivery to its destination: Shopify's customer form, or a webhook.
pub async fn deliver(delivery: &Delivery) -> Result<Answer, DeliveryError> {
    if delivery.destination == SHOPIFY {
        return deliver_to_shopify(delivery).await;
    }
    if let Some(account) = delivery.destination.strip_prefix(KLAVIYO) {
        return deliver_to_klaviyo(delivery, account).await;
    }
    deliver_to_webhook(delivery).await
}

/// POSTs the report as JSON; on 2xx returns what the shop answered.
async fn deliver_to_webhook(delivery: &Delivery) -> Result<Answer, DeliveryError> {
    let body = JsValue::from_str(&delivery.body);
    let response = post(&delivery.destination, &body, &[("content-type", "application/json")]).await?;
    if !response.ok() {
        return Err(DeliveryError::Status(response.status()));
    }
    // The shop may answer with `{"code": "...", "prize": {"index": N}}`; any other body still
    // means delivered.
    let json = match response.json() {
        Ok(promise) => JsFuture::from(promise).await.unwrap_or(JsValue::NULL),
        Err(_) => JsValue::NULL,
    };
    let code = field(&json, "code").as_string().filter(|code| !code.is_empty() && code.len() <= 64);
    let prize = whole_number(&field(&field(&json, "prize"), "index")).and_then(|i| usize::try_from(i).ok());
    Ok(Answer { code, prize })
}

/// POSTs `body` with `headers`. `keepalive` lets the request finish after the tab closes (web-sys
/// has no setter for it). `Err` only when no response came back at all.
async fn post(url: &str, body: &JsValue, headers: &[(&str, &str)]) -> Result<Response, DeliveryError> {
    let window = web_sys::window().ok_or(DeliveryError::Network)?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(body);
    let header_map = js_sys::Object::new();
    for (name, value) in headers {
        let _ = js_sys::Reflect::set(&header_map, &JsValue::from_str(name), &JsValue::from_str(value));
    }
    init.set_headers(&header_map);
    let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &JsValue::TRUE);
    let promise = window.fetch_with_str_and_init(url, &init);
    JsFuture::from(promise).await.ok().and_then(|r| r.dyn_into().ok()).ok_or(DeliveryError::Network)
}

/// Posts what the theme's own newsletter form posts: `form_type=customer` to `/contact`, with the
/// email and tags naming Doorman, the campaign and any prize, and for a saved cart its restore
/// link as the customer note. Shopify answers a sign-up by redirecting back with
/// `customer_posted=true`; anything else is not a sign-up.
async fn deliver_to_shopify(delivery: &Delivery) -> Result<Answer, DeliveryError> {
    let window = web_sys::window().ok_or(DeliveryError::Network)?;
    let report = js_sys::JSON::parse(&delivery.body).map_err(|_| DeliveryError::Refused)?;
    let email = field(&report, "email").as_string().ok_or(DeliveryError::Refused)?;
    let campaign = field(&report, "campaign").as_string().unwrap_or_default();
    let prize = field(&field(&report, "prize"), "label").as_string();
    let mut tags = String::from("doorman, doorman-");
    tags.push_str(&campaign);
    if let Some(prize) = prize {
        tags.push_str(", doorman-prize-");
        tags.push_str(&prize.replace(',', " "));
    }
    let form = web_sys::UrlSearchParams::new().map_err(|_| DeliveryError::Network)?;
    form.append("form_type", "customer");
    form.append("utf8", "✓");
    form.append("contact[email]", &email);
    form.append("contact[tags]", &tags);
    if let Some(restore) = field(&report, "restore_url").as_string() {
        form.append("contact[note]", &restore);
    }
    let mut url = super::shopify_root(&window);
    url.push_str("contact");
    // A URLSearchParams body brings its own form content type.
    let response = post(&url, &form, &[]).await?;
    let landed = response.url();
    if landed.contains("/challenge") {
        return Err(DeliveryError::Challenge);
    }
    if !response.ok() {
        return Err(DeliveryError::Status(response.status()));
    }
    if landed.contains("customer_posted=true") {
        Ok(Answer::default())
    } else {
        Err(DeliveryError::Refused)
    }
}

/// Subscribes the shopper to the Klaviyo list through the client subscriptions API, as Klaviyo
/// documents it: a JSON:API `subscription` with the dated `revision` header; `202` is accepted.
async fn deliver_to_klaviyo(delivery: &Delivery, account: &str) -> Result<Answer, DeliveryError> {
    let (key, list) = account.split_once(':').ok_or(DeliveryError::Refused)?;
    let report = js_sys::JSON::parse(&delivery.body).map_err(|_| DeliveryError::Refused)?;
    let email = field(&report, "email").as_string().ok_or(DeliveryError::Refused)?;
    let campaign = field(&report, "campaign").as_string().unwrap_or_default();
    let consent_given = field(&field(&report, "consent"), "given").as_bool().unwrap_or(false);
    let body = crate::klaviyo::subscription(&email, consent_given, &campaign, list);
    let headers = [
        ("content-type", "application/json"),
        ("accept", "application/vnd.api+json"),
        ("revision", crate::klaviyo::REVISION),
    ];
    let response = post(&crate::klaviyo::endpoint(key), &JsValue::from_str(&body), &headers).await?;
    match response.status() {
        202 => Ok(Answer::default()),
        status => Err(DeliveryError::Status(status)),
    }
}
