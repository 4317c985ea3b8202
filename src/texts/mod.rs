//! Built-in texts, one table per language.
//!
//! Each table is written whole for its language, never an English sentence with a value pasted
//! in: where a merchant's value stands in a sentence (`{incentive}`, `{prize}`), the sentence is
//! built so the value stays in its base form, since Hungarian and Finnish inflect nouns.
//!
//! Each language is a JSON object of the same fields, `src/texts/<tag>.json`. English is built
//! in, as that JSON text, read the first time a view asks for it: the release build moves the
//! text to doorman-views.wasm with the code that draws (tools/split.mjs). Every other language
//! the build ships as `doorman-<tag>.json` beside the wasm: a page view fetches the one file of
//! its language and [`load`]s it before any view shows, instead of every shopper downloading them
//! all (the ten of then were 8.2 KB gzip of wasm, measured with `make build`).

#[cfg(test)]
mod tests;

use std::cell::RefCell;

use crate::offer::Offer;

/// English's table as JSON, the shape of every language's file.
const ENGLISH: &str = include_str!("en.json");

thread_local! {
    /// The tables [`load`] installed, one per language, kept for the page's life.
    static LOADED: RefCell<Vec<(Lang, &'static Texts)>> = const { RefCell::new(Vec::new()) };
}

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
    /// Traditional Chinese, in Taiwan's wording; pages of Hong Kong and Macau read it too.
    ZhTw,
    /// Persian, right to left.
    Fa,
    Hu,
    Fi,
}

/// Every language with built-in texts, in the order the README lists them.
pub const LANGS: [Lang; 12] =
    [Lang::En, Lang::De, Lang::Fr, Lang::Es, Lang::Nl, Lang::Ar, Lang::He, Lang::Zh, Lang::ZhTw, Lang::Fa, Lang::Hu, Lang::Fi];

impl Lang {
    /// Reads a BCP 47 tag (`de`, `de-AT`, `FI`, `pt_BR`) by its primary language, in any case
    /// and with `-` or `_`. Chinese (`zh`, and Mandarin `cmn` and Cantonese `yue`) goes by script,
    /// so no reader gets the script they do not use: a script subtag decides (`zh-Hant`,
    /// `zh-Hans-HK`), else the region, as CLDR's likely subtags have it: Taiwan, Hong Kong and
    /// Macau (`zh-TW`, `zh-HK`, `zh-MO`) write Traditional, other regions Simplified, and
    /// Cantonese without either is Traditional. Subtags after a private-use `x` are not read.
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
            "zh" | "cmn" | "yue" => {
                let mut traditional = primary == "yue";
                for subtag in subtags.take_while(|subtag| subtag != "x") {
                    match subtag.as_str() {
                        "hant" => return Some(Lang::ZhTw),
                        "hans" => return Some(Lang::Zh),
                        // `zh-yue` is Cantonese written with the language's extended subtag.
                        "tw" | "hk" | "mo" | "yue" => traditional = true,
                        "cn" | "sg" | "my" => traditional = false,
                        _ => {}
                    }
                }
                Some(if traditional { Lang::ZhTw } else { Lang::Zh })
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
            Lang::ZhTw => "zh-TW",
            Lang::Fa => "fa",
            Lang::Hu => "hu",
            Lang::Fi => "fi",
        }
    }

    pub fn is_rtl(self) -> bool {
        matches!(self, Lang::Ar | Lang::He | Lang::Fa)
    }

    /// This language's table: English's until [`load`] has installed the language's own, so a
    /// view never shows without words (the web layer waits for the file before it draws anything).
    pub fn texts(self) -> &'static Texts {
        self.loaded().unwrap_or_else(english)
    }

    /// Whether this language's table is here: English always, another once [`load`]ed.
    pub fn has_texts(self) -> bool {
        self == Lang::En || self.loaded().is_some()
    }

    fn loaded(self) -> Option<&'static Texts> {
        LOADED.with(|loaded| loaded.borrow().iter().find(|(lang, _)| *lang == self).map(|(_, texts)| *texts))
    }

    /// The name of the file that holds this language's texts, `doorman-<tag>.json`.
    pub fn file_name(self) -> String {
        ["doorman-", self.tag(), ".json"].concat()
    }

    /// This language's file in the folder of `wasm` (the wasm's URL), with the wasm's query:
    /// `https://cdn/a/doorman.wasm?v=3` gives `https://cdn/a/doorman-fi.json?v=3`, so Shopify's
    /// `?v=` refreshes it with the release. A fragment is dropped; an empty `wasm` gives the bare
    /// name, which a fetch resolves against the page.
    pub fn file_url(self, wasm: &str) -> String {
        let url = wasm.split('#').next().unwrap_or_default();
        let (path, query) = url.split_at(url.find('?').unwrap_or(url.len()));
        let folder = path.rfind('/').map_or("", |slash| &path[..=slash]);
        [folder, &self.file_name(), query].concat()
    }

    /// `n` percent as CLDR writes it for this language, exactly as the browsers' ICU formats it
    /// (`Intl.NumberFormat(lang, {style: "percent"})`, checked in `tests/web.rs`): `15%`, `15 %`
    /// with a no-break space, `۱۵٪` in Persian digits, `15‎%‎` between left-to-right marks in
    /// Arabic. Formatted here rather than by `Intl`, whose first use in a page costs 20–45 ms of
    /// main-thread time (locale data) on the way to showing a dialog.
    pub fn format_percent(self, n: u8) -> String {
        let mut digits = String::new();
        crate::json::push_decimal(&mut digits, u64::from(n));
        match self {
            Lang::Fa => {
                let mut text: String = digits.chars().map(|d| native_digit(d, '۰')).collect();
                text.push('٪');
                text
            }
            // Latin digits, the sign between left-to-right marks (CLDR's `ar` default numbering).
            Lang::Ar => digits + "\u{200e}%\u{200e}",
            Lang::De | Lang::Es | Lang::Fi | Lang::Fr => digits + "\u{a0}%",
            Lang::En | Lang::Nl | Lang::He | Lang::Zh | Lang::ZhTw | Lang::Hu => digits + "%",
        }
    }
}

