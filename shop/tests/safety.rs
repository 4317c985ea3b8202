//! The preview shop probed as an attacker would, against a real SQLite file: each case of README's
//! "Running an endpoint safely" is checked here over HTTP.
// Test code throughout, helpers included: clippy.toml's allowances reach only #[test] functions.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderValue, Request, StatusCode};
use doorman_shop::{Policy, SIGNUPS_PATH};
use serde_json::{json, Value};

mod common;

use common::*;

fn shop_with(policy: Policy) -> TestShop {
    open_at(fresh_path("safety"), policy)
}

fn shop() -> TestShop {
    shop_with(Policy { origins: vec![STOREFRONT.into()], ..Policy::default() })
}

/// What these tests send most.
trait SignUps {
    async fn post(&self, body: &Value) -> Answer;
    async fn list(&self, query: &str) -> Answer;
}

impl SignUps for TestShop {
    async fn post(&self, body: &Value) -> Answer {
        self.send(post_json(SIGNUPS_PATH, body)).await
    }

    async fn list(&self, query: &str) -> Answer {
        self.send(get(&format!("{SIGNUPS_PATH}{query}"))).await
    }

}

/// A fresh UUID v4 for the `n`th sign-up of a test.
fn id(n: u32) -> String {
    format!("{n:08x}-6a3b-4c1d-9d2e-5b7f3a9c8e11")
}

fn welcome(n: u32, email: &str) -> Value {
    json!({
        "id": id(n), "shop": "acme", "campaign": "welcome", "email": email,
        "consent": { "given": true, "text": "Yes." },
        "offer": { "label": "15% off your first order", "code": "WELCOME15" },
        "page": "http://127.0.0.1:8080/", "locale": "en-GB", "timestamp": "2026-11-23T10:00:00.000Z"
    })
}

fn exit(n: u32, restore_url: Value) -> Value {
    let mut report = welcome(n, &format!("exit{n}@example.com"));
    report["campaign"] = json!("exit");
    report["offer"] = json!({ "label": "free shipping", "code": "FREESHIP" });
    report["cart"] = json!({ "items": [{ "variant_id": 40001, "quantity": 2, "title": "Mug", "unit_price": 1900 }], "currency": "EUR", "total": 3800 });
    report["restore_url"] = restore_url;
    report
}

fn game(n: u32, email: &str, prize: Value) -> Value {
    let mut report = welcome(n, email);
    report["campaign"] = json!("wheel");
    report["offer"] = json!({ "label": "Spin to win!", "code": null });
    report["prize"] = prize;
    report
}

#[tokio::test]
async fn restore_links_are_http_links_on_the_shop_or_an_allowed_storefront() {
    let shop = shop();
    let hostile = [
        "javascript:window.x=1",
        "JavaScript:window.x=1",
        " javascript:window.x=1",
        "data:text/html,<script>window.x=1</script>",
        "vbscript:x",
        "https://evil.example/cart/40001:2",
        "http://127.0.0.1:8081/cart/40001:2",
        "//evil.example/cart/40001:2",
        "/cart/40001:2",
        "https://storefront.example@evil.example/",
        "https://user:pw@storefront.example/",
        "http://storefront.example/restore",
    ];
    for (n, link) in (1..).zip(hostile) {
        assert_refused(&shop.post(&exit(n, json!(link))).await, StatusCode::UNPROCESSABLE_ENTITY, Some("restore_url"), link);
    }
    assert_eq!(shop.sql::<i64>("SELECT count(*) FROM signups"), 0, "nothing hostile is stored");
    for (n, link) in [(100, "http://127.0.0.1:8080/cart/40001:2?discount=FREESHIP"), (101, "https://storefront.example/restore?items=40001:2")] {
        let answer = shop.post(&exit(n, json!(link))).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{link}: {}", answer.body);
    }
    // A trial: a client that names the Host itself made any site the shop's own, and its link a
    // restore link the shop's emails would send. A name counts only when --origins lists it.
    for (n, (host, link)) in (200..).zip([("evil.example", "http://evil.example/login"), ("evil.example:443", "https://evil.example/cart/40001:2")]) {
        let mut request = post_json(SIGNUPS_PATH, &exit(n, json!(link)));
        request.headers_mut().insert(header::HOST, HeaderValue::from_static(host));
        assert_refused(&shop.send(request).await, StatusCode::UNPROCESSABLE_ENTITY, Some("restore_url"), link);
    }
    let mut request = post_json(SIGNUPS_PATH, &exit(210, json!("http://localhost:8080/cart/40001:2")));
    request.headers_mut().insert(header::HOST, HeaderValue::from_static("localhost:8080"));
    assert_eq!(shop.send(request).await.status, StatusCode::CREATED, "localhost is an address the shop is reached by");
    let mut request = post_json(SIGNUPS_PATH, &exit(211, json!("http://storefront.example/restore")));
    request.headers_mut().insert(header::HOST, HeaderValue::from_static("storefront.example"));
    assert_eq!(shop.send(request).await.status, StatusCode::UNPROCESSABLE_ENTITY, "http: is not the listed https: origin");
}

