//! The relaxed value parsers: each takes a trimmed attribute value and returns the strict value,
//! or `None` when it cannot be used (the caller then warns and uses the default).

use super::{Game, Platform, TeaserPosition};
use crate::offer::Offer;
use crate::game::prize::{parse_entries, playable, Prize, MAX_PRIZES, MIN_PRIZES};
use crate::texts::Lang;
use crate::audience::{Devices, Visitors};

pub(super) fn is_off(value: &str) -> bool {
    matches!(value.to_ascii_lowercase().as_str(), "off" | "none" | "no" | "false")
}

pub(super) fn parse_shop(value: &str) -> Option<Option<String>> {
    if value.is_empty() {
        return Some(None);
    }
    let valid = value.len() <= 100
        && value.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    valid.then(|| Some(value.to_string()))
}

pub(super) fn parse_endpoint(value: &str) -> Option<Option<String>> {
    if value.is_empty() {
        return Some(None);
    }
    let lower = value.to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"));
    // The host as the browser reads it ends at the first `/`, `?` or `#`: it must be a plain
    // host[:port], so that `https://shop.example@evil.example` cannot pass for shop.example.
    let host = rest.map(|rest| rest.split(['/', '?', '#']).next().unwrap_or_default());
    let absolute = host.is_some_and(|host| {
        !host.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
    });
    let path = value.starts_with('/') && !value.starts_with("//");
    ((absolute || path) && resolves_as_written(value, &lower)).then(|| Some(value.to_string()))
}

/// Whether the browser's URL parser (WHATWG) resolves `value` where it reads: it drops tabs and
/// newlines and reads a backslash as `/`, so `/\evil.example/x` or `/<tab>/evil.example` names
/// another host. No whitespace, control or backslash; and in a path none percent-encoded (`%5C`,
/// `%2F`, `%09`, ...) either, as a server that decodes once before redirecting would turn them
/// into the same trick.
/// Looked for after each `%` rather than with `contains`: reading the tag then needs no substring
/// search (`core`'s `StrSearcher`, 2.6 KB of wasm), which a first view would fetch for this alone.
fn resolves_as_written(value: &str, lower: &str) -> bool {
    let encoded_trick = value.starts_with('/') && lower.split('%').skip(1).any(|after| ["0", "1", "2f", "5c", "7f"].iter().any(|t| after.starts_with(t)));
    !encoded_trick && !value.chars().any(|c| c.is_whitespace() || c.is_control() || c == '\\')
}

/// The destination that posts sign-ups to the shop's own customer form.
pub const SHOPIFY: &str = "shopify";
/// Klaviyo destinations are `klaviyo:KEY:LIST`, so a queued delivery carries where it goes.
pub const KLAVIYO: &str = "klaviyo:";

/// Whether a destination of `data-endpoint` is the shop's own endpoint (a URL or path), neither
/// Shopify's customer form nor a Klaviyo list.
pub(super) fn is_endpoint(destination: &str) -> bool {
    destination != SHOPIFY && !destination.starts_with(KLAVIYO)
}

pub(super) fn parse_klaviyo_key(value: &str) -> Option<Option<String>> {
    if value.is_empty() {
        return Some(None);
    }
    crate::signup::klaviyo::public_key(value).then(|| Some(value.to_string()))
}

pub(super) fn parse_klaviyo_list(value: &str) -> Option<Option<String>> {
    if value.is_empty() {
        return Some(None);
    }
    crate::signup::klaviyo::list_id(value).then(|| Some(value.to_string()))
}

/// `data-endpoint`'s destinations, separated by spaces or commas (`shopify`, or what
/// [`parse_endpoint`] accepts), each once; and the entries that were none of those, separated by
/// spaces, which are left out while the others stand.
pub(super) fn parse_destinations(value: &str) -> (Vec<String>, String) {
    let mut destinations: Vec<String> = Vec::new();
    let mut refused = String::new();
    for item in value.split([' ', ',', '\n', '\t']).filter(|item| !item.is_empty()) {
        let destination = if item.eq_ignore_ascii_case(SHOPIFY) { Some(SHOPIFY.to_string()) } else { parse_endpoint(item).flatten() };
        match destination {
            Some(destination) if !destinations.contains(&destination) => destinations.push(destination),
            Some(_) => {}
            None => {
                if !refused.is_empty() {
                    refused.push(' ');
                }
                refused.push_str(item);
            }
        }
    }
    (destinations, refused)
}

