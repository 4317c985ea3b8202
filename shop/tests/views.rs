//! View reports, variants on sign-ups and the statistics per campaign and variant, over HTTP
//! against a real SQLite file (README, "View reports").
// Test code throughout, helpers included: clippy.toml's allowances reach only #[test] functions.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderValue, Request, StatusCode};
use doorman_shop::{Db, Policy, SIGNUPS_PATH, STATS_PATH, VIEWS_PATH};
use serde_json::{json, Value};

mod common;

use common::*;

fn shop_with(policy: Policy) -> TestShop {
    open_at(fresh_path("views"), policy)
}

fn shop() -> TestShop {
    shop_with(Policy { origins: vec![STOREFRONT.into()], burst: 1000, ..Policy::default() })
}

/// What these tests send and read.
trait Views {
    async fn views(&self, body: &Value) -> Answer;
    async fn signup(&self, body: &Value) -> Answer;
    async fn stats(&self) -> Vec<Value>;
}

impl Views for TestShop {
    async fn views(&self, body: &Value) -> Answer {
        self.send(post_json(VIEWS_PATH, body)).await
    }

    async fn signup(&self, body: &Value) -> Answer {
        self.send(post_json(SIGNUPS_PATH, body)).await
    }

    async fn stats(&self) -> Vec<Value> {
        let answer = self.send(Request::get(STATS_PATH).body(Body::empty()).expect("request")).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        answer.body["stats"].as_array().cloned().expect("a list of stats")
    }

}

fn id(n: u32) -> String {
    format!("{n:08x}-7b3c-4d2e-8f10-2a3b4c5d6e7f")
}

fn view(campaign: &str, variant: &str) -> Value {
    json!({ "campaign": campaign, "variant": variant, "path": "/products/mug", "at": "2026-11-30T10:15:30.123Z" })
}

fn batch(n: u32, views: Vec<Value>) -> Value {
    json!({ "id": id(n), "shop": "acme", "views": views })
}

fn signup(n: u32, campaign: &str, variant: Value) -> Value {
    let mut report = json!({
        "id": format!("{n:08x}-6a3b-4c1d-9d2e-5b7f3a9c8e11"), "shop": "acme", "campaign": campaign,
        "email": format!("shopper{n}@example.com"),
        "consent": { "given": false, "text": null },
        "offer": { "label": "15% off your first order", "code": null },
        "page": "http://127.0.0.1:8080/", "locale": "en-GB", "timestamp": "2026-11-30T10:00:00.000Z"
    });
    if !variant.is_null() {
        report["variant"] = variant;
    }
    report
}

/// The statistics row of `campaign` and `variant` (`None` for sign-ups without a variant).
fn row<'a>(stats: &'a [Value], campaign: &str, variant: Option<&str>) -> &'a Value {
    stats.iter().find(|r| r["campaign"] == campaign && r["variant"] == json!(variant)).unwrap_or_else(|| panic!("{campaign} {variant:?} in {stats:?}"))
}

#[tokio::test]
async fn a_batch_is_stored_once_and_a_retry_counts_once() {
    let shop = shop();
    let views = vec![view("welcome", "a"), view("welcome", "b"), view("exit", "a")];
    let first = shop.views(&batch(1, views.clone())).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    assert_eq!(first.body, json!({ "id": id(1), "accepted": 3, "duplicate": false }));
    let again = shop.views(&batch(1, views.clone())).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.body, json!({ "id": id(1), "accepted": 3, "duplicate": true }));
    // The same id in capitals is the same batch, even with other contents.
    let mut upper = batch(1, vec![view("wheel", "c")]);
    upper["id"] = json!(id(1).to_uppercase());
    let shouted = shop.views(&upper).await;
    assert_eq!((shouted.status, &shouted.body["id"], &shouted.body["accepted"]), (StatusCode::OK, &json!(id(1)), &json!(3)));
    assert_eq!(shop.sql::<i64>("SELECT count(*) FROM views"), 3);
    assert_eq!(shop.sql::<i64>("SELECT count(*) FROM view_batches"), 1);
    let stored: String = shop.sql("SELECT campaign || ' ' || variant || ' ' || path || ' ' || at FROM views WHERE campaign = 'exit'");
    assert_eq!(stored, "exit a /products/mug 2026-11-30T10:15:30.123Z");
    // Fifty views, every campaign and variant: the largest batch there is.
    let all: Vec<Value> =
        (0..50).map(|i| view(["welcome", "exit", "wheel", "scratch"][i % 4], ["a", "b", "c", "d"][i / 4 % 4])).collect();
    assert_eq!(shop.views(&batch(2, all)).await.body["accepted"], 50);
    assert_eq!(shop.sql::<i64>("SELECT count(*) FROM views"), 53);
}

