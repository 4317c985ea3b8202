//! The merchant's `data-*` attributes, read into one strict [`Config`].
//!
//! Merchants type these values into theme editors, so parsing is relaxed (`15`, `15%`, ` 15 % `;
//! `5s`, `5000ms`, `5000`). Every default lives in [`ATTRIBUTES`] and goes through the same parser
//! as a merchant's value, so a default cannot disagree with what the parser accepts.

use crate::prize::{parse_prizes, shorten_labels, Prize};
use crate::texts::Lang;
use crate::trigger::ExitRules;

/// One public attribute of the script tag (without its `data-` prefix).
pub struct Attribute {
    pub name: &'static str,
    /// The value used when the attribute is absent or wrong; `""` means "none".
    pub default: &'static str,
    /// What a valid value looks like, quoted in the warning for a wrong one.
    pub expects: &'static str,
    /// README's "what it does" for the attribute. Left out of the wasm, which never shows it.
    #[cfg(not(target_arch = "wasm32"))]
    pub doc: &'static str,
    /// Values the demo's configurator offers in a list; empty for free text. Not in the wasm.
    #[cfg(not(target_arch = "wasm32"))]
    pub choices: &'static [&'static str],
}

/// Every attribute Doorman reads: the single source for parsing, defaults and documentation.
pub const ATTRIBUTES: &[Attribute] = &[
    Attribute {
        name: "shop",
        default: "",
        expects: "a shop name of letters, digits, '.', '-' or '_'",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "Names the shop in every report. Empty means the page's host name.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "endpoint",
        default: "",
        expects: "shopify, or an https:// or http:// URL or a path starting with /, several separated by spaces",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "Where sign-ups go: a URL or path that receives them as JSON, `shopify` for the shop's customer list, or several separated by spaces. Empty means they are only announced as events.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "klaviyo-key",
        default: "",
        expects: "your public site key (6 letters and digits), never a private pk_ key",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "With `data-klaviyo-list`, every sign-up also goes to that Klaviyo list.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "klaviyo-list",
        default: "",
        expects: "a Klaviyo list id of letters and digits",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "The Klaviyo list that sign-ups join.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "klaviyo-revision",
        default: crate::klaviyo::REVISION,
        expects: "a Klaviyo API revision date such as 2026-10-15",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "The dated Klaviyo API revision to send; set it only to move to a newer revision before Doorman does (see below).",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "welcome",
        default: "10%",
        expects: "a percentage such as 15 or 15%, free-shipping, or off",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "The first-order offer of the welcome popup; `off` disables the popup.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &["10%", "15%", "20%", "free-shipping", "off"],
    },
    Attribute {
        name: "welcome-code",
        default: "",
        expects: "a discount code of letters, digits, '-' or '_' (at most 64)",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "The code revealed after sign-up when the endpoint does not answer with its own.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "welcome-delay",
        default: "5s",
        expects: "a duration such as 5s, 5000ms or 5000, or off",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "Time on the page before the welcome popup shows; `off` leaves only the scroll rule.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &["0", "3s", "5s", "10s", "off"],
    },
    Attribute {
        name: "welcome-scroll",
        default: "off",
        expects: "a percentage such as 50 or 50%, or off",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "Scroll depth that shows the welcome popup; whichever of delay and scroll comes first wins.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &["25%", "50%", "75%", "off"],
    },
    Attribute {
        name: "welcome-cap",
        default: "7d",
        expects: "a duration such as 7d, 12h, 30m or 0",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "After a shopper closes the popup, how long before it may show again.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &["0", "1d", "7d", "30d"],
    },
    Attribute {
        name: "exit",
        default: "off",
        expects: "save-cart or off",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "The exit-intent cart saver: offers to email the cart to a shopper about to leave with items in it.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &["save-cart", "off"],
    },
    Attribute {
        name: "exit-sensitivity",
        default: "20px",
        expects: "a distance in pixels such as 20 or 20px",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "How close to the top edge the pointer must leave the page to count as leaving.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "exit-delay",
        default: "300ms",
        expects: "a duration such as 300ms or 0",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "How long the pointer must stay out; coming back sooner cancels.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "exit-min-time",
        default: "3s",
        expects: "a duration such as 3s",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "Time on the page before exit intent is watched for.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "exit-mobile",
        default: "scroll, tab",
        expects: "scroll, tab, both separated by a comma or space, or off",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "Phone rules: `scroll` is a fast scroll back up after scrolling down, `tab` is coming back to the tab.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &["scroll, tab", "scroll", "tab", "off"],
    },
    Attribute {
        name: "exit-incentive",
        default: "",
        expects: "a short text such as Free shipping (at most 80 characters)",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "An optional sweetener shown with the offer to save the cart.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "exit-code",
        default: "",
        expects: "a discount code of letters, digits, '-' or '_' (at most 64)",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "The incentive's code, applied by the restore link.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "exit-cap",
        default: "3d",
        expects: "a duration such as 3d, 12h or 0",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "After the exit prompt is closed or used, how long before it may show again.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &["0", "1d", "3d", "7d"],
    },
    Attribute {
        name: "cart",
        default: "",
        expects: "a JSON list of {\"id\", \"quantity\", \"title\", \"price\"} items",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "The cart on platforms without Shopify's `/cart.js`; `Doorman.setCart(...)` updates it from scripts.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "cart-restore",
        default: "",
        expects: "a URL or path containing {items}",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "Template of the link that rebuilds the cart: `{items}` becomes `VARIANT:QTY,...`, `{code}` the code. Empty means a Shopify cart permalink.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "game",
        default: "off",
        expects: "wheel, scratch or off",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "A spin-to-win wheel or a scratch card that earns the sign-up; it takes the welcome popup's place.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &["wheel", "scratch", "off"],
    },
    Attribute {
        name: "prizes",
        default: "",
        expects: "2 to 12 prizes as label|code|weight separated by ;",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "The game's prizes, separated by `;`: each a label, a code and a weight joined by vertical bars. No code is a \"no luck\" prize; weight 0 is shown but never won.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "game-draw",
        default: "local",
        expects: "local or shop",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "Who picks the prize: `local` draws in the browser; `shop` lets the endpoint draw and issue the code.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &["local", "shop"],
    },
    Attribute {
        name: "every-slice-wins",
        default: "off",
        expects: "on or off",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "When on, \"no luck\" prizes are refused, so every play wins.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &["on", "off"],
    },
    Attribute {
        name: "game-delay",
        default: "8s",
        expects: "a duration such as 8s, or off",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "Time on the page before the game opens by itself; `off` leaves only the teaser tab.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &["0", "3s", "8s", "off"],
    },
    Attribute {
        name: "code-reminder",
        default: "on",
        expects: "on or off",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "After a code was revealed, a small tab on later pages shows it again, for 30 days or until an order confirmation page.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &["on", "off"],
    },
    Attribute {
        name: "game-teaser",
        default: "on",
        expects: "on or off",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "A small tab that opens the game; it stays after the game is dismissed.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &["on", "off"],
    },
    Attribute {
        name: "teaser-position",
        default: "left",
        expects: "left, right, bottom-left or bottom-right",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "Where the teaser tab sits: `left` and `right` are upright tabs half-way down the edge, clear of \"Add to cart\" bars and chat buttons at the bottom; `bottom-left` and `bottom-right` are corners.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &["left", "right", "bottom-left", "bottom-right"],
    },
    Attribute {
        name: "game-threshold",
        default: "50%",
        expects: "a percentage such as 50%",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "Share of the scratch card to clear before the prize shows.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &["30%", "50%", "70%"],
    },
    Attribute {
        name: "consent",
        default: "",
        expects: "the consent text to show beside a required checkbox",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "When set, sign-up needs this box ticked; the exact text is reported with the sign-up.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "accent",
        default: "#0b7a75",
        expects: "a hex colour such as #0b7a75 or #f60",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "The accent colour of buttons and highlights.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "lang",
        default: "auto",
        expects: "auto or one of en, de, fr, es, nl, ar, he, zh, fa, hu, fi",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "Language of the built-in texts; `auto` follows the page's `lang`, then the browser. Region and case are ignored (`fa-IR`, `FI`, `zh_CN`); `zh` is Simplified Chinese. Arabic, Hebrew and Persian render right to left.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &["auto", "en", "de", "fr", "es", "nl", "ar", "he", "zh", "fa", "hu", "fi"],
    },
    Attribute {
        name: "customer-orders",
        default: "0",
        expects: "a whole number such as 0 or 3",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "Past orders of the logged-in customer; above 0 means no first-order offer.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "platform",
        default: "auto",
        expects: "auto, shopify or other",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "Shopify conventions (the \"apply to my cart\" discount link) on or off; `auto` detects `window.Shopify`.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &["auto", "shopify", "other"],
    },
    // Read by the loader, before any wasm exists; listed so the widget knows the name.
    Attribute {
        name: "wasm",
        default: "",
        expects: "the URL or path of doorman.wasm",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "Where the loader finds `doorman.wasm` when it is not in the script's own folder under that name.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
];

/// The offer a campaign makes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Offer {
    Percent(u8),
    FreeShipping,
    #[default]
    Off,
}

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
    pub welcome: Offer,
    pub welcome_code: Option<String>,
    pub welcome_delay_ms: Option<u64>,
    pub welcome_scroll_percent: Option<u8>,
    pub welcome_cap_ms: u64,
    pub exit: bool,
    pub exit_rules: ExitRules,
    pub exit_incentive: Option<String>,
    pub exit_code: Option<String>,
    pub exit_cap_ms: u64,
    /// Raw JSON; the web layer parses it with the browser's own `JSON.parse`.
    pub cart: Option<String>,
    pub cart_restore: Option<String>,
    pub game: Game,
    /// Empty when the game is off or its prizes are unusable.
    pub prizes: Vec<Prize>,
    pub shop_draw: bool,
    pub every_slice_wins: bool,
    pub game_delay_ms: Option<u64>,
    pub game_teaser: bool,
    /// Whether a revealed code is offered again on later pages.
    pub code_reminder: bool,
    pub teaser_position: TeaserPosition,
    pub game_threshold_percent: u8,
    pub consent: Option<String>,
    pub accent: String,
    /// `None` follows the page.
    pub lang: Option<Lang>,
    pub customer_orders: u32,
    pub platform: Platform,
}