/// The first code point of each run of decimal digits, zero to nine in order (Unicode's general
/// category Nd), of the scripts a shop may write a number in: Arabic-Indic, the Persian and Urdu
/// Extended Arabic-Indic, NKo, the Indic scripts, Thai, Lao, Tibetan, Myanmar, Khmer, Mongolian
/// and the full-width digits of Chinese and Japanese input.
const DIGIT_ZEROS: [u32; 19] = [
    0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xe50, 0xed0, 0xf20, 0x1040, 0x17e0, 0x1810, 0xff10,
];

/// `value` with numbers as the shop's language writes them read in ASCII: each decimal digit of
/// [`DIGIT_ZEROS`]' scripts as its ASCII digit (`۱۵` Persian, `١٥` Arabic, `１５` full-width are
/// `15`), the Arabic and full-width percent signs `٪` `％` `﹪` as `%`, the Arabic decimal
/// separator `٫` and the full-width `．` as `.`, the Arabic comma `،` and Chinese input's `，`
/// and `、` as `,`, the full-width `／` as `/`, the no-break spaces U+00A0 and U+202F (`15 %`)
/// as a space, and the direction marks and isolates that a
/// right-to-left editor leaves around a number (U+200E, U+200F, U+061C, U+202A–U+202E,
/// U+2066–U+2069) left out: `\u{200f}۱۵٪` reads as `15%`, `۷۰،۳۰` as `70,30`. Everything else
/// is kept as it is.
pub fn ascii_number(value: &str) -> String {
    let mut ascii = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\u{200e}' | '\u{200f}' | '\u{61c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {}
            '\u{66a}' | '\u{ff05}' | '\u{fe6a}' => ascii.push('%'),
            '\u{66b}' | '\u{ff0e}' => ascii.push('.'),
            '\u{60c}' | '\u{ff0c}' | '\u{3001}' => ascii.push(','),
            '\u{ff0f}' => ascii.push('/'),
            '\u{a0}' | '\u{202f}' => ascii.push(' '),
            c => ascii.push(ascii_digit(c).unwrap_or(c)),
        }
    }
    ascii
}

/// `c` as an ASCII digit, when it is a digit of [`DIGIT_ZEROS`]' scripts.
fn ascii_digit(c: char) -> Option<char> {
    for zero in DIGIT_ZEROS {
        let digit = u32::from(c).wrapping_sub(zero);
        if digit < 10 {
            return char::from_digit(digit, 10);
        }
    }
    None
}

/// A decimal number (in thousandths, so `1.5` is 1500) in the digits [`ascii_number`] reads,
/// followed by an optional unit, with whitespace allowed between them. A decimal comma, as
/// Finnish and Hungarian write one (`1,5 min`), is a point. Three digits after either are refused
/// unless the whole number is 0, since `5,000` and `15.000` are thousands to some and a fraction
/// to others. Parsed by hand: float parsing would add kilobytes to the wasm.
pub(super) fn split_number(value: &str) -> Option<(u64, String)> {
    let value = ascii_number(value);
    let value = value.trim();
    let mut thousandths: u64 = 0;
    // After a decimal point or comma: whether the whole number before it is 0, and how many
    // digits have followed it.
    let mut fraction: Option<(bool, u32)> = None;
    let mut end = 0;
    for byte in value.bytes() {
        if byte.is_ascii_digit() {
            if let Some((_, digits)) = &mut fraction {
                if *digits == 3 {
                    return None;
                }
                *digits += 1;
            }
            thousandths = thousandths.checked_mul(10)?.checked_add(u64::from(byte - b'0'))?;
        } else if (byte == b'.' || byte == b',') && end > 0 && fraction.is_none() {
            fraction = Some((thousandths == 0, 0));
        } else {
            break;
        }
        end += 1;
    }
    let (zero, digits) = fraction.unwrap_or((true, 0));
    // Three digits after the separator group thousands to some (`5,000`, Hungarian `15.000`)
    // and are a fraction to others; not after a whole 0 (`0.125`), which no one groups.
    if end == 0 || (digits == 3 && !zero) {
        return None;
    }
    for _ in digits..3 {
        thousandths = thousandths.checked_mul(10)?;
    }
    Some((thousandths, value[end..].trim().to_ascii_lowercase()))
}