#[tokio::test]
async fn every_field_of_a_batch_is_checked_and_nothing_personal_gets_in() {
    let shop = shop();
    let with_view = |key: &str, value: Value| {
        let mut one = view("welcome", "a");
        if value.is_null() && key.starts_with('-') {
            one.as_object_mut().expect("an object").remove(&key[1..]);
        } else {
            one[key] = value;
        }
        batch(9, vec![view("exit", "b"), one])
    };
    let with_batch = |key: &str, value: Value| {
        let mut whole = batch(9, vec![view("welcome", "a")]);
        whole[key] = value;
        whole
    };
    let mut missing_id = batch(9, vec![view("welcome", "a")]);
    missing_id.as_object_mut().expect("an object").remove("id");
    let table: Vec<(Value, Option<&str>)> = vec![
        (with_view("campaign", json!("giveaway")), Some("campaign")),
        (with_view("campaign", json!("Welcome")), Some("campaign")),
        (with_view("campaign", json!(1)), Some("campaign")),
        (with_view("campaign", Value::Null), Some("campaign")),
        (with_view("-campaign", Value::Null), Some("campaign")),
        (with_view("variant", json!("e")), Some("variant")),
        (with_view("variant", json!("A")), Some("variant")),
        (with_view("variant", json!("ab")), Some("variant")),
        (with_view("variant", json!("")), Some("variant")),
        (with_view("variant", json!(0)), Some("variant")),
        (with_view("variant", Value::Null), Some("variant")),
        (with_view("-variant", Value::Null), Some("variant")),
        (with_view("path", json!("/account?email=ada@example.com")), Some("path")),
        (with_view("path", json!("/products/mug?utm_source=mail")), Some("path")),
        (with_view("path", json!("/products/mug#reviews")), Some("path")),
        (with_view("path", json!("https://acme.example/products/mug")), Some("path")),
        (with_view("path", json!("products/mug")), Some("path")),
        (with_view("path", json!("")), Some("path")),
        (with_view("path", json!("/products/a mug")), Some("path")),
        (with_view("path", json!("/products/\u{0}")), Some("path")),
        (with_view("path", json!("/produits/thé")), Some("path")),
        (with_view("path", json!("/account/ada@example.com")), Some("path")),
        (with_view("path", json!("/pages/ada%40example.com/orders")), Some("path")),
        (with_view("path", json!("/pages/ADA%40EXAMPLE.COM")), Some("path")),
        (with_view("path", json!("/u/ada%2540example.com")), Some("path")),
        (with_view("path", json!("/u/ada%EF%BC%A0example.com")), Some("path")),
        (with_view("path", json!("/account/reset/6281746727093/8f3a9c-1796348713")), Some("path")),
        (with_view("path", json!("/%61ccount/orders/b1946ac92492d2347c6235b4d2611184")), Some("path")),
        (with_view("path", json!("/account%2Forders%2Fb1946ac92492d2347c6235b4d2611184")), Some("path")),
        (with_view("path", json!("/u/ada%2540example%2Ecom")), Some("path")),
        (with_view("path", json!(format!("/{}", "x".repeat(1024)))), Some("path")),
        (with_view("-path", Value::Null), Some("path")),
        (with_view("at", json!("yesterday")), Some("at")),
        (with_view("at", json!("2026-11-30T10:15:30.123")), Some("at")),
        (with_view("at", json!("2026-11-30T10:15:30.123+01:00")), Some("at")),
        (with_view("at", json!("2026-13-30T10:15:30.123Z")), Some("at")),
        (with_view("at", json!(1_796_000_000_000_u64)), Some("at")),
        (with_view("-at", Value::Null), Some("at")),
        (with_view("email", json!("ada@example.com")), None),
        (with_view("page", json!("https://acme.example/?email=ada@example.com")), None),
        (batch(9, vec![json!("welcome")]), Some("views")),
        (batch(9, vec![]), Some("views")),
        (batch(9, vec![view("welcome", "a"); 51]), Some("views")),
        (with_batch("views", json!({ "campaign": "welcome" })), Some("views")),
        (with_batch("views", Value::Null), Some("views")),
        (with_batch("id", json!("not-a-uuid")), Some("id")),
        (with_batch("id", json!(12)), Some("id")),
        (missing_id, Some("id")),
        (with_batch("shop", json!("<b>acme</b>")), Some("shop")),
        (with_batch("shop", json!("")), Some("shop")),
        (with_batch("shop", Value::Null), Some("shop")),
        (with_batch("email", json!("ada@example.com")), None),
    ];
    for (body, field) in &table {
        let answer = shop.views(body).await;
        assert_refused(&answer, StatusCode::UNPROCESSABLE_ENTITY, *field, &body.to_string());
    }
    // The message says which view was wrong.
    let answer = shop.views(&with_view("variant", json!("e"))).await;
    assert!(answer.body["error"].as_str().is_some_and(|e| e.starts_with("views[1]")), "{}", answer.body);
    for body in ["", "not json", "[]", "\"views\""] {
        let request = Request::post(VIEWS_PATH).header(header::CONTENT_TYPE, "application/json").body(Body::from(body));
        assert_refused(&shop.send(request.expect("request")).await, StatusCode::BAD_REQUEST, None, body);
    }
    assert_eq!(shop.sql::<i64>("SELECT count(*) FROM views"), 0, "nothing refused is stored");
    assert_eq!(shop.sql::<i64>("SELECT count(*) FROM view_batches"), 0);
    // A path at the limit and the widest percent-encoded path pass.
    let longest = format!("/{}", "x".repeat(1023));
    // (`@` aside: a segment that holds one may be an email, which the widget sends as `(redacted)`.)
    let encoded = "/produits/th%C3%A9/~a-b_c.d!$&'()*+,;=:";
    for (n, path) in [(20, longest.as_str()), (21, encoded), (22, "/"), (23, "/account/(redacted)"), (24, "/collections/40-percent-off")] {
        let mut one = view("welcome", "a");
        one["path"] = json!(path);
        assert_eq!(shop.views(&batch(n, vec![one])).await.status, StatusCode::CREATED, "{path}");
    }
}

