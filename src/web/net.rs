//! Delivering a report to the shop's endpoint.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestInit, Response};

use crate::outbox::Delivery;

pub enum DeliveryError {
    /// The request did not complete: offline, DNS, CORS, or the page is going away.
    Network,
    /// The shop answered with a status outside 2xx.
    Status(u16),
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
        }
        text.push_str("; it is kept and retried.");
        text
    }
}

/// POSTs the report as JSON; on 2xx returns the shop's unique code, if it sent one.
pub async fn deliver(delivery: &Delivery) -> Result<Option<String>, DeliveryError> {
    let window = web_sys::window().ok_or(DeliveryError::Network)?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(&delivery.body));
    let headers = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&headers, &"content-type".into(), &"application/json".into());
    init.set_headers(&headers);
    // keepalive lets the request finish after the tab closes; web-sys has no setter for it.
    let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &JsValue::TRUE);
    let promise = window.fetch_with_str_and_init(&delivery.destination, &init);
    let response: Response = JsFuture::from(promise).await.ok().and_then(|r| r.dyn_into().ok()).ok_or(DeliveryError::Network)?;
    if !response.ok() {
        return Err(DeliveryError::Status(response.status()));
    }
    // The shop may answer with `{"code": "..."}`; any other body still means delivered.
    let json = match response.json() {
        Ok(promise) => JsFuture::from(promise).await.ok(),
        Err(_) => None,
    };
    let code = json
        .and_then(|json| js_sys::Reflect::get(&json, &"code".into()).ok())
        .and_then(|code| code.as_string())
        .filter(|code| !code.is_empty() && code.len() <= 64);
    Ok(code)
}
