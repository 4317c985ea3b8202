//! What the shop accepts as a sign-up or a batch of views: every field it stores is checked here,
//! before anything is written, and each refusal names the field (README, "Running an endpoint
//! safely" and "View reports").

use axum::http::{HeaderMap, StatusCode};
use doorman::prize::Prize;
use doorman::report::{valid_email, Campaign, Report, MAX_URL};
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;
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
    // Checked before the full parse too, so a variant of the wrong type is a 422, not a 400.
    if let Some(variant) = value.get("variant").filter(|v| !v.is_null()) {
        if !variant.as_str().is_some_and(known_variant) {
            return Err(refuse("variant", format!("{} is not one of a, b, c, d", truncate(&variant.to_string()))));
        }
    }
    // Read again from the bytes, where a key given twice (two emails, two campaigns) is an error
    // rather than the last one winning. Keys the schema does not have are dropped: what is stored
    // is the report as checked (see `Db::store_signup`).
    let mut report: Report = serde_json::from_slice(body)
        .map_err(|e| Refusal { status: StatusCode::BAD_REQUEST, field: None, message: format!("not a Doorman sign-up: {e}") })?;
    // The texts a shopper was shown, composed (NFC) as the widget sends them: a client that does
    // not compose is stored alike, and its prize label matches the table's.
    report.offer.label = composed(&report.offer.label);
    if let Some(text) = &mut report.consent.text {
        *text = composed(text);
    }
    if let Some(prize) = &mut report.prize {
        prize.label = composed(&prize.label);
    }
    report.id = uuid(&report.id)?;
    report.email = email(&report.email).ok_or_else(|| refuse("email", format!("{} is not a valid email address", quoted(&report.email))))?;
    text("shop", &report.shop, 1, 253, |c| c.is_ascii_alphanumeric() || ".-_:[]".contains(c))?;
    if let Some(consent) = &report.consent.text {
        text("consent", consent, 1, 2000, displayable)?;
    }
    if report.consent.given && report.consent.text.is_none() {
        return Err(refuse("consent", "consent given without the text that was shown".into()));
    }
    text("offer", &report.offer.label, 0, 200, displayable)?;
    if let Some(code) = &report.offer.code {
        text("offer", code, 1, 64, |c| c.is_ascii_alphanumeric() || c == '-' || c == '_')?;
    }
    let page_ok = report.page.len() <= MAX_URL && serialized(&report.page) && Url::parse(&report.page).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
    if !page_ok {
        return Err(refuse("page", format!("{} is not an http(s) URL of at most 2048 bytes", quoted(&report.page))));
    }
    text("locale", &report.locale, 0, 35, |c| c.is_ascii_alphanumeric() || c == '-' || c == '_')?;
    if !iso_utc(&report.timestamp) {
        return Err(refuse("timestamp", format!("{} is not a time in ISO 8601 UTC such as 2026-11-23T10:15:30.123Z", quoted(&report.timestamp))));
    }
    cart_and_link(&report, context)?;
    if context.shop_draw {
        // Dropped unread, but only a game's: a welcome or exit sign-up with one is refused alike.
        if report.prize.is_some() && !matches!(report.campaign, Campaign::Wheel | Campaign::Scratch) {
            return Err(refuse("prize", format!("only games carry a prize, not {}", report.campaign.name())));
        }
        report.prize = None;
    }
    prize(&mut report, context.prizes)?;
    Ok(report)
}

/// `text` in Unicode's composed form, NFC (UAX #15): `e` and U+0301 are `é`, as a browser's
/// `String.prototype.normalize()` gives it.
pub fn composed(text: &str) -> String {
    text.nfc().collect()
}

/// A random UUID (v4, RFC 9562) in its hyphenated form, what the widget makes for a sign-up and
/// a batch of views, returned lower-case so that one id is one row whatever its case. The nil
/// UUID or a time-based one is no id the widget made.
fn uuid(id: &str) -> Result<String, Refusal> {
    match uuid::Uuid::try_parse(id) {
        Ok(parsed) if id.len() == 36 && parsed.get_version() == Some(uuid::Version::Random) && parsed.get_variant() == uuid::Variant::RFC4122 => {
            Ok(parsed.hyphenated().to_string())
        }
        _ => Err(refuse("id", format!("{} is not a UUID v4 such as 0f8c2c1e-6a3b-4c1d-9d2e-5b7f3a9c8e11", quoted(id)))),
    }
}