#[tokio::test]
async fn views_are_json_only_and_bounded_in_size() {
    let shop = shop();
    let body = batch(1, vec![view("welcome", "a")]).to_string();
    for content_type in [Some("text/plain"), Some("application/x-www-form-urlencoded"), Some("multipart/form-data; boundary=x"), Some("application/jsonx"), None] {
        let mut request = Request::post(VIEWS_PATH);
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        let answer = shop.send(request.body(Body::from(body.clone())).expect("request")).await;
        assert_refused(&answer, StatusCode::UNSUPPORTED_MEDIA_TYPE, None, &format!("{content_type:?}"));
    }
    let mut huge = batch(2, vec![view("welcome", "a")]);
    huge["padding"] = json!("x".repeat(doorman_shop::validate::MAX_BODY));
    assert_eq!(shop.views(&huge).await.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(shop.sql::<i64>("SELECT count(*) FROM views"), 0);
    let request = Request::post(VIEWS_PATH).header(header::CONTENT_TYPE, "Application/JSON; charset=utf-8").body(Body::from(body));
    assert_eq!(shop.send(request.expect("request")).await.status, StatusCode::CREATED);
}

#[tokio::test]
async fn views_are_postable_by_the_storefronts_and_stats_readable_by_the_shop_only() {
    let shop = shop();
    let preflight = |origin: &str| preflight(VIEWS_PATH, origin);
    let allowed = shop.send(preflight(STOREFRONT)).await;
    assert_eq!(allowed.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).map(|v| v.as_bytes()), Some(STOREFRONT.as_bytes()));
    for origin in ["https://evil.example", "null", "https://storefront.example.evil.example"] {
        let refused = shop.send(preflight(origin)).await;
        assert!(!refused.headers.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN), "{origin}: {:?}", refused.headers);
    }
    let mut post = post_json(VIEWS_PATH, &batch(1, vec![view("welcome", "a")]));
    post.headers_mut().insert(header::ORIGIN, HeaderValue::from_static(STOREFRONT));
    let answer = shop.send(post).await;
    assert_eq!(answer.status, StatusCode::CREATED);
    assert_eq!(answer.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).map(|v| v.as_bytes()), Some(STOREFRONT.as_bytes()));
    let mut evil = post_json(VIEWS_PATH, &batch(2, vec![view("welcome", "a")]));
    evil.headers_mut().insert(header::ORIGIN, HeaderValue::from_static("https://evil.example"));
    assert!(!shop.send(evil).await.headers.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN));
    for origin in ["https://evil.example", STOREFRONT, "null"] {
        let answer = shop.send(Request::get(STATS_PATH).header(header::ORIGIN, origin).body(Body::empty()).expect("request")).await;
        assert_eq!(answer.status, StatusCode::OK);
        assert!(!answer.headers.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN), "stats from {origin}: {:?}", answer.headers);
    }
}