#[tokio::test]
async fn the_schema_says_which_combinations_are_valid() {
    let shop = shop();
    let link = json!("http://127.0.0.1:8080/cart/40001:2");
    let mut no_cart = exit(1, link.clone());
    no_cart["cart"] = Value::Null;
    let mut no_link = exit(2, Value::Null);
    no_link["restore_url"] = Value::Null;
    let mut empty_cart = exit(3, link.clone());
    empty_cart["cart"]["items"] = json!([]);
    let mut welcome_cart = exit(4, link.clone());
    welcome_cart["campaign"] = json!("welcome");
    let mut huge_cart = exit(5, link.clone());
    huge_cart["cart"]["items"] = json!(vec![json!({ "variant_id": 1, "quantity": 1, "title": "x", "unit_price": 1 }); 101]);
    let mut zero = exit(6, link.clone());
    zero["cart"]["items"][0]["quantity"] = json!(0);
    let mut welcome_prize = welcome(7, "a@example.com");
    welcome_prize["prize"] = json!({ "index": 0, "label": "10% off", "code": "SPIN10" });
    let mut campaign = welcome(8, "a@example.com");
    campaign["campaign"] = json!("giveaway");
    let mut consent = welcome(9, "a@example.com");
    consent["consent"] = json!({ "given": true, "text": null });
    let mut long_consent = welcome(10, "a@example.com");
    long_consent["consent"]["text"] = json!("x".repeat(2001));
    // A trial's consent text `\u{202e}Hyväksyn ehdot` showed reversed and was stored so.
    let mut reversed_consent = welcome(30, "a@example.com");
    reversed_consent["consent"]["text"] = json!("\u{202e}Hyväksyn ehdot");
    let mut code = welcome(11, "a@example.com");
    code["offer"]["code"] = json!("<img src=x onerror=alert(1)>");
    let mut page = welcome(12, "a@example.com");
    page["page"] = json!("javascript:alert(1)");
    let mut shop_name = welcome(13, "a@example.com");
    shop_name["shop"] = json!("<b>acme</b>");
    let mut locale = welcome(14, "a@example.com");
    locale["locale"] = json!("en\"><script>");
    let mut timestamp = welcome(15, "a@example.com");
    timestamp["timestamp"] = json!("<script>alert(1)</script>");
    let mut title = exit(16, link.clone());
    title["cart"]["items"][0]["title"] = json!("x".repeat(201));
    // The widget sends the sum of its lines; a forged total, or lines past 2^64, are refused.
    let mut total = exit(17, link.clone());
    total["cart"]["total"] = json!(1);
    let mut overflowing = exit(18, link.clone());
    overflowing["cart"]["items"][0]["unit_price"] = json!(u64::MAX / 2 + 1);
    overflowing["cart"]["total"] = json!(u64::MAX);
    let table = [
        (no_cart, "cart"),
        (no_link, "restore_url"),
        (empty_cart, "cart"),
        (welcome_cart, "cart"),
        (huge_cart, "cart"),
        (zero, "cart"),
        (welcome_prize, "prize"),
        (campaign, "campaign"),
        (consent, "consent"),
        (long_consent, "consent"),
        (reversed_consent, "consent"),
        (code, "offer"),
        (page, "page"),
        (shop_name, "shop"),
        (locale, "locale"),
        (timestamp, "timestamp"),
        (title, "cart"),
        (total, "cart"),
        (overflowing, "cart"),
    ];
    for (body, field) in table {
        assert_refused(&shop.post(&body).await, StatusCode::UNPROCESSABLE_ENTITY, Some(field), &body.to_string());
    }
    let mut cart_null = welcome(20, "b@example.com");
    cart_null["cart"] = Value::Null;
    cart_null["restore_url"] = Value::Null;
    assert_eq!(shop.post(&cart_null).await.status, StatusCode::CREATED, "nulls where the schema has them are fine");

    // Refused before the handler ran, in the same {"error", "field"} as every refusal (it was
    // axum's plain text).
    let oversized = json!({ "padding": "x".repeat(70 * 1024) });
    assert_refused(&shop.post(&oversized).await, StatusCode::PAYLOAD_TOO_LARGE, None, "over 64 KB");
    assert_refused(&shop.send(post_json(&format!("{SIGNUPS_PATH}?fail=abc"), &welcome(21, "q@example.com"))).await, StatusCode::BAD_REQUEST, None, "?fail=abc");
    assert_refused(&shop.list("?limit=1&limit=2").await, StatusCode::BAD_REQUEST, None, "limit given twice");
    assert_refused(&shop.send(post_json(SIGNUPS_PATH, &json!([1, 2]))).await, StatusCode::BAD_REQUEST, None, "not an object");
    assert_eq!(shop.sql::<i64>("SELECT count(*) FROM signups"), 1);
}