/// A character a text the shopper was shown may hold: no control character, and none of the
/// bidirectional embeddings, overrides and isolates the widget leaves out (`doorman::texts::plain`).
fn displayable(c: char) -> bool {
    !c.is_control() && !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn text(field: &'static str, value: &str, min: usize, max: usize, allowed: impl Fn(char) -> bool) -> Result<(), Refusal> {
    let length = value.chars().count();
    if length < min || length > max {
        return Err(refuse(field, format!("{} characters: expected {min} to {max}", length)));
    }
    match value.chars().find(|c| !allowed(*c)) {
        Some(c) => Err(refuse(field, format!("{}: the character {c:?} is not allowed here", quoted(value)))),
        None => Ok(()),
    }
}

/// At most 80 characters of a refused value, so an error never echoes a megabyte back: a JSON
/// value as written, quotes and all.
fn truncate(value: &str) -> String {
    value.chars().take(80).collect()
}

/// At most 80 characters of a refused text, in double quotes, for a refusal's message: `"` and `\\` escaped,
/// and control and bidirectional formatting characters (Unicode UAX #9) as `\u{…}`, so the
/// message reads in order; letters, combining marks and joiners as they are (Rust's `{:?}` wrote
/// a Persian word's hamza and ZWNJ as escapes).
fn quoted(value: &str) -> String {
    let mut out = String::from('"');
    for c in value.chars().take(80) {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') => {
                out.push_str(&c.escape_unicode().to_string());
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
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
            text("cart", &line.title, 0, 200, displayable)?;
            if line.quantity == 0 {
                return Err(refuse("cart", format!("variant {} has quantity 0", line.variant_id)));
            }
        }
        text("cart", &cart.currency, 0, 3, |c| c.is_ascii_uppercase())?;
        // The widget sends the sum of its lines (`doorman::exit::cart::Cart::new`): another total
        // is a report made or changed elsewhere, and a merchant's email would quote it.
        let sum = cart.items.iter().try_fold(0u64, |sum, line| line.unit_price.checked_mul(u64::from(line.quantity))?.checked_add(sum));
        if sum != Some(cart.total) {
            let lines = sum.map_or("more than 2^64".to_string(), |sum| sum.to_string());
            return Err(refuse("cart", format!("total {} is not the sum of its lines' quantity times unit price, {lines}", cart.total)));
        }
    }
    if let Some(link) = &report.restore_url {
        if link.len() > MAX_URL || !serialized(link) || !allowed_link(link, context.own, context.origins) {
            return Err(refuse(
                "restore_url",
                format!("{} is not an http(s) link on this shop's origin or an allowed one", quoted(link)),
            ));
        }
    }
    Ok(())
}

/// A URL as a browser serializes it (`location.href`, `URL.href`): printable ASCII without
/// spaces, everything else percent-encoded and the host in punycode (WHATWG URL). The URL parser
/// would skip a control character, a tab or a bidi override in the raw string, which is what
/// would be stored.
fn serialized(url: &str) -> bool {
    url.bytes().all(|b| b.is_ascii_graphic())
}

/// The address a shopper typed, as stored: checked as the widget checks it, and its domain made
/// ASCII as a browser's URL parser makes a host (IDNA, UTS #46), which refuses bidi overrides,
/// controls and other characters no domain has, and maps full-width letters and the like. So
/// `x@bücher.de` and `x@xn--bcher-kva.de`, one mailbox, are one address for one code.
fn email(typed: &str) -> Option<String> {
    if !valid_email(typed) {
        return None;
    }
    let (local, domain) = typed.rsplit_once('@')?;
    if domain.is_ascii() {
        return Some(typed.to_string());
    }
    let parsed = Url::parse(&format!("https://{domain}/")).ok()?;
    let ascii = parsed.host_str()?;
    let address = format!("{local}@{ascii}");
    valid_email(&address).then_some(address)
}

/// A prize only for games, and one the shop's own table has (label and code alike): a page cannot
/// report a prize the shop does not offer. The label is stored as the table writes it.
fn prize(report: &mut Report, prizes: &[Prize]) -> Result<(), Refusal> {
    let campaign = report.campaign;
    let Some(prize) = &mut report.prize else { return Ok(()) };
    if !matches!(campaign, Campaign::Wheel | Campaign::Scratch) {
        return Err(refuse("prize", format!("only games carry a prize, not {}", campaign.name())));
    }
    // By label and code, wherever the table has it: a variant's `data-prizes` may list the
    // shop's prizes in another order (README, "Keep data-prizes and --prizes in step"). Labels
    // compare without the characters that draw nothing (`doorman::texts::invisible`): direction
    // marks a right-to-left editor leaves, a soft hyphen the wheel breaks at, a byte order mark,
    // in one and not the other.
    let unmarked = |label: &str| label.chars().filter(|c| !doorman::texts::invisible(*c)).collect::<String>();
    let offered = prizes.iter().find(|p| p.code == prize.code && unmarked(&p.label) == unmarked(&prize.label)).filter(|_| prize.index < doorman::prize::MAX_PRIZES);
    let Some(offered) = offered else {
        return Err(refuse("prize", format!("{} (code {:?}) is not a prize of this shop", quoted(&prize.label), prize.code.as_deref().unwrap_or(""))));
    };
    prize.label.clone_from(&offered.label);
    Ok(())
}