/// `digit` (an ASCII digit) in the script whose zero is `zero`.
fn native_digit(digit: char, zero: char) -> char {
    let offset = digit.to_digit(10).unwrap_or(0);
    char::from_u32(zero as u32 + offset).unwrap_or(digit)
}

/// Defines [`Texts`] with one `&'static str` per field, and reads a table of them from a JSON
/// object whose members are named as the fields.
macro_rules! texts {
    ($($(#[$doc:meta])* $field:ident,)*) => {
        /// Every text the shopper can see. `{percent}` stands for the offer's percentage, formatted
        /// for the language (see [`Lang::format_percent`]).
        pub struct Texts {
            $($(#[$doc])* pub $field: &'static str,)*
        }

        impl Texts {
            /// Every text empty: what a file fills in.
            const EMPTY: Texts = Texts { $($field: "",)* };

            /// Each text with its name, to be filled from a file.
            fn slots(&mut self) -> impl Iterator<Item = (&'static str, &mut &'static str)> {
                [$((stringify!($field), &mut self.$field),)*].into_iter()
            }
        }
    };
}

texts! {
    percent_title,
    free_shipping_title,
    intro,
    email_label,
    submit,
    sending,
    invalid_email,
    consent_missing,
    code_intro,
    no_code,
    copy,
    copied,
    /// Shown when the browser offers no clipboard (plain-http shops, some in-app browsers).
    copy_by_hand,
    /// The same three for the saved cart's link, shown when no destination will email it.
    copy_link,
    link_copied,
    copy_link_by_hand,
    apply,
    /// The dialog's secondary action: it closes the dialog as the close button does.
    no_thanks,
    close,
    exit_title,
    exit_intro,
    /// `{incentive}` stands for the merchant's `data-exit-incentive`.
    exit_incentive,
    exit_submit,
    /// The exit prompt's intro and button when no destination will email the link: it is shown
    /// once saved instead (see `exit_saved_here`).
    exit_intro_here,
    exit_submit_here,
    exit_saved,
    wheel_title,
    scratch_title,
    game_intro,
    wheel_submit,
    scratch_submit,
    spin,
    reveal,
    scratch_hint,
    /// `{prize}` stands for the prize's label.
    won,
    lost,
    prize_later,
    /// After a sign-up without a code when no destination will send an email.
    no_code_no_email,
    /// A saved cart when no destination will email its link: the link is shown instead.
    exit_saved_here,
    /// The link that rebuilds the saved cart.
    open_cart,
    /// The tab and dialog that show a revealed code again on later pages.
    reminder,
    reminder_intro,
    /// The saved cart's total in the exit prompt; `{total}` is the amount in the cart's currency.
    exit_cart_total,
    /// The wheel's name for screen readers; `{prizes}` stands for its prizes, listed.
    wheel_label,
    /// Between the items of a list: `, `, `、` in Chinese, `، ` in Arabic script.
    list_separator,
}

/// The texts that must hold a placeholder, each with it: a file without one would drop the
/// merchant's value (the offer's percentage, the prize) from the sentence without a word.
const PLACEHOLDERS: [(&str, &str); 5] = [
    ("percent_title", "{percent}"),
    ("exit_incentive", "{incentive}"),
    ("exit_cart_total", "{total}"),
    ("won", "{prize}"),
    ("wheel_label", "{prizes}"),
];

impl Texts {
    /// `lang`'s table from the JSON text of its file, of the shape of `src/texts/*.json`: an
    /// object whose `lang` is the language's tag and whose every other member is a text, named
    /// as the field. Members it does not know are ignored. Its strings are kept for the page's
    /// life: a language's table is read once and used by every view.
    fn from_json(lang: Lang, text: &str) -> Result<Texts, String> {
        const ANOTHER_RELEASE: &str = ": a file of another release, or an edit that lost it";
        if text.contains('\u{fffd}') {
            return Err("it is not UTF-8 text".into());
        }
        let object = crate::json::parse(text).filter(|value| matches!(value, crate::json::Value::Object(_)));
        let object = object.ok_or("it is not a JSON object: a page in its place, or a file of another kind")?;
        match object.get("lang").as_str() {
            Some(tag) if tag == lang.tag() => {}
            Some(tag) => return Err(["it holds the texts of \"", tag, "\", not of \"", lang.tag(), "\""].concat()),
            None => return Err(["it names no language", ANOTHER_RELEASE].concat()),
        }
        let mut texts = Texts::EMPTY;
        for (name, slot) in texts.slots() {
            let text = object.get(name).as_str().filter(|text| !text.trim().is_empty());
            let text = text.ok_or_else(|| ["its \"", name, "\" is missing, empty or not text", ANOTHER_RELEASE].concat())?;
            if let Some((_, placeholder)) = PLACEHOLDERS.iter().find(|(field, placeholder)| *field == name && !text.contains(placeholder)) {
                return Err(["its \"", name, "\" lacks ", placeholder, ANOTHER_RELEASE].concat());
            }
            *slot = Box::leak(text.into());
        }
        Ok(texts)
    }
}

/// English's table, read from [`ENGLISH`] the first time it is asked for and kept.
fn english() -> &'static Texts {
    let texts = Texts::from_json(Lang::En, ENGLISH).unwrap_or_else(|_| unreachable!("src/texts/en.json is checked by the tests"));
    let texts: &'static Texts = Box::leak(Box::new(texts));
    LOADED.with(|loaded| loaded.borrow_mut().push((Lang::En, texts)));
    texts
}

/// Installs `lang`'s table from the JSON text of its file; a second load of the same language
/// keeps the first. The error, for the merchant's console, says what is wrong with the file: not
/// UTF-8, not a JSON object, another language's, or a text missing, empty, not a string or
/// without its placeholder (`{percent}`, `{prize}`, …). Nothing refused is installed.
pub fn load(lang: Lang, json: &str) -> Result<(), String> {
    if lang.has_texts() {
        return Ok(());
    }
    let texts: &'static Texts = Box::leak(Box::new(Texts::from_json(lang, json)?));
    LOADED.with(|loaded| loaded.borrow_mut().push((lang, texts)));
    Ok(())
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
/// receives"). The bidirectional embeddings, overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069, Unicode UAX #9) go too: an override pasted into a prize showed "۳۰٪" as
/// "۰۳٪", and a stray U+2069 closed the isolate the widget puts around a prize and scrambled the
/// words after it. The widget isolates what it inserts itself, and the marks (U+200E, U+200F,
/// U+061C), which reorder nothing around them, stay inside a text; at either end, where a
/// right-to-left editor leaves them, they go with the white space, as does every other character
/// that draws nothing ([`invisible`]: a prize label with one was not the shop's, which had none).
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    // Where the text ends but for the marks after its last other character.
    let mut end = 0;
    for c in text.chars() {
        let mark = invisible(c);
        if c.is_ascii_whitespace() || c.is_control() {
            gap = !out.is_empty();
        } else if !(matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') || (mark && out.is_empty())) {
            if gap {
                out.push(' ');
                gap = false;
            }
            out.push(c);
            if !mark {
                end = out.len();
            }
        }
    }
    out.truncate(end);
    out
}

/// Whether `c` draws nothing, in a text that has other characters: the soft hyphen, the Arabic
/// letter mark, the zero-width space, non-joiner and joiner, the direction marks, the word joiner
/// and the invisible operators, and the zero-width no-break space (a byte order mark). Left out
/// at a text's ends ([`plain`]); the shop compares prize labels without them.
pub fn invisible(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{61c}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}')
}

/// Whether `c` stays with the grapheme before it (Unicode's UAX #29, GB9: Grapheme_Extend, of
/// the scripts and symbols Doorman's shops write): combining marks for Latin letters and for
/// symbols (the keycap), Hebrew points, Arabic and Persian marks, the zero-width non-joiner
/// Persian writes inside words, variation selectors, emoji skin tones and tag characters. Not
/// the whole property, whose tables would cost the wasm kilobytes.
fn extends(c: char) -> bool {
    matches!(c,
        '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20f0}' | '\u{fe20}'..='\u{fe2f}'
        | '\u{591}'..='\u{5bd}' | '\u{5bf}' | '\u{5c1}' | '\u{5c2}' | '\u{5c4}' | '\u{5c5}' | '\u{5c7}'
        | '\u{610}'..='\u{61a}' | '\u{64b}'..='\u{65f}' | '\u{670}' | '\u{6d6}'..='\u{6dc}' | '\u{6df}'..='\u{6e4}' | '\u{6e7}' | '\u{6e8}' | '\u{6ea}'..='\u{6ed}'
        | '\u{200c}' | '\u{fe00}'..='\u{fe0f}' | '\u{1f3fb}'..='\u{1f3ff}' | '\u{e0020}'..='\u{e007f}')
}

/// Pictographs, roughly Extended_Pictographic: what a joiner joins into one emoji (👨‍👩‍👧).
fn pictograph(c: char) -> bool {
    matches!(c, '\u{2600}'..='\u{27bf}' | '\u{1f000}'..='\u{1faff}')
}

fn regional_indicator(c: char) -> bool {
    ('\u{1f1e6}'..='\u{1f1ff}').contains(&c)
}

/// The byte offset at which each of `text`'s graphemes (what a shopper sees as one character)
/// ends, in order, after Unicode's UAX #29: a mark, a joiner or what [`extends`] stays with the
/// grapheme before it (GB9), a pictograph after a joiner after a pictograph joins it (GB11: 👨‍💻),
/// and regional indicators pair into flags (GB12–13: 🇫🇮). Hangul syllables and Indic spacing
/// marks are not joined: no shop's language Doorman ships writes them.
pub fn grapheme_ends(text: &str) -> impl Iterator<Item = usize> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (_, first) = chars.next()?;
        // A pictograph followed by marks only, so far; a joiner after it; a flag's first half.
        let mut pictographic = pictograph(first);
        let mut joined = false;
        let mut half_flag = regional_indicator(first);
        while let Some(&(at, next)) = chars.peek() {
            let stays = extends(next) || next == '\u{200d}' || (joined && pictograph(next)) || (half_flag && regional_indicator(next));
            if !stays {
                return Some(at);
            }
            chars.next();
            joined = next == '\u{200d}' && pictographic;
            pictographic = pictograph(next) || (pictographic && extends(next));
            half_flag = false;
        }
        Some(text.len())
    })
}

/// How many graphemes `text` shows ([`grapheme_ends`]): an emoji built of several code points
/// (👍🏽, 🇫🇮, 👨‍👩‍👧) or a letter with its marks counts as one.
pub fn graphemes(text: &str) -> usize {
    grapheme_ends(text).count()
}

/// Cuts `text` to at most `max` code points (the bound of what a shop stores), never inside a
/// grapheme ([`grapheme_ends`]): a flag, a keycap, an emoji with its skin tone or joined ones, a
/// letter with its marks go whole or not at all; true if it was longer. A joiner left at the end
/// goes.
pub fn cut(text: &mut String, max: usize) -> bool {
    let Some((limit, _)) = text.char_indices().nth(max) else { return false };
    let end = grapheme_ends(text).take_while(|&end| end <= limit).last().unwrap_or(0);
    text.truncate(end);
    while text.ends_with('\u{200d}') {
        text.pop();
    }
    true
}

/// `text` cut to at most `max` characters as [`cut`] does, with "…" when it was longer: for a
/// console line that quotes a value too long to read whole.
pub fn shortened(text: &str, max: usize) -> String {
    let mut short = text.to_string();
    if cut(&mut short, max) {
        short.push('…');
    }
    short
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
