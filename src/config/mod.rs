//! The merchant's `data-*` attributes, read into one strict [`Config`].
//!
//! Merchants type these values into theme editors, so parsing is relaxed (`15`, `15%`, ` 15 % `;
//! `5s`, `5000ms`, `5000`). Every default lives in [`ATTRIBUTES`] and goes through the same parser
//! as a merchant's value, so a default cannot disagree with what the parser accepts. Each campaign
//! reads into its own section, `None` when the merchant switched it off.

mod attributes;
mod tag;
mod values;
mod warning;
// The tests read README and the demo's choices, which only native builds carry.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

pub use attributes::{Attribute, ATTRIBUTES, BUTTON_LIMIT, CHECKOUT, EXPECTS_PRIZE, TEXT_LIMIT, TITLE_LIMIT};
pub use values::{ascii_number, parse_duration, KLAVIYO, SHOPIFY};
pub use warning::Warning;

use crate::audience::{Audience, PathPatterns};
use crate::offer::Offer;
use crate::game::prize::{shorten_labels, Prize};
use crate::texts::Lang;
use crate::exit::trigger::ExitRules;
use values::*;

/// Which storefront conventions apply.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Platform {
    #[default]
    Auto,
    Shopify,
    Other,
}

/// The strict configuration the widget runs on.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub shop: Option<String>,
    /// Every place a sign-up is delivered to: `shopify` or a URL, each tracked on its own.
    pub destinations: Vec<String>,
    /// The first URL among them: the one whose answer may carry a unique code or a prize.
    pub endpoint: Option<String>,
    /// Klaviyo's `revision` header, `YYYY-MM-DD`.
    pub klaviyo_revision: String,
    /// The welcome popup; `None` when `data-welcome` is off.
    pub welcome: Option<WelcomeConfig>,
    /// The exit prompt that saves the cart; `None` unless `data-exit` is `save-cart`.
    pub exit: Option<ExitConfig>,
    /// Raw JSON of the page's cart; the web layer parses it with the browser's own `JSON.parse`.
    pub cart: Option<String>,
    /// The prize game; `None` when `data-game` is off or its prizes are unusable.
    pub game: Option<GameConfig>,
    /// Whether a revealed code is offered again on later pages.
    pub code_reminder: bool,
    /// Where the game's teaser and the code reminder sit.
    pub teaser_position: TeaserPosition,
    pub consent: Option<String>,
    pub accent: String,
    /// `data-font="inherit"`: the dialogs use the page body's font rather than the system one.
    pub inherit_font: bool,
    /// `None` follows the page.
    pub lang: Option<Lang>,
    pub customer_orders: u32,
    pub platform: Platform,
    /// Where and to whom each campaign shows.
    pub audiences: Audiences,
    /// This visitor's A/B variant, `0` for `a` (see [`crate::variant`] and [`Config::from_tag`]).
    pub variant: usize,
    /// Where view reports go (`data-views`); `None` sends none.
    pub views: Option<String>,
}

/// Each campaign's audience: its own `data-<campaign>-pages`, `-devices` and `-visitors` when the
/// tag sets them, else the general `data-pages`, `data-devices` and `data-visitors`; its skip list
/// is `data-skip-pages` and its own `-skip-pages` together. The game's rules apply to both games.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Audiences {
    pub welcome: Audience,
    pub exit: Audience,
    pub game: Audience,
}

/// The welcome popup's section: `data-welcome*`.
#[derive(Clone, Debug, PartialEq)]
pub struct WelcomeConfig {
    pub offer: Offer,
    pub code: Option<String>,
    pub delay_ms: Option<u64>,
    pub scroll_percent: Option<u8>,
    /// How long a closed popup stays away, in ms.
    pub cap_ms: u64,
    /// `data-welcome-title` and the rest of the merchant's own words.
    pub own: OwnTexts,
}