#[tokio::test]
async fn ids_are_uuids() {
    let shop = shop();
    for bad in [
        "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz",
        "000000000000000000000000000000000000",
        "<script>alert(1)</script>0123456789A",
        "0f8c2c1e6a3b4c1d9d2e5b7f3a9c8e11",
        "{0f8c2c1e-6a3b-4c1d-9d2e-5b7f3a9c8e1}",
        "urn:uuid:0f8c2c1e-6a3b-4c1d-9d2e-5b7f3a9c8e11",
        "",
        // Not random UUIDs (v4), which the widget makes: the nil UUID, a time-based v1, a v4
        // without RFC 9562's variant bits.
        "00000000-0000-0000-0000-000000000000",
        "0f8c2c1e-6a3b-1c1d-9d2e-5b7f3a9c8e11",
        "0f8c2c1e-6a3b-4c1d-cd2e-5b7f3a9c8e11",
    ] {
        let mut report = welcome(1, "ids@example.com");
        report["id"] = json!(bad);
        assert_refused(&shop.post(&report).await, StatusCode::UNPROCESSABLE_ENTITY, Some("id"), bad);
    }
    let mut upper = welcome(1, "ids@example.com");
    upper["id"] = json!("0F8C2C1E-6A3B-4C1D-9D2E-5B7F3A9C8E11");
    let first = shop.post(&upper).await;
    assert_eq!((first.status, first.body["id"].clone()), (StatusCode::CREATED, json!("0f8c2c1e-6a3b-4c1d-9d2e-5b7f3a9c8e11")));
    let mut lower = upper.clone();
    lower["id"] = json!("0f8c2c1e-6a3b-4c1d-9d2e-5b7f3a9c8e11");
    let again = shop.post(&lower).await;
    assert_eq!((again.status, again.body["duplicate"].clone()), (StatusCode::OK, json!(true)), "one id is one sign-up whatever its case");
}

#[tokio::test]
async fn only_json_bodies_are_sign_ups() {
    let shop = shop();
    let body = welcome(1, "types@example.com").to_string();
    for content_type in [
        Some("text/plain"),
        Some("text/plain;charset=UTF-8"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
        Some("application/jsonx"),
        Some("application/json-patch+json"),
        None,
    ] {
        let mut request = Request::post(SIGNUPS_PATH);
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        let answer = shop.send(request.body(Body::from(body.clone())).expect("request")).await;
        assert_refused(&answer, StatusCode::UNSUPPORTED_MEDIA_TYPE, None, &format!("{content_type:?}"));
    }
    assert_eq!(shop.sql::<i64>("SELECT count(*) FROM signups"), 0);
    let request = Request::post(SIGNUPS_PATH).header(header::CONTENT_TYPE, "Application/JSON; charset=utf-8").body(Body::from(body));
    assert_eq!(shop.send(request.expect("request")).await.status, StatusCode::CREATED);
}

#[tokio::test]
async fn sign_ups_are_readable_by_the_shop_only_and_postable_by_its_storefronts() {
    let shop = shop();
    assert_eq!(shop.post(&welcome(1, "private@example.com")).await.status, StatusCode::CREATED);
    for origin in ["https://evil.example", STOREFRONT, "null"] {
        for path in [SIGNUPS_PATH, "/demo/customers.json"] {
            let answer = shop.send(Request::get(path).header(header::ORIGIN, origin).body(Body::empty()).expect("request")).await;
            assert_eq!(answer.status, StatusCode::OK);
            assert!(!answer.headers.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN), "{path} from {origin}: {:?}", answer.headers);
        }
    }
    let preflight = |origin: &str| preflight(SIGNUPS_PATH, origin);
    let allowed = shop.send(preflight(STOREFRONT)).await;
    assert_eq!(allowed.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).map(|v| v.as_bytes()), Some(STOREFRONT.as_bytes()));
    let refused = shop.send(preflight("https://evil.example")).await;
    assert!(!refused.headers.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN), "{:?}", refused.headers);
    let mut post = post_json(SIGNUPS_PATH, &welcome(2, "store@example.com"));
    post.headers_mut().insert(header::ORIGIN, HeaderValue::from_static(STOREFRONT));
    let answer = shop.send(post).await;
    assert_eq!(answer.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).map(|v| v.as_bytes()), Some(STOREFRONT.as_bytes()));
}

