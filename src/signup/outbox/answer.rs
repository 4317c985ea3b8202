//! How a destination's HTTP answer reads: delivered, transient (and for how long) or refused.

use super::Outcome;
use crate::json::{whole, ToJson};

/// Classifies an HTTP answer by its status, RFC 9110's meanings: `2xx` delivered; `408`, `425`,
/// `429` and `5xx` transient (`retry_after` honoured on `429` and `503`); other `4xx` refused;
/// anything else (`1xx`, `3xx` the browser did not follow) transient.
pub fn classify(status: u16, retry_after: Option<&str>, now: u64) -> Outcome {
    match status {
        200..=299 => Outcome::Delivered,
        400..=499 if !matches!(status, 408 | 425 | 429) => {
            let mut reason = String::from("HTTP ");
            u64::from(status).write_json(&mut reason);
            Outcome::Refused(reason)
        }
        _ => {
            let retry_after_ms = if matches!(status, 429 | 503) { retry_after.and_then(|v| retry_after_ms(v, now)) } else { None };
            Outcome::Transient { retry_after_ms, network: false }
        }
    }
}

/// `Retry-After` (RFC 9110 §10.2.3) as a wait from `now` (ms since the epoch): delay-seconds, or
/// an IMF-fixdate such as `Sun, 06 Nov 1994 08:49:37 GMT` (a date in the past is a wait of 0).
/// The obsolete RFC 850 and asctime date forms are not read: `None`, so the backoff applies.
pub fn retry_after_ms(value: &str, now: u64) -> Option<u64> {
    let value = value.trim();
    match whole(value) {
        Some(seconds) => Some(seconds.saturating_mul(1000)),
        None => http_date_ms(value).map(|at| at.saturating_sub(now)),
    }
}

/// An IMF-fixdate as ms since the epoch: fixed width, `Sun, 06 Nov 1994 08:49:37 GMT`.
pub fn http_date_ms(value: &str) -> Option<u64> {
    const MONTHS: &str = "JanFebMarAprMayJunJulAugSepOctNovDec";
    const DAYS: &str = "ThuFriSatSunMonTueWed";
    let field = |range: core::ops::Range<usize>| value.get(range);
    let number = |range| field(range).and_then(whole);
    let shape = value.len() == 29 && value.bytes().enumerate().all(|(i, b)| match i {
        3 => b == b',',
        4 | 7 | 11 | 16 | 25 => b == b' ',
        19 | 22 => b == b':',
        _ => true,
    });
    (shape && field(26..29)? == "GMT").then_some(())?;
    let month = field(8..11).and_then(|m| MONTHS.find(m)).filter(|i| i % 3 == 0)? as u64 / 3 + 1;
    let (day, year) = (number(5..7)?, number(12..16)?);
    let (h, m, s) = (number(17..19)?, number(20..22)?, number(23..25)?);
    if h > 23 || m > 59 || s > 60 || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let days = days_from_civil(year, month, day)?;
    // The weekday must agree with the date: 1970-01-01 was a Thursday.
    let weekday = (days % 7) as usize * 3;
    (DAYS.get(weekday..weekday + 3)? == field(0..3)?).then_some(())?;
    Some((days * 86_400 + h * 3_600 + m * 60 + s) * 1000)
}

pub fn days_in_month(year: u64, month: u64) -> u64 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a proleptic Gregorian date, for dates from 1970 on (Howard
/// Hinnant's `days_from_civil`).
pub fn days_from_civil(year: u64, month: u64, day: u64) -> Option<u64> {
    let year = if month <= 2 { year.checked_sub(1)? } else { year };
    let era = year / 400;
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    (era * 146_097 + day_of_era).checked_sub(719_468)
}