/// The merchant's own words and picture for one campaign's dialog: `data-<campaign>-title`,
/// `-text`, `-button`, `-success` (each at most [`TITLE_LIMIT`], [`TEXT_LIMIT`], [`BUTTON_LIMIT`],
/// [`TEXT_LIMIT`] characters) and `-image` (a URL). `None` keeps the built-in text of the
/// shopper's language; a merchant's text shows in every language, as plain text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OwnTexts {
    pub title: Option<String>,
    pub text: Option<String>,
    pub button: Option<String>,
    pub success: Option<String>,
    pub image: Option<String>,
}

impl OwnTexts {
    /// A campaign without texts of its own: what a switched-off campaign's preview shows.
    pub const NONE: OwnTexts = OwnTexts { title: None, text: None, button: None, success: None, image: None };
}

/// The exit prompt's section: `data-exit*` and `data-cart-restore`.
#[derive(Clone, Debug, PartialEq)]
pub struct ExitConfig {
    pub rules: ExitRules,
    pub incentive: Option<String>,
    pub code: Option<String>,
    /// How long a closed prompt stays away, in ms.
    pub cap_ms: u64,
    /// The restore link's template, with `{items}`.
    pub cart_restore: Option<String>,
    /// `data-exit-title` and the rest of the merchant's own words.
    pub own: OwnTexts,
}

/// The prize game's section: `data-game*`, `data-prizes`, `data-every-slice-wins`.
#[derive(Clone, Debug, PartialEq)]
pub struct GameConfig {
    pub kind: Game,
    /// 2 to 12 prizes, never empty.
    pub prizes: Vec<Prize>,
    pub shop_draw: bool,
    pub every_slice_wins: bool,
    pub delay_ms: Option<u64>,
    pub teaser: bool,
    pub threshold_percent: u8,
    /// How long a dismissed game stays closed (the welcome cap, `data-welcome-cap`), in ms.
    pub cap_ms: u64,
    /// `data-game-title` and the rest of the merchant's own words.
    pub own: OwnTexts,
}