#[tokio::test]
async fn demo_switches_answer_the_shops_own_pages_only() {
    let shop = shop();
    let switch = |headers: &[(&'static str, &'static str)]| {
        let mut request = Request::post("/demo/challenge?on=true");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.body(Body::empty()).expect("request")
    };
    for headers in [
        &[("sec-fetch-site", "cross-site")][..],
        &[("sec-fetch-site", "same-site")],
        &[("origin", "https://evil.example")],
        &[("origin", "http://127.0.0.1:8081")],
        &[("origin", "null")],
        &[("sec-fetch-site", "cross-site"), ("origin", SHOP)],
    ] {
        assert_refused(&shop.send(switch(headers)).await, StatusCode::FORBIDDEN, None, &format!("{headers:?}"));
    }
    let form = Request::post("/contact")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("form_type=customer&contact%5Bemail%5D=ok%40example.com"))
        .expect("request");
    assert_eq!(shop.send(form).await.headers[header::LOCATION], "/?customer_posted=true#contact_form", "the challenge stayed off");
    // A body that is no form is refused as the other endpoints refuse, saying why.
    let json = Request::post("/contact").header(header::CONTENT_TYPE, "application/json").body(Body::from("{}")).expect("request");
    let answer = shop.send(json).await;
    assert_refused(&answer, StatusCode::UNSUPPORTED_MEDIA_TYPE, None, "application/json");
    assert!(answer.body["error"].as_str().is_some_and(|e| e.contains("application/x-www-form-urlencoded")), "{}", answer.body);
    for headers in [&[("sec-fetch-site", "same-origin"), ("origin", SHOP)][..], &[("origin", SHOP)], &[]] {
        assert_eq!(shop.send(switch(headers)).await.status, StatusCode::NO_CONTENT, "{headers:?}");
    }
}

#[tokio::test]
async fn discount_links_redirect_on_the_shop_only() {
    let shop = shop();
    let table = [
        // The inputs, as a link carries them (percent-encoded in the query).
        ("%2F%255C%255Cevil.example%2F", "/%5C%5Cevil.example/"),
        ("/%5C%5Cevil.example/", "/"),
        ("/%09/evil.example/", "/"),
        ("/%5C/evil.example/", "/"),
        // The family.
        ("//evil.example", "/"),
        ("%2F%2Fevil.example", "/"),
        ("%2F%5Cevil.example", "/"),
        ("%5C%5Cevil.example", "/"),
        ("/%0A/evil.example", "/"),
        ("/%0D/evil.example", "/"),
        ("%09//evil.example", "/"),
        ("%20//evil.example", "/"),
        ("/.//evil.example", "/"),
        ("https://evil.example", "/"),
        ("HtTpS://evil.example/", "/"),
        ("https:evil.example", "/"),
        ("https:%5C%5Cevil.example", "/"),
        ("http://127.0.0.1:8080@evil.example/", "/"),
        ("javascript:alert(1)", "/"),
        ("JaVaScRiPt:alert(1)", "/"),
        ("java%09script:alert(1)", "/"),
        ("data:text/html,x", "/"),
        // What should pass.
        ("%2Fproducts%2Fmug", "/products/mug"),
        ("/product.html?handle=linen-apron", "/product.html?handle=linen-apron"),
        ("%2Fproduct.html%3Fhandle%3Dlinen-apron", "/product.html?handle=linen-apron"),
        ("http://127.0.0.1:8080/cart.js", "/cart.js"),
        ("", "/"),
    ];
    for (redirect, location) in table {
        let answer = shop.send(get(&format!("/discount/WELCOME15?redirect={redirect}"))).await;
        assert_eq!(answer.status, StatusCode::FOUND, "{redirect}");
        assert_eq!(answer.headers[header::LOCATION], location, "{redirect}");
    }
}

/// `text` percent-encoded for a form body, every byte but ASCII letters and digits.
fn url_encoded(text: &str) -> String {
    text.bytes().map(|b| if b.is_ascii_alphanumeric() { char::from(b).to_string() } else { format!("%{b:02X}") }).collect()
}

