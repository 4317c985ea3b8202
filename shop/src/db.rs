//! The shop's SQLite store: every sign-up received, every delivery attempt, the codes issued, and
//! the campaigns' views with the per-variant statistics read from them.

use std::path::Path;
use std::sync::{Arc, Mutex};

use doorman::prize::Prize;
use doorman::report::{Campaign, PrizeReport, Report};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use serde_json::{json, Value};

use crate::validate::ViewBatch;

/// The writing connection. Reads go through [`Reader`], a connection of their own: with SQLite's
/// write-ahead log a reader sees the last commit and never waits for, nor holds up, a writer.
pub struct Db {
    connection: Connection,
    reader: Arc<Mutex<Reader>>,
}

/// A read-only connection to the same file, for the inbox and the demo's lists.
pub struct Reader {
    connection: Connection,
}

/// One page of the sign-up list, newest first.
pub struct Page {
    pub signups: Vec<Value>,
    /// Pass as `before` for the next (older) page; `None` on the last page.
    pub next_before: Option<i64>,
    /// All sign-ups stored, on every page.
    pub total: i64,
}

/// Most sign-ups one page of the list holds, and how many it holds unless asked.
pub const MAX_PAGE: usize = 500;
pub const DEFAULT_PAGE: usize = 100;

/// What storing a sign-up did.
pub struct Stored {
    /// The unique code issued for a welcome sign-up or a prize the shop drew.
    pub code: Option<String>,
    /// The prize of a game sign-up, drawn by the page or by the shop.
    pub prize: Option<PrizeReport>,
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
                 variant       TEXT,
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
                 prize_index   INTEGER,
                 prize_label   TEXT,
                 prize_code    TEXT,
                 report        TEXT NOT NULL
             );
             CREATE TABLE IF NOT EXISTS codes (
                 email TEXT PRIMARY KEY,
                 code  TEXT NOT NULL UNIQUE
             );
             CREATE TABLE IF NOT EXISTS customers (
                 email             TEXT PRIMARY KEY,
                 tags              TEXT NOT NULL,
                 accepts_marketing INTEGER NOT NULL,
                 note              TEXT,
                 created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
                 updated_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
             );
             CREATE TABLE IF NOT EXISTS attempts (
                 signup_id TEXT NOT NULL,
                 at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
                 status    INTEGER NOT NULL
             );
             -- The list counts each sign-up's attempts: without this index that count read the
             -- whole table once per sign-up, quadratic in the inbox's size.
             CREATE INDEX IF NOT EXISTS attempts_by_signup ON attempts (signup_id);
             -- One play per email address: the first play's prize and code, answered again to
             -- every later play of the same address.
             CREATE TABLE IF NOT EXISTS plays (
                 email       TEXT PRIMARY KEY,
                 prize_index INTEGER,
                 prize_label TEXT,
                 prize_code  TEXT,
                 issued_code TEXT
             );
             -- One row per batch of views received: its id is what makes a retried batch count once.
             CREATE TABLE IF NOT EXISTS view_batches (
                 id          TEXT PRIMARY KEY,
                 shop        TEXT NOT NULL,
                 received_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
                 views       INTEGER NOT NULL
             );
             CREATE TABLE IF NOT EXISTS views (
                 batch_id TEXT NOT NULL,
                 campaign TEXT NOT NULL,
                 variant  TEXT NOT NULL,
                 path     TEXT NOT NULL,
                 at       TEXT NOT NULL
             );
             -- The statistics count views per campaign and variant from this index alone, without
             -- reading the table.
             CREATE INDEX IF NOT EXISTS views_by_campaign_variant ON views (campaign, variant);",
        )?;
        // Databases made before sign-ups named their variant get the column; their rows keep
        // `NULL`, which the statistics show as sign-ups of no known variant.
        let has_variant: bool =
            connection.query_row("SELECT count(*) FROM pragma_table_info('signups') WHERE name = 'variant'", [], |row| row.get(0))?;
        if !has_variant {
            connection.execute_batch("ALTER TABLE signups ADD COLUMN variant TEXT")?;
        }
        connection.execute_batch("CREATE INDEX IF NOT EXISTS signups_by_campaign_variant ON signups (campaign, variant)")?;
        let reader = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        Ok(Db { connection, reader: Arc::new(Mutex::new(Reader { connection: reader })) })
    }

    /// The read-only connection, shared by every read.
    pub fn reader(&self) -> Arc<Mutex<Reader>> {
        Arc::clone(&self.reader)
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
    /// same answer. The `report` column is the report as checked (`validate::signup`), not the
    /// body as sent: a key the schema does not have is not stored.
    /// `Ok(None)` when the id is another sign-up's: one stored for another shop, campaign or
    /// email (the email compared without case). A retry is the same shopper's sign-up, whatever
    /// else a newer widget may add to its report; answering it with the stored code would hand
    /// one shopper's code to another email.
    pub fn store_signup(&mut self, report: &Report, prizes: &[Prize]) -> rusqlite::Result<Option<Stored>> {
        let raw = serde_json::to_string(report).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        let transaction = self.connection.transaction()?;
        if let Some((stored, owner)) = stored_answer(&transaction, &report.id)? {
            let same = owner.shop == report.shop
                && owner.campaign == report.campaign.name()
                && owner.email.to_lowercase() == report.email.to_lowercase();
            return Ok(same.then_some(stored));
        }
        let game = matches!(report.campaign, Campaign::Wheel | Campaign::Scratch);
        let (prize, code) = match report.campaign {
            Campaign::Welcome => (None, Some(issue_code(&transaction, &report.email)?)),
            _ if game => play(&transaction, report, prizes)?,
            _ => (None, None),
        };
        let cart = report.cart.as_ref().map(|cart| serde_json::to_string(cart).unwrap_or_default());
        let inserted = transaction.execute(
            "INSERT OR IGNORE INTO signups (id, shop, campaign, email, consent_given, consent_text,
                 offer_label, offer_code, issued_code, page, locale, timestamp, cart, restore_url,
                 prize_index, prize_label, prize_code, report, variant)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
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
                prize.as_ref().map(|p| p.index),
                prize.as_ref().map(|p| p.label.clone()),
                prize.as_ref().and_then(|p| p.code.clone()),
                raw,
                report.variant,
            ],
        )?;
        transaction.commit()?;
        Ok(Some(Stored { code, prize, duplicate: inserted == 0 }))
    }

    /// Every sign-up, newest first.
    pub fn signups(&self) -> rusqlite::Result<Vec<Value>> {
        Ok(page(&self.connection, usize::MAX, None)?.signups)
    }

    /// Stores a batch of views once: a batch whose id was stored before changes nothing and
    /// answers what the first delivery stored.
    pub fn store_views(&mut self, batch: &ViewBatch) -> rusqlite::Result<StoredViews> {
        let transaction = self.connection.transaction()?;
        let first: Option<i64> =
            transaction.query_row("SELECT views FROM view_batches WHERE id = ?1", [&batch.id], |row| row.get(0)).optional()?;
        if let Some(accepted) = first {
            return Ok(StoredViews { accepted, duplicate: true });
        }
        let accepted = i64::try_from(batch.views.len()).unwrap_or(i64::MAX);
        transaction.execute("INSERT INTO view_batches (id, shop, views) VALUES (?1, ?2, ?3)", params![batch.id, batch.shop, accepted])?;
        {
            let mut insert = transaction.prepare("INSERT INTO views (batch_id, campaign, variant, path, at) VALUES (?1, ?2, ?3, ?4, ?5)")?;
            for view in &batch.views {
                insert.execute(params![batch.id, view.campaign.name(), view.variant, view.path, view.at])?;
            }
        }
        transaction.commit()?;
        Ok(StoredViews { accepted, duplicate: false })
    }
}