impl Config {
    /// Reads every attribute through `get` (given a name without `data-`, it returns the raw
    /// value), collecting one warning per unusable value.
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> (Config, Vec<Warning>) {
        let mut reader = Reader { get, warnings: Vec::new() };
        // Every attribute is read, in the table's order of old, whether or not its campaign is on:
        // a wrong value warns even while its campaign is switched off.
        let shop = reader.read("shop", parse_shop);
        // An entry that is no destination (a typo in one of several) is named, and the others
        // still get every sign-up.
        // The line quotes the wrong entries alone, so one among long URLs is not cut from it.
        let (mut destinations, refused) = parse_destinations(&(reader.get)("endpoint").unwrap_or_default());
        if !refused.is_empty() {
            reader.refuse_value("endpoint", refused, (!destinations.is_empty()).then_some("the other destinations"));
        }
        let klaviyo_revision =
            reader.read("klaviyo-revision", |v| crate::signup::klaviyo::revision_day(v).map(|_| v.to_string()));
        let offer = reader.read("welcome", parse_offer);
        let welcome_code = reader.read("welcome-code", parse_code);
        let welcome_delay_ms = reader.read("welcome-delay", parse_optional_duration);
        let welcome_scroll_percent = reader.read("welcome-scroll", parse_optional_percent);
        let welcome_cap_ms = reader.read("welcome-cap", parse_duration);
        let welcome_own = reader.read_own(["welcome-title", "welcome-text", "welcome-button", "welcome-success", "welcome-image"]);
        let exit = reader.read("exit", parse_exit);
        let mut exit_rules = ExitRules {
            sensitivity_px: reader.read("exit-sensitivity", parse_pixels),
            delay_ms: reader.read("exit-delay", parse_duration),
            min_time_ms: reader.read("exit-min-time", parse_duration),
            scroll_up: false,
            tab_return: false,
        };
        let exit_incentive = reader.read("exit-incentive", parse_own_text::<80>);
        let exit_code = reader.read("exit-code", parse_code);
        let exit_cap_ms = reader.read("exit-cap", parse_duration);
        let exit_own = reader.read_own(["exit-title", "exit-text", "exit-button", "exit-success", "exit-image"]);
        let cart = reader.read("cart", parse_cart);
        let cart_restore = reader.read("cart-restore", parse_restore_template);
        let game = reader.read("game", parse_game);
        let mut shop_draw = reader.read("game-draw", parse_draw);
        let every_slice_wins = reader.read("every-slice-wins", parse_switch);
        let game_delay_ms = reader.read("game-delay", parse_optional_duration);
        let game_teaser = reader.read("game-teaser", parse_switch);
        let code_reminder = reader.read("code-reminder", parse_switch);
        let teaser_position = reader.read("teaser-position", parse_teaser_position);
        let game_threshold_percent = reader.read("game-threshold", parse_percent_value);
        let game_own = reader.read_own(["game-title", "game-text", "game-button", "game-success", "game-image"]);
        let consent = reader.read("consent", parse_own_text::<500>);
        let accent = reader.read("accent", parse_hex_colour);
        let inherit_font = reader.read("font", parse_font);
        let lang = reader.read("lang", parse_lang);
        let customer_orders = reader.read("customer-orders", parse_count);
        let platform = reader.read("platform", parse_platform);
        (exit_rules.scroll_up, exit_rules.tab_return) = reader.read("exit-mobile", parse_mobile_rules);
        let audiences = read_audiences(&mut reader);
        // Checked against the number of variants by `from_tag`, which also applies it.
        reader.read("variant-split", parse_variant_split);
        let views = reader.read("views", parse_endpoint);
        let endpoint = destinations.iter().find(|d| values::is_endpoint(d)).cloned();
        let klaviyo_key = reader.read("klaviyo-key", parse_klaviyo_key);
        let klaviyo_list = reader.read("klaviyo-list", parse_klaviyo_list);
        match (klaviyo_key, klaviyo_list) {
            (Some(key), Some(list)) => {
                let mut destination = String::from(KLAVIYO);
                destination.push_str(&key);
                destination.push(':');
                destination.push_str(&list);
                destinations.push(destination);
            }
            // The partner is asked for only when the tag leaves it out: one it got wrong has its
            // own warning (a private pk_ key is no reason to ask for a list).
            (Some(_), None) if !reader.given("klaviyo-list") => reader.refuse("klaviyo-key", Some("data-klaviyo-list as well"), None),
            (None, Some(_)) if !reader.given("klaviyo-key") => reader.refuse("klaviyo-list", Some("data-klaviyo-key as well"), None),
            _ => {}
        }
        if shop_draw && endpoint.is_none() {
            // Decided before the prizes are read: the page draws them, and they need codes.
            reader.refuse("game-draw", Some("data-endpoint as well, since the shop draws the prize"), Some("local"));
            shop_draw = false;
        }
        let mut prizes = reader.read_prizes(shop_draw);
        if let Some(label) = shorten_labels(&mut prizes) {
            // The game still runs: only the absurd part of the label goes. The message quotes the
            // label, which the whole list's first characters may not reach.
            reader.warnings.push(Warning {
                attribute: "prizes".to_string(),
                value: label,
                expected: Some("labels of at most 200 characters"),
                default: "the first 200 characters of each longer label",
                suggestion: None,
                variant: None,
            });
        }
        if every_slice_wins && prizes.iter().any(|p| !p.wins()) && !shop_draw {
            reader.refuse("prizes", Some("every prize with a code, since data-every-slice-wins is on"), None);
            prizes.clear();
        }
        if shop_draw && prizes.iter().any(Prize::wins) {
            // Codes in the page are readable by anyone; the shop issues them in this mode.
            reader.refuse("prizes", Some("labels only when the shop draws (the shop issues the codes)"), Some("the labels without their codes"));
            for prize in &mut prizes {
                prize.code = None;
            }
        }
        if game.is_some() && prizes.is_empty() {
            // The merchant asked for a game, not a popup: one showing in its place is said.
            let instead = offer.is_some().then_some("off, and the welcome popup shows in its place");
            // Prizes given and refused have their own warning, which says what they lack.
            let expected = if reader.given("prizes") { "data-prizes that make a game, as its warning says" } else { "data-prizes with 2 to 12 prizes as well" };
            reader.refuse("game", Some(expected), instead);
        }
        let config = Config {
            shop,
            destinations,
            endpoint,
            klaviyo_revision,
            welcome: offer.map(|offer| WelcomeConfig {
                offer,
                code: welcome_code,
                delay_ms: welcome_delay_ms,
                scroll_percent: welcome_scroll_percent,
                cap_ms: welcome_cap_ms,
                own: welcome_own,
            }),
            exit: exit.then_some(ExitConfig {
                rules: exit_rules,
                incentive: exit_incentive,
                code: exit_code,
                cap_ms: exit_cap_ms,
                cart_restore,
                own: exit_own,
            }),
            cart,
            game: game.filter(|_| !prizes.is_empty()).map(|kind| GameConfig {
                kind,
                prizes,
                shop_draw,
                every_slice_wins,
                delay_ms: game_delay_ms,
                teaser: game_teaser,
                threshold_percent: game_threshold_percent,
                cap_ms: welcome_cap_ms,
                own: game_own,
            }),
            code_reminder,
            teaser_position,
            consent,
            accent,
            inherit_font,
            lang,
            customer_orders,
            platform,
            audiences,
            variant: 0,
            views,
        };
        (config, reader.warnings)
    }