/// A label pasted from an editor that decomposes (`e` and U+0301 for `é`) is the same text as
/// the table's composed one, both ways round, and is stored composed: a trial's decomposed label
/// was refused with a 422 naming a label that looked like the table's.
#[tokio::test]
async fn a_decomposed_label_is_the_tables_composed_one_and_stored_composed() {
    let composed = "Caf\u{e9} offert";
    let decomposed = "Cafe\u{301} offert";
    for (n, (table, sent)) in (1..).zip([(composed, decomposed), (decomposed, composed)]) {
        let prizes = doorman::prize::parse_prizes(&format!("{table}|CAFE|1; Bonne chance||1")).expect("prizes");
        let shop = open_with_prizes(fresh_path("composed"), Policy::default(), prizes);
        let mut report = game(n, &format!("cafe{n}@example.com"), json!({ "index": 0, "label": sent, "code": "CAFE" }));
        report["consent"] = json!({ "given": true, "text": "J'accepte de recevoir les offres de la cafe\u{301}te\u{301}ria." });
        let answer = shop.post(&report).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
        assert_eq!(shop.sql::<String>("SELECT prize_label FROM signups"), composed);
        assert_eq!(shop.sql::<String>("SELECT consent_text FROM signups"), "J'accepte de recevoir les offres de la caf\u{e9}t\u{e9}ria.");
    }
    // The customer form composes tags alike: one tag, not two that look the same.
    let shop = open_with_prizes(fresh_path("tags"), Policy::default(), Vec::new());
    for tag in [decomposed, composed] {
        let body = format!("form_type=customer&contact%5Bemail%5D=cafe%40example.com&contact%5Btags%5D={}", url_encoded(&format!("doorman, doorman-prize-{tag}")));
        let form = Request::post("/contact").header(header::CONTENT_TYPE, "application/x-www-form-urlencoded").body(Body::from(body)).expect("request");
        assert_eq!(shop.send(form).await.status, StatusCode::FOUND);
    }
    assert_eq!(shop.sql::<String>("SELECT tags FROM customers"), format!("doorman, doorman-prize-{composed}"));
    // A right-to-left editor's direction marks, in the label sent or the table's, are no part of
    // it: the sign-up is the table's prize, stored as the table writes it.
    for (n, (table, sent)) in (3..).zip([
        ("۱۵٪ تخفیف", "\u{200f}۱۵٪ تخفیف\u{200f}"),
        ("۱۵٪\u{200f} تخفیف", "۱۵٪ تخفیف"),
        ("۱۵٪ تخفیف", "\u{feff}۱۵٪ تخفیف\u{200c}\u{2060}"),
        ("Ilmainen toimitus", "Ilmai\u{ad}nen toimi\u{ad}tus"),
    ]) {
        let prizes = doorman::prize::parse_prizes(&format!("{table}|FA15|1; پوچ||1")).expect("prizes");
        let shop = open_with_prizes(fresh_path("marks"), Policy::default(), prizes);
        let answer = shop.post(&game(n, &format!("marks{n}@example.com"), json!({ "index": 0, "label": sent, "code": "FA15" }))).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
        assert_eq!(shop.sql::<String>("SELECT prize_label FROM signups"), table);
    }
}

#[tokio::test]
async fn a_forged_prize_is_refused_or_ignored_in_shop_draw_mode() {
    let forged = json!({ "index": 99, "label": "100% off everything", "code": "FREE-EVERYTHING" });
    let relabelled = json!({ "index": 0, "label": "100% off everything", "code": "SPIN10" });
    let recoded = json!({ "index": 0, "label": "10% off", "code": "FREE-EVERYTHING" });

    let page_draws = shop();
    for (n, prize) in (1..).zip([&forged, &relabelled, &recoded]) {
        let answer = page_draws.post(&game(n, &format!("forger{n}@example.com"), prize.clone())).await;
        assert_refused(&answer, StatusCode::UNPROCESSABLE_ENTITY, Some("prize"), &prize.to_string());
    }
    assert_eq!(page_draws.sql::<i64>("SELECT count(*) FROM signups"), 0);
    // The refusal quotes the label as written: a Persian word's hamza and ZWNJ read as they are
    // (a trial's console showed `همه\u{654} سفارش\u{200c}ها`), a bidi override as an escape.
    let persian = json!({ "index": 0, "label": "ارسال رایگان برای همهٔ سفارش‌ها \u{202e}\"x\"", "code": "SPIN10" });
    let answer = page_draws.post(&game(8, "persian@example.com", persian)).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer.body["error"], "\"ارسال رایگان برای همهٔ سفارش‌ها \\u{202e}\\\"x\\\"\" (code \"SPIN10\") is not a prize of this shop");
    // A variant's `data-prizes` may list the shop's prizes in another order: a prize of the table
    // at another index is the shop's (a trial's variant b, "Free shipping" first, lost every
    // sign-up to a 422).
    let reordered = json!({ "index": 0, "label": "Free shipping", "code": "FREESHIP" });
    let answer = page_draws.post(&game(9, "reordered@example.com", reordered.clone())).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    assert_eq!(answer.body["prize"], reordered);

    let shop_draw = shop_with(Policy { shop_draw: true, ..Policy::default() });
    let table = doorman::prize::parse_prizes(doorman_shop::DEFAULT_PRIZES).expect("prizes");
    for (n, prize) in (1..).zip([&forged, &relabelled, &recoded]) {
        let answer = shop_draw.post(&game(n, &format!("forger{n}@example.com"), prize.clone())).await;
        assert_eq!(answer.status, StatusCode::CREATED);
        let index = answer.body["prize"]["index"].as_u64().expect("the shop's draw") as usize;
        assert_eq!(answer.body["prize"]["label"], table[index].label.as_str());
        assert_ne!(answer.body["prize"]["code"], "FREE-EVERYTHING");
    }
    let forged_rows: i64 = shop_draw.sql("SELECT count(*) FROM signups WHERE prize_label = '100% off everything' OR prize_code = 'FREE-EVERYTHING' OR prize_index = 99");
    assert_eq!(forged_rows, 0, "only the shop's own draw is stored");
}