/// What storing a batch of views did: how many views the batch counted (the first delivery's
/// number, for a repeat) and whether it was a repeat.
pub struct StoredViews {
    pub accepted: i64,
    pub duplicate: bool,
}

/// Views, sign-ups and their rate per campaign and variant, ordered by campaign then variant
/// (sign-ups without a variant, from widgets older than variants, last in their campaign). Each
/// side is counted from its `(campaign, variant)` index alone; only the few groups are merged.
pub const STATS_SQL: &str = "
    SELECT campaign, variant, sum(views) AS views, sum(signups) AS signups,
           CASE WHEN sum(views) > 0 THEN CAST(sum(signups) AS REAL) / sum(views) END AS rate
    FROM (SELECT campaign, variant, count(*) AS views, 0 AS signups FROM views GROUP BY campaign, variant
          UNION ALL
          SELECT campaign, variant, 0, count(*) FROM signups GROUP BY campaign, variant)
    GROUP BY campaign, variant
    ORDER BY campaign, variant IS NULL, variant";

impl Reader {
    /// Up to `limit` sign-ups received before the one at cursor `before` (all when `None`),
    /// newest first, as the inbox and the tests read them.
    pub fn signups(&self, limit: usize, before: Option<i64>) -> rusqlite::Result<Page> {
        page(&self.connection, limit, before)
    }

