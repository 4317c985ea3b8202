//! The preview shop: serves the demo storefront and the built widget, and stands in for a shop
//! that receives Doorman's sign-ups (see README, "The preview shop").

pub mod cart;
pub mod db;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use doorman::prize::Prize;
use doorman::report::{valid_email, Report};
use serde::Deserialize;
use serde_json::json;
use tower_http::cors::CorsLayer;
use tower_http::services::ServeDir;

pub use db::Db;

pub const SIGNUPS_PATH: &str = "/apps/doorman/signups";

pub struct Paths {
    pub www: PathBuf,
    pub dist: PathBuf,
    pub fixtures: Option<PathBuf>,
}

/// The prize table of shop-decided games; the page lists the same labels in the same order.
pub const DEFAULT_PRIZES: &str = "10% off|SPIN10|30; Free shipping|FREESHIP|20; 5% off|SPIN5|40; No luck this time||10";

#[derive(Clone)]
pub struct Shop {
    db: Arc<Mutex<Db>>,
    prizes: Arc<Vec<Prize>>,
    /// Failed answers given so far per sign-up id, for `?fail=N`.
    failures: Arc<Mutex<HashMap<String, u32>>>,
    /// While set, the customer form answers with a bot-protection challenge, as Shopify can.
    challenge: Arc<std::sync::atomic::AtomicBool>,
}

impl Shop {
    pub fn new(db: Db, prizes: Vec<Prize>) -> Shop {
        Shop { db: Arc::new(Mutex::new(db)), prizes: Arc::new(prizes), failures: Arc::default(), challenge: Arc::default() }
    }
}

pub fn app(shop: Shop, paths: &Paths) -> Router {
    let mut router = Router::new()
        .route(SIGNUPS_PATH, post(receive_signup).get(list_signups))
        .route("/products.json", get(cart::products))
        .route("/cart.js", get(cart::show))
        .route("/cart/add.js", post(cart::add_js))
        .route("/cart/change.js", post(cart::change_js))
        .route("/cart/clear.js", post(cart::clear_js))
        .route("/cart/{items}", get(cart::restore))
        .route("/discount/{code}", get(cart::discount))
        .route("/demo/attributes.json", get(attributes))
        .route("/contact", post(customer_form))
        .route("/demo/customers.json", get(list_customers))
        .route("/demo/challenge", post(set_challenge))
        .nest_service("/doorman", ServeDir::new(&paths.dist));
    if let Some(fixtures) = &paths.fixtures {
        router = router.nest_service("/fixtures", ServeDir::new(fixtures));
    }
    router
        .fallback_service(ServeDir::new(&paths.www))
        .with_state(shop)
        // The widget may be served from a CDN origin and post to the shop from another.
        .layer(CorsLayer::permissive())
}

fn error(status: StatusCode, field: Option<&str>, message: String) -> Response {
    (status, Json(json!({ "error": message, "field": field }))).into_response()
}

#[derive(Deserialize)]
struct Flaky {
    /// Answer the first N deliveries of each sign-up with 503, to show retries at work.
    fail: Option<u32>,
}

async fn receive_signup(State(shop): State<Shop>, Query(flaky): Query<Flaky>, body: Bytes) -> Response {
    let report: Report = match serde_json::from_slice(&body) {
        Ok(report) => report,
        Err(e) => return error(StatusCode::BAD_REQUEST, None, format!("not a Doorman sign-up: {e}")),
    };
    if !valid_email(&report.email) {
        return error(StatusCode::UNPROCESSABLE_ENTITY, Some("email"), format!("{:?} is not a valid email address", report.email));
    }
    if report.id.len() != 36 {
        return error(StatusCode::UNPROCESSABLE_ENTITY, Some("id"), format!("{:?} is not a UUID", report.id));
    }
    let Ok(mut db) = shop.db.lock() else {
        return error(StatusCode::INTERNAL_SERVER_ERROR, None, "database unavailable".into());
    };
    if let Some(fail) = flaky.fail {
        let Ok(mut failures) = shop.failures.lock() else {
            return error(StatusCode::INTERNAL_SERVER_ERROR, None, "state unavailable".into());
        };
        let failed = failures.entry(report.id.clone()).or_default();
        if *failed < fail {
            *failed += 1;
            let _ = db.record_attempt(&report.id, 503);
            return error(StatusCode::SERVICE_UNAVAILABLE, None, format!("failing on purpose ({failed} of {fail})"));
        }
    }
    let raw = String::from_utf8_lossy(&body);
    match db.store_signup(&report, &raw, &shop.prizes) {
        Ok(stored) => {
            let status = if stored.duplicate { StatusCode::OK } else { StatusCode::CREATED };
            let _ = db.record_attempt(&report.id, status.as_u16());
            let answer = json!({ "id": report.id, "code": stored.code, "prize": stored.prize, "duplicate": stored.duplicate });
            (status, Json(answer)).into_response()
        }
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, None, format!("could not store the sign-up: {e}")),
    }
}

