//! What the shop accepts as a sign-up: every field it stores is checked here, before anything is
//! written, and each refusal names the field (README, "Running an endpoint safely").

use axum::http::{HeaderMap, StatusCode};
use doorman::prize::Prize;
use doorman::report::{valid_email, Campaign, Report};
use serde_json::Value;
use url::Url;

use crate::links::allowed_link;

/// Largest sign-up body accepted, in bytes: a full cart of 100 lines fits in a quarter of it.
pub const MAX_BODY: usize = 64 * 1024;
/// Most cart lines one sign-up may carry.
pub const MAX_CART_LINES: usize = 100;

/// Why a sign-up was refused: the HTTP status, the field at fault (`None` for the body as a
/// whole) and a sentence for the merchant's logs.
#[derive(Debug)]
pub struct Refusal {
    pub status: StatusCode,
    pub field: Option<&'static str>,
    pub message: String,
}

fn refuse(field: &'static str, message: String) -> Refusal {
    Refusal { status: StatusCode::UNPROCESSABLE_ENTITY, field: Some(field), message }
}

/// What the checks need to know about the shop.
pub struct Context<'a> {
    /// The shop's own origin as the request reached it.
    pub own: Option<&'a Url>,
    /// Other origins whose links a sign-up may carry (`scheme://host[:port]`).
    pub origins: &'a [String],
    /// The shop's prize table: a prize drawn in the page must be one of it.
    pub prizes: &'a [Prize],
    /// Shop-draw mode: a prize sent by the page is dropped unread, the shop draws its own.
    pub shop_draw: bool,
}

/// Only `application/json` (any parameters, such as `charset`, allowed). A form, `text/plain` or
/// multipart body is what any site can make a visitor's browser send without a CORS preflight,
/// so refusing them is what keeps other sites from planting sign-ups. `415` otherwise.
pub fn json_body(headers: &HeaderMap) -> Result<(), Refusal> {
    let content_type = headers.get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    if essence.eq_ignore_ascii_case("application/json") {
        return Ok(());
    }
    Err(Refusal {
        status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
        field: None,
        message: format!("content-type {content_type:?}: a sign-up is sent as application/json"),
    })
}

/// Parses and checks one sign-up: `400` when the body is not a Doorman sign-up at all, `422`
/// naming the field when a field is out of bounds, malformed or in a combination the schema
/// (README, "What the shop receives") does not allow. The id comes back in canonical lower case.
pub fn signup(body: &[u8], context: &Context) -> Result<Report, Refusal> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| Refusal { status: StatusCode::BAD_REQUEST, field: None, message: format!("not a Doorman sign-up: {e}") })?;
    // Named before the full parse, so an unknown campaign is a clear 422 rather than a serde error.
    if let Some(campaign) = value.get("campaign").filter(|c| !c.is_null()) {
        let known = campaign.as_str().is_some_and(|c| ["welcome", "exit", "wheel", "scratch"].contains(&c));
        if !known {
            return Err(refuse("campaign", format!("{campaign} is not one of welcome, exit, wheel, scratch")));
        }
    }
    let mut report: Report = serde_json::from_value(value)
        .map_err(|e| Refusal { status: StatusCode::BAD_REQUEST, field: None, message: format!("not a Doorman sign-up: {e}") })?;
    report.id = uuid(&report.id)?;
    if !valid_email(&report.email) {
        return Err(refuse("email", format!("{:?} is not a valid email address", report.email)));
    }
    text("shop", &report.shop, 1, 253, |c| c.is_ascii_alphanumeric() || ".-_:[]".contains(c))?;
    if let Some(consent) = &report.consent.text {
        text("consent", consent, 1, 2000, |c| !c.is_control())?;
    }
    if report.consent.given && report.consent.text.is_none() {
        return Err(refuse("consent", "consent given without the text that was shown".into()));
    }
    text("offer", &report.offer.label, 0, 200, |c| !c.is_control())?;
    if let Some(code) = &report.offer.code {
        text("offer", code, 1, 64, |c| c.is_ascii_alphanumeric() || c == '-' || c == '_')?;
    }
    let page_ok = report.page.len() <= 2048 && Url::parse(&report.page).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
    if !page_ok {
        return Err(refuse("page", format!("{:?} is not an http(s) URL of at most 2048 bytes", report.page)));
    }
    text("locale", &report.locale, 0, 35, |c| c.is_ascii_alphanumeric() || c == '-' || c == '_')?;
    text("timestamp", &report.timestamp, 1, 40, |c| c.is_ascii_digit() || "TZ:.-+".contains(c))?;
    cart_and_link(&report, context)?;
    if context.shop_draw {
        report.prize = None;
    }
    prize(&report, context.prizes)?;
    Ok(report)
}