pub(super) fn parse_percent(value: &str) -> Option<u8> {
    let (thousandths, unit) = split_number(value)?;
    let whole = thousandths % 1000 == 0 && (1..=100).contains(&(thousandths / 1000));
    (whole && (unit.is_empty() || unit == "%")).then_some((thousandths / 1000) as u8)
}

/// `None` inside is "off": the welcome popup is switched off.
pub(super) fn parse_offer(value: &str) -> Option<Option<Offer>> {
    if is_off(value) {
        return Some(None);
    }
    let lower = value.to_ascii_lowercase().replace([' ', '_'], "-");
    if lower == "free-shipping" {
        return Some(Some(Offer::FreeShipping));
    }
    parse_percent(value).map(|n| Some(Offer::Percent(n)))
}

pub(super) fn parse_optional_percent(value: &str) -> Option<Option<u8>> {
    if is_off(value) {
        return Some(None);
    }
    parse_percent(value).map(Some)
}

pub(super) fn parse_code(value: &str) -> Option<Option<String>> {
    if value.is_empty() {
        return Some(None);
    }
    let valid = value.len() <= 64
        && value.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'));
    valid.then(|| Some(value.to_string()))
}

/// `5s`, `5000ms`, `5000` (milliseconds), `1.5 min`, `12h`, `7d`.
pub fn parse_duration(value: &str) -> Option<u64> {
    let (thousandths, unit) = split_number(value)?;
    let scale: u64 = match unit.as_str() {
        "" | "ms" => 1,
        "s" | "sec" | "secs" | "second" | "seconds" => 1_000,
        "m" | "min" | "mins" | "minute" | "minutes" => 60_000,
        "h" | "hr" | "hrs" | "hour" | "hours" => 3_600_000,
        "d" | "day" | "days" => 86_400_000,
        _ => return None,
    };
    let ms = thousandths.checked_mul(scale)? / 1000;
    // A year is far beyond any sensible delay or cap.
    (ms <= 366 * 86_400_000).then_some(ms)
}

pub(super) fn parse_optional_duration(value: &str) -> Option<Option<u64>> {
    if is_off(value) {
        return Some(None);
    }
    parse_duration(value).map(Some)
}

/// `None` inside is "off": no game.
pub(super) fn parse_game(value: &str) -> Option<Option<Game>> {
    if is_off(value) {
        return Some(None);
    }
    match value.to_ascii_lowercase().as_str() {
        "wheel" | "spin" => Some(Some(Game::Wheel)),
        "scratch" | "scratch-card" => Some(Some(Game::Scratch)),
        _ => None,
    }
}

/// `data-prizes` as the game plays it ([`parse_entries`]): the prizes; the entries that are no
/// prize, joined by `; `; what the prizes lack to make a game ([`unplayable`]); and, with entries
/// that are no prize, what the list lacks however they are mended: 2 to 12 entries (a trial's 13
/// prizes with one mistyped code heard only of the code). Entries that are no prize are left out
/// while the rest still make a game and the page draws, as a wrong destination or page pattern
/// is (a trial's one mistyped code turned the whole game off). When the shop draws, whose answer
/// names a slice by its place in the list, or when the rest make no game, there are no prizes.
pub(super) fn read_prize_list(value: &str, shop_draw: bool) -> (Vec<Prize>, String, Option<&'static str>, Option<&'static str>) {
    let (prizes, refused) = parse_entries(value);
    let missing = unplayable(&prizes, shop_draw);
    // Entries hold no `;`, so the refused ones are one more than the `;`s joining them (counted
    // by byte: a string pattern brought 1.1 KB gzip of string searching into doorman.wasm).
    let entries = prizes.len() + if refused.is_empty() { 0 } else { 1 + refused.bytes().filter(|&b| b == b';').count() };
    let unmendable = (!refused.is_empty() && !(MIN_PRIZES..=MAX_PRIZES).contains(&entries)).then_some(PRIZE_COUNT);
    let keep = missing.is_none() && (refused.is_empty() || !shop_draw);
    (if keep { prizes } else { Vec::new() }, refused, missing, unmendable)
}

