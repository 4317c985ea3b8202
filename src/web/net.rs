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

/// What the shop answered to an accepted sign-up.
#[derive(Default)]
pub struct Answer {
    /// A unique code the shop issued for this sign-up.
    pub code: Option<String>,
    /// The prize slice the shop drew, when the game is shop-decided.
    pub prize: Option<usize>,
}

/// POSTs the report as JSON; on 2xx returns what the shop answered.
pub async fn deliver(delivery: &Delivery) -> Result<Answer, DeliveryError> {
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
    // The shop may answer with `{"code": "...", "prize": {"index": N}}`; any other body still
    // means delivered.
    let json = match response.json() {
        Ok(promise) => JsFuture::from(promise).await.unwrap_or(JsValue::NULL),
        Err(_) => JsValue::NULL,
    };
    let get = |object: &JsValue, name: &str| js_sys::Reflect::get(object, &name.into()).unwrap_or(JsValue::UNDEFINED);
    let code = get(&json, "code").as_string().filter(|code| !code.is_empty() && code.len() <= 64);
    let prize = get(&get(&json, "prize"), "index").as_f64().filter(|i| *i >= 0.0 && i.fract() == 0.0).map(|i| i as usize);
    Ok(Answer { code, prize })
}
