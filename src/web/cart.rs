//! Reading the shopper's cart at the moment it matters, never by polling: from the page's own
//! `Doorman.setCart(...)`, the `data-cart` attribute, or Shopify's AJAX cart (`/cart.js`).

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Response, Window};

use super::{field, whole_number};
use crate::cart::{Cart, CartLine};


/// A cart from Shopify's `/cart.js` shape, or a bare list of its items; `None` when it is neither.
pub fn cart_from_js(value: &JsValue, default_currency: &str) -> Option<Cart> {
    let (items, currency) = if js_sys::Array::is_array(value) {
        (value.clone(), None)
    } else {
        (field(value, "items"), field(value, "currency").as_string())
    };
    let items: js_sys::Array = items.dyn_into().ok()?;
    let lines = items
        .iter()
        .filter_map(|item| {
            Some(CartLine {
                variant_id: whole_number(&field(&item, "variant_id")).or_else(|| whole_number(&field(&item, "id")))?,
                quantity: whole_number(&field(&item, "quantity"))?.min(u64::from(u32::MAX)) as u32,
                title: field(&item, "title").as_string().or_else(|| field(&item, "product_title").as_string()).unwrap_or_default(),
                unit_price: whole_number(&field(&item, "final_price")).or_else(|| whole_number(&field(&item, "price"))).unwrap_or(0),
            })
        })
        .collect();
    Some(Cart::new(lines, currency.unwrap_or_else(|| default_currency.to_string())))
}

/// The cart a theme's script handed to `Doorman.setCart`, if any. Read through the loader's
/// `Symbol.for("doorman")`, which is Doorman's API even where the page uses `window.Doorman` for
/// something else.
pub fn from_page(window: &Window) -> Option<JsValue> {
    let doorman = js_sys::Reflect::get(window, &js_sys::Symbol::for_("doorman")).unwrap_or(JsValue::UNDEFINED);
    let cart = field(&doorman, "cart");
    (!cart.is_undefined() && !cart.is_null()).then_some(cart)
}

/// Shopify's `/cart.js` under the storefront root.
pub async fn from_shopify(window: &Window, root: &str) -> Option<JsValue> {
    let mut url = String::from(root);
    if !url.ends_with('/') {
        url.push('/');
    }
    url.push_str("cart.js");
    let response: Response = JsFuture::from(window.fetch_with_str(&url)).await.ok()?.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    JsFuture::from(response.json().ok()?).await.ok()
}
