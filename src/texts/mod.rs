//! Built-in texts, one table per language.
//!
//! Each table is written whole for its language, never an English sentence with a value pasted
//! in: where a merchant's value stands in a sentence (`{incentive}`, `{prize}`), the sentence is
//! built so the value stays in its base form, since Hungarian and Finnish inflect nouns.

mod en;
mod de;
mod fr;
mod es;
mod nl;
mod ar;
mod he;
mod zh;
mod fa;
mod hu;
mod fi;
#[cfg(test)]
mod tests;

use en::EN;
use de::DE;
use fr::FR;
use es::ES;
use nl::NL;
use ar::AR;
use he::HE;
use zh::ZH;
use fa::FA;
use hu::HU;
use fi::FI;
use crate::offer::Offer;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    De,
    Fr,
    Es,
    Nl,
    Ar,
    He,
    /// Simplified Chinese.
    Zh,
    /// Persian, right to left.
    Fa,
    Hu,
    Fi,
}

/// Every language with built-in texts, in the order the README lists them.
pub const LANGS: [Lang; 11] =
    [Lang::En, Lang::De, Lang::Fr, Lang::Es, Lang::Nl, Lang::Ar, Lang::He, Lang::Zh, Lang::Fa, Lang::Hu, Lang::Fi];

impl Lang {
    /// Reads a BCP 47 tag (`de`, `de-AT`, `FI`, `pt_BR`) by its primary language, in any case
    /// and with `-` or `_`. Chinese is Simplified only: `zh`, `zh-CN`, `zh-SG` and `zh-Hans`
    /// resolve, while `zh-TW`, `zh-HK`, `zh-MO` and `zh-Hant` (Traditional script) do not, so the
    /// next preference is tried rather than showing a reader the script they do not use.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let mut subtags = tag.trim().split(['-', '_']).map(str::to_ascii_lowercase);
        let primary = subtags.next()?;
        match primary.as_str() {
            "en" => Some(Lang::En),
            "de" => Some(Lang::De),
            "fr" => Some(Lang::Fr),
            "es" => Some(Lang::Es),
            "nl" => Some(Lang::Nl),
            "ar" => Some(Lang::Ar),
            "he" | "iw" => Some(Lang::He),
            "zh" => {
                let traditional = subtags.any(|sub| matches!(sub.as_str(), "hant" | "tw" | "hk" | "mo"));
                (!traditional).then_some(Lang::Zh)
            }
            "fa" | "per" | "fas" => Some(Lang::Fa),
            "hu" => Some(Lang::Hu),
            "fi" => Some(Lang::Fi),
            _ => None,
        }
    }

    /// The first supported tag of the page's and the browser's preferences, else English.
    pub fn negotiate<'a>(preferences: impl IntoIterator<Item = &'a str>) -> Lang {
        preferences.into_iter().find_map(Lang::from_tag).unwrap_or(Lang::En)
    }

    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Fr => "fr",
            Lang::Es => "es",
            Lang::Nl => "nl",
            Lang::Ar => "ar",
            Lang::He => "he",
            Lang::Zh => "zh-CN",
            Lang::Fa => "fa",
            Lang::Hu => "hu",
            Lang::Fi => "fi",
        }
    }

    pub fn is_rtl(self) -> bool {
        matches!(self, Lang::Ar | Lang::He | Lang::Fa)
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::En => &EN,
            Lang::De => &DE,
            Lang::Fr => &FR,
            Lang::Es => &ES,
            Lang::Nl => &NL,
            Lang::Ar => &AR,
            Lang::He => &HE,
            Lang::Zh => &ZH,
            Lang::Fa => &FA,
            Lang::Hu => &HU,
            Lang::Fi => &FI,
        }
    }

    /// `n` percent as CLDR writes it for this language, exactly as the browsers' ICU formats it
    /// (`Intl.NumberFormat(lang, {style: "percent"})`, checked in `tests/web.rs`): `15%`, `15 %`
    /// with a no-break space, `۱۵٪` in Persian digits, `15‎%‎` between left-to-right marks in
    /// Arabic. Formatted here rather than by `Intl`, whose first use in a page costs 20–45 ms of
    /// main-thread time (locale data) on the way to showing a dialog.
    pub fn format_percent(self, n: u8) -> String {
        let digits = n.to_string();
        match self {
            Lang::Fa => {
                let mut text: String = digits.chars().map(|d| native_digit(d, '۰')).collect();
                text.push('٪');
                text
            }
            // Latin digits, the sign between left-to-right marks (CLDR's `ar` default numbering).
            Lang::Ar => digits + "\u{200e}%\u{200e}",
            Lang::De | Lang::Es | Lang::Fi | Lang::Fr => digits + "\u{a0}%",
            Lang::En | Lang::Nl | Lang::He | Lang::Zh | Lang::Hu => digits + "%",
        }
    }
}