/// A variant's name as the widget writes it: `a` to `d` (`doorman::variant::MAX_VARIANTS` of them).
fn known_variant(name: &str) -> bool {
    (0..doorman::variant::MAX_VARIANTS).any(|index| doorman::variant::name(index) == name)
}

/// Most views one batch may carry.
pub const MAX_VIEWS: usize = 50;
/// Longest page path a view may carry, in bytes: 50 views of it still fit in [`MAX_BODY`]. The
/// widget cuts a longer one to it.
pub use doorman::signup::views::MAX_PATH;

/// One batch of views, checked (README, "View reports").
#[derive(Debug)]
pub struct ViewBatch {
    /// The batch's UUID, lower-cased: a retried batch is counted once.
    pub id: String,
    pub shop: String,
    pub views: Vec<View>,
}

/// One showing of a campaign: which, in which variant, on which page path, when (ISO 8601 UTC by
/// the shopper's clock). Nothing that names the shopper.
#[derive(Debug)]
pub struct View {
    pub campaign: Campaign,
    pub variant: String,
    pub path: String,
    pub at: String,
}

/// Parses and checks one batch of views: `400` when the body is not JSON, `422` naming the field
/// otherwise. A view's field is named by its key (`campaign`, `variant`, `path`, `at`) and the
/// message says which view (`views[3]`); any key the schema does not have is refused, so no email
/// or other personal data can ride along.
pub fn views(body: &[u8]) -> Result<ViewBatch, Refusal> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| Refusal { status: StatusCode::BAD_REQUEST, field: None, message: format!("not JSON: {e}") })?;
    let Some(batch) = value.as_object() else {
        return Err(Refusal { status: StatusCode::BAD_REQUEST, field: None, message: "a batch of views is a JSON object".into() });
    };
    if let Some(key) = batch.keys().find(|k| !["id", "shop", "views"].contains(&k.as_str())) {
        return Err(refuse_unknown(key, "a batch carries id, shop and views only"));
    }
    let id = uuid(batch.get("id").and_then(Value::as_str).unwrap_or_default())?;
    let shop = string(batch.get("shop"), "shop")?;
    text("shop", &shop, 1, 253, |c| c.is_ascii_alphanumeric() || ".-_:[]".contains(c))?;
    let Some(list) = batch.get("views").and_then(Value::as_array) else {
        return Err(refuse("views", "views is a list of views".into()));
    };
    if list.is_empty() || list.len() > MAX_VIEWS {
        return Err(refuse("views", format!("{} views: expected 1 to {MAX_VIEWS} a batch", list.len())));
    }
    let views = list.iter().enumerate().map(|(index, view)| one_view(view).map_err(|r| Refusal { message: format!("views[{index}]: {}", r.message), ..r }));
    Ok(ViewBatch { id, shop, views: views.collect::<Result<_, _>>()? })
}

fn one_view(view: &Value) -> Result<View, Refusal> {
    let Some(fields) = view.as_object() else {
        return Err(refuse("views", format!("{}: a view is an object", truncate(&view.to_string()))));
    };
    if let Some(key) = fields.keys().find(|k| !["campaign", "variant", "path", "at"].contains(&k.as_str())) {
        return Err(refuse_unknown(key, "a view carries campaign, variant, path and at only"));
    }
    let campaign = match fields.get("campaign").and_then(Value::as_str) {
        Some("welcome") => Campaign::Welcome,
        Some("exit") => Campaign::Exit,
        Some("wheel") => Campaign::Wheel,
        Some("scratch") => Campaign::Scratch,
        _ => return Err(refuse("campaign", format!("{} is not one of welcome, exit, wheel, scratch", shown(fields.get("campaign"))))),
    };
    let variant = string(fields.get("variant"), "variant")?;
    if !known_variant(&variant) {
        return Err(refuse("variant", format!("{variant:?} is not one of a, b, c, d")));
    }
    let path = string(fields.get("path"), "path")?;
    // A path as `location.pathname` gives it: percent-encoded, so printable ASCII only, and never
    // the query string or fragment, where emails and tracking ids travel.
    let path_ok = path.starts_with('/') && path.len() <= MAX_PATH && path.chars().all(|c| c.is_ascii_graphic() && c != '?' && c != '#');
    if !path_ok {
        return Err(refuse(
            "path",
            format!("{} is not a page path: /..., at most {MAX_PATH} printable ASCII characters, without ? or #", quoted(&path)),
        ));
    }
    if doorman::signup::views::private_path(&path) != path {
        return Err(refuse(
            "path",
            format!("{} may name the shopper (an email's @, or an account page's id or token): send such a segment as (redacted)", quoted(&path)),
        ));
    }
    let at = string(fields.get("at"), "at")?;
    if !iso_utc(&at) {
        return Err(refuse("at", format!("{} is not a UTC time such as 2026-11-30T10:15:30.123Z", quoted(&at))));
    }
    Ok(View { campaign, variant, path, at })
}