/// A UUID in its hyphenated form (what the widget makes), returned lower-case so that one id is
/// one row whatever its case.
fn uuid(id: &str) -> Result<String, Refusal> {
    match uuid::Uuid::try_parse(id) {
        Ok(parsed) if id.len() == 36 => Ok(parsed.hyphenated().to_string()),
        _ => Err(refuse("id", format!("{:?} is not a UUID such as 0f8c2c1e-6a3b-4c1d-9d2e-5b7f3a9c8e11", truncate(id)))),
    }
}

fn text(field: &'static str, value: &str, min: usize, max: usize, allowed: impl Fn(char) -> bool) -> Result<(), Refusal> {
    let length = value.chars().count();
    if length < min || length > max {
        return Err(refuse(field, format!("{} characters: expected {min} to {max}", length)));
    }
    match value.chars().find(|c| !allowed(*c)) {
        Some(c) => Err(refuse(field, format!("{:?}: the character {c:?} is not allowed here", truncate(value)))),
        None => Ok(()),
    }
}

/// At most 80 characters of a refused value, so an error never echoes a megabyte back.
fn truncate(value: &str) -> String {
    value.chars().take(80).collect()
}

/// `cart` and `restore_url` come together, for `exit` only; the cart is bounded; the restore
/// link is an `http(s)` link on the shop's own origin or an allowed one, never `javascript:`,
/// `data:` or another site.
fn cart_and_link(report: &Report, context: &Context) -> Result<(), Refusal> {
    match (&report.cart, &report.restore_url) {
        (None, None) => return Ok(()),
        (Some(_), None) => return Err(refuse("restore_url", "a saved cart comes with the link that rebuilds it".into())),
        (None, Some(_)) => return Err(refuse("cart", "a restore link comes with the cart it rebuilds; cart is null".into())),
        (Some(_), Some(_)) if report.campaign != Campaign::Exit => {
            return Err(refuse("cart", format!("only exit sign-ups carry a cart, not {}", report.campaign.name())));
        }
        _ => {}
    }
    if let Some(cart) = &report.cart {
        if cart.items.is_empty() || cart.items.len() > MAX_CART_LINES {
            return Err(refuse("cart", format!("{} lines: expected 1 to {MAX_CART_LINES}", cart.items.len())));
        }
        for line in &cart.items {
            text("cart", &line.title, 0, 200, |c| !c.is_control())?;
            if line.quantity == 0 {
                return Err(refuse("cart", format!("variant {} has quantity 0", line.variant_id)));
            }
        }
        text("cart", &cart.currency, 0, 3, |c| c.is_ascii_uppercase())?;
    }
    if let Some(link) = &report.restore_url {
        if link.len() > 2048 || !allowed_link(link, context.own, context.origins) {
            return Err(refuse(
                "restore_url",
                format!("{:?} is not an http(s) link on this shop's origin or an allowed one", truncate(link)),
            ));
        }
    }
    Ok(())
}

/// A prize only for games, and one the shop's own table has at that index (label and code alike):
/// a page cannot report a prize the shop does not offer.
fn prize(report: &Report, prizes: &[Prize]) -> Result<(), Refusal> {
    let Some(prize) = &report.prize else { return Ok(()) };
    if !matches!(report.campaign, Campaign::Wheel | Campaign::Scratch) {
        return Err(refuse("prize", format!("only games carry a prize, not {}", report.campaign.name())));
    }
    let offered = prizes.get(prize.index).is_some_and(|p| p.label == prize.label && p.code == prize.code);
    if !offered {
        return Err(refuse("prize", format!("{:?} at index {} is not a prize of this shop", truncate(&prize.label), prize.index)));
    }
    Ok(())
}
