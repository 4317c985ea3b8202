//! The harness the shop's HTTP tests share: a router over a fresh SQLite file, requests sent as a
//! browser at 127.0.0.1 reaches the shop at 127.0.0.1:8080, and answers read as JSON.
#![allow(dead_code)] // each test file uses its own part of the harness

use std::sync::atomic::{AtomicU32, Ordering};

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::Router;
use doorman_shop::{app, Db, Paths, Policy, Shop};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

/// The shop as the browser reaches it in these tests.
pub const SHOP: &str = "http://127.0.0.1:8080";
pub const STOREFRONT: &str = "https://storefront.example";

/// A shop over its own database file, removed with its WAL files when dropped.
pub struct TestShop {
    pub router: Router,
    pub path: std::path::PathBuf,
}

impl Drop for TestShop {
    fn drop(&mut self) {
        remove_db(&self.path);
    }
}

pub fn remove_db(path: &std::path::Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

/// A database path no other test uses; `name` tells the files apart in the temporary folder.
pub fn fresh_path(name: &str) -> std::path::PathBuf {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let n = NEXT.fetch_add(1, Ordering::SeqCst);
    let path = std::env::temp_dir().join(format!("doorman-shop-{name}-{}-{n}.sqlite", std::process::id()));
    remove_db(&path);
    path
}

pub fn open_at(path: std::path::PathBuf, policy: Policy) -> TestShop {
    let prizes = doorman::prize::parse_prizes(doorman_shop::DEFAULT_PRIZES).expect("prizes");
    open_with_prizes(path, policy, prizes)
}

/// A shop at `path` whose prize table is `prizes`.
pub fn open_with_prizes(path: std::path::PathBuf, policy: Policy, prizes: Vec<doorman::prize::Prize>) -> TestShop {
    let db = Db::open(&path).expect("database opens");
    let paths = Paths { www: "../www".into(), dist: "../dist".into(), fixtures: None };
    TestShop { router: app(Shop::with_policy(db, prizes, policy), &paths), path }
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Value,
}

impl TestShop {
    /// Sends `request` from client `ip` to the shop at 127.0.0.1:8080 (the `Host` it names,
    /// when it names one: a client may send any).
    pub async fn send_from(&self, ip: [u8; 4], mut request: Request<Body>) -> Answer {
        request.extensions_mut().insert(ConnectInfo(std::net::SocketAddr::from((ip, 50000))));
        if !request.headers().contains_key(header::HOST) {
            request.headers_mut().insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        }
        let response = self.router.clone().oneshot(request).await.expect("a response");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.expect("a body").to_bytes();
        Answer { status, headers, body: serde_json::from_slice(&bytes).unwrap_or(Value::Null) }
    }

    pub async fn send(&self, request: Request<Body>) -> Answer {
        self.send_from([127, 0, 0, 1], request).await
    }

    /// The first column of the first row of `query`, read straight from the database file.
    pub fn sql<T: rusqlite::types::FromSql>(&self, query: &str) -> T {
        let connection = rusqlite::Connection::open(&self.path).expect("opens");
        connection.query_row(query, [], |row| row.get(0)).expect("a row")
    }
}

pub fn post_json(uri: &str, body: &Value) -> Request<Body> {
    Request::post(uri).header(header::CONTENT_TYPE, "application/json").body(Body::from(body.to_string())).expect("request")
}

pub fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).expect("request")
}

/// A CORS preflight for a JSON `POST` to `path` from a page on `origin`.
pub fn preflight(path: &str, origin: &str) -> Request<Body> {
    Request::options(path)
        .header(header::ORIGIN, origin)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
        .body(Body::empty())
        .expect("request")
}

/// Asserts a refusal with `status` naming `field` (`{"error", "field"}`).
pub fn assert_refused(answer: &Answer, status: StatusCode, field: Option<&str>, case: &str) {
    assert_eq!(answer.status, status, "{case}: {}", answer.body);
    assert_eq!(answer.body["field"], json!(field), "{case}: {}", answer.body);
    assert!(answer.body["error"].as_str().is_some_and(|e| !e.is_empty()), "{case}: {}", answer.body);
}