    pub fn customers(&self) -> rusqlite::Result<Vec<Value>> {
        customers(&self.connection)
    }

    /// [`STATS_SQL`]'s rows as `{"campaign", "variant", "views", "signups", "rate"}`; `rate` is
    /// sign-ups per view (`0.25` for one in four), `null` when there were no views. Stored values
    /// of unexpected types are passed on as they are.
    pub fn stats(&self) -> rusqlite::Result<Vec<Value>> {
        let mut statement = self.connection.prepare(STATS_SQL)?;
        let rows = statement.query_map([], |row| {
            let any = |i: usize| column(row, i);
            Ok(json!({ "campaign": any(0), "variant": any(1), "views": any(2), "signups": any(3), "rate": any(4) }))
        })?;
        rows.collect()
    }
}

/// A column as JSON whatever SQLite type it holds (a blob, never shown, is `null`).
fn column(row: &rusqlite::Row, index: usize) -> Value {
    use rusqlite::types::ValueRef;
    match row.get_ref(index) {
        Ok(ValueRef::Integer(n)) => json!(n),
        Ok(ValueRef::Real(x)) => json!(x),
        Ok(ValueRef::Text(text)) => json!(String::from_utf8_lossy(text)),
        _ => Value::Null,
    }
}

/// One page of sign-ups; the cursor is SQLite's `rowid`, which grows with every sign-up stored, so
/// a page stays stable while new sign-ups arrive. Each row costs one index lookup for its attempts.
fn page(connection: &Connection, limit: usize, before: Option<i64>) -> rusqlite::Result<Page> {
    let total: i64 = connection.query_row("SELECT count(*) FROM signups", [], |row| row.get(0))?;
    let mut statement = connection.prepare(
        "SELECT id, received_at, shop, campaign, email, consent_given, consent_text, offer_label,
                offer_code, issued_code, page, locale, timestamp, cart, restore_url,
                (SELECT count(*) FROM attempts WHERE signup_id = signups.id),
                prize_index, prize_label, prize_code, rowid, variant
         FROM signups WHERE rowid < ?1 ORDER BY rowid DESC LIMIT ?2",
    )?;
    // One more than asked, to know whether an older page exists.
    let fetch = i64::try_from(limit.saturating_add(1)).unwrap_or(i64::MAX);
    let mut cursors = Vec::new();
    let rows = statement.query_map(params![before.unwrap_or(i64::MAX), fetch], |row| {
        Ok((
            row.get::<_, i64>(19)?,
            {
                // Any column as SQLite holds it: a legacy or hand-edited row with a value of the
                // wrong type is shown as it is instead of failing the whole list.
                let any = |i: usize| column(row, i);
                json!({
                    "id": any(0),
                    "received_at": any(1),
                    "shop": any(2),
                    "campaign": any(3),
                    "variant": any(20),
                    "email": any(4),
                    "consent": { "given": any(5) == json!(1), "text": any(6) },
                    "offer": { "label": any(7), "code": any(8) },
                    "issued_code": any(9),
                    "page": any(10),
                    "locale": any(11),
                    "timestamp": any(12),
                    "cart": any(13).as_str().and_then(|cart| serde_json::from_str::<Value>(cart).ok()),
                    "restore_url": any(14),
                    "attempts": any(15),
                    "prize": (!any(16).is_null()).then(|| json!({ "index": any(16), "label": any(17), "code": any(18) })),
                })
            },
        ))
    })?;
    let mut signups = Vec::new();
    for row in rows {
        let (cursor, signup) = row?;
        cursors.push(cursor);
        signups.push(signup);
    }
    let next_before = if signups.len() > limit {
        signups.truncate(limit);
        cursors.get(limit.saturating_sub(1)).copied()
    } else {
        None
    };
    Ok(Page { signups, next_before, total })
}