/// `body` as sent, byte for byte (a key given twice cannot be written with `json!`).
fn post_raw(body: String) -> Request<Body> {
    Request::post(SIGNUPS_PATH).header(header::CONTENT_TYPE, "application/json").body(Body::from(body)).expect("request")
}

#[tokio::test]
async fn what_is_stored_is_the_report_as_checked() {
    // The raw body was stored: keys the schema does not have (a script, 60 KB of padding) and,
    // for a key given twice, the first value beside the checked last one.
    let shop = shop();
    let mut report = welcome(1, "extra@example.com");
    report["html"] = json!("<script>alert(1)</script>");
    report["pad"] = json!("A".repeat(60_000));
    assert_eq!(shop.post(&report).await.status, StatusCode::CREATED);
    let stored: Value = serde_json::from_str(&shop.sql::<String>("SELECT report FROM signups")).expect("JSON");
    assert_eq!((stored.get("html"), stored.get("pad")), (None, None), "{stored}");
    assert_eq!(stored["email"], "extra@example.com");
    assert_eq!(stored["consent"], json!({ "given": true, "text": "Yes." }));

    let twice = welcome(2, "first@example.com").to_string().replacen('{', "{\"email\":\"second@example.com\",", 1);
    let answer = shop.send(post_raw(twice)).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
    assert!(answer.body["error"].as_str().is_some_and(|e| e.contains("duplicate field `email`")), "{}", answer.body);
    let shop_draw = shop_with(Policy { shop_draw: true, ..Policy::default() });
    let mut prized = welcome(3, "prized@example.com");
    prized["prize"] = json!({ "index": 0, "label": "10% off", "code": "SPIN10" });
    assert_refused(&shop_draw.post(&prized).await, StatusCode::UNPROCESSABLE_ENTITY, Some("prize"), "only games carry a prize");
    assert_eq!(shop.sql::<i64>("SELECT count(*) FROM signups") + shop_draw.sql::<i64>("SELECT count(*) FROM signups"), 1);
}

#[tokio::test]
async fn timestamps_are_iso_8601_utc_as_the_widget_writes_them() {
    let shop = shop_with(Policy { burst: 1000, ..Policy::default() });
    let bad = [
        "0", "-1", "::::", "TTTTZZZZ", "1732350000", "2026-13-45T99:99:99Z", "2026-11-23", "2026-11-23T10:15:30+05:00",
        "2026-11-23T10:15:30.123", "+275760-09-13T00:00:00.000Z",
    ];
    for (n, timestamp) in (1..).zip(bad) {
        let mut report = welcome(n, &format!("time{n}@example.com"));
        report["timestamp"] = json!(timestamp);
        assert_refused(&shop.post(&report).await, StatusCode::UNPROCESSABLE_ENTITY, Some("timestamp"), "ISO 8601 UTC");
    }
    for (n, timestamp) in (100..).zip(["2026-11-23T10:15:30.123Z", "2026-11-23T10:15:30Z", "9999-12-31T23:59:59.999Z"]) {
        let mut report = welcome(n, &format!("time{n}@example.com"));
        report["timestamp"] = json!(timestamp);
        assert_eq!(shop.post(&report).await.status, StatusCode::CREATED, "{timestamp}");
    }
    assert_eq!(shop.sql::<i64>("SELECT count(*) FROM signups"), 3);
}