    /// Whether a configured destination can send the shopper an email: a webhook (the shop's own
    /// endpoint, which README makes responsible for it) or Klaviyo (its flows). Shopify's customer
    /// form and no destination send nothing, so the widget promises no email then.
    pub fn emails_follow(&self) -> bool {
        self.destinations.iter().any(|destination| destination != SHOPIFY)
    }
}

impl Default for Config {
    fn default() -> Self {
        Config::parse(|_| None).0
    }
}

impl Config {
    /// The config of a widget whose tag is not read yet: no campaign, no destination. Built
    /// field by field rather than by parsing, so that holding one costs no parsing code.
    pub fn unread() -> Config {
        Config {
            shop: None,
            destinations: Vec::new(),
            endpoint: None,
            klaviyo_revision: String::new(),
            welcome: None,
            exit: None,
            cart: None,
            game: None,
            code_reminder: false,
            teaser_position: TeaserPosition::default(),
            consent: None,
            accent: String::new(),
            inherit_font: false,
            lang: None,
            customer_orders: 0,
            platform: Platform::default(),
            audiences: Audiences::default(),
            variant: 0,
            views: None,
        }
    }
}

struct Reader<G> {
    get: G,
    warnings: Vec<Warning>,
}

impl<G: Fn(&str) -> Option<String>> Reader<G> {
    fn read<T: Default>(&mut self, name: &'static str, parse: fn(&str) -> Option<T>) -> T {
        let Some(attribute) = ATTRIBUTES.iter().find(|a| a.name == name) else {
            return T::default();
        };
        if let Some(raw) = (self.get)(name) {
            if let Some(value) = parse(raw.trim()) {
                return value;
            }
            self.warn(attribute, raw, attribute.expects, None);
        }
        // Every default parses: the `every_attribute_has_a_default` test holds us to it.
        parse(attribute.default).unwrap_or_default()
    }

    /// A per-campaign attribute that overrides a general one: its own value when the tag sets it
    /// (and it parses), else the general value, named `general` in the warning.
    fn read_over<T: Clone>(&mut self, name: &'static str, parse: fn(&str) -> Option<T>, general: &T, general_name: &'static str) -> T {
        let Some(raw) = (self.get)(name) else { return general.clone() };
        if let Some(value) = parse(raw.trim()) {
            return value;
        }
        if let Some(attribute) = ATTRIBUTES.iter().find(|a| a.name == name) {
            self.warnings.push(Warning {
                attribute: attribute.name.to_string(),
                value: raw,
                expected: Some(attribute.expects),
                default: general_name,
                suggestion: None,
                variant: None,
            });
        }
        general.clone()
    }