#[tokio::test]
async fn views_are_rate_limited_per_client_apart_from_sign_ups() {
    let shop = shop_with(Policy { burst: 3, refill: Duration::from_secs(60), ..Policy::default() });
    for n in 1..=3 {
        assert_eq!(shop.send_from([10, 0, 0, 1], post_json(VIEWS_PATH, &batch(n, vec![view("welcome", "a")]))).await.status, StatusCode::CREATED);
    }
    let limited = shop.send_from([10, 0, 0, 1], post_json(VIEWS_PATH, &batch(4, vec![view("welcome", "a")]))).await;
    assert_refused(&limited, StatusCode::TOO_MANY_REQUESTS, None, "fourth batch in a burst of 3");
    let retry_after: u64 = limited.headers[header::RETRY_AFTER].to_str().expect("text").parse().expect("seconds");
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    assert_eq!(shop.sql::<i64>("SELECT count(*) FROM views"), 3);
    let other = shop.send_from([10, 0, 0, 2], post_json(VIEWS_PATH, &batch(5, vec![view("welcome", "a")]))).await;
    assert_eq!(other.status, StatusCode::CREATED, "another client has its own allowance");
    let signup = shop.send_from([10, 0, 0, 1], post_json(SIGNUPS_PATH, &signup(1, "welcome", json!("a")))).await;
    assert_eq!(signup.status, StatusCode::CREATED, "views never use up the sign-ups' allowance: {}", signup.body);
}

#[tokio::test]
async fn sign_ups_name_a_variant_from_a_to_d_or_none() {
    let shop = shop();
    for (n, variant) in (1..).zip([json!("e"), json!("A"), json!(""), json!("ab"), json!(1), json!(["a"]), json!({ "a": 1 }), json!(true)]) {
        assert_refused(&shop.signup(&signup(n, "welcome", variant.clone())).await, StatusCode::UNPROCESSABLE_ENTITY, Some("variant"), &variant.to_string());
    }
    assert_eq!(shop.sql::<i64>("SELECT count(*) FROM signups"), 0);
    for (n, variant) in (20..).zip(["a", "b", "c", "d"]) {
        assert_eq!(shop.signup(&signup(n, "welcome", json!(variant))).await.status, StatusCode::CREATED, "{variant}");
    }
    // Absent (an older widget) and null are both "no variant".
    assert_eq!(shop.signup(&signup(30, "welcome", Value::Null)).await.status, StatusCode::CREATED);
    let mut null = signup(31, "exit", Value::Null);
    null["campaign"] = json!("welcome");
    null["variant"] = Value::Null;
    assert_eq!(shop.signup(&null).await.status, StatusCode::CREATED);
    let stored: String = shop.sql("SELECT group_concat(coalesce(variant, '-'), '') FROM (SELECT variant FROM signups ORDER BY rowid)");
    assert_eq!(stored, "abcd--");
    let list = shop.send(Request::get(SIGNUPS_PATH).body(Body::empty()).expect("request")).await;
    let listed: Vec<Value> = list.body["signups"].as_array().expect("a list").iter().map(|s| s["variant"].clone()).collect();
    assert_eq!(listed, vec![Value::Null, Value::Null, json!("d"), json!("c"), json!("b"), json!("a")], "the list names each variant");
}