/// A merchant's value that could not be used; the default applies instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub attribute: String,
    pub value: String,
    /// What a valid value looks like; `None` for an attribute Doorman does not know.
    pub expected: Option<&'static str>,
    pub default: &'static str,
    pub suggestion: Option<&'static str>,
}

impl Warning {
    /// The one console line a merchant sees. Built by hand rather than with `format!` so the
    /// wasm does not carry the formatting machinery.
    pub fn message(&self) -> String {
        let mut text = String::from("Doorman: data-");
        text.push_str(&self.attribute);
        text.push_str("=\"");
        text.push_str(&self.value);
        match self.expected {
            Some(expected) => {
                text.push_str("\" is not valid: expected ");
                text.push_str(expected);
                text.push_str("; using ");
                text.push_str(if self.default.is_empty() { "none" } else { self.default });
                text.push('.');
            }
            None => {
                text.push_str("\" is not a Doorman attribute and is ignored.");
                if let Some(name) = self.suggestion {
                    text.push_str(" Did you mean data-");
                    text.push_str(name);
                    text.push('?');
                }
            }
        }
        text
    }
}

impl core::fmt::Display for Warning {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message())
    }
}

impl Config {
    /// Reads every attribute through `get` (given a name without `data-`, it returns the raw
    /// value), collecting one warning per unusable value.
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> (Config, Vec<Warning>) {
        let mut reader = Reader { get, warnings: Vec::new() };
        let config = Config {
            shop: reader.read("shop", parse_shop),
            destinations: reader.read("endpoint", parse_destinations),
            endpoint: None,
            klaviyo_revision: reader.read("klaviyo-revision", |v| crate::klaviyo::revision_day(v).map(|_| v.to_string())),
            welcome: reader.read("welcome", parse_offer),
            welcome_code: reader.read("welcome-code", parse_code),
            welcome_delay_ms: reader.read("welcome-delay", parse_optional_duration),
            welcome_scroll_percent: reader.read("welcome-scroll", parse_optional_percent),
            welcome_cap_ms: reader.read("welcome-cap", parse_duration),
            exit: reader.read("exit", parse_exit),
            exit_rules: ExitRules {
                sensitivity_px: reader.read("exit-sensitivity", parse_pixels),
                delay_ms: reader.read("exit-delay", parse_duration),
                min_time_ms: reader.read("exit-min-time", parse_duration),
                scroll_up: false,
                tab_return: false,
            },
            exit_incentive: reader.read("exit-incentive", parse_short_text),
            exit_code: reader.read("exit-code", parse_code),
            exit_cap_ms: reader.read("exit-cap", parse_duration),
            cart: reader.read("cart", parse_cart),
            cart_restore: reader.read("cart-restore", parse_restore_template),
            game: reader.read("game", parse_game),
            prizes: Vec::new(),
            shop_draw: reader.read("game-draw", parse_draw),
            every_slice_wins: reader.read("every-slice-wins", parse_switch),
            game_delay_ms: reader.read("game-delay", parse_optional_duration),
            game_teaser: reader.read("game-teaser", parse_switch),
            code_reminder: reader.read("code-reminder", parse_switch),
            teaser_position: reader.read("teaser-position", parse_teaser_position),
            game_threshold_percent: reader.read("game-threshold", parse_percent_value),
            consent: reader.read("consent", parse_text),
            accent: reader.read("accent", parse_hex_colour),
            lang: reader.read("lang", parse_lang),
            customer_orders: reader.read("customer-orders", parse_count),
            platform: reader.read("platform", parse_platform),
        };
        let (scroll_up, tab_return) = reader.read("exit-mobile", parse_mobile_rules);
        let mut config = Config { exit_rules: ExitRules { scroll_up, tab_return, ..config.exit_rules }, ..config };
        config.endpoint = config.destinations.iter().find(|d| *d != SHOPIFY && !d.starts_with(KLAVIYO)).cloned();
        let klaviyo_key = reader.read("klaviyo-key", parse_klaviyo_key);
        let klaviyo_list = reader.read("klaviyo-list", parse_klaviyo_list);
        match (klaviyo_key, klaviyo_list) {
            (Some(key), Some(list)) => {
                let mut destination = String::from(KLAVIYO);
                destination.push_str(&key);
                destination.push(':');
                destination.push_str(&list);
                config.destinations.push(destination);
            }
            (Some(_), None) => reader.refuse("klaviyo-key", "data-klaviyo-list as well"),
            (None, Some(_)) => reader.refuse("klaviyo-list", "data-klaviyo-key as well"),
            (None, None) => {}
        }
        config.prizes = reader.read("prizes", parse_prize_list);
        if shorten_labels(&mut config.prizes) {
            // The game still runs: only the absurd part of the label goes.
            reader.warnings.push(Warning {
                attribute: "prizes".to_string(),
                value: (reader.get)("prizes").unwrap_or_default(),
                expected: Some("labels of at most 200 characters"),
                default: "each label's first 200 characters",
                suggestion: None,
            });
        }
        if config.every_slice_wins && config.prizes.iter().any(|p| !p.wins()) && !config.shop_draw {
            reader.refuse("prizes", "every prize with a code, since data-every-slice-wins is on");
            config.prizes.clear();
        }
        if config.shop_draw && config.endpoint.is_none() {
            reader.refuse("game-draw", "data-endpoint as well, since the shop draws the prize; using local");
            config.shop_draw = false;
        }
        if config.shop_draw && config.prizes.iter().any(Prize::wins) {
            // Codes in the page are readable by anyone; the shop issues them in this mode.
            reader.refuse("prizes", "labels only when the shop draws (the shop issues the codes); codes ignored");
            for prize in &mut config.prizes {
                prize.code = None;
            }
        }
        if config.game != Game::Off && config.prizes.is_empty() {
            reader.refuse("game", "data-prizes with 2 to 12 prizes as well");
            config.game = Game::Off;
        }
        (config, reader.warnings)
    }

