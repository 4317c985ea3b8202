//! The preview shop: serves the demo storefront and the built widget, and stands in for a shop
//! that receives Doorman's sign-ups (see README, "The preview shop" and "Running an endpoint
//! safely", which it follows point by point).

pub mod cart;
pub mod db;
pub mod links;
pub mod validate;

use std::collections::HashMap;
use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use doorman::prize::Prize;
use doorman::report::valid_email;
use serde::Deserialize;
use serde_json::json;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::{GovernorError, GovernorLayer};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;

pub use db::Db;
use db::Reader;

pub const SIGNUPS_PATH: &str = "/apps/doorman/signups";
/// Where the demo's widget sends its view reports (`data-views`), and where their statistics are read.
pub const VIEWS_PATH: &str = "/apps/doorman/views";
pub const STATS_PATH: &str = "/apps/doorman/stats";

pub struct Paths {
    pub www: PathBuf,
    pub dist: PathBuf,
    pub fixtures: Option<PathBuf>,
}

/// The prize table of shop-decided games; the page lists the same labels in the same order.
pub const DEFAULT_PRIZES: &str = "10% off|SPIN10|30; Free shipping|FREESHIP|20; 5% off|SPIN5|40; No luck this time||10";

/// What the shop lets in, beyond its own pages (README, "Running an endpoint safely").
#[derive(Clone, Debug)]
pub struct Policy {
    /// Storefront origins (`https://shop.example`, no path) whose pages may post sign-ups from the
    /// browser (CORS) and whose links a sign-up may carry as its restore link. The shop's own
    /// origin is always allowed and never needs listing.
    pub origins: Vec<String>,
    /// Shop-draw mode: a game's prize always comes from the shop's draw; a prize the page sends is
    /// ignored. Off, a prize drawn in the page is accepted when it is one of the shop's table.
    pub shop_draw: bool,
    /// Sign-ups one client (IP address) may send at once, and how often one more is allowed after.
    pub burst: u32,
    pub refill: Duration,
}

impl Default for Policy {
    /// Nothing but the shop's own origin; page draws accepted; bursts of 30 sign-ups, then one
    /// every 2 seconds per client — far above what a shopper sends, far below a script's rate.
    fn default() -> Policy {
        Policy { origins: Vec::new(), shop_draw: false, burst: 30, refill: Duration::from_secs(2) }
    }
}

/// Storefront origins from a list separated by spaces or commas (`"https://shop.example
/// https://www.shop.example"`), lower-cased, a trailing `/` dropped; an error naming the first
/// entry that is not an `http:`/`https:` origin with no path, query or user. Empty entries are skipped.
pub fn parse_origins(list: &str) -> Result<Vec<String>, String> {
    list.split([' ', ',']).filter(|o| !o.is_empty()).map(|origin| match links::origin_of(origin) {
        Some(parsed) if parsed == origin.trim_end_matches('/').to_ascii_lowercase() => Ok(parsed),
        _ => Err(format!("{origin:?} is not an origin such as https://shop.example")),
    }).collect()
}

#[derive(Clone)]
pub struct Shop {
    db: Arc<Mutex<Db>>,
    reader: Arc<Mutex<Reader>>,
    prizes: Arc<Vec<Prize>>,
    policy: Arc<Policy>,
    /// Failed answers given so far per sign-up id, for `?fail=N`.
    failures: Arc<Mutex<HashMap<String, u32>>>,
    /// While set, the customer form answers with a bot-protection challenge, as Shopify can.
    challenge: Arc<std::sync::atomic::AtomicBool>,
}

impl Shop {
    pub fn new(db: Db, prizes: Vec<Prize>) -> Shop {
        Shop::with_policy(db, prizes, Policy::default())
    }

    /// The shop with its prize table, whose labels are kept composed (NFC), as sign-ups' are
    /// read ([`validate::composed`]): a table typed in decomposed form still matches.
    pub fn with_policy(db: Db, mut prizes: Vec<Prize>, policy: Policy) -> Shop {
        for prize in &mut prizes {
            prize.label = validate::composed(&prize.label);
        }
        Shop {
            reader: db.reader(),
            db: Arc::new(Mutex::new(db)),
            prizes: Arc::new(prizes),
            policy: Arc::new(policy),
            failures: Arc::default(),
            challenge: Arc::default(),
        }
    }
}