#[tokio::test]
async fn stats_count_views_and_sign_ups_per_campaign_and_variant() {
    let shop = shop();
    assert_eq!(shop.stats().await, Vec::<Value>::new(), "nothing yet");
    // welcome a: 4 views, 1 sign-up; welcome b: 2 views (one batch retried), 1 sign-up;
    // wheel c: 3 views, none; exit a: a sign-up but no views; welcome: one sign-up of no variant.
    let first = vec![view("welcome", "a"), view("welcome", "a"), view("welcome", "b"), view("wheel", "c")];
    assert_eq!(shop.views(&batch(1, first.clone())).await.status, StatusCode::CREATED);
    assert_eq!(shop.views(&batch(1, first)).await.status, StatusCode::OK);
    let second = vec![view("welcome", "a"), view("welcome", "a"), view("welcome", "b"), view("wheel", "c"), view("wheel", "c")];
    assert_eq!(shop.views(&batch(2, second)).await.status, StatusCode::CREATED);
    for (n, campaign, variant) in [(1, "welcome", json!("a")), (2, "welcome", json!("b")), (3, "exit", json!("a")), (4, "welcome", Value::Null)] {
        let answer = shop.signup(&signup(n, campaign, variant)).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    }
    // A retried sign-up counts once too.
    assert_eq!(shop.signup(&signup(1, "welcome", json!("a"))).await.status, StatusCode::OK);
    let stats = shop.stats().await;
    let order: Vec<(Value, Value)> = stats.iter().map(|r| (r["campaign"].clone(), r["variant"].clone())).collect();
    assert_eq!(
        order,
        vec![
            (json!("exit"), json!("a")),
            (json!("welcome"), json!("a")),
            (json!("welcome"), json!("b")),
            (json!("welcome"), Value::Null),
            (json!("wheel"), json!("c")),
        ]
    );
    assert_eq!(row(&stats, "welcome", Some("a")), &json!({ "campaign": "welcome", "variant": "a", "views": 4, "signups": 1, "rate": 0.25 }));
    assert_eq!(row(&stats, "welcome", Some("b")), &json!({ "campaign": "welcome", "variant": "b", "views": 2, "signups": 1, "rate": 0.5 }));
    assert_eq!(row(&stats, "wheel", Some("c")), &json!({ "campaign": "wheel", "variant": "c", "views": 3, "signups": 0, "rate": 0.0 }));
    assert_eq!(row(&stats, "exit", Some("a")), &json!({ "campaign": "exit", "variant": "a", "views": 0, "signups": 1, "rate": null }), "no views: no rate");
    assert_eq!(row(&stats, "welcome", None), &json!({ "campaign": "welcome", "variant": null, "views": 0, "signups": 1, "rate": null }));
}

