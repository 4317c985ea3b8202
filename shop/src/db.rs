//! The shop's SQLite store: every sign-up received, every delivery attempt, the codes issued.

use std::path::Path;

use doorman::report::{Campaign, Report};
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{json, Value};

pub struct Db {
    connection: Connection,
}

/// What storing a sign-up did.
pub struct Stored {
    /// The unique code issued for a welcome sign-up; other campaigns bring their own.
    pub code: Option<String>,
    pub duplicate: bool,
}

impl Db {
    /// Opens the database file, creating it and its tables on first run.
    pub fn open(path: &Path) -> rusqlite::Result<Db> {
        let connection = Connection::open(path)?;
        connection.execute_batch(
            "PRAGMA journal_mode = WAL;
             CREATE TABLE IF NOT EXISTS signups (
                 id            TEXT PRIMARY KEY,
                 received_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
                 shop          TEXT NOT NULL,
                 campaign      TEXT NOT NULL,
                 email         TEXT NOT NULL,
                 consent_given INTEGER NOT NULL,
                 consent_text  TEXT,
                 offer_label   TEXT NOT NULL,
                 offer_code    TEXT,
                 issued_code   TEXT,
                 page          TEXT NOT NULL,
                 locale        TEXT NOT NULL,
                 timestamp     TEXT NOT NULL,
                 cart          TEXT,
                 restore_url   TEXT,
                 report        TEXT NOT NULL
             );
             CREATE TABLE IF NOT EXISTS codes (
                 email TEXT PRIMARY KEY,
                 code  TEXT NOT NULL UNIQUE
             );
             CREATE TABLE IF NOT EXISTS attempts (
                 signup_id TEXT NOT NULL,
                 at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
                 status    INTEGER NOT NULL
             );",
        )?;
        Ok(Db { connection })
    }

    /// Records one delivery attempt and the status the shop answered it with.
    pub fn record_attempt(&self, signup_id: &str, status: u16) -> rusqlite::Result<()> {
        self.connection.execute("INSERT INTO attempts (signup_id, status) VALUES (?1, ?2)", params![signup_id, status])?;
        Ok(())
    }

    pub fn attempts(&self, signup_id: &str) -> rusqlite::Result<usize> {
        self.connection.query_row("SELECT count(*) FROM attempts WHERE signup_id = ?1", [signup_id], |row| row.get(0))
    }

    /// Stores a sign-up once: a retried delivery of the same id changes nothing and gets the
    /// same answer.
    pub fn store_signup(&mut self, report: &Report, raw: &str) -> rusqlite::Result<Stored> {
        let transaction = self.connection.transaction()?;
        let code = match report.campaign {
            Campaign::Welcome => Some(issue_code(&transaction, &report.email)?),
            Campaign::Exit => None,
        };
        let cart = report.cart.as_ref().map(|cart| serde_json::to_string(cart).unwrap_or_default());
        let inserted = transaction.execute(
            "INSERT OR IGNORE INTO signups (id, shop, campaign, email, consent_given, consent_text,
                 offer_label, offer_code, issued_code, page, locale, timestamp, cart, restore_url, report)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            params![
                report.id,
                report.shop,
                report.campaign.name(),
                report.email,
                report.consent.given,
                report.consent.text,
                report.offer.label,
                report.offer.code,
                code,
                report.page,
                report.locale,
                report.timestamp,
                cart,
                report.restore_url,
                raw,
            ],
        )?;
        transaction.commit()?;
        Ok(Stored { code, duplicate: inserted == 0 })
    }

    /// Every sign-up, newest first, as the inbox and the tests read them.
    pub fn signups(&self) -> rusqlite::Result<Vec<Value>> {
        let mut statement = self.connection.prepare(
            "SELECT id, received_at, shop, campaign, email, consent_given, consent_text, offer_label,
                    offer_code, issued_code, page, locale, timestamp, cart, restore_url,
                    (SELECT count(*) FROM attempts WHERE signup_id = signups.id)
             FROM signups ORDER BY received_at DESC, rowid DESC",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(json!({
                "id": row.get::<_, String>(0)?,
                "received_at": row.get::<_, String>(1)?,
                "shop": row.get::<_, String>(2)?,
                "campaign": row.get::<_, String>(3)?,
                "email": row.get::<_, String>(4)?,
                "consent": { "given": row.get::<_, bool>(5)?, "text": row.get::<_, Option<String>>(6)? },
                "offer": { "label": row.get::<_, String>(7)?, "code": row.get::<_, Option<String>>(8)? },
                "issued_code": row.get::<_, Option<String>>(9)?,
                "page": row.get::<_, String>(10)?,
                "locale": row.get::<_, String>(11)?,
                "timestamp": row.get::<_, String>(12)?,
                "cart": row.get::<_, Option<String>>(13)?.and_then(|cart| serde_json::from_str::<Value>(&cart).ok()),
                "restore_url": row.get::<_, Option<String>>(14)?,
                "attempts": row.get::<_, i64>(15)?,
            }))
        })?;
        rows.collect()
    }
}

/// One code per email address, made on first sign-up and given again on every later one.
fn issue_code(connection: &Connection, email: &str) -> rusqlite::Result<String> {
    let key = email.to_lowercase();
    let existing: Option<String> =
        connection.query_row("SELECT code FROM codes WHERE email = ?1", [&key], |row| row.get(0)).optional()?;
    if let Some(code) = existing {
        return Ok(code);
    }
    connection.query_row(
        "INSERT INTO codes (email, code) VALUES (?1, 'WELCOME-' || upper(hex(randomblob(4)))) RETURNING code",
        [&key],
        |row| row.get(0),
    )
}