const PRIZE_COUNT: &str = "2 to 12 prizes as label|code|weight separated by ';'";

/// What `prizes` lack to make a game, as a warning's "expected …", or `None` when they make one:
/// 2 to 12 of them ([`playable`]), one with a weight above 0, and when the page draws, one with
/// a code to win among those: "no luck" prizes alone are a game nobody wins (a trial's list of
/// them showed a wheel and said nothing).
pub(super) fn unplayable(prizes: &[Prize], shop_draw: bool) -> Option<&'static str> {
    if !(MIN_PRIZES..=MAX_PRIZES).contains(&prizes.len()) {
        Some(PRIZE_COUNT)
    } else if !playable(prizes) {
        Some("a weight above 0 on one prize at least")
    } else if !shop_draw && !prizes.iter().any(|p| p.wins() && p.weight > 0) {
        Some("one prize at least with a code to win, label|code|weight, and a weight above 0")
    } else {
        None
    }
}

pub(super) fn parse_draw(value: &str) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "local" | "browser" => Some(false),
        "shop" | "server" => Some(true),
        _ => None,
    }
}

pub(super) fn parse_switch(value: &str) -> Option<bool> {
    if is_off(value) {
        return Some(false);
    }
    matches!(value.to_ascii_lowercase().as_str(), "on" | "yes" | "true").then_some(true)
}

pub(super) fn parse_percent_value(value: &str) -> Option<u8> {
    parse_percent(value)
}

pub(super) fn parse_exit(value: &str) -> Option<bool> {
    if is_off(value) {
        return Some(false);
    }
    value.eq_ignore_ascii_case("save-cart").then_some(true)
}

pub(super) fn parse_pixels(value: &str) -> Option<u32> {
    let (thousandths, unit) = split_number(value)?;
    let whole = thousandths % 1000 == 0 && thousandths / 1000 <= 500;
    (whole && (unit.is_empty() || unit == "px")).then_some((thousandths / 1000) as u32)
}

pub(super) fn parse_mobile_rules(value: &str) -> Option<(bool, bool)> {
    if is_off(value) {
        return Some((false, false));
    }
    let mut rules = (false, false);
    for word in value.split([',', ' ']).filter(|w| !w.is_empty()) {
        match word.to_ascii_lowercase().as_str() {
            "scroll" => rules.0 = true,
            "tab" => rules.1 = true,
            // README's "accepts" names it; a trial's merchant wrote it.
            "both" => rules = (true, true),
            _ => return None,
        }
    }
    Some(rules)
}

pub(super) fn parse_cart(value: &str) -> Option<Option<String>> {
    if value.is_empty() {
        return Some(None);
    }
    (value.starts_with('[') || value.starts_with('{')).then(|| Some(value.to_string()))
}

pub(super) fn parse_restore_template(value: &str) -> Option<Option<String>> {
    if value.is_empty() {
        return Some(None);
    }
    let link = parse_endpoint(value)?;
    value.split('{').skip(1).any(|after| after.starts_with("items}")).then_some(link)
}

pub(super) fn parse_hex_colour(value: &str) -> Option<String> {
    let digits = value.strip_prefix('#')?;
    let valid = matches!(digits.len(), 3 | 4 | 6 | 8) && digits.chars().all(|c| c.is_ascii_hexdigit());
    valid.then(|| value.to_ascii_lowercase())
}

