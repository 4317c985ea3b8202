//! A Shopify-compatible cart kept in a cookie: `/products.json`, `/cart.js`, `/cart/add.js`,
//! `/cart/change.js`, `/cart/clear.js` and discount links `/discount/CODE?redirect=/path`.

use axum::extract::{Path, Query};
use axum::http::header::{COOKIE, LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

pub const CURRENCY: &str = "EUR";

pub struct Product {
    pub product_id: u64,
    pub variant_id: u64,
    pub handle: &'static str,
    pub title: &'static str,
    /// Minor units (cents), as Shopify's AJAX API reports prices.
    pub price: u64,
    pub colour: &'static str,
}

pub const CATALOG: &[Product] = &[
    Product { product_id: 1001, variant_id: 40001, handle: "stoneware-mug", title: "Stoneware Mug", price: 1900, colour: "#c2703d" },
    Product { product_id: 1002, variant_id: 40002, handle: "linen-apron", title: "Linen Apron", price: 3400, colour: "#5b7a62" },
    Product { product_id: 1003, variant_id: 40003, handle: "olive-wood-board", title: "Olive Wood Board", price: 4500, colour: "#8a6a44" },
    Product { product_id: 1004, variant_id: 40004, handle: "pour-over-set", title: "Pour-over Set", price: 5900, colour: "#3d5a80" },
    Product { product_id: 1005, variant_id: 40005, handle: "tea-towels", title: "Tea Towels (set of 3)", price: 1600, colour: "#b5838d" },
    Product { product_id: 1006, variant_id: 40006, handle: "enamel-bowl", title: "Enamel Bowl", price: 2200, colour: "#e9c46a" },
];

fn product(variant_id: u64) -> Option<&'static Product> {
    CATALOG.iter().find(|p| p.variant_id == variant_id)
}

/// Cart lines as kept in the cookie: `VARIANT:QTY,VARIANT:QTY`.
pub type Lines = Vec<(u64, u32)>;

fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

pub fn parse_lines(text: &str) -> Lines {
    text.split(',')
        .filter_map(|line| line.split_once(':'))
        .filter_map(|(variant, quantity)| Some((variant.trim().parse().ok()?, quantity.trim().parse().ok()?)))
        .filter(|(variant, quantity)| product(*variant).is_some() && *quantity > 0)
        .collect()
}

fn read_lines(headers: &HeaderMap) -> Lines {
    cookie(headers, "cart").map(parse_lines).unwrap_or_default()
}

fn cart_cookie(lines: &Lines) -> HeaderValue {
    let text: Vec<String> = lines.iter().map(|(variant, quantity)| format!("{variant}:{quantity}")).collect();
    HeaderValue::from_str(&format!("cart={}; Path=/; SameSite=Lax; Max-Age=1209600", text.join(",")))
        .unwrap_or_else(|_| HeaderValue::from_static("cart=; Path=/"))
}

/// Adds `quantity` of `variant` (none at all for 0, as a cart read back drops such a line).
fn add(lines: &mut Lines, variant: u64, quantity: u32) {
    if quantity == 0 {
        return;
    }
    match lines.iter_mut().find(|(v, _)| *v == variant) {
        Some(line) => line.1 = line.1.saturating_add(quantity),
        None => lines.push((variant, quantity)),
    }
}

fn item_json(variant: u64, quantity: u32) -> Value {
    let Some(p) = product(variant) else { return Value::Null };
    json!({
        "id": p.variant_id,
        "key": format!("{}:doorman", p.variant_id),
        "variant_id": p.variant_id,
        "product_id": p.product_id,
        "handle": p.handle,
        "title": p.title,
        "product_title": p.title,
        "quantity": quantity,
        "price": p.price,
        "final_price": p.price,
        "line_price": p.price * u64::from(quantity),
        "final_line_price": p.price * u64::from(quantity),
        "url": format!("/products/{}?variant={}", p.handle, p.variant_id),
        "requires_shipping": true,
    })
}

pub fn cart_json(lines: &Lines, discount: Option<&str>) -> Value {
    let items: Vec<Value> = lines.iter().map(|(variant, quantity)| item_json(*variant, *quantity)).collect();
    let total: u64 = lines.iter().filter_map(|(v, q)| product(*v).map(|p| p.price * u64::from(*q))).sum();
    // In u64: a link such as /cart/40001:4294967295,40002:1 sums past u32.
    let count: u64 = lines.iter().map(|(_, q)| u64::from(*q)).sum();
    let discount_codes: Vec<Value> = discount.into_iter().map(|code| json!({ "code": code, "applicable": true })).collect();
    json!({
        "token": "doorman-preview",
        "note": null,
        "attributes": {},
        "items": items,
        "item_count": count,
        "total_price": total,
        "original_total_price": total,
        "total_discount": 0,
        "currency": CURRENCY,
        "requires_shipping": count > 0,
        "discount_codes": discount_codes,
    })
}

fn shopify_error(status: StatusCode, description: &str) -> Response {
    let body = json!({ "status": status.as_u16(), "message": "Cart Error", "description": description });
    (status, Json(body)).into_response()
}

fn with_cookie(lines: &Lines, body: Value) -> Response {
    let mut response = Json(body).into_response();
    response.headers_mut().insert(SET_COOKIE, cart_cookie(lines));
    response
}

pub async fn products() -> Json<Value> {
    let products: Vec<Value> = CATALOG
        .iter()
        .map(|p| {
            json!({
                "id": p.product_id,
                "title": p.title,
                "handle": p.handle,
                "colour": p.colour,
                "variants": [{ "id": p.variant_id, "title": "Default Title", "price": format!("{}.{:02}", p.price / 100, p.price % 100) }],
            })
        })
        .collect();
    Json(json!({ "products": products }))
}