/// `digit` (an ASCII digit) in the script whose zero is `zero`.
fn native_digit(digit: char, zero: char) -> char {
    let offset = digit.to_digit(10).unwrap_or(0);
    char::from_u32(zero as u32 + offset).unwrap_or(digit)
}

/// Every text the shopper can see. `{percent}` stands for the offer's percentage, formatted for
/// the language (see [`Lang::format_percent`]).
pub struct Texts {
    pub percent_title: &'static str,
    pub free_shipping_title: &'static str,
    pub intro: &'static str,
    pub email_label: &'static str,
    pub submit: &'static str,
    pub sending: &'static str,
    pub invalid_email: &'static str,
    pub consent_missing: &'static str,
    pub code_intro: &'static str,
    pub no_code: &'static str,
    pub copy: &'static str,
    pub copied: &'static str,
    /// Shown when the browser offers no clipboard (plain-http shops, some in-app browsers).
    pub copy_by_hand: &'static str,
    pub apply: &'static str,
    /// The dialog's secondary action: it closes the dialog as the close button does.
    pub no_thanks: &'static str,
    pub close: &'static str,
    pub exit_title: &'static str,
    pub exit_intro: &'static str,
    /// `{incentive}` stands for the merchant's `data-exit-incentive`.
    pub exit_incentive: &'static str,
    pub exit_submit: &'static str,
    pub exit_saved: &'static str,
    pub wheel_title: &'static str,
    pub scratch_title: &'static str,
    pub game_intro: &'static str,
    pub wheel_submit: &'static str,
    pub scratch_submit: &'static str,
    pub spin: &'static str,
    pub reveal: &'static str,
    pub scratch_hint: &'static str,
    /// `{prize}` stands for the prize's label.
    pub won: &'static str,
    pub lost: &'static str,
    pub prize_later: &'static str,
    /// After a sign-up without a code when no destination will send an email.
    pub no_code_no_email: &'static str,
    /// A saved cart when no destination will email its link: the link is shown instead.
    pub exit_saved_here: &'static str,
    /// The link that rebuilds the saved cart.
    pub open_cart: &'static str,
    /// The tab and dialog that show a revealed code again on later pages.
    pub reminder: &'static str,
    pub reminder_intro: &'static str,
    /// The saved cart's total in the exit prompt; `{total}` is the amount in the cart's currency.
    pub exit_cart_total: &'static str,
    /// The wheel's name for screen readers; `{prizes}` stands for its prizes, listed.
    pub wheel_label: &'static str,
    /// Between the items of a list: `, `, `、` in Chinese, `، ` in Arabic script.
    pub list_separator: &'static str,
}

impl Texts {
    /// The offer's headline, with `percent` as the formatted percentage (`15%`, `15 %`, `۱۵٪`).
    pub fn offer_title(&self, offer: &Offer, percent: impl FnOnce(u8) -> String) -> String {
        match offer {
            Offer::Percent(n) => self.percent_title.replace("{percent}", &percent(*n)),
            Offer::FreeShipping => self.free_shipping_title.to_string(),
        }
    }

    /// What a win says: the merchant's `success` (`data-game-success`, where `{prize}` stands for
    /// the prize's `label`) or the built-in words, each piece in its own direction inside a popup
    /// that runs right to left (`rtl`) or not.
    pub fn won_message(&self, success: Option<&str>, label: &str, rtl: bool) -> String {
        match success {
            Some(success) => {
                let label = isolated(label, first_strong_rtl(success).unwrap_or(rtl));
                isolated(&success.replace("{prize}", &label), rtl)
            }
            None => self.won.replace("{prize}", &isolated(label, rtl)),
        }
    }