    /// Warnings for `data-*` names on the tag that look like a mistyped Doorman attribute.
    /// Other scripts' attributes (`data-cfasync`, ...) are left alone.
    pub fn unknown_attributes<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<Warning> {
        names
            .into_iter()
            .filter(|name| !ATTRIBUTES.iter().any(|a| a.name == *name))
            .filter_map(|name| {
                let closest = ATTRIBUTES
                    .iter()
                    .map(|a| (edit_distance(name, a.name), a.name))
                    .min()?;
                (closest.0 <= 2).then(|| Warning {
                    attribute: name.to_string(),
                    value: String::new(),
                    expected: None,
                    default: "",
                    suggestion: Some(closest.1),
                })
            })
            .collect()
    }
}

impl Config {
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
            self.warn(attribute, raw, attribute.expects);
        }
        // Every default parses: the `every_attribute_has_a_default` test holds us to it.
        parse(attribute.default).unwrap_or_default()
    }

    /// A value that parses but cannot be used with the rest of the configuration.
    fn refuse(&mut self, name: &'static str, expected: &'static str) {
        let Some(attribute) = ATTRIBUTES.iter().find(|a| a.name == name) else { return };
        let value = (self.get)(name).unwrap_or_default();
        self.warn(attribute, value, expected);
    }

    fn warn(&mut self, attribute: &'static Attribute, value: String, expected: &'static str) {
        self.warnings.push(Warning {
            attribute: attribute.name.to_string(),
            value,
            expected: Some(expected),
            default: attribute.default,
            suggestion: None,
        });
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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Game {
    #[default]
    Off,
    Wheel,
    Scratch,
}


fn is_off(value: &str) -> bool {
    matches!(value.to_ascii_lowercase().as_str(), "off" | "none" | "no" | "false")
}

fn parse_shop(value: &str) -> Option<Option<String>> {
    if value.is_empty() {
        return Some(None);
    }
    let valid = value.len() <= 100
        && value.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    valid.then(|| Some(value.to_string()))
}

fn parse_endpoint(value: &str) -> Option<Option<String>> {
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
fn resolves_as_written(value: &str, lower: &str) -> bool {
    let encoded_trick = value.starts_with('/') && ["%0", "%1", "%2f", "%5c", "%7f"].iter().any(|t| lower.contains(t));
    !encoded_trick && !value.chars().any(|c| c.is_whitespace() || c.is_control() || c == '\\')
}

/// The destination that posts sign-ups to the shop's own customer form.
pub const SHOPIFY: &str = "shopify";
/// Klaviyo destinations are `klaviyo:KEY:LIST`, so a queued delivery carries where it goes.
pub const KLAVIYO: &str = "klaviyo:";

fn parse_klaviyo_key(value: &str) -> Option<Option<String>> {
    if value.is_empty() {
        return Some(None);
    }
    crate::klaviyo::public_key(value).then(|| Some(value.to_string()))
}

fn parse_klaviyo_list(value: &str) -> Option<Option<String>> {
    if value.is_empty() {
        return Some(None);
    }
    crate::klaviyo::list_id(value).then(|| Some(value.to_string()))
}

fn parse_destinations(value: &str) -> Option<Vec<String>> {
    let mut destinations: Vec<String> = Vec::new();
    for item in value.split([' ', ',', '\n', '\t']).filter(|item| !item.is_empty()) {
        let destination = if item.eq_ignore_ascii_case(SHOPIFY) { SHOPIFY.to_string() } else { parse_endpoint(item)?? };
        if !destinations.contains(&destination) {
            destinations.push(destination);
        }
    }
    Some(destinations)
}

/// A decimal number (in thousandths, so `1.5` is 1500) followed by an optional unit, with
/// whitespace allowed between them. Parsed by hand: float parsing would add kilobytes to the wasm.
fn split_number(value: &str) -> Option<(u64, String)> {
    let end = value.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(value.len());
    let (number, unit) = value.split_at(end);
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() || fraction.len() > 3 || fraction.contains('.') {
        return None;
    }
    let mut thousandths: u64 = 0;
    let padded = fraction.bytes().chain(std::iter::repeat(b'0')).take(3);
    for digit in whole.bytes().chain(padded) {
        thousandths = thousandths.checked_mul(10)?.checked_add(u64::from(digit.checked_sub(b'0')?))?;
    }
    Some((thousandths, unit.trim().to_ascii_lowercase()))
}

fn parse_percent(value: &str) -> Option<u8> {
    let (thousandths, unit) = split_number(value)?;
    let whole = thousandths % 1000 == 0 && (1..=100).contains(&(thousandths / 1000));
    (whole && (unit.is_empty() || unit == "%")).then_some((thousandths / 1000) as u8)
}

fn parse_offer(value: &str) -> Option<Offer> {
    if is_off(value) {
        return Some(Offer::Off);
    }
    let lower = value.to_ascii_lowercase().replace([' ', '_'], "-");
    if lower == "free-shipping" {
        return Some(Offer::FreeShipping);
    }
    parse_percent(value).map(Offer::Percent)
}

fn parse_optional_percent(value: &str) -> Option<Option<u8>> {
    if is_off(value) {
        return Some(None);
    }
    parse_percent(value).map(Some)
}

fn parse_code(value: &str) -> Option<Option<String>> {
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

fn parse_optional_duration(value: &str) -> Option<Option<u64>> {
    if is_off(value) {
        return Some(None);
    }
    parse_duration(value).map(Some)
}

fn parse_text(value: &str) -> Option<Option<String>> {
    if value.is_empty() {
        return Some(None);
    }
    (value.chars().count() <= 500).then(|| Some(value.to_string()))
}

fn parse_game(value: &str) -> Option<Game> {
    if is_off(value) {
        return Some(Game::Off);
    }
    match value.to_ascii_lowercase().as_str() {
        "wheel" | "spin" => Some(Game::Wheel),
        "scratch" | "scratch-card" => Some(Game::Scratch),
        _ => None,
    }
}

fn parse_prize_list(value: &str) -> Option<Vec<Prize>> {
    if value.is_empty() {
        return Some(Vec::new());
    }
    parse_prizes(value)
}

fn parse_draw(value: &str) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "local" | "browser" => Some(false),
        "shop" | "server" => Some(true),
        _ => None,
    }
}

fn parse_switch(value: &str) -> Option<bool> {
    if is_off(value) {
        return Some(false);
    }
    matches!(value.to_ascii_lowercase().as_str(), "on" | "yes" | "true").then_some(true)
}

fn parse_percent_value(value: &str) -> Option<u8> {
    parse_percent(value)
}

fn parse_exit(value: &str) -> Option<bool> {
    if is_off(value) {
        return Some(false);
    }
    value.eq_ignore_ascii_case("save-cart").then_some(true)
}

fn parse_pixels(value: &str) -> Option<u32> {
    let (thousandths, unit) = split_number(value)?;
    let whole = thousandths % 1000 == 0 && thousandths / 1000 <= 500;
    (whole && (unit.is_empty() || unit == "px")).then_some((thousandths / 1000) as u32)
}

fn parse_mobile_rules(value: &str) -> Option<(bool, bool)> {
    if is_off(value) {
        return Some((false, false));
    }
    let mut rules = (false, false);
    for word in value.split([',', ' ']).filter(|w| !w.is_empty()) {
        match word.to_ascii_lowercase().as_str() {
            "scroll" => rules.0 = true,
            "tab" => rules.1 = true,
            _ => return None,
        }
    }
    Some(rules)
}

fn parse_short_text(value: &str) -> Option<Option<String>> {
    if value.is_empty() {
        return Some(None);
    }
    (value.chars().count() <= 80).then(|| Some(value.to_string()))
}

fn parse_cart(value: &str) -> Option<Option<String>> {
    if value.is_empty() {
        return Some(None);
    }
    (value.starts_with('[') || value.starts_with('{')).then(|| Some(value.to_string()))
}

fn parse_restore_template(value: &str) -> Option<Option<String>> {
    if value.is_empty() {
        return Some(None);
    }
    let link = parse_endpoint(value)?;
    (value.contains("{items}")).then_some(link)
}

fn parse_hex_colour(value: &str) -> Option<String> {
    let digits = value.strip_prefix('#')?;
    let valid = matches!(digits.len(), 3 | 4 | 6 | 8) && digits.chars().all(|c| c.is_ascii_hexdigit());
    valid.then(|| value.to_ascii_lowercase())
}

fn parse_lang(value: &str) -> Option<Option<Lang>> {
    if value.eq_ignore_ascii_case("auto") || value.is_empty() {
        return Some(None);
    }
    Lang::from_tag(value).map(Some)
}

fn parse_count(value: &str) -> Option<u32> {
    if value.is_empty() {
        // Liquid renders a missing customer as an empty string.
        return Some(0);
    }
    value.parse().ok()
}

fn parse_teaser_position(value: &str) -> Option<TeaserPosition> {
    match value.to_ascii_lowercase().replace([' ', '_'], "-").as_str() {
        "left" => Some(TeaserPosition::Left),
        "right" => Some(TeaserPosition::Right),
        "bottom-left" | "left-bottom" => Some(TeaserPosition::BottomLeft),
        "bottom-right" | "right-bottom" => Some(TeaserPosition::BottomRight),
        _ => None,
    }
}

fn parse_platform(value: &str) -> Option<Platform> {
    match value.to_ascii_lowercase().as_str() {
        "auto" => Some(Platform::Auto),
        "shopify" => Some(Platform::Shopify),
        "other" | "none" => Some(Platform::Other),
        _ => None,
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(pairs: &[(&str, &str)]) -> (Config, Vec<Warning>) {
        let map: HashMap<String, String> =
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::parse(|name| map.get(name).cloned())
    }

    fn one(name: &str, value: &str) -> (Config, Vec<Warning>) {
        parse(&[(name, value)])
    }

    #[test]
    fn every_attribute_has_a_default_that_parses_cleanly() {
        for attribute in ATTRIBUTES {
            let (config, warnings) = one(attribute.name, attribute.default);
            assert!(warnings.is_empty(), "default of data-{} warns: {warnings:?}", attribute.name);
            assert_eq!(config, Config::default(), "data-{} default differs", attribute.name);
        }
    }

    #[test]
    fn no_attributes_means_the_defaults() {
        let (config, warnings) = parse(&[]);
        assert!(warnings.is_empty());
        assert_eq!(config.shop, None);
        assert_eq!(config.endpoint, None);
        assert!(config.destinations.is_empty());
        assert_eq!(config.welcome, Offer::Percent(10));
        assert_eq!(config.welcome_code, None);
        assert_eq!(config.welcome_delay_ms, Some(5_000));
        assert_eq!(config.welcome_scroll_percent, None);
        assert_eq!(config.welcome_cap_ms, 7 * 86_400_000);
        assert!(!config.exit);
        assert_eq!(
            config.exit_rules,
            ExitRules { sensitivity_px: 20, delay_ms: 300, min_time_ms: 3_000, scroll_up: true, tab_return: true }
        );
        assert_eq!((config.exit_incentive, config.exit_code, config.exit_cap_ms), (None, None, 3 * 86_400_000));
        assert_eq!((config.cart, config.cart_restore), (None, None));
        assert_eq!((config.game, config.prizes.len(), config.shop_draw, config.every_slice_wins), (Game::Off, 0, false, false));
        assert_eq!((config.game_delay_ms, config.game_teaser, config.game_threshold_percent), (Some(8_000), true, 50));
        assert_eq!(config.consent, None);
        assert_eq!(config.accent, "#0b7a75");
        assert_eq!(config.lang, None);
        assert_eq!(config.customer_orders, 0);
        assert_eq!(config.platform, Platform::Auto);
    }

    #[test]
    fn every_attribute_is_documented_in_readme() {
        let readme = include_str!("../README.md");
        for attribute in ATTRIBUTES {
            let row = format!("| `data-{}` |", attribute.name);
            let line = readme.lines().find(|l| l.starts_with(&row));
            let line = line.unwrap_or_else(|| panic!("README has no row for data-{}", attribute.name));
            let default = if attribute.default.is_empty() { "—".to_string() } else { format!("`{}`", attribute.default) };
            assert!(line.contains(&default), "README row for data-{} lacks default {default}", attribute.name);
            assert!(line.contains(attribute.doc), "README row for data-{} does not say: {}", attribute.name, attribute.doc);
        }
    }

    #[test]
    fn every_offered_choice_parses_cleanly() {
        for attribute in ATTRIBUTES {
            for choice in attribute.choices {
                // Alongside what a game needs, so `game` and `game-draw` choices stand on their own.
                let prizes = if attribute.name == "game-draw" { "A; B" } else { "A|X|1; B|Y|1" };
                let (_, warnings) = parse(&[(attribute.name, choice), ("prizes", prizes), ("endpoint", "/signups")]);
                assert!(warnings.is_empty(), "data-{}={choice:?} is offered but warns", attribute.name);
            }
        }
    }

    #[test]
    fn relaxed_spellings_are_accepted() {
        type Check = fn(&Config) -> bool;
        let table: &[(&str, &str, Check)] = &[
            ("welcome", "15", |c| c.welcome == Offer::Percent(15)),
            ("welcome", "15%", |c| c.welcome == Offer::Percent(15)),
            ("welcome", " 15 % ", |c| c.welcome == Offer::Percent(15)),
            ("welcome", "Free shipping", |c| c.welcome == Offer::FreeShipping),
            ("welcome", "OFF", |c| c.welcome == Offer::Off),
            ("welcome-delay", "5s", |c| c.welcome_delay_ms == Some(5_000)),
            ("welcome-delay", "5000ms", |c| c.welcome_delay_ms == Some(5_000)),
            ("welcome-delay", "5000", |c| c.welcome_delay_ms == Some(5_000)),
            ("welcome-delay", "1.5 s", |c| c.welcome_delay_ms == Some(1_500)),
            ("welcome-delay", "0.25s", |c| c.welcome_delay_ms == Some(250)),
            ("welcome-delay", "0", |c| c.welcome_delay_ms == Some(0)),
            ("welcome-delay", "off", |c| c.welcome_delay_ms.is_none()),
            ("welcome-scroll", "50", |c| c.welcome_scroll_percent == Some(50)),
            ("welcome-scroll", "50 %", |c| c.welcome_scroll_percent == Some(50)),
            ("welcome-cap", "12h", |c| c.welcome_cap_ms == 12 * 3_600_000),
            ("welcome-cap", "30 min", |c| c.welcome_cap_ms == 30 * 60_000),
            ("welcome-cap", "0", |c| c.welcome_cap_ms == 0),
            ("welcome-code", "WELCOME15", |c| c.welcome_code.as_deref() == Some("WELCOME15")),
            ("shop", "acme", |c| c.shop.as_deref() == Some("acme")),
            ("endpoint", "https://acme.example/apps/doorman/signups", |c| c.endpoint.is_some()),
            ("endpoint", "/apps/doorman/signups", |c| c.endpoint.as_deref() == Some("/apps/doorman/signups")),
            ("endpoint", "Shopify", |c| c.destinations == [SHOPIFY] && c.endpoint.is_none()),
            ("klaviyo-key", "", |c| c.destinations.is_empty()),
            ("klaviyo-revision", "2027-01-15", |c| c.klaviyo_revision == "2027-01-15"),
            ("klaviyo-revision", " 2026-10-15 ", |c| c.klaviyo_revision == crate::klaviyo::REVISION),
            ("endpoint", "shopify, https://hooks.example/x /y", |c| {
                c.destinations == [SHOPIFY, "https://hooks.example/x", "/y"] && c.endpoint.as_deref() == Some("https://hooks.example/x")
            }),
            ("exit", "save-cart", |c| c.exit),
            ("exit", "off", |c| !c.exit),
            ("exit-sensitivity", "35px", |c| c.exit_rules.sensitivity_px == 35),
            ("exit-sensitivity", "0", |c| c.exit_rules.sensitivity_px == 0),
            ("exit-delay", "0", |c| c.exit_rules.delay_ms == 0),
            ("exit-min-time", "10s", |c| c.exit_rules.min_time_ms == 10_000),
            ("exit-mobile", "tab", |c| !c.exit_rules.scroll_up && c.exit_rules.tab_return),
            ("exit-mobile", "Scroll,TAB", |c| c.exit_rules.scroll_up && c.exit_rules.tab_return),
            ("exit-mobile", "off", |c| !c.exit_rules.scroll_up && !c.exit_rules.tab_return),
            ("exit-incentive", "Free shipping", |c| c.exit_incentive.as_deref() == Some("Free shipping")),
            ("exit-code", "FREESHIP", |c| c.exit_code.as_deref() == Some("FREESHIP")),
            ("exit-cap", "12h", |c| c.exit_cap_ms == 12 * 3_600_000),
            ("cart", "[{\"id\":1,\"quantity\":2}]", |c| c.cart.is_some()),
            ("cart-restore", "/restore?items={items}", |c| c.cart_restore.as_deref() == Some("/restore?items={items}")),
            ("game-draw", "local", |c| !c.shop_draw),
            ("every-slice-wins", "on", |c| c.every_slice_wins),
            ("game-delay", "off", |c| c.game_delay_ms.is_none()),
            ("game-teaser", "off", |c| !c.game_teaser),
            ("code-reminder", "off", |c| !c.code_reminder),
            ("teaser-position", "bottom-right", |c| c.teaser_position == TeaserPosition::BottomRight),
            ("teaser-position", " Right ", |c| c.teaser_position == TeaserPosition::Right),
            ("game-threshold", "70%", |c| c.game_threshold_percent == 70),
            ("prizes", "A|X|1; B|Y|2", |c| c.prizes.len() == 2),
            ("consent", "Yes, email me offers.", |c| c.consent.as_deref() == Some("Yes, email me offers.")),
            ("accent", "#F60", |c| c.accent == "#f60"),
            ("lang", "de", |c| c.lang == Some(Lang::De)),
            ("lang", "ar-EG", |c| c.lang == Some(Lang::Ar)),
            ("lang", "auto", |c| c.lang.is_none()),
            ("lang", "zh-CN", |c| c.lang == Some(Lang::Zh)),
            ("lang", "fa-IR", |c| c.lang == Some(Lang::Fa)),
            ("lang", "HU", |c| c.lang == Some(Lang::Hu)),
            ("lang", "fi_FI", |c| c.lang == Some(Lang::Fi)),
            ("customer-orders", "3", |c| c.customer_orders == 3),
            ("customer-orders", "", |c| c.customer_orders == 0),
            ("platform", "Shopify", |c| c.platform == Platform::Shopify),
            ("platform", "other", |c| c.platform == Platform::Other),
        ];
        for (name, value, check) in table {
            let (config, warnings) = one(name, value);
            assert!(warnings.is_empty(), "data-{name}={value:?} warned: {warnings:?}");
            assert!(check(&config), "data-{name}={value:?} parsed to {config:?}");
        }
    }

    #[test]
    fn wrong_values_warn_once_and_fall_back_to_the_default() {
        let table: &[(&str, &str)] = &[
            ("shop", "acme shop!"),
            ("endpoint", "javascript:alert(1)"),
            ("endpoint", "//evil.example/x"),
            ("endpoint", "shopify javascript:x"),
            ("klaviyo-key", "pk_0123456789abcdef0123456789abcdef01"),
            ("klaviyo-list", "list id!"),
            ("klaviyo-revision", "2026-13-01"),
            ("klaviyo-revision", "15/10/2026"),
            ("klaviyo-revision", "latest"),
            ("welcome", "150%"),
            ("welcome", "lots"),
            ("welcome-code", "WELCOME 15"),
            ("welcome-code", "<script>"),
            ("welcome-delay", "soon"),
            ("welcome-delay", "5 fortnights"),
            ("welcome-delay", "9999d"),
            ("welcome-delay", "1.2.3s"),
            ("welcome-delay", ".5s"),
            ("welcome-delay", "99999999999999999999"),
            ("welcome-scroll", "0"),
            ("welcome-cap", "-1d"),
            ("accent", "red;}body{display:none"),
            ("accent", "#12345"),
            ("lang", "tlh"),
            ("lang", "zh-TW"),
            ("customer-orders", "many"),
            ("platform", "magento2"),
            ("exit", "yes please"),
            ("exit-sensitivity", "-5"),
            ("exit-sensitivity", "20em"),
            ("exit-mobile", "shake"),
            ("exit-code", "FREE SHIP"),
            ("cart", "40001:2"),
            ("cart-restore", "/restore"),
            ("cart-restore", "javascript:{items}"),
            ("game", "roulette"),
            ("prizes", "only one|X|1"),
            ("game-draw", "dice"),
            ("game-threshold", "0"),
        ];
        let defaults = Config::default();
        for (name, value) in table {
            let (config, warnings) = one(name, value);
            assert_eq!(warnings.len(), 1, "data-{name}={value:?} gave {warnings:?}");
            assert_eq!(config, defaults, "data-{name}={value:?} did not fall back to the default");
            let message = warnings[0].message();
            assert!(message.contains(&format!("data-{name}=\"{value}\"")), "{message}");
            assert!(message.contains("expected"), "{message}");
        }
    }

    #[test]
    fn the_warning_names_attribute_value_expectation_and_default() {
        let (_, warnings) = one("welcome-delay", "soon");
        assert_eq!(
            warnings[0].to_string(),
            "Doorman: data-welcome-delay=\"soon\" is not valid: expected a duration such as 5s, \
             5000ms or 5000, or off; using 5s."
        );
    }

    #[test]
    fn a_long_prize_label_never_switches_the_game_off() {
        let flags = "🇫🇷🇩🇪🇮🇹🇪🇸🇳🇱🇧🇪🇦🇹🇨🇭🇵🇹🇬🇷 trip";
        let (config, warnings) = parse(&[("game", "wheel"), ("prizes", &format!("{flags}|TRIP|1; No luck||1"))]);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!((config.game, config.prizes[0].label.as_str()), (Game::Wheel, flags));
        let absurd = format!("{}|X|1; B|Y|1", "x".repeat(500));
        let (config, warnings) = parse(&[("game", "wheel"), ("prizes", &absurd)]);
        assert_eq!((config.game, config.prizes[0].label.chars().count()), (Game::Wheel, 200));
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].message().ends_with("expected labels of at most 200 characters; using each label's first 200 characters."));
    }

    #[test]
    fn a_game_needs_prizes_and_every_slice_wins_refuses_no_luck() {
        let (config, warnings) = parse(&[("game", "wheel"), ("prizes", "10% off|SPIN10|1; No luck||1")]);
        assert_eq!((config.game, config.prizes.len()), (Game::Wheel, 2));
        assert!(warnings.is_empty());

        let (config, warnings) = parse(&[("game", "wheel")]);
        assert_eq!(config.game, Game::Off);
        assert_eq!(warnings[0].message(), "Doorman: data-game=\"wheel\" is not valid: expected data-prizes with 2 to 12 prizes as well; using off.");

        let (config, warnings) = parse(&[("game", "scratch"), ("prizes", "10% off|SPIN10|1; No luck||1"), ("every-slice-wins", "on")]);
        assert_eq!(config.game, Game::Off);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
    }

    #[test]
    fn klaviyo_joins_the_destinations_with_key_and_list_and_refuses_private_keys() {
        let (config, warnings) = parse(&[("endpoint", "shopify"), ("klaviyo-key", "AbC123"), ("klaviyo-list", "Y6nRLr")]);
        assert!(warnings.is_empty());
        assert_eq!(config.destinations, [SHOPIFY, "klaviyo:AbC123:Y6nRLr"]);
        assert_eq!(config.endpoint, None, "Klaviyo answers no code");
        let (config, warnings) = parse(&[("klaviyo-key", "pk_secret0123456789"), ("klaviyo-list", "Y6nRLr")]);
        assert!(config.destinations.is_empty());
        assert!(warnings[0].message().contains("never a private pk_ key"), "{warnings:?}");
        assert_eq!(warnings.len(), 2, "the list alone is not enough either");
    }

    #[test]
    fn a_shop_drawn_game_needs_an_endpoint_and_keeps_codes_out_of_the_page() {
        let (config, warnings) = parse(&[("game", "wheel"), ("game-draw", "shop"), ("prizes", "A; B; C")]);
        assert!(!config.shop_draw);
        assert_eq!(warnings.len(), 1);
        let page = [("game", "wheel"), ("game-draw", "shop"), ("endpoint", "/signups"), ("prizes", "A|SECRET|1; B")];
        let (config, warnings) = parse(&page);
        assert!(config.shop_draw);
        assert!(config.prizes.iter().all(|p| p.code.is_none()));
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn endpoints_that_the_browser_would_send_off_the_page_are_refused() {
        // Each resolves, in the browser's URL parser, to a host other than the one it seems to name.
        let hostile = [
            "/\\evil.example/x",
            "\\\\evil.example/x",
            "/\\/evil.example/x",
            "//evil.example/x",
            "///evil.example/x",
            "/\t/evil.example/x",
            "/\n/evil.example/x",
            "/\r/evil.example/x",
            "\t//evil.example/x",
            " /x",
            "/%5Cevil.example/x",
            "/%5c%5cevil.example/x",
            "/%2F/evil.example/x",
            "/%2fevil.example",
            "/%09/evil.example/x",
            "/%0A/evil.example/x",
            "/%0d/evil.example/x",
            "/%00/x",
            "https://shop.example@evil.example/x",
            "https://shop.example\\@evil.example/x",
            "https:///evil.example/x",
            "https:\\\\evil.example/x",
            "https:evil.example/x",
            "http:/evil.example/x",
            "https://",
            "javascript:alert(1)",
            "data:text/html,x",
            "evil.example/x",
            "./x",
        ];
        for value in hostile {
            assert_eq!(parse_endpoint(value), None, "data-endpoint={value:?}");
            assert_eq!(parse_restore_template(&format!("{value}{{items}}")), None, "data-cart-restore={value:?}");
        }
        // The case through the whole attribute: one warning, and no sign-up goes anywhere.
        let (config, warnings) = one("endpoint", "/\\evil.example/x");
        assert_eq!((config.destinations.len(), config.endpoint, warnings.len()), (0, None, 1));
        for value in [
            "/apps/doorman/signups",
            "/apps/doorman/signups?fail=2",
            "/a%20b/c",
            "https://hooks.example/x?next=%2Fdone",
            "https://[::1]:8443/x",
            "HTTP://Shop.Example:8080/x",
        ] {
            let (config, warnings) = one("endpoint", value);
            assert!(warnings.is_empty(), "data-endpoint={value:?}: {warnings:?}");
            assert_eq!(config.destinations, [value], "data-endpoint={value:?}");
        }
    }

    #[test]
    fn mistyped_attributes_are_named_and_foreign_ones_ignored() {
        let warnings = Config::unknown_attributes(["welcom-delay", "cfasync", "shop", "turbo-track"]);
        assert_eq!(warnings.len(), 1);
        assert_eq!(
            warnings[0].message(),
            "Doorman: data-welcom-delay=\"\" is not a Doorman attribute and is ignored. Did you mean data-welcome-delay?"
        );
    }
}