async fn list_signups(State(shop): State<Shop>) -> Response {
    let signups = shop.db.lock().map_err(|_| ()).and_then(|db| db.signups().map_err(|_| ()));
    match signups {
        Ok(signups) => Json(json!({ "signups": signups })).into_response(),
        Err(()) => error(StatusCode::INTERNAL_SERVER_ERROR, None, "could not read sign-ups".into()),
    }
}

/// Every attribute the widget reads, from the same table it parses them with, for the demo's
/// configurator.
async fn attributes() -> Json<serde_json::Value> {
    let attributes: Vec<serde_json::Value> = doorman::config::ATTRIBUTES
        .iter()
        .map(|a| json!({ "name": a.name, "default": a.default, "expects": a.expects, "doc": a.doc, "choices": a.choices }))
        .collect();
    Json(serde_json::Value::Array(attributes))
}

/// Shopify's customer form (`form_type=customer`, as themes' newsletter forms post it): creates or
/// updates the customer and redirects back with `customer_posted=true`, as Shopify does.
async fn customer_form(
    State(shop): State<Shop>,
    headers: axum::http::HeaderMap,
    axum::Form(form): axum::Form<HashMap<String, String>>,
) -> Response {
    use axum::http::header::{LOCATION, REFERER};
    if shop.challenge.load(std::sync::atomic::Ordering::SeqCst) {
        return (StatusCode::FOUND, [(LOCATION, "/challenge")]).into_response();
    }
    let email = form.get("contact[email]").map(|e| e.trim().to_string()).unwrap_or_default();
    if form.get("form_type").map(String::as_str) != Some("customer") || !valid_email(&email) {
        let page = "<!doctype html><title>Newsletter</title><p class=\"form-errors\">Email is invalid.</p>";
        return (StatusCode::OK, axum::response::Html(page)).into_response();
    }
    let tags = form.get("contact[tags]").map(String::as_str).unwrap_or_default();
    let note = form.get("contact[note]").map(String::as_str).filter(|n| !n.is_empty());
    let stored = shop.db.lock().map_err(|_| ()).and_then(|db| db.upsert_customer(&email, tags, note).map_err(|_| ()));
    if stored.is_err() {
        return error(StatusCode::INTERNAL_SERVER_ERROR, None, "could not store the customer".into());
    }
    // Back to the page the form was on, as Shopify does; paths on this shop only.
    let back = headers
        .get(REFERER)
        .and_then(|r| r.to_str().ok())
        .and_then(|r| r.split_once("://").map(|(_, rest)| rest))
        .and_then(|rest| rest.find('/').map(|i| rest[i..].to_string()))
        .map(|path| path.split(['?', '#']).next().unwrap_or("/").to_string())
        .filter(|path| path.starts_with('/') && !path.starts_with("//"))
        .unwrap_or_else(|| "/".into());
    let location = format!("{back}?customer_posted=true#contact_form");
    (StatusCode::FOUND, [(LOCATION, location)]).into_response()
}

async fn list_customers(State(shop): State<Shop>) -> Response {
    match shop.db.lock().map_err(|_| ()).and_then(|db| db.customers().map_err(|_| ())) {
        Ok(customers) => Json(json!({ "customers": customers })).into_response(),
        Err(()) => error(StatusCode::INTERNAL_SERVER_ERROR, None, "could not read customers".into()),
    }
}

#[derive(Deserialize)]
struct Challenge {
    on: bool,
}

/// Test hook: make the customer form answer with a challenge (`?on=true`) or not.
async fn set_challenge(State(shop): State<Shop>, Query(challenge): Query<Challenge>) -> StatusCode {
    shop.challenge.store(challenge.on, std::sync::atomic::Ordering::SeqCst);
    StatusCode::NO_CONTENT
}