    /// One campaign's own words, named in the order title, text, button, success, image. Kept
    /// out of line: inlined, each campaign would carry its own five copies of `read` in the wasm.
    #[inline(never)]
    fn read_own(&mut self, [title, text, button, success, image]: [&'static str; 5]) -> OwnTexts {
        OwnTexts {
            title: self.read(title, parse_own_text::<TITLE_LIMIT>),
            text: self.read(text, parse_own_text::<TEXT_LIMIT>),
            button: self.read(button, parse_own_text::<BUTTON_LIMIT>),
            success: self.read(success, parse_own_text::<TEXT_LIMIT>),
            image: self.read(image, parse_image),
        }
    }

    /// `name`'s path patterns ([`PathPatterns::parse`]; `none` or `off` for a skip list's
    /// none), or `None` when the tag does not set it (blanks, as a variant's empty alternative)
    /// or sets no valid pattern. A pattern that is not valid is dropped with one warning naming
    /// it, and the others kept: a list meant to narrow a campaign does not widen it to every
    /// page, nor a skip list lose every skip, for one typo. Separators alone (`,`, `;`) are no
    /// list, and warn.
    #[inline(never)]
    fn read_patterns(&mut self, name: &'static str) -> Option<PathPatterns> {
        let attribute = ATTRIBUTES.iter().find(|a| a.name == name)?;
        let raw = (self.get)(name).filter(|raw| !raw.trim().is_empty())?;
        if name.ends_with("skip-pages") && is_off(raw.trim()) {
            return Some(PathPatterns::default());
        }
        let (patterns, mut refused) = PathPatterns::parse(&raw);
        if patterns.is_empty() && refused.is_empty() {
            refused.push(raw.trim().to_string());
        }
        if !refused.is_empty() {
            let instead = (!patterns.is_empty()).then_some("the other patterns");
            // Joined by hand: `[String]::join` would bring alloc's join into doorman.wasm.
            let mut value = String::new();
            for pattern in &refused {
                if !value.is_empty() {
                    value.push(' ');
                }
                value.push_str(pattern);
            }
            self.warn(attribute, value, attribute.expects, instead);
        }
        (!patterns.is_empty()).then_some(patterns)
    }

    /// `data-prizes` as [`read_prize_list`] keeps them, given the draw the tag asks for: the
    /// entries that are no prize are named in one warning, saying whether the others stand. A
    /// list without such an entry that still makes no game warns whole.
    #[inline(never)]
    fn read_prizes(&mut self, shop_draw: bool) -> Vec<Prize> {
        let Some(attribute) = ATTRIBUTES.iter().find(|a| a.name == "prizes") else { return Vec::new() };
        let Some(raw) = (self.get)("prizes").filter(|raw| !raw.trim().is_empty()) else { return Vec::new() };
        let (prizes, refused, missing, unmendable) = read_prize_list(&raw, shop_draw);
        if !refused.is_empty() {
            let instead = match (prizes.is_empty(), shop_draw && missing.is_none()) {
                (false, _) => "the other prizes",
                (true, true) => "none: the shop names a prize by its place in the list",
                (true, false) => "none",
            };
            self.warn(attribute, refused, EXPECTS_PRIZE, Some(instead));
            if let Some(expected) = unmendable {
                self.warn(attribute, raw, expected, None);
            }
        } else if let Some(expected) = missing {
            self.warn(attribute, raw, expected, None);
        }
        prizes
    }

    /// A value that parses but cannot be used with the rest of the configuration.
    /// Warns that `name`'s value cannot be used with the rest of the tag: `expected` says what
    /// would do (the attribute's own `expects` when `None`), `instead` what is used (the
    /// attribute's default when `None`).
    fn refuse(&mut self, name: &'static str, expected: Option<&'static str>, instead: Option<&'static str>) {
        let Some(attribute) = ATTRIBUTES.iter().find(|a| a.name == name) else { return };
        let value = (self.get)(name).unwrap_or_default();
        self.warn(attribute, value, expected.unwrap_or(attribute.expects), instead);
    }

    /// Warns that part of `name`'s value, `value`, cannot be used: the attribute's `expects`
    /// says what would do, `instead` what is used.
    fn refuse_value(&mut self, name: &'static str, value: String, instead: Option<&'static str>) {
        let Some(attribute) = ATTRIBUTES.iter().find(|a| a.name == name) else { return };
        self.warn(attribute, value, attribute.expects, instead);
    }

    /// Whether the tag sets `name` to something other than blanks.
    fn given(&self, name: &str) -> bool {
        (self.get)(name).is_some_and(|value| !value.trim().is_empty())
    }

    /// Warns that `attribute`'s `value` is not `expected`; `instead` says what is used, when not
    /// the attribute's default.
    fn warn(&mut self, attribute: &'static Attribute, value: String, expected: &'static str, instead: Option<&'static str>) {
        self.warnings.push(Warning {
            attribute: attribute.name.to_string(),
            value,
            expected: Some(expected),
            default: instead.unwrap_or(default_in_words(attribute)),
            suggestion: None,
            variant: None,
        });
    }
}

/// An attribute's default as a warning's "using …" says it: an empty default means the whole
/// shop for `data-pages`, the general attribute for a campaign's own, the built-in text of the
/// language for a merchant's own text left out, and so on; `none` for the rest (no image, no
/// destination, no page skipped).
fn default_in_words(attribute: &Attribute) -> &'static str {
    if !attribute.default.is_empty() {
        return attribute.default;
    }
    let general = attribute.name.split_once('-').map_or(attribute.name, |(_, general)| general);
    match (attribute.name, general) {
        ("skip-pages", _) => "none",
        ("shop", _) => "the page's host name",
        ("pages", _) => "every page",
        ("variant-split", _) => "an even split",
        ("cart-restore", _) => "a Shopify cart permalink",
        ("consent", _) => "no consent checkbox",
        ("wasm" | "glue", _) => "the script's folder",
        (_, "pages") => "data-pages",
        (_, "devices") => "data-devices",
        (_, "visitors") => "data-visitors",
        (_, "title" | "text" | "button" | "success") => "the built-in text",
        _ => "none",
    }
}