impl Db {
    /// What Shopify's customer form does: creates the customer or adds the new tags to theirs,
    /// marks them as accepting marketing, and keeps the latest note.
    pub fn upsert_customer(&self, email: &str, tags: &str, note: Option<&str>) -> rusqlite::Result<()> {
        let email = email.to_lowercase();
        let existing: Option<String> =
            self.connection.query_row("SELECT tags FROM customers WHERE email = ?1", [&email], |row| row.get(0)).optional()?;
        let mut merged: Vec<String> = Vec::new();
        for tag in existing.as_deref().unwrap_or_default().split(',').chain(tags.split(',')) {
            let tag = tag.trim();
            if !tag.is_empty() && !merged.iter().any(|t| t == tag) {
                merged.push(tag.to_string());
            }
        }
        self.connection.execute(
            "INSERT INTO customers (email, tags, accepts_marketing, note) VALUES (?1, ?2, 1, ?3)
             ON CONFLICT (email) DO UPDATE SET tags = excluded.tags, accepts_marketing = 1,
                 note = coalesce(excluded.note, customers.note),
                 updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
            params![email, merged.join(", "), note],
        )?;
        Ok(())
    }

    pub fn customers(&self) -> rusqlite::Result<Vec<Value>> {
        customers(&self.connection)
    }
}

fn customers(connection: &Connection) -> rusqlite::Result<Vec<Value>> {
    let mut statement = connection
        .prepare("SELECT email, tags, accepts_marketing, note, created_at, updated_at FROM customers ORDER BY updated_at DESC")?;
    let rows = statement.query_map([], |row| {
        Ok(json!({
            "email": row.get::<_, String>(0)?,
            "tags": row.get::<_, String>(1)?,
            "accepts_marketing": row.get::<_, bool>(2)?,
            "note": row.get::<_, Option<String>>(3)?,
            "created_at": row.get::<_, String>(4)?,
            "updated_at": row.get::<_, String>(5)?,
        }))
    })?;
    rows.collect()
}

/// A game's prize and the code the shop issued for it, once per email address: the first play
/// is recorded (the page's draw, checked against the table beforehand, or the shop's own draw
/// with a code of its own), and every later play of the same address, whatever its id, gets that
/// first answer again.
fn play(connection: &Connection, report: &Report, prizes: &[Prize]) -> rusqlite::Result<(Option<PrizeReport>, Option<String>)> {
    let key = report.email.to_lowercase();
    let first = connection
        .query_row("SELECT prize_index, prize_label, prize_code, issued_code FROM plays WHERE email = ?1", [&key], |row| {
            let prize = row.get::<_, Option<i64>>(0)?.map(|index| PrizeReport {
                index: usize::try_from(index).unwrap_or_default(),
                label: row.get::<_, Option<String>>(1).ok().flatten().unwrap_or_default(),
                code: row.get::<_, Option<String>>(2).ok().flatten(),
            });
            Ok((prize, row.get::<_, Option<String>>(3)?))
        })
        .optional()?;
    if let Some(first) = first {
        return Ok(first);
    }
    let (prize, code) = match &report.prize {
        Some(prize) => (Some(prize.clone()), None),
        None => {
            let drawn = draw_prize(connection, prizes)?;
            // A prize the shop drew gets a code of its own, so none can be read in the page.
            let code = match drawn.as_ref().and_then(|p| p.code.as_deref()) {
                Some(prefix) => Some(unique_code(connection, prefix)?),
                None => None,
            };
            (drawn.map(|prize| PrizeReport { code: code.clone().or(prize.code), ..prize }), code)
        }
    };
    connection.execute(
        "INSERT INTO plays (email, prize_index, prize_label, prize_code, issued_code) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            key,
            prize.as_ref().map(|p| p.index),
            prize.as_ref().map(|p| p.label.clone()),
            prize.as_ref().and_then(|p| p.code.clone()),
            code
        ],
    )?;
    Ok((prize, code))
}