#[tokio::test]
async fn urls_are_stored_as_browsers_serialize_them() {
    // The URL parser skips a control character, a tab or a bidi override, which was then stored.
    let shop = shop_with(Policy { origins: vec![STOREFRONT.into()], burst: 1000, ..Policy::default() });
    let pages = ["\u{1}https://acme.example/x", "https://acme.example/\u{0}x", "https://acme.example/\nx", " https://acme.example/", "https://acme.example/\u{202e}x"];
    for (n, page) in (1..).zip(pages) {
        let mut report = welcome(n, &format!("page{n}@example.com"));
        report["page"] = json!(page);
        assert_refused(&shop.post(&report).await, StatusCode::UNPROCESSABLE_ENTITY, Some("page"), "http(s) URL");
    }
    let links = ["http://127.0.0.1:8080/cart/40001:2\u{0}<x>", "\u{1}http://127.0.0.1:8080/cart/40001:2", "http://127.0.0.1:8080/cart/40001:2\u{202e}"];
    for (n, link) in (10..).zip(links) {
        assert_refused(&shop.post(&exit(n, json!(link))).await, StatusCode::UNPROCESSABLE_ENTITY, Some("restore_url"), "http(s) link");
    }
    assert_eq!(shop.post(&exit(20, json!("http://127.0.0.1:8080/cart/40001:2"))).await.status, StatusCode::CREATED);
    assert_eq!(shop.sql::<i64>("SELECT count(*) FROM signups"), 1);
}

#[tokio::test]
async fn an_email_domain_is_stored_as_a_browser_parses_a_host() {
    let shop = shop_with(Policy { burst: 1000, ..Policy::default() });
    for (n, email) in (1..).zip(["ada@exa\u{202e}mple.com", "ada@exa\u{85}mple.com", "ada@exa\u{a0}mple.com", "ada@exa\u{fffd}mple.com"]) {
        assert_refused(&shop.post(&welcome(n, email)).await, StatusCode::UNPROCESSABLE_ENTITY, Some("email"), "not a valid email address");
    }
    // One mailbox, one code, however its domain is written.
    let code = shop.post(&welcome(10, "x@bücher.de")).await.body["code"].clone();
    assert!(code.is_string());
    assert_eq!(shop.post(&welcome(11, "x@xn--bcher-kva.de")).await.body["code"], code);
    let stored: String = shop.sql("SELECT email FROM signups WHERE id = '0000000a-6a3b-4c1d-9d2e-5b7f3a9c8e11'");
    assert_eq!(stored, "x@xn--bcher-kva.de");
    let code = shop.post(&welcome(12, "ada@example.com")).await.body["code"].clone();
    assert_eq!(shop.post(&welcome(13, "ada@ｅｘａｍｐｌｅ.com")).await.body["code"], code, "full-width letters");
    assert_eq!(shop.post(&welcome(14, "ada@exa\u{200b}mple.com")).await.body["code"], code, "a zero-width space");
    assert_eq!(shop.sql::<i64>("SELECT count(*) FROM codes"), 2);
}

#[tokio::test]
async fn one_play_and_one_welcome_code_per_email() {
    let shop = shop_with(Policy { shop_draw: true, burst: 1000, ..Policy::default() });
    let first = shop.post(&game(1, "player@example.com", Value::Null)).await;
    assert_eq!(first.status, StatusCode::CREATED);
    for n in 2..=30 {
        let email = if n % 2 == 0 { "player@example.com" } else { "PLAYER@example.com" };
        let replay = shop.post(&game(n, email, Value::Null)).await;
        assert_eq!((&replay.body["prize"], &replay.body["code"]), (&first.body["prize"], &first.body["code"]), "play {n}");
    }
    let codes: i64 = shop.sql("SELECT count(DISTINCT coalesce(prize_code, '')) FROM signups WHERE lower(email) = 'player@example.com'");
    assert_eq!(codes, 1, "one prize code for 30 plays");
    let mut scratch = game(40, "player@example.com", Value::Null);
    scratch["campaign"] = json!("scratch");
    assert_eq!(shop.post(&scratch).await.body["prize"], first.body["prize"], "one play across both games");

    let welcome_code = shop.post(&welcome(50, "new@example.com")).await.body["code"].clone();
    for n in 51..60 {
        assert_eq!(shop.post(&welcome(n, "New@Example.com")).await.body["code"], welcome_code);
    }
    assert_eq!(shop.sql::<i64>("SELECT count(*) FROM codes"), 1);
}

#[tokio::test]
async fn sign_ups_are_rate_limited_per_client_with_retry_after() {
    let shop = shop_with(Policy { burst: 3, refill: Duration::from_secs(60), ..Policy::default() });
    for n in 1..=3 {
        assert_eq!(shop.send_from([10, 0, 0, 1], post_json(SIGNUPS_PATH, &welcome(n, &format!("a{n}@example.com")))).await.status, StatusCode::CREATED);
    }
    let limited = shop.send_from([10, 0, 0, 1], post_json(SIGNUPS_PATH, &welcome(4, "a4@example.com"))).await;
    assert_refused(&limited, StatusCode::TOO_MANY_REQUESTS, None, "fourth sign-up in a burst of 3");
    let retry_after: u64 = limited.headers[header::RETRY_AFTER].to_str().expect("text").parse().expect("seconds");
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    assert_eq!(shop.sql::<i64>("SELECT count(*) FROM signups WHERE email = 'a4@example.com'"), 0);
    let other = shop.send_from([10, 0, 0, 2], post_json(SIGNUPS_PATH, &welcome(5, "b@example.com"))).await;
    assert_eq!(other.status, StatusCode::CREATED, "another client has its own allowance");
    assert_eq!(shop.send_from([10, 0, 0, 1], get(SIGNUPS_PATH)).await.status, StatusCode::OK, "reading is not limited");
}