pub(super) fn parse_lang(value: &str) -> Option<Option<Lang>> {
    if value.eq_ignore_ascii_case("auto") || value.is_empty() {
        return Some(None);
    }
    Lang::from_tag(value).map(Some)
}

pub(super) fn parse_count(value: &str) -> Option<u32> {
    if value.is_empty() {
        // Liquid renders a missing customer as an empty string.
        return Some(0);
    }
    ascii_number(value).trim().parse().ok()
}

pub(super) fn parse_teaser_position(value: &str) -> Option<TeaserPosition> {
    match value.to_ascii_lowercase().replace([' ', '_'], "-").as_str() {
        "left" => Some(TeaserPosition::Left),
        "right" => Some(TeaserPosition::Right),
        "bottom-left" | "left-bottom" => Some(TeaserPosition::BottomLeft),
        "bottom-right" | "right-bottom" => Some(TeaserPosition::BottomRight),
        _ => None,
    }
}

pub(super) fn parse_platform(value: &str) -> Option<Platform> {
    match value.to_ascii_lowercase().as_str() {
        "auto" => Some(Platform::Auto),
        "shopify" => Some(Platform::Shopify),
        "other" | "none" => Some(Platform::Other),
        _ => None,
    }
}

pub(super) fn parse_devices(value: &str) -> Option<Devices> {
    Devices::parse(value)
}

pub(super) fn parse_visitors(value: &str) -> Option<Visitors> {
    Visitors::parse(value)
}

/// `data-variant-split`: empty is an even split.
pub(super) fn parse_variant_split(value: &str) -> Option<Option<Vec<u32>>> {
    if value.is_empty() {
        return Some(None);
    }
    crate::variant::parse_split(value).map(Some)
}

/// One of the merchant's texts (`data-welcome-title`, `data-consent`, `data-exit-incentive` and
/// the like) of at most `LIMIT` characters, as the page shows it ([`crate::texts::plain`]: line
/// breaks and tabs become spaces); empty keeps the built-in text or none. Characters are what the
/// shopper sees ([`crate::texts::graphemes`]: 🇫🇮 or a Persian letter with its mark is one), and
/// the text holds at most 2½ code points for each: what a sign-up reports of it stays within the
/// shop's bounds (the incentive as the offer's label, 200; the consent, 2,000: shop/src/validate.rs).
/// Too long is refused whole rather than cut, since a cut sentence reads as a mistake in the
/// shop's own voice.
pub(super) fn parse_own_text<const LIMIT: usize>(value: &str) -> Option<Option<String>> {
    own_text(value, LIMIT)
}

/// [`parse_own_text`]'s body, compiled once: each limit's function is a call to it.
fn own_text(value: &str, limit: usize) -> Option<Option<String>> {
    let text = crate::texts::plain(value);
    if text.is_empty() {
        return Some(None);
    }
    (crate::texts::graphemes(&text) <= limit && text.chars().count() <= limit * 5 / 2).then_some(Some(text))
}

/// A picture's URL: what `data-endpoint` accepts (`https://` or `http://` with a plain host, or
/// a path starting with `/`, nothing the browser would resolve elsewhere), or `//host/...`
/// (Shopify's `asset_url` and `image_url` write these); at most 2,048 bytes. Any other scheme
/// (`javascript:`, `data:`, `blob:`, `file:`) and relative names are refused.
pub(super) fn parse_image(value: &str) -> Option<Option<String>> {
    if value.len() > 2048 {
        return None;
    }
    let mut absolute = String::new();
    if value.starts_with("//") {
        absolute.push_str("https:");
    }
    absolute.push_str(value);
    parse_endpoint(&absolute)?;
    Some(Some(value.to_string()).filter(|value| !value.is_empty()))
}

/// `true` for `inherit`: the dialogs take the font of the page's body rather than the system one.
pub(super) fn parse_font(value: &str) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "" | "system" => Some(false),
        "inherit" => Some(true),
        _ => None,
    }
}