/// The shop's routes. Sign-ups are rate-limited per client IP, which the server must provide as
/// `ConnectInfo<SocketAddr>` (`into_make_service_with_connect_info`).
pub fn app(shop: Shop, paths: &Paths) -> Router {
    // Only the sign-up and view POSTs are open to other origins, and only to the configured
    // storefronts: the list of sign-ups, the statistics and the demo's customer list carry no
    // CORS header, so no other site's page can read them.
    let origins: Vec<HeaderValue> = shop.policy.origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
    let post_cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::POST])
        .allow_headers([header::CONTENT_TYPE]);
    // Each POST route has its own allowance per client, under the same policy: a page's views can
    // never use up what its sign-ups are allowed.
    let limit = || {
        GovernorConfigBuilder::default()
            .period(shop.policy.refill)
            .burst_size(shop.policy.burst.max(1))
            .methods(vec![Method::POST])
            .finish()
            .map(|config| GovernorLayer::new(config).error_handler(too_many))
    };
    let mut signups = post(receive_signup).options(|| async { StatusCode::NO_CONTENT });
    if let Some(limit) = limit() {
        signups = signups.layer::<_, Infallible>(limit);
    }
    let signups = signups
        .layer::<_, Infallible>(post_cors.clone())
        .layer::<_, Infallible>(DefaultBodyLimit::max(validate::MAX_BODY))
        .get(list_signups);
    let mut views = post(receive_views).options(|| async { StatusCode::NO_CONTENT });
    if let Some(limit) = limit() {
        views = views.layer::<_, Infallible>(limit);
    }
    let views = views.layer::<_, Infallible>(post_cors).layer::<_, Infallible>(DefaultBodyLimit::max(validate::MAX_BODY));
    let mut router = Router::new()
        .route(SIGNUPS_PATH, signups)
        .route(VIEWS_PATH, views)
        .route(STATS_PATH, get(stats))
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
        // The built widget is public: any storefront may load it (and its wasm) from here.
        .nest_service("/doorman", tower::ServiceBuilder::new().layer(CorsLayer::permissive()).service(ServeDir::new(&paths.dist)));
    if let Some(fixtures) = &paths.fixtures {
        router = router.nest_service("/fixtures", ServeDir::new(fixtures));
    }
    router.fallback_service(ServeDir::new(&paths.www)).with_state(shop)
}

fn error(status: StatusCode, field: Option<&str>, message: String) -> Response {
    (status, Json(json!({ "error": message, "field": field }))).into_response()
}

/// What axum refused before a handler ran, as the usual JSON error rather than its plain text: a
/// body over [`validate::MAX_BODY`] (`413`) or unreadable, a query string of the wrong shape
/// (`400`, a `limit` given twice).
fn rejected(query: Option<QueryRejection>, body: Option<BytesRejection>) -> Response {
    match (query, body) {
        (_, Some(body)) => error(body.status(), None, body.body_text()),
        (Some(query), None) => error(query.status(), None, format!("the query string: {}", query.body_text())),
        (None, None) => error(StatusCode::BAD_REQUEST, None, "unreadable request".into()),
    }
}

/// `429` with `Retry-After` (seconds, set by the limiter) and the usual JSON error.
fn too_many(failure: GovernorError) -> Response {
    match failure {
        GovernorError::TooManyRequests { wait_time, headers } => {
            let mut response = error(
                StatusCode::TOO_MANY_REQUESTS,
                None,
                format!("too many requests from this address; try again in {wait_time} s"),
            );
            response.headers_mut().extend(headers.unwrap_or_default());
            if !response.headers().contains_key(header::RETRY_AFTER) {
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait_time.max(1)));
            }
            response
        }
        GovernorError::UnableToExtractKey => {
            error(StatusCode::INTERNAL_SERVER_ERROR, None, "the server gave no client address to rate-limit by".into())
        }
        GovernorError::Other { code, msg, .. } => error(code, None, msg.unwrap_or_default()),
    }
}

#[derive(Deserialize)]
struct Flaky {
    /// Answer the first N deliveries of each sign-up with 503, to show retries at work.
    fail: Option<u32>,
}