#[tokio::test]
async fn the_list_is_paginated_newest_first_and_indexed() {
    let shop = shop();
    for n in 1..=7 {
        assert_eq!(shop.post(&welcome(n, &format!("p{n}@example.com"))).await.status, StatusCode::CREATED);
    }
    let mut seen = Vec::new();
    let mut query = "?limit=3".to_string();
    loop {
        let page = shop.list(&query).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(page.body["total"], 7);
        let emails: Vec<String> = page.body["signups"].as_array().expect("a list").iter().map(|s| s["email"].as_str().unwrap_or_default().to_string()).collect();
        assert!(emails.len() <= 3);
        seen.extend(emails);
        match page.body["next_before"].as_i64() {
            Some(cursor) => query = format!("?limit=3&before={cursor}"),
            None => break,
        }
    }
    let expected: Vec<String> = (1..=7).rev().map(|n| format!("p{n}@example.com")).collect();
    assert_eq!(seen, expected, "every sign-up once, newest first");
    assert_eq!(shop.list("").await.body["signups"].as_array().map(Vec::len), Some(7), "the first page without a limit holds 100");
    for bad in ["?limit=0", "?limit=501", "?limit=x", "?before=-1", "?before=x"] {
        let field = if bad.contains("limit") { "limit" } else { "before" };
        assert_refused(&shop.list(bad).await, StatusCode::BAD_REQUEST, Some(field), bad);
    }
    // Counting attempts per sign-up goes through the index, not a scan of the attempts table.
    let connection = rusqlite::Connection::open(&shop.path).expect("opens");
    let plan: Vec<String> = connection
        .prepare("EXPLAIN QUERY PLAN SELECT (SELECT count(*) FROM attempts WHERE signup_id = signups.id) FROM signups")
        .expect("a plan")
        .query_map([], |row| row.get::<_, String>(3))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("plan rows");
    assert!(plan.iter().any(|step| step.contains("INDEX attempts_by_signup")), "{plan:?}");
}

#[tokio::test]
async fn a_reader_in_the_middle_of_a_read_does_not_hold_up_a_sign_up() {
    let shop = shop();
    assert_eq!(shop.post(&welcome(1, "r1@example.com")).await.status, StatusCode::CREATED);
    // A read transaction kept open, as a long list query would.
    let reader = rusqlite::Connection::open(&shop.path).expect("opens");
    reader.execute_batch("BEGIN; SELECT count(*) FROM signups;").expect("a read transaction");
    let answer = tokio::time::timeout(Duration::from_secs(60), shop.post(&welcome(2, "r2@example.com"))).await.expect("not blocked");
    assert_eq!(answer.status, StatusCode::CREATED);
    let seen: i64 = reader.query_row("SELECT count(*) FROM signups", [], |row| row.get(0)).expect("count");
    assert_eq!(seen, 1, "the reader keeps its snapshot");
    reader.execute_batch("COMMIT").expect("ends");
    assert_eq!(shop.list("").await.body["total"], 2);
}

#[tokio::test]
async fn a_stored_row_of_the_wrong_types_does_not_blank_the_list() {
    let shop = shop();
    assert_eq!(shop.post(&welcome(1, "fine@example.com")).await.status, StatusCode::CREATED);
    let connection = rusqlite::Connection::open(&shop.path).expect("opens");
    connection
        .execute_batch(
            "INSERT INTO signups (id, shop, campaign, email, consent_given, offer_label, page, locale, timestamp, cart,
                                  restore_url, prize_index, report)
             VALUES ('legacy', 'acme', 'exit', 'legacy@example.com', 'yes', 'x', 'p', 'en', 't', '{\"items\": [',
                     'javascript:window.x=1', 'first', x'00ff');",
        )
        .expect("a legacy row");
    let list = shop.list("").await;
    assert_eq!(list.status, StatusCode::OK);
    let legacy = &list.body["signups"][0];
    assert_eq!((&legacy["email"], &legacy["consent"]["given"], &legacy["cart"]), (&json!("legacy@example.com"), &json!(false), &Value::Null));
    assert_eq!(legacy["prize"]["index"], "first");
    assert_eq!(list.body["signups"][1]["email"], "fine@example.com");
}