/// A string field, or a refusal naming it.
fn string(value: Option<&Value>, field: &'static str) -> Result<String, Refusal> {
    match value.and_then(Value::as_str) {
        Some(text) => Ok(text.to_string()),
        None => Err(refuse(field, format!("{} is not a string", shown(value)))),
    }
}

fn shown(value: Option<&Value>) -> String {
    value.map_or_else(|| "missing".to_string(), |v| truncate(&v.to_string()))
}

/// A key outside the schema: `422`, named in the message (the field itself is not one the schema has).
fn refuse_unknown(key: &str, expected: &str) -> Refusal {
    Refusal { status: StatusCode::UNPROCESSABLE_ENTITY, field: None, message: format!("unknown key {}: {expected}", quoted(key)) }
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, what `Date.prototype.toISOString` writes, with each part in
/// its range (days up to 31 whatever the month: the time is the shopper's claim, kept for reading).
fn iso_utc(at: &str) -> bool {
    let bytes = at.as_bytes();
    let number = |from: usize, to: usize| -> Option<u32> {
        let part = at.get(from..to)?;
        part.bytes().all(|b| b.is_ascii_digit()).then(|| part.parse().ok()).flatten()
    };
    let fraction_ok = match at.get(19..at.len().saturating_sub(1)) {
        Some("") => true,
        Some(fraction) => fraction.len() >= 2 && fraction.len() <= 10 && fraction.starts_with('.') && fraction[1..].bytes().all(|b| b.is_ascii_digit()),
        None => false,
    };
    at.len() >= 20
        && bytes.get(4) == Some(&b'-')
        && bytes.get(7) == Some(&b'-')
        && bytes.get(10) == Some(&b'T')
        && bytes.get(13) == Some(&b':')
        && bytes.get(16) == Some(&b':')
        && at.ends_with('Z')
        && number(0, 4).is_some()
        && number(5, 7).is_some_and(|m| (1..=12).contains(&m))
        && number(8, 10).is_some_and(|d| (1..=31).contains(&d))
        && number(11, 13).is_some_and(|h| h < 24)
        && number(14, 16).is_some_and(|m| m < 60)
        && number(17, 19).is_some_and(|s| s < 60)
        && fraction_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_iso_utc() {
        for good in ["2026-11-30T10:15:30.123Z", "2026-11-30T10:15:30Z", "2026-01-01T00:00:00.1Z", "2026-12-31T23:59:59.123456789Z"] {
            assert!(iso_utc(good), "{good}");
        }
        for bad in [
            "", "yesterday", "2026-11-30", "2026-11-30T10:15:30.123", "2026-11-30T10:15:30.123+01:00", "2026-13-30T10:15:30Z",
            "2026-11-00T10:15:30Z", "2026-11-30T24:00:00Z", "2026-11-30T10:60:00Z", "2026-11-30T10:15:60Z", "2026-11-30 10:15:30Z",
            "+02026-11-30T10:15:30Z", "2026-11-30T10:15:30.Z", "2026-11-30T10:15:30.12aZ", "2026-11-30T10:15:30.1234567890Z",
            "2026-1a-30T10:15:30Z", "2026-11-30T10:15:30ZZ", "２026-11-30T10:15:30Z",
        ] {
            assert!(!iso_utc(bad), "{bad}");
        }
    }

    #[test]
    fn variants_are_a_to_d() {
        assert!(["a", "b", "c", "d"].into_iter().all(known_variant));
        assert!(!["", "e", "A", "ab", " a"].into_iter().any(known_variant));
    }
}