async fn receive_signup(
    State(shop): State<Shop>,
    flaky: Result<Query<Flaky>, QueryRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    if let Err(refusal) = validate::json_body(&headers) {
        return error(refusal.status, refusal.field, refusal.message);
    }
    let (flaky, body) = match (flaky, body) {
        (Ok(Query(flaky)), Ok(body)) => (flaky, body),
        (flaky, body) => return rejected(flaky.err(), body.err()),
    };
    // A restore link on the shop's own origin: one the shop is reached by as an address, not a
    // name the client chose (see `links::addressed`).
    let own = links::own_origin(&headers).filter(links::addressed);
    let context = validate::Context { own: own.as_ref(), origins: &shop.policy.origins, prizes: &shop.prizes, shop_draw: shop.policy.shop_draw };
    let report = match validate::signup(&body, &context) {
        Ok(report) => report,
        Err(refusal) => return error(refusal.status, refusal.field, refusal.message),
    };
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
    match db.store_signup(&report, &shop.prizes) {
        // Not counted as an attempt: the id's sign-up is another shopper's.
        Ok(None) => {
            error(StatusCode::CONFLICT, Some("id"), "this id is another sign-up's (another shop, campaign or email): make a new id for each sign-up".into())
        }
        Ok(Some(stored)) => {
            let status = if stored.duplicate { StatusCode::OK } else { StatusCode::CREATED };
            let _ = db.record_attempt(&report.id, status.as_u16());
            let answer = json!({ "id": report.id, "code": stored.code, "prize": stored.prize, "duplicate": stored.duplicate });
            (status, Json(answer)).into_response()
        }
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, None, format!("could not store the sign-up: {e}")),
    }
}

/// `POST /apps/doorman/views`: a batch of views (README, "View reports"), stored once per batch
/// id. `201` with `{"id", "accepted", "duplicate": false}`, or `200` with the first delivery's
/// `accepted` and `"duplicate": true` for a repeat.
async fn receive_views(State(shop): State<Shop>, headers: HeaderMap, body: Result<Bytes, BytesRejection>) -> Response {
    if let Err(refusal) = validate::json_body(&headers) {
        return error(refusal.status, refusal.field, refusal.message);
    }
    let body = match body {
        Ok(body) => body,
        Err(rejection) => return rejected(None, Some(rejection)),
    };
    let batch = match validate::views(&body) {
        Ok(batch) => batch,
        Err(refusal) => return error(refusal.status, refusal.field, refusal.message),
    };
    let Ok(mut db) = shop.db.lock() else {
        return error(StatusCode::INTERNAL_SERVER_ERROR, None, "database unavailable".into());
    };
    match db.store_views(&batch) {
        Ok(stored) => {
            let status = if stored.duplicate { StatusCode::OK } else { StatusCode::CREATED };
            (status, Json(json!({ "id": batch.id, "accepted": stored.accepted, "duplicate": stored.duplicate }))).into_response()
        }
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, None, format!("could not store the views: {e}")),
    }
}

/// `GET /apps/doorman/stats`: `{"stats": [{"campaign", "variant", "views", "signups", "rate"}, ...]}`
/// from the read connection, off the async threads, like the list.
async fn stats(State(shop): State<Shop>) -> Response {
    let reader = Arc::clone(&shop.reader);
    let stats = tokio::task::spawn_blocking(move || reader.lock().map_err(|_| ()).and_then(|r| r.stats().map_err(|_| ()))).await;
    match stats.unwrap_or(Err(())) {
        Ok(stats) => Json(json!({ "stats": stats })).into_response(),
        Err(()) => error(StatusCode::INTERNAL_SERVER_ERROR, None, "could not read the statistics".into()),
    }
}

#[derive(Deserialize)]
struct ListQuery {
    limit: Option<String>,
    before: Option<String>,
}