/// The default list of the pattern attribute `name` (the welcome popup's and the game's skip
/// lists keep them off cart and checkout).
fn default_patterns(name: &str) -> PathPatterns {
    PathPatterns::parse(ATTRIBUTES.iter().find(|a| a.name == name).map_or("", |a| a.default)).0
}

/// The general audience, then each campaign's (see [`Audiences`]).
fn read_audiences<G: Fn(&str) -> Option<String>>(reader: &mut Reader<G>) -> Audiences {
    let general = Audience {
        pages: reader.read_patterns("pages").unwrap_or_default(),
        skip_pages: reader.read_patterns("skip-pages").unwrap_or_default(),
        devices: reader.read("devices", parse_devices),
        visitors: reader.read("visitors", parse_visitors),
    };
    let mut campaign = |[pages, skip_pages, devices, visitors]: [&'static str; 4]| Audience {
        pages: reader.read_patterns(pages).unwrap_or_else(|| general.pages.clone()),
        skip_pages: reader.read_patterns(skip_pages).unwrap_or_else(|| default_patterns(skip_pages)).with(&general.skip_pages),
        devices: reader.read_over(devices, parse_devices, &general.devices, "data-devices"),
        visitors: reader.read_over(visitors, parse_visitors, &general.visitors, "data-visitors"),
    };
    Audiences {
        welcome: campaign(["welcome-pages", "welcome-skip-pages", "welcome-devices", "welcome-visitors"]),
        exit: campaign(["exit-pages", "exit-skip-pages", "exit-devices", "exit-visitors"]),
        game: campaign(["game-pages", "game-skip-pages", "game-devices", "game-visitors"]),
    }
}

/// Where the teaser tab sits on the page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TeaserPosition {
    /// Upright, half-way down the left edge: clear of bottom "Add to cart" bars and chat buttons.
    #[default]
    Left,
    Right,
    BottomLeft,
    BottomRight,
}

/// Which game earns the sign-up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Game {
    Wheel,
    Scratch,
}
