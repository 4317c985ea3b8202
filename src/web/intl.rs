//! Amounts of money in the reader's language by the browser's `Intl.NumberFormat`, which knows
//! every currency's symbol, digits and placement, so the wasm carries none of those tables.
//! (Percentages need only eleven patterns: the core writes them, see `Lang::format_percent`.)

use wasm_bindgen::{JsCast, JsValue};

use crate::texts::Lang;

/// An amount in minor units (cents, as Shopify's cart reports every currency) of the ISO 4217
/// `currency`, in the reader's language: `38,00 €` in German, `€38.00` in English. `None` when the
/// browser cannot format it (no currency, or an unknown one).
pub(crate) fn format_money(lang: Lang, minor: u64, currency: &str) -> Option<String> {
    if !is_currency_code(currency) {
        return None;
    }
    intl_number(lang, minor as f64 / 100.0, &[("style", "currency"), ("currency", currency)])
}

/// Whether `currency` has the shape of an ISO 4217 code: three letters (`EUR`; `Intl` takes `eur`).
pub(crate) fn is_currency_code(currency: &str) -> bool {
    currency.len() == 3 && currency.bytes().all(|b| b.is_ascii_alphabetic())
}

/// `Intl.NumberFormat(lang, options).format(value)`, reached through `Reflect` so a page that broke
/// `Intl` costs only the formatting, never an exception.
fn intl_number(lang: Lang, value: f64, options: &[(&str, &str)]) -> Option<String> {
    let format = || -> Result<String, JsValue> {
        let intl = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("Intl"))?;
        let constructor: js_sys::Function = js_sys::Reflect::get(&intl, &JsValue::from_str("NumberFormat"))?.dyn_into()?;
        let settings = js_sys::Object::new();
        for (name, setting) in options {
            js_sys::Reflect::set(&settings, &JsValue::from_str(name), &JsValue::from_str(setting))?;
        }
        let arguments = js_sys::Array::of2(&JsValue::from_str(lang.tag()), &settings);
        let formatter = js_sys::Reflect::construct(&constructor, &arguments)?;
        let method: js_sys::Function = js_sys::Reflect::get(&formatter, &JsValue::from_str("format"))?.dyn_into()?;
        method.call1(&formatter, &JsValue::from_f64(value))?.as_string().ok_or(JsValue::NULL)
    };
    format().ok()
}
