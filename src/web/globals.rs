//! The page's `fetch`, promises and `JSON.parse` as a theme may have replaced them: an
//! XMLHttpRequest polyfill answers with its own response object, a `Promise` polyfill makes the
//! browser's own promises fail `instanceof Promise`, a consent manager may answer a blocked request
//! with nothing at all, and a replaced `JSON.parse` may answer anything. Read by what they do, not
//! by their class, never thrown through, and JSON parsed by Doorman itself.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestInit, Response};

use crate::json::Value;

#[wasm_bindgen]
extern "C" {
    /// The page's global `fetch` as it is when called; a replacement's throw is caught.
    #[wasm_bindgen(catch, js_name = fetch)]
    fn page_fetch(input: &str, init: &RequestInit) -> Result<JsValue, JsValue>;
}

/// `fetch(url, init)` and its response, or `None` when there is none: a rejection (offline,
/// refused by CORS, aborted), or a replaced `fetch` that throws or answers with something other
/// than a promise of an object. A replacement's response is read through the same properties
/// (`status`, `headers.get`, `text()`, …) as a `Response`, whose methods are called by name.
///
/// A path (`/apps/doorman/signups`, Shopify's `/cart.js`) goes to the page's own origin, as the
/// tag's attributes promise, not to wherever a theme's `<base href>` points.
pub async fn fetch(url: &str, init: &RequestInit) -> Option<Response> {
    let url = super::absolute(&web_sys::window()?.location(), url.to_string());
    let response = thenable(&page_fetch(&url, init).ok()?)?.await.ok()?;
    response.is_object().then(|| response.unchecked_into())
}

/// `value` settled through [`settle`] when it has a `then` method, a native promise or a
/// polyfill's (whose promises the browser's are not instances of, and the other way round).
/// Settled whatever it is: a rejected promise the widget could not tell for one (a page's
/// `Reflect.get` that throws for `then`) would reach the page as an unhandled rejection.
pub fn thenable(value: &JsValue) -> Option<JsFuture> {
    let promised = super::field(value, "then").is_function();
    let settled = settle(value);
    promised.then_some(settled)
}

/// What a page's promise (or a value in place of one) comes to, through `Promise.resolve`: a
/// `then` that throws, or a text() that answers a plain string, settles the future (rejected, or
/// with the value) rather than throwing into the widget, as awaiting it directly would.
pub fn settle(value: &JsValue) -> JsFuture {
    JsFuture::from(js_sys::Promise::resolve(value))
}

/// JSON `text` as a JavaScript value, parsed by Doorman's own reader rather than the page's
/// `JSON.parse`; `None` when it is not JSON. Numbers keep what the reader keeps: whole numbers
/// from 0 to 2^53 (what Doorman's reports and a cart's cents hold), anything else is `null`.
pub fn parse_json(text: &str) -> Option<JsValue> {
    crate::json::parse(text).map(|value| to_js(&value))
}

fn to_js(value: &Value) -> JsValue {
    match value {
        Value::Null | Value::Number(None) => JsValue::NULL,
        Value::Bool(value) => JsValue::from_bool(*value),
        Value::Number(Some(number)) => JsValue::from_f64(*number as f64),
        Value::String(text) => JsValue::from_str(text),
        Value::Array(items) => items.iter().map(to_js).collect::<js_sys::Array>().into(),
        Value::Object(members) => {
            let object = js_sys::Object::new();
            for (name, member) in members {
                super::ignore_js(js_sys::Reflect::set(&object, &JsValue::from_str(name), &to_js(member)));
            }
            object.into()
        }
    }
}
