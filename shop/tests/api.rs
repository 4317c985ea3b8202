//! The preview shop's HTTP API against a real SQLite file.
// Test code throughout, helpers included: clippy.toml's allowances reach only #[test] functions.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::atomic::{AtomicU32, Ordering};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use doorman_shop::{app, Db, Paths, Policy, Shop, SIGNUPS_PATH};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

fn shop() -> (Router, std::path::PathBuf) {
    shop_with(Policy::default())
}

fn shop_with(policy: Policy) -> (Router, std::path::PathBuf) {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let path = std::env::temp_dir().join(format!("doorman-shop-test-{}-{}.sqlite", std::process::id(), NEXT.fetch_add(1, Ordering::SeqCst)));
    let _ = std::fs::remove_file(&path);
    let db = Db::open(&path).expect("database opens");
    let paths = Paths { www: "../www".into(), dist: "../dist".into(), fixtures: None };
    let prizes = doorman::prize::parse_prizes(doorman_shop::DEFAULT_PRIZES).expect("prizes");
    (app(Shop::with_policy(db, prizes, policy), &paths), path)
}

/// Sends `request` as a client at 127.0.0.1 would reach the shop at 127.0.0.1:8080.
async fn send(router: &Router, mut request: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Value) {
    request.extensions_mut().insert(axum::extract::ConnectInfo(std::net::SocketAddr::from(([127, 0, 0, 1], 50000))));
    request.headers_mut().insert(header::HOST, axum::http::HeaderValue::from_static("127.0.0.1:8080"));
    let response = router.clone().oneshot(request).await.expect("a response");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.expect("a body").to_bytes();
    (status, headers, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

fn post_json(uri: &str, body: &Value) -> Request<Body> {
    Request::post(uri).header(header::CONTENT_TYPE, "application/json").body(Body::from(body.to_string())).expect("request")
}

fn get(uri: &str, cookie: Option<&str>) -> Request<Body> {
    let mut request = Request::get(uri);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.body(Body::empty()).expect("request")
}

fn signup(id: &str, email: &str) -> Value {
    json!({
        "id": id, "shop": "acme", "campaign": "welcome", "email": email,
        "consent": { "given": true, "text": "Yes." },
        "offer": { "label": "15% off your first order", "code": "WELCOME15" },
        "page": "https://acme.example/", "locale": "en-GB", "timestamp": "2026-11-23T10:00:00.000Z"
    })
}

const ID_A: &str = "0f8c2c1e-6a3b-4c1d-9d2e-5b7f3a9c8e11";
const ID_B: &str = "1f8c2c1e-6a3b-4c1d-9d2e-5b7f3a9c8e11";

#[tokio::test]
async fn a_signup_is_stored_once_and_the_same_email_gets_the_same_code() {
    let (router, path) = shop();
    let (status, _, first) = send(&router, post_json(SIGNUPS_PATH, &signup(ID_A, "ada@example.com"))).await;
    assert_eq!(status, StatusCode::CREATED);
    let code = first["code"].as_str().expect("a code").to_string();
    assert!(code.starts_with("WELCOME-") && code.len() == 16, "{code}");

    let (status, _, repeat) = send(&router, post_json(SIGNUPS_PATH, &signup(ID_A, "ada@example.com"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(repeat["duplicate"], true);
    assert_eq!(repeat["code"], code.as_str());

    let (_, _, other) = send(&router, post_json(SIGNUPS_PATH, &signup(ID_B, "ADA@example.com"))).await;
    assert_eq!(other["code"], code.as_str(), "one code per email, whatever its case");

    let (_, _, list) = send(&router, get(SIGNUPS_PATH, None)).await;
    let signups = list["signups"].as_array().expect("a list");
    assert_eq!(signups.len(), 2);
    let stored = signups.iter().find(|s| s["id"] == ID_A).expect("stored");
    assert_eq!(stored["consent"], json!({ "given": true, "text": "Yes." }));
    assert_eq!(stored["offer"]["code"], "WELCOME15");
    assert_eq!(stored["attempts"], 2);
    let _ = std::fs::remove_file(path);
}

#[tokio::test]
async fn an_id_already_another_signups_is_a_conflict_and_hands_out_no_code() {
    // A shop fuzz: the same id with another email was answered as a repeat, with the first
    // shopper's code, and the second sign-up was lost without a word.
    let (router, path) = shop();
    let (_, _, first) = send(&router, post_json(SIGNUPS_PATH, &signup(ID_A, "ada@example.com"))).await;
    let code = first["code"].as_str().expect("a code").to_string();
    let mut exit = signup(ID_A, "ada@example.com");
    exit["campaign"] = json!("exit");
    let mut other_shop = signup(ID_A, "ada@example.com");
    other_shop["shop"] = json!("globex");
    for (what, body) in [("another email", signup(ID_A, "grace@example.com")), ("another campaign", exit), ("another shop", other_shop)] {
        let (status, _, answer) = send(&router, post_json(SIGNUPS_PATH, &body)).await;
        assert_eq!((status, answer["field"].clone()), (StatusCode::CONFLICT, json!("id")), "{what}: {answer}");
        assert!(!answer.to_string().contains(&code), "{what}: no code of another shopper's: {answer}");
    }
    // The same shopper's retry, the email's case aside, and with a newer widget's other fields.
    let mut retry = signup(ID_A, "Ada@Example.com");
    retry["variant"] = json!("b");
    retry["timestamp"] = json!("2026-11-23T10:00:05.000Z");
    let (status, _, repeat) = send(&router, post_json(SIGNUPS_PATH, &retry)).await;
    assert_eq!((status, repeat["code"].clone(), repeat["duplicate"].clone()), (StatusCode::OK, json!(code), json!(true)));
    let (_, _, list) = send(&router, get(SIGNUPS_PATH, None)).await;
    let signups = list["signups"].as_array().expect("a list");
    assert_eq!(signups.len(), 1);
    assert_eq!((signups[0]["email"].clone(), signups[0]["campaign"].clone()), (json!("ada@example.com"), json!("welcome")));
    assert_eq!(signups[0]["attempts"], 2, "the conflicts are not the sign-up's attempts");
    let _ = std::fs::remove_file(path);
}

#[tokio::test]
async fn bad_signups_get_a_clear_json_error() {
    let (router, path) = shop();
    let table = [
        (json!({ "email": "x" }), StatusCode::BAD_REQUEST, Value::Null, "not a Doorman sign-up"),
        (signup(ID_A, "not-an-email"), StatusCode::UNPROCESSABLE_ENTITY, json!("email"), "not a valid email"),
        (signup("123", "ada@example.com"), StatusCode::UNPROCESSABLE_ENTITY, json!("id"), "not a UUID"),
    ];
    for (body, expected_status, field, message) in table {
        let (status, _, answer) = send(&router, post_json(SIGNUPS_PATH, &body)).await;
        assert_eq!(status, expected_status, "{body}");
        assert_eq!(answer["field"], field);
        assert!(answer["error"].as_str().is_some_and(|e| e.contains(message)), "{answer}");
    }
    let (_, _, list) = send(&router, get(SIGNUPS_PATH, None)).await;
    assert_eq!(list["signups"], json!([]));
    let _ = std::fs::remove_file(path);
}

#[tokio::test]
async fn fail_n_fails_each_signup_n_times_then_stores_it() {
    let (router, path) = shop();
    let uri = format!("{SIGNUPS_PATH}?fail=2");
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(send(&router, post_json(&uri, &signup(ID_A, "ada@example.com"))).await.0.as_u16());
    }
    assert_eq!(statuses, [503, 503, 201, 200]);
    let db = Db::open(&path).expect("reopens");
    assert_eq!(db.attempts(ID_A).expect("attempts"), 4);
    assert_eq!(db.signups().expect("signups").len(), 1);
    let _ = std::fs::remove_file(path);
}

#[tokio::test]
async fn the_cart_lives_in_a_cookie_and_discount_links_redirect_home_only() {
    let (router, path) = shop();
    let (status, headers, line) = send(&router, post_json("/cart/add.js", &json!({ "id": 40001, "quantity": 2 }))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(line["quantity"], 2);
    let cookie = headers[header::SET_COOKIE].to_str().expect("a cookie").split(';').next().expect("a pair").to_string();
    assert_eq!(cookie, "cart=40001:2");

    let (_, headers, _) = send(&router, Request::post("/cart/add.js").header(header::COOKIE, &cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded").body(Body::from("id=40002&quantity=1")).expect("request")).await;
    let cookie = headers[header::SET_COOKIE].to_str().expect("a cookie").split(';').next().expect("a pair").to_string();
    let (_, _, cart) = send(&router, get("/cart.js", Some(&format!("{cookie}; discount_code=WELCOME15")))).await;
    assert_eq!(cart["item_count"], 3);
    assert_eq!(cart["total_price"], 2 * 1900 + 3400);
    assert_eq!(cart["items"][1]["variant_id"], 40002);
    assert_eq!(cart["discount_codes"], json!([{ "code": "WELCOME15", "applicable": true }]));

    let (status, _, error) = send(&router, post_json("/cart/add.js", &json!({ "id": 99 }))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error["description"], "Cannot find variant 99");

    for (uri, location) in [
        ("/discount/WELCOME15?redirect=%2Fproducts%2Fmug", "/products/mug"),
        ("/discount/WELCOME15?redirect=https%3A%2F%2Fevil.example%2F", "/"),
        ("/discount/WELCOME15?redirect=%2F%2Fevil.example", "/"),
    ] {
        let (status, headers, _) = send(&router, get(uri, None)).await;
        assert_eq!(status, StatusCode::FOUND);
        assert_eq!(headers[header::LOCATION], location);
        assert!(headers[header::SET_COOKIE].to_str().expect("a cookie").starts_with("discount_code=WELCOME15;"));
    }
    let _ = std::fs::remove_file(path);
}

#[tokio::test]
async fn a_cart_past_u32_items_still_answers_and_quantity_0_adds_nothing() {
    // A link anyone can send: the count summed past u32 and /cart.js answered nothing for 14 days.
    let (router, path) = shop();
    let cookie = "cart=40001:4294967295,40002:1";
    let (status, _, cart) = send(&router, get("/cart.js", Some(cookie))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cart["item_count"], 4_294_967_296u64);
    assert_eq!(cart["items"].as_array().map(Vec::len), Some(2));
    let (status, headers, _) = send(&router, post_json("/cart/add.js", &json!({ "id": 40001, "quantity": 0 }))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::SET_COOKIE].to_str().expect("a cookie").split(';').next(), Some("cart="));
    let _ = std::fs::remove_file(path);
}

#[tokio::test]
async fn an_exit_signup_keeps_its_cart_and_the_permalink_restores_it() {
    // The storefront at acme.example is one the shop lets restore links point to.
    let (router, path) = shop_with(Policy { origins: vec!["https://acme.example".into()], ..Policy::default() });
    let mut report = signup(ID_A, "leaving@example.com");
    report["campaign"] = json!("exit");
    report["offer"] = json!({ "label": "Free shipping", "code": "FREESHIP" });
    report["cart"] = json!({
        "items": [{ "variant_id": 40001, "quantity": 2, "title": "Stoneware Mug", "unit_price": 1900 }],
        "currency": "EUR", "total": 3800
    });
    report["restore_url"] = json!("https://acme.example/cart/40001:2?discount=FREESHIP");
    let (status, _, answer) = send(&router, post_json(SIGNUPS_PATH, &report)).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(answer["code"], Value::Null, "exit sign-ups bring their own incentive code");
    let (_, _, list) = send(&router, get(SIGNUPS_PATH, None)).await;
    let stored = &list["signups"][0];
    assert_eq!(stored["cart"]["items"][0]["variant_id"], 40001);
    assert_eq!(stored["cart"]["total"], 3800);
    assert_eq!(stored["restore_url"], "https://acme.example/cart/40001:2?discount=FREESHIP");

    let (status, headers, _) = send(&router, get("/cart/40001:2,40003:1?discount=FREESHIP", Some("cart=40002:5"))).await;
    assert_eq!(status, StatusCode::FOUND);
    assert_eq!(headers[header::LOCATION], "/?cart=restored");
    let cookies: Vec<&str> = headers.get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).collect();
    assert!(cookies.iter().any(|c| c.starts_with("cart=40001:2,40003:1;")), "{cookies:?}");
    assert!(cookies.iter().any(|c| c.starts_with("discount_code=FREESHIP;")), "{cookies:?}");
    let (status, _, _) = send(&router, get("/cart/99999:1", None)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let _ = std::fs::remove_file(path);
}

#[tokio::test]
async fn the_shop_draws_a_game_prize_once_with_a_code_of_its_own() {
    let (router, path) = shop();
    let mut report = signup(ID_A, "spinner@example.com");
    report["campaign"] = json!("wheel");
    report["offer"] = json!({ "label": "Spin to win!", "code": null });
    let (status, _, first) = send(&router, post_json(SIGNUPS_PATH, &report)).await;
    assert_eq!(status, StatusCode::CREATED);
    let index = first["prize"]["index"].as_u64().expect("a prize index") as usize;
    let table = doorman::prize::parse_prizes(doorman_shop::DEFAULT_PRIZES).expect("prizes");
    assert_eq!(first["prize"]["label"], table[index].label.as_str());
    match &table[index].code {
        Some(prefix) => {
            let code = first["code"].as_str().expect("a unique code");
            assert!(code.starts_with(&format!("{prefix}-")) && code.len() == prefix.len() + 7, "{code}");
            assert_eq!(first["prize"]["code"], code);
        }
        None => assert_eq!(first["code"], Value::Null),
    }
    let (_, _, again) = send(&router, post_json(SIGNUPS_PATH, &report)).await;
    assert_eq!(again["prize"], first["prize"], "a retried delivery gets the same prize");

    let mut local = signup(ID_B, "local@example.com");
    local["campaign"] = json!("scratch");
    local["prize"] = json!({ "index": 1, "label": "Free shipping", "code": "FREESHIP" });
    let (_, _, answer) = send(&router, post_json(SIGNUPS_PATH, &local)).await;
    assert_eq!(answer["prize"], json!({ "index": 1, "label": "Free shipping", "code": "FREESHIP" }), "a page's draw is kept");
    let (_, _, list) = send(&router, get(SIGNUPS_PATH, None)).await;
    assert_eq!(list["signups"].as_array().map(Vec::len), Some(2));
    let _ = std::fs::remove_file(path);
}