/// Whose sign-up a stored id is: its shop, campaign and email as stored.
struct Owner {
    shop: String,
    campaign: String,
    email: String,
}

/// The answer already given to a sign-up id, so a retried delivery gets the same code and prize,
/// with whose sign-up it was.
fn stored_answer(connection: &Connection, id: &str) -> rusqlite::Result<Option<(Stored, Owner)>> {
    connection
        .query_row(
            "SELECT issued_code, prize_index, prize_label, prize_code, shop, campaign, email FROM signups WHERE id = ?1",
            [id],
            |row| {
                let prize = match row.get::<_, Option<i64>>(1)? {
                    Some(index) => Some(PrizeReport {
                        index: usize::try_from(index).unwrap_or_default(),
                        label: row.get::<_, Option<String>>(2)?.unwrap_or_default(),
                        code: row.get(3)?,
                    }),
                    None => None,
                };
                let owner = Owner { shop: row.get(4)?, campaign: row.get(5)?, email: row.get(6)? };
                Ok((Stored { code: row.get(0)?, prize, duplicate: true }, owner))
            },
        )
        .optional()
}

/// The shop's own draw, weighted like the page's, with SQLite's random numbers.
fn draw_prize(connection: &Connection, prizes: &[Prize]) -> rusqlite::Result<Option<PrizeReport>> {
    let random: i64 = connection.query_row("SELECT random()", [], |row| row.get(0))?;
    let index = doorman::prize::draw(prizes, random as u32);
    Ok(index.and_then(|index| {
        let prize = prizes.get(index)?;
        Some(PrizeReport { index, label: prize.label.clone(), code: prize.code.clone() })
    }))
}

/// `prefix` and 6 random hex digits, not issued before for a prize: 16.7 million of them a
/// prefix, so two of 20,000 plays met (a trial); one already issued is drawn again.
fn unique_code(connection: &Connection, prefix: &str) -> rusqlite::Result<String> {
    loop {
        let code: String = connection.query_row("SELECT ?1 || '-' || upper(hex(randomblob(3)))", [prefix], |row| row.get(0))?;
        let issued = connection.query_row("SELECT 1 FROM plays WHERE issued_code = ?1", [&code], |_| Ok(())).optional()?;
        if issued.is_none() {
            return Ok(code);
        }
    }
}

/// One code per email address, made on first sign-up and given again on every later one. A code
/// already issued to another address (`codes.code` is UNIQUE) is drawn again.
fn issue_code(connection: &Connection, email: &str) -> rusqlite::Result<String> {
    let key = email.to_lowercase();
    loop {
        let existing: Option<String> =
            connection.query_row("SELECT code FROM codes WHERE email = ?1", [&key], |row| row.get(0)).optional()?;
        if let Some(code) = existing {
            return Ok(code);
        }
        let inserted = connection
            .query_row(
                "INSERT OR IGNORE INTO codes (email, code) VALUES (?1, 'WELCOME-' || upper(hex(randomblob(4)))) RETURNING code",
                [&key],
                |row| row.get(0),
            )
            .optional()?;
        if let Some(code) = inserted {
            return Ok(code);
        }
    }
}