    /// What a screen reader hears for the wheel: its name and every prize on it.
    pub fn wheel_description(&self, labels: &[String]) -> String {
        self.wheel_label.replace("{prizes}", &labels.join(self.list_separator))
    }
}

/// `text` as a page shows it: each run of ASCII white space and control characters (line breaks,
/// tabs, Unicode's `Cc`) one space, none at either end, as HTML collapses white space; other
/// spaces (no-break, ideographic) stay. So what the shopper was shown is what the shop receives,
/// and the shop refuses control characters in every text of a report (README, "What the shop
/// receives").
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars() {
        if c.is_ascii_whitespace() || c.is_control() {
            gap = !out.is_empty();
        } else {
            if gap {
                out.push(' ');
                gap = false;
            }
            out.push(c);
        }
    }
    out
}

/// Cuts `text` to at most `max` characters; true if it was longer. A cut never splits a
/// character, and a joiner, variation selector or combining mark left dangling at the end goes
/// too, so a shortened emoji sequence or accented letter does not end mid-way.
pub fn cut(text: &mut String, max: usize) -> bool {
    let Some((end, _)) = text.char_indices().nth(max) else { return false };
    text.truncate(end);
    while text.ends_with(|c: char| c == '\u{200d}' || ('\u{fe00}'..='\u{fe0f}').contains(&c) || ('\u{300}'..='\u{36f}').contains(&c)) {
        text.pop();
    }
    true
}

/// Whether `text` runs right to left by its first strongly directional character (the rule of
/// Unicode's bidi algorithm, P2–P3, and of `dir="auto"`), skipping what sits inside an isolate
/// (U+2066–U+2068 … U+2069) as P2 does; `None` when it has none (digits only).
pub fn first_strong_rtl(text: &str) -> Option<bool> {
    let mut isolates = 0u32;
    text.chars().find_map(|c| {
        let code = u32::from(c);
        match code {
            0x2066..=0x2068 => isolates += 1,
            0x2069 => isolates = isolates.saturating_sub(1),
            _ => {}
        }
        // Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic and their presentation forms.
        let right_to_left = (0x0590..=0x08FF).contains(&code) || (0xFB1D..=0xFDFF).contains(&code) || (0xFE70..=0xFEFF).contains(&code);
        // Letters of the left-to-right scripts a shop writes in: Latin, Greek, Cyrillic, Indic
        // and the rest below U+2000 (but for × and ÷), and CJK and Hangul. A range test rather
        // than `char::is_alphabetic`, whose Unicode tables would cost the wasm ~5 KB.
        let left_to_right = c.is_ascii_alphabetic()
            || ((0xC0..0x2000).contains(&code) && code != 0xD7 && code != 0xF7)
            || (0x3040..=0xD7FF).contains(&code);
        (isolates == 0 && (right_to_left || left_to_right)).then_some(right_to_left)
    })
}

/// What the shopper reads in one place of a dialog: the merchant's `own` text where there is one
/// (`data-<campaign>-title` and the like, any language), kept in its own direction inside a popup
/// that runs right to left (`rtl`) or not (see [`isolated`]); else the built-in `text`.
pub fn own_or(own: Option<&str>, text: &str, rtl: bool) -> String {
    own.map_or_else(|| text.to_string(), |own| isolated(own, rtl))
}

/// The merchant's `text` ready to sit inside a sentence of ours: when its first strong
/// character runs the other way than the popup (`rtl`), it is wrapped in Unicode's first-strong
/// isolate, the plain-text `dir="auto"`, so an English prize reads right inside an Arabic
/// sentence and the other way round. Text that already runs the popup's way is left as it is.
pub fn isolated(text: &str, rtl: bool) -> String {
    match first_strong_rtl(text) {
        Some(text_rtl) if text_rtl != rtl => {
            let mut isolated = String::from('\u{2068}');
            isolated.push_str(text);
            isolated.push('\u{2069}');
            isolated
        }
        _ => text.to_string(),
    }
}