#[tokio::test]
async fn stats_stay_on_the_indexes_at_a_hundred_thousand_views() {
    let shop = shop();
    {
        let mut connection = rusqlite::Connection::open(&shop.path).expect("opens");
        let transaction = connection.transaction().expect("a transaction");
        {
            let mut insert = transaction
                .prepare("INSERT INTO views (batch_id, campaign, variant, path, at) VALUES ('bulk', ?1, ?2, '/products/mug', '2026-11-30T10:15:30.123Z')")
                .expect("prepared");
            for i in 0..100_000_usize {
                insert.execute([["welcome", "exit", "wheel", "scratch"][i % 4], ["a", "b"][i / 4 % 2]]).expect("inserted");
            }
        }
        transaction.commit().expect("committed");
    }
    for n in 1..=10 {
        assert_eq!(shop.signup(&signup(n, "welcome", json!("b"))).await.status, StatusCode::CREATED);
    }
    let stats = shop.stats().await;
    assert_eq!(stats.len(), 8);
    let total: i64 = stats.iter().filter_map(|r| r["views"].as_i64()).sum();
    assert_eq!(total, 100_000);
    assert_eq!(row(&stats, "welcome", Some("b")), &json!({ "campaign": "welcome", "variant": "b", "views": 12_500, "signups": 10, "rate": 0.0008 }));
    // Each side is counted from its index alone: no pass over either table.
    let connection = rusqlite::Connection::open(&shop.path).expect("opens");
    let plan: Vec<String> = connection
        .prepare(&format!("EXPLAIN QUERY PLAN {}", doorman_shop::db::STATS_SQL))
        .expect("a plan")
        .query_map([], |row| row.get::<_, String>(3))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("plan rows");
    assert!(plan.iter().any(|step| step.contains("SCAN views USING COVERING INDEX views_by_campaign_variant")), "{plan:?}");
    assert!(plan.iter().any(|step| step.contains("SCAN signups USING COVERING INDEX signups_by_campaign_variant")), "{plan:?}");
    assert!(!plan.iter().any(|step| step == "SCAN views" || step == "SCAN signups"), "{plan:?}");
}

#[tokio::test]
async fn an_older_database_gets_the_variant_column() {
    let path = fresh_path("views");
    {
        // The sign-up table as shops stored it before variants, with one sign-up in it.
        let connection = rusqlite::Connection::open(&path).expect("opens");
        connection
            .execute_batch(
                "CREATE TABLE signups (
                     id TEXT PRIMARY KEY,
                     received_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
                     shop TEXT NOT NULL, campaign TEXT NOT NULL, email TEXT NOT NULL, consent_given INTEGER NOT NULL,
                     consent_text TEXT, offer_label TEXT NOT NULL, offer_code TEXT, issued_code TEXT, page TEXT NOT NULL,
                     locale TEXT NOT NULL, timestamp TEXT NOT NULL, cart TEXT, restore_url TEXT, prize_index INTEGER,
                     prize_label TEXT, prize_code TEXT, report TEXT NOT NULL);
                 INSERT INTO signups (id, shop, campaign, email, consent_given, offer_label, page, locale, timestamp, report)
                 VALUES ('00000001-6a3b-4c1d-9d2e-5b7f3a9c8e11', 'acme', 'welcome', 'old@example.com', 0, 'x', 'http://x/', 'en',
                         '2026-11-01T00:00:00.000Z', '{}');",
            )
            .expect("an older database");
    }
    let shop = open_at(path.clone(), Policy { burst: 1000, ..Policy::default() });
    assert_eq!(shop.sql::<i64>("SELECT count(*) FROM pragma_table_info('signups') WHERE name = 'variant'"), 1);
    assert_eq!(shop.sql::<Option<String>>("SELECT variant FROM signups WHERE email = 'old@example.com'"), None);
    assert_eq!(shop.signup(&signup(2, "welcome", json!("c"))).await.status, StatusCode::CREATED);
    assert_eq!(shop.sql::<String>("SELECT variant FROM signups WHERE email = 'shopper2@example.com'"), "c");
    let stats = shop.stats().await;
    assert_eq!(row(&stats, "welcome", None)["signups"], 1, "the older sign-up counts as no variant: {stats:?}");
    assert_eq!(row(&stats, "welcome", Some("c"))["signups"], 1);
    // Opening it again changes nothing.
    Db::open(&path).expect("opens again");
    assert_eq!(shop.sql::<i64>("SELECT count(*) FROM signups"), 2);
    assert_eq!(shop.sql::<i64>("SELECT count(*) FROM pragma_table_info('signups') WHERE name = 'variant'"), 1);
}
