//! Announcing what happens to the shop's own scripts: a `CustomEvent` on `window`
//! (`doorman:shown`, `doorman:closed`, `doorman:signup`, `doorman:prize`, `doorman:undeliverable`)
//! and a push onto `window.dataLayer`.

use crate::web::ignore_js;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, CustomEventInit, Window};

use crate::signup::report::Campaign;

/// `signup` is the report's JSON text, for `doorman:signup`; `variant` the A/B variant shown
/// (`a`, `b`, …).
pub fn event(window: &Window, step: &str, campaign: Campaign, variant: &str, signup: Option<&str>) {
    let detail = js_sys::Object::new();
    ignore_js(js_sys::Reflect::set(&detail, &"campaign".into(), &campaign.name().into()));
    if let Some(signup) = signup {
        let signup = super::globals::parse_json(signup).unwrap_or(JsValue::NULL);
        ignore_js(js_sys::Reflect::set(&detail, &"signup".into(), &signup));
    }
    dispatch(window, step, campaign, variant, &detail);
}

/// `doorman:<step>` on `window` with `detail` (to which the variant is added), and the step on the
/// data layer.
fn dispatch(window: &Window, step: &str, campaign: Campaign, variant: &str, detail: &js_sys::Object) {
    ignore_js(js_sys::Reflect::set(detail, &"variant".into(), &variant.into()));
    let init = CustomEventInit::new();
    init.set_detail(detail);
    let mut name = String::from("doorman:");
    name.push_str(step);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(&name, &init) {
        // A throwing listener of the shop's must not stop Doorman; dispatch reports it on its own.
        ignore_js(window.dispatch_event(&event));
    }
    push_data_layer(window, step, campaign, variant);
}

/// Analytics get the step, campaign and variant only: no email goes to a tag manager.
fn push_data_layer(window: &Window, step: &str, campaign: Campaign, variant: &str) {
    let entry = js_sys::Object::new();
    ignore_js(js_sys::Reflect::set(&entry, &"doorman_campaign".into(), &campaign.name().into()));
    ignore_js(js_sys::Reflect::set(&entry, &"doorman_variant".into(), &variant.into()));
    push_entry(window, step, &entry);
}

/// Pushes `entry`, with `event: doorman_<step>`, onto the page's `dataLayer` when it has one.
fn push_entry(window: &Window, step: &str, entry: &js_sys::Object) {
    let Ok(data_layer) = js_sys::Reflect::get(window, &"dataLayer".into()) else { return };
    if !js_sys::Array::is_array(&data_layer) {
        return;
    }
    let mut name = String::from("doorman_");
    name.push_str(step);
    ignore_js(js_sys::Reflect::set(entry, &"event".into(), &JsValue::from_str(&name)));
    let push = js_sys::Reflect::get(&data_layer, &"push".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(push) = push {
        ignore_js(push.call1(&data_layer, entry));
    }
}

/// `doorman:prize` when a game lands: the prize and its code, for the shop's own scripts.
pub fn prize(window: &Window, campaign: Campaign, variant: &str, label: &str, code: Option<&str>) {
    let detail = js_sys::Object::new();
    ignore_js(js_sys::Reflect::set(&detail, &"campaign".into(), &campaign.name().into()));
    ignore_js(js_sys::Reflect::set(&detail, &"prize".into(), &label.into()));
    ignore_js(js_sys::Reflect::set(&detail, &"code".into(), &code.map(JsValue::from_str).unwrap_or(JsValue::NULL)));
    dispatch(window, "prize", campaign, variant, &detail);
}

/// `doorman:warning` with `{attribute, value, message}` for an attribute value that could not be
/// used, besides the console line: a theme editor or the demo's configurator shows it beside the
/// field. Not on the data layer: it is about the tag, not the shopper.
pub fn warning(window: &Window, attribute: &str, value: &str, message: &str) {
    let detail = js_sys::Object::new();
    for (key, text) in [("attribute", attribute), ("value", value), ("message", message)] {
        ignore_js(js_sys::Reflect::set(&detail, &key.into(), &text.into()));
    }
    let init = CustomEventInit::new();
    init.set_detail(&detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict("doorman:warning", &init) {
        ignore_js(window.dispatch_event(&event));
    }
}

/// `doorman:undeliverable` when a sign-up is set aside: `detail` is `{id, destination, reason}`.
/// The data layer gets the reason and the destination's kind only (`shopify`, `klaviyo`,
/// `webhook`): a webhook's URL may be a secret, and no id or email goes to a tag manager.
pub fn undeliverable(window: &Window, id: &str, destination: &str, reason: &str) {
    let detail = js_sys::Object::new();
    for (name, value) in [("id", id), ("destination", destination), ("reason", reason)] {
        ignore_js(js_sys::Reflect::set(&detail, &name.into(), &value.into()));
    }
    let init = CustomEventInit::new();
    init.set_detail(&detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict("doorman:undeliverable", &init) {
        ignore_js(window.dispatch_event(&event));
    }
    let kind = match destination {
        crate::config::SHOPIFY => "shopify",
        d if d.starts_with(crate::config::KLAVIYO) => "klaviyo",
        _ => "webhook",
    };
    let entry = js_sys::Object::new();
    ignore_js(js_sys::Reflect::set(&entry, &"doorman_destination".into(), &kind.into()));
    ignore_js(js_sys::Reflect::set(&entry, &"doorman_reason".into(), &reason.into()));
    push_entry(window, "undeliverable", &entry);
}
