//! Every attribute Doorman reads, as data: its name, default, what a valid value looks like and
//! README's words for it. The single source for parsing, defaults and documentation.

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

/// What a path-pattern attribute accepts, quoted in its warning.
const PAGES: &str = "path patterns starting with / separated by spaces, such as /products/* /collections/*";
/// What a skip list accepts: patterns, or `none`.
const SKIP_PAGES: &str = "path patterns starting with / separated by spaces, such as /cart /checkout*, or none";

/// Cart and checkout pages, where the welcome popup and the game stay away unless the merchant
/// says otherwise: a discount offer there interrupts a purchase already under way.
pub const CHECKOUT: &str = "/cart /cart/* /checkout* /checkouts/*";

/// Limits of the merchant's own texts, in characters (Unicode scalar values, so an emoji built
/// of several counts as several): room for a headline of two or three lines, a short paragraph
/// and a one-line button on a 320 px phone. A longer text warns and the built-in one shows.
pub const TITLE_LIMIT: usize = 80;
pub const TEXT_LIMIT: usize = 300;
pub const BUTTON_LIMIT: usize = 40;
const EXPECTS_TITLE: &str = "a title of at most 80 characters";
const EXPECTS_TEXT: &str = "a text of at most 300 characters";
const EXPECTS_BUTTON: &str = "a button label of at most 40 characters";
const EXPECTS_SUCCESS: &str = EXPECTS_TEXT;
const EXPECTS_IMAGE: &str = "an image URL starting with https://, http://, // or /";

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
        default: crate::signup::klaviyo::REVISION,
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
        name: "welcome-title",
        default: "",
        expects: EXPECTS_TITLE,
        #[cfg(not(target_arch = "wasm32"))]
        doc: "The popup's headline in every language, in place of the built-in one with the offer (\"15% off your first order\"); shown as plain text.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "welcome-text",
        default: "",
        expects: EXPECTS_TEXT,
        #[cfg(not(target_arch = "wasm32"))]
        doc: "The sentence under the popup's headline, in place of the built-in one.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "welcome-button",
        default: "",
        expects: EXPECTS_BUTTON,
        #[cfg(not(target_arch = "wasm32"))]
        doc: "The label of the popup's sign-up button, in place of the built-in one.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "welcome-success",
        default: "",
        expects: EXPECTS_SUCCESS,
        #[cfg(not(target_arch = "wasm32"))]
        doc: "What the popup says once the shopper signed up, in place of the built-in words; the code still shows below it.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "welcome-image",
        default: "",
        expects: EXPECTS_IMAGE,
        #[cfg(not(target_arch = "wasm32"))]
        doc: "A picture at the top of the popup, described by its title (`alt`); one that fails to load is left out.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
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
        name: "exit-title",
        default: "",
        expects: EXPECTS_TITLE,
        #[cfg(not(target_arch = "wasm32"))]
        doc: "The cart saver's headline, in place of \"Save your cart?\".",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "exit-text",
        default: "",
        expects: EXPECTS_TEXT,
        #[cfg(not(target_arch = "wasm32"))]
        doc: "The cart saver's sentence, in place of the built-in one; the incentive and the cart's total still follow it.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "exit-button",
        default: "",
        expects: EXPECTS_BUTTON,
        #[cfg(not(target_arch = "wasm32"))]
        doc: "The label of the cart saver's sign-up button, in place of the built-in one.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "exit-success",
        default: "",
        expects: EXPECTS_SUCCESS,
        #[cfg(not(target_arch = "wasm32"))]
        doc: "What the cart saver says once the cart is saved, in place of the built-in words.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "exit-image",
        default: "",
        expects: EXPECTS_IMAGE,
        #[cfg(not(target_arch = "wasm32"))]
        doc: "A picture at the top of the cart saver, described by its title (`alt`); one that fails to load is left out.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
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
        name: "game-title",
        default: "",
        expects: EXPECTS_TITLE,
        #[cfg(not(target_arch = "wasm32"))]
        doc: "The game's headline, in place of \"Spin to win!\" or \"Scratch & win!\" (the teaser tab keeps the built-in one).",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "game-text",
        default: "",
        expects: EXPECTS_TEXT,
        #[cfg(not(target_arch = "wasm32"))]
        doc: "The game's sentence under its headline, in place of the built-in one.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "game-button",
        default: "",
        expects: EXPECTS_BUTTON,
        #[cfg(not(target_arch = "wasm32"))]
        doc: "The label of the game's sign-up button, in place of the built-in one.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "game-success",
        default: "",
        expects: EXPECTS_SUCCESS,
        #[cfg(not(target_arch = "wasm32"))]
        doc: "What the game says on a win, in place of \"You won: …!\"; `{prize}` in it becomes the prize's label. A play without a prize keeps the built-in words.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "game-image",
        default: "",
        expects: EXPECTS_IMAGE,
        #[cfg(not(target_arch = "wasm32"))]
        doc: "A picture at the top of the game, described by its title (`alt`); one that fails to load is left out.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
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
        name: "font",
        default: "system",
        expects: "system or inherit",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "The dialogs' font: `system` is the device's own interface font, `inherit` the font of the page's body (the theme's).",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &["system", "inherit"],
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
    Attribute {
        name: "pages",
        default: "",
        expects: PAGES,
        #[cfg(not(target_arch = "wasm32"))]
        doc: "Where every campaign may show: space-separated path patterns, `*` standing for any run of characters (`/products/* /collections/*`). Empty means every page.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "skip-pages",
        default: "",
        expects: SKIP_PAGES,
        #[cfg(not(target_arch = "wasm32"))]
        doc: "Where no campaign shows, in the same form as `data-pages`; added to each campaign's own skip list.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "devices",
        default: "all",
        expects: "all, desktop or phone",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "Which devices every campaign shows on: a phone is a touch screen (`(pointer: coarse)`) at most 600 px on its shorter side (`screen.width`, `screen.height`); anything else is a desktop.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &["all", "desktop", "phone"],
    },
    Attribute {
        name: "visitors",
        default: "all",
        expects: "all, new or returning",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "Which visitors every campaign shows to: `returning` from the second visit on (see below), `new` before that.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &["all", "new", "returning"],
    },
    Attribute {
        name: "welcome-pages",
        default: "",
        expects: PAGES,
        #[cfg(not(target_arch = "wasm32"))]
        doc: "Where the welcome popup may show; replaces `data-pages` for it.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "welcome-skip-pages",
        default: CHECKOUT,
        expects: SKIP_PAGES,
        #[cfg(not(target_arch = "wasm32"))]
        doc: "Where the welcome popup never shows, besides `data-skip-pages`; by default cart and checkout pages, `none` allows them.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "welcome-devices",
        default: "",
        expects: "all, desktop or phone",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "Which devices the welcome popup shows on; replaces `data-devices` for it.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &["all", "desktop", "phone"],
    },
    Attribute {
        name: "welcome-visitors",
        default: "",
        expects: "all, new or returning",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "Which visitors the welcome popup shows to; replaces `data-visitors` for it.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &["all", "new", "returning"],
    },
    Attribute {
        name: "exit-pages",
        default: "",
        expects: PAGES,
        #[cfg(not(target_arch = "wasm32"))]
        doc: "Where the exit prompt may show; replaces `data-pages` for it.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "exit-skip-pages",
        default: "",
        expects: SKIP_PAGES,
        #[cfg(not(target_arch = "wasm32"))]
        doc: "Where the exit prompt never shows, besides `data-skip-pages`.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "exit-devices",
        default: "",
        expects: "all, desktop or phone",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "Which devices the exit prompt shows on; replaces `data-devices` for it.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &["all", "desktop", "phone"],
    },
    Attribute {
        name: "exit-visitors",
        default: "",
        expects: "all, new or returning",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "Which visitors the exit prompt shows to; replaces `data-visitors` for it.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &["all", "new", "returning"],
    },
    Attribute {
        name: "game-pages",
        default: "",
        expects: PAGES,
        #[cfg(not(target_arch = "wasm32"))]
        doc: "Where the game may show; replaces `data-pages` for it.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "game-skip-pages",
        default: CHECKOUT,
        expects: SKIP_PAGES,
        #[cfg(not(target_arch = "wasm32"))]
        doc: "Where the game never shows, besides `data-skip-pages`; by default cart and checkout pages, `none` allows them.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "game-devices",
        default: "",
        expects: "all, desktop or phone",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "Which devices the game shows on; replaces `data-devices` for it.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &["all", "desktop", "phone"],
    },
    Attribute {
        name: "game-visitors",
        default: "",
        expects: "all, new or returning",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "Which visitors the game shows to; replaces `data-visitors` for it.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &["all", "new", "returning"],
    },
    Attribute {
        name: "variant-split",
        default: "",
        expects: "one whole weight per variant, such as 70,30",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "How visitors are split between the A/B variants that alternatives in the tag make (see below), one weight per variant in order (`70,30`). Empty means an even split.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
    },
    Attribute {
        name: "views",
        default: "",
        expects: "an https:// or http:// URL or a path starting with /",
        #[cfg(not(target_arch = "wasm32"))]
        doc: "Where view reports go (see \"View reports\"): each time a campaign shows, its campaign, variant, path and time, batched. Empty sends none.",
        #[cfg(not(target_arch = "wasm32"))]
        choices: &[],
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