/// `GET /apps/doorman/signups?limit=N&before=CURSOR`: a page of sign-ups, newest first, read on
/// the read connection off the async threads, so a long read holds up neither sign-ups nor
/// other requests. Answers `{"signups": [...], "total": N, "next_before": CURSOR or null}`.
async fn list_signups(State(shop): State<Shop>, query: Result<Query<ListQuery>, QueryRejection>) -> Response {
    let query = match query {
        Ok(Query(query)) => query,
        Err(rejection) => return rejected(Some(rejection), None),
    };
    let limit = match query.limit.as_deref().map(str::parse::<usize>) {
        None => db::DEFAULT_PAGE,
        Some(Ok(limit)) if (1..=db::MAX_PAGE).contains(&limit) => limit,
        Some(_) => {
            let message = format!("limit {:?}: expected a number from 1 to {}", query.limit.unwrap_or_default(), db::MAX_PAGE);
            return error(StatusCode::BAD_REQUEST, Some("limit"), message);
        }
    };
    let before = match query.before.as_deref().filter(|b| !b.is_empty()).map(str::parse::<i64>) {
        None => None,
        Some(Ok(before)) if before > 0 => Some(before),
        Some(_) => {
            let message = format!("before {:?}: expected the next_before of a previous page", query.before.unwrap_or_default());
            return error(StatusCode::BAD_REQUEST, Some("before"), message);
        }
    };
    let reader = Arc::clone(&shop.reader);
    let page = tokio::task::spawn_blocking(move || {
        let reader = reader.lock().map_err(|_| ())?;
        reader.signups(limit, before).map_err(|_| ())
    })
    .await;
    match page {
        Ok(Ok(page)) => Json(json!({ "signups": page.signups, "total": page.total, "next_before": page.next_before })).into_response(),
        _ => error(StatusCode::INTERNAL_SERVER_ERROR, None, "could not read sign-ups".into()),
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
    form: Result<axum::Form<HashMap<String, String>>, axum::extract::rejection::FormRejection>,
) -> Response {
    use axum::http::header::{LOCATION, REFERER};
    // A body that is no form (JSON, a wrong content type) is answered like the other endpoints'
    // refusals, `{"error"}` with the status axum gives (415, 400), rather than an empty body.
    let form = match form {
        Ok(axum::Form(form)) => form,
        Err(rejection) => return error(rejection.status(), None, rejection.body_text()),
    };
    if shop.challenge.load(std::sync::atomic::Ordering::SeqCst) {
        return (StatusCode::FOUND, [(LOCATION, "/challenge")]).into_response();
    }
    let email = form.get("contact[email]").map(|e| e.trim().to_string()).unwrap_or_default();
    if form.get("form_type").map(String::as_str) != Some("customer") || !valid_email(&email) {
        let page = "<!doctype html><title>Newsletter</title><p class=\"form-errors\">Email is invalid.</p>";
        return (StatusCode::OK, axum::response::Html(page)).into_response();
    }
    // Composed, as the sign-ups are: `Cafe\u{301}` and `Café` are one tag.
    let tags = validate::composed(form.get("contact[tags]").map(String::as_str).unwrap_or_default());
    let note = form.get("contact[note]").map(String::as_str).filter(|n| !n.is_empty());
    let stored = shop.db.lock().map_err(|_| ()).and_then(|db| db.upsert_customer(&email, &tags, note).map_err(|_| ()));
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
        .zip(links::own_origin(&headers))
        .map(|(path, own)| links::local_redirect(&own, &path))
        .unwrap_or_else(|| "/".into());
    let location = format!("{back}?customer_posted=true#contact_form");
    (StatusCode::FOUND, [(LOCATION, location)]).into_response()
}

async fn list_customers(State(shop): State<Shop>) -> Response {
    let reader = Arc::clone(&shop.reader);
    let customers = tokio::task::spawn_blocking(move || reader.lock().map_err(|_| ()).and_then(|r| r.customers().map_err(|_| ()))).await;
    match customers.unwrap_or(Err(())) {
        Ok(customers) => Json(json!({ "customers": customers })).into_response(),
        Err(()) => error(StatusCode::INTERNAL_SERVER_ERROR, None, "could not read customers".into()),
    }
}

#[derive(Deserialize)]
struct Challenge {
    on: bool,
}

/// Test hook: make the customer form answer with a challenge (`?on=true`) or not. Same-origin
/// only: another site's page must not be able to switch the shop's behaviour from a visitor's
/// browser (`403`).
async fn set_challenge(State(shop): State<Shop>, headers: HeaderMap, Query(challenge): Query<Challenge>) -> Response {
    if !links::same_origin_request(&headers) {
        return error(StatusCode::FORBIDDEN, None, "demo switches answer the shop's own pages only".into());
    }
    shop.challenge.store(challenge.on, std::sync::atomic::Ordering::SeqCst);
    StatusCode::NO_CONTENT.into_response()
}
