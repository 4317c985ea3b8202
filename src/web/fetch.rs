//! The page's `fetch` and promises as a theme may have replaced them: an XMLHttpRequest polyfill
//! answers with its own response object, a `Promise` polyfill makes the browser's own promises
//! fail `instanceof Promise`, and a consent manager may answer a blocked request with nothing at
//! all. Read by what they do, not by their class, and never thrown through.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestInit, Response};

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
pub async fn fetch(url: &str, init: &RequestInit) -> Option<Response> {
    let answer = thenable(page_fetch(url, init).ok()?)?;
    let response = JsFuture::from(answer).await.ok()?;
    response.is_object().then(|| response.unchecked_into())
}

/// `value` as a promise when it has a `then` method, native or a polyfill's (whose promises the
/// browser's are not instances of, and the other way round); awaiting it calls `then` by name.
pub fn thenable(value: JsValue) -> Option<js_sys::Promise> {
    super::field(&value, "then").is_function().then(|| value.unchecked_into())
}