pub async fn show(headers: HeaderMap) -> Json<Value> {
    Json(cart_json(&read_lines(&headers), cookie(&headers, "discount_code")))
}

#[derive(Deserialize)]
pub struct LineRequest {
    id: u64,
    #[serde(default = "one")]
    quantity: u32,
}

fn one() -> u32 {
    1
}

#[derive(Deserialize)]
#[serde(untagged)]
pub enum AddRequest {
    Many { items: Vec<LineRequest> },
    One(LineRequest),
}

/// Accepts JSON or a form post, as themes send both.
fn parse_body<T: serde::de::DeserializeOwned>(headers: &HeaderMap, body: &[u8]) -> Option<T> {
    let form = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if form {
        let pairs: serde_json::Map<String, Value> = std::str::from_utf8(body)
            .ok()?
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .map(|(k, v)| (k.to_string(), v.parse::<u64>().map(Value::from).unwrap_or_else(|_| Value::from(v))))
            .collect();
        serde_json::from_value(Value::Object(pairs)).ok()
    } else {
        serde_json::from_slice(body).ok()
    }
}

pub async fn add_js(headers: HeaderMap, body: axum::body::Bytes) -> Response {
    let Some(request) = parse_body::<AddRequest>(&headers, &body) else {
        return shopify_error(StatusCode::BAD_REQUEST, "Send {\"id\": VARIANT, \"quantity\": N} or {\"items\": [...]}.");
    };
    let requested = match &request {
        AddRequest::Many { items } => items.iter().map(|l| (l.id, l.quantity)).collect::<Vec<_>>(),
        AddRequest::One(line) => vec![(line.id, line.quantity)],
    };
    if let Some((variant, _)) = requested.iter().find(|(variant, _)| product(*variant).is_none()) {
        return shopify_error(StatusCode::NOT_FOUND, &format!("Cannot find variant {variant}"));
    }
    let mut lines = read_lines(&headers);
    for (variant, quantity) in &requested {
        add(&mut lines, *variant, *quantity);
    }
    let added: Vec<Value> = requested
        .iter()
        .filter_map(|(variant, _)| lines.iter().find(|(v, _)| v == variant).map(|(v, q)| item_json(*v, *q)))
        .collect();
    let body = match request {
        AddRequest::Many { .. } => json!({ "items": added }),
        AddRequest::One(_) => added.into_iter().next().unwrap_or(Value::Null),
    };
    with_cookie(&lines, body)
}

pub async fn change_js(headers: HeaderMap, body: axum::body::Bytes) -> Response {
    let Some(LineRequest { id, quantity }) = parse_body::<LineRequest>(&headers, &body) else {
        return shopify_error(StatusCode::BAD_REQUEST, "Send {\"id\": VARIANT, \"quantity\": N}.");
    };
    let mut lines = read_lines(&headers);
    lines.retain(|(v, _)| *v != id);
    if quantity > 0 && product(id).is_some() {
        lines.push((id, quantity));
    }
    with_cookie(&lines, cart_json(&lines, cookie(&headers, "discount_code")))
}

pub async fn clear_js() -> Response {
    with_cookie(&Vec::new(), cart_json(&Vec::new(), None))
}

#[derive(Deserialize)]
pub struct Redirect {
    redirect: Option<String>,
}

/// Shopify's cart permalink, `/cart/VARIANT:QTY,...?discount=CODE`: rebuilds the cart (replacing
/// what was there), applies the code and shows the storefront with its cart open.
pub async fn restore(Path(items): Path<String>, Query(query): Query<Restore>) -> Response {
    let lines = parse_lines(&items);
    if lines.is_empty() {
        return shopify_error(StatusCode::NOT_FOUND, "This cart link has no products this shop sells.");
    }
    let mut response = StatusCode::FOUND.into_response();
    let headers = response.headers_mut();
    headers.insert(LOCATION, HeaderValue::from_static("/?cart=restored"));
    headers.append(SET_COOKIE, cart_cookie(&lines));
    let code = query.discount.filter(|c| valid_code(c));
    if let Some(cookie) = code.and_then(|code| HeaderValue::from_str(&format!("discount_code={code}; Path=/; SameSite=Lax")).ok()) {
        headers.append(SET_COOKIE, cookie);
    }
    response
}

#[derive(Deserialize)]
pub struct Restore {
    discount: Option<String>,
}

fn valid_code(code: &str) -> bool {
    !code.is_empty() && code.len() <= 64 && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Shopify's discount link: remembers the code for checkout and sends the shopper back — to a
/// page of this shop only: the target is resolved as the browser would resolve it and anything
/// off the shop's origin goes to `/` (an open redirect otherwise, see `links::local_redirect`).
pub async fn discount(Path(code): Path<String>, Query(query): Query<Redirect>, request: HeaderMap) -> Response {
    if !valid_code(&code) {
        return (StatusCode::BAD_REQUEST, "Not a discount code").into_response();
    }
    let target = match (query.redirect, crate::links::own_origin(&request)) {
        (Some(redirect), Some(own)) => crate::links::local_redirect(&own, &redirect),
        _ => "/".into(),
    };
    let mut response = StatusCode::FOUND.into_response();
    let headers = response.headers_mut();
    if let Ok(location) = HeaderValue::from_str(&target) {
        headers.insert(LOCATION, location);
    }
    if let Ok(cookie) = HeaderValue::from_str(&format!("discount_code={code}; Path=/; SameSite=Lax")) {
        headers.insert(SET_COOKIE, cookie);
    }
    response
}
