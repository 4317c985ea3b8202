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

/// What each of `data-prizes`' entries must be, quoted in the warning that names one that is not.
pub const EXPECTS_PRIZE: &str = "label|code|weight with a code of letters, digits, '-' or '_' and a whole weight";
/// What a path-pattern attribute accepts, quoted in its warning.
const PAGES: &str = "at most 32 path patterns starting with / separated by spaces or commas, such as /products/* /collections/*";
/// What a skip list accepts: patterns, or `none`.
const SKIP_PAGES: &str = "at most 32 path patterns starting with / separated by spaces or commas, such as /cart /checkout*, or none";

/// Cart and checkout pages, where the welcome popup and the game stay away unless the merchant
/// says otherwise: a discount offer there interrupts a purchase already under way.
pub const CHECKOUT: &str = "/cart /cart/* /checkout* /checkouts/*";

/// Limits of the merchant's own texts, in characters as the shopper sees them (graphemes: an
/// emoji built of several code points counts as one), and 2½ code points for each (see
/// `values::parse_own_text`): room for a headline of two or three lines, a short paragraph and a
/// one-line button on a 320 px phone; a consent of a few sentences. A longer text warns and the
/// built-in one shows.
pub const TITLE_LIMIT: usize = 80;
pub const TEXT_LIMIT: usize = 300;
pub const BUTTON_LIMIT: usize = 40;
const EXPECTS_TITLE: &str = "a title of at most 80 characters and 200 code points";
const EXPECTS_TEXT: &str = "a text of at most 300 characters and 750 code points";
const EXPECTS_BUTTON: &str = "a button label of at most 40 characters and 100 code points";
const EXPECTS_SUCCESS: &str = EXPECTS_TEXT;
const EXPECTS_IMAGE: &str = "an image URL starting with https://, http://, // or /";

/// One row of [`ATTRIBUTES`]: name, default, what a valid value looks like, README's words, and
/// the configurator's choices when it offers a list (none: free text). The last two stay out of
/// the wasm.
macro_rules! attribute {
    ($name:expr, $default:expr, $expects:expr, $doc:expr $(, $choices:expr)?) => {
        Attribute {
            name: $name,
            default: $default,
            expects: $expects,
            #[cfg(not(target_arch = "wasm32"))]
            doc: $doc,
            #[cfg(not(target_arch = "wasm32"))]
            choices: attribute!(@choices $($choices)?),
        }
    };
    (@choices) => { &[] };
    (@choices $choices:expr) => { $choices };
}

/// Every attribute Doorman reads: the single source for parsing, defaults and documentation.
pub const ATTRIBUTES: &[Attribute] = &[
    attribute!("shop", "", "a shop name of letters, digits, '.', '-' or '_'",
        "Names the shop in every report. Empty means the page's host name."),
    attribute!("endpoint", "", "shopify, or an https:// or http:// URL or a path starting with /, several separated by spaces",
        "Where sign-ups go: a URL or path that receives them as JSON, `shopify` for the shop's customer list, or several separated by spaces; an entry that is none of these is named in the console and the others still get every sign-up. Empty means they are only announced as events."),
    attribute!("klaviyo-key", "", "your public site key (6 letters and digits), never a private pk_ key",
        "With `data-klaviyo-list`, every sign-up also goes to that Klaviyo list."),
    attribute!("klaviyo-list", "", "a Klaviyo list id of letters and digits",
        "The Klaviyo list that sign-ups join."),
    attribute!("klaviyo-revision", crate::signup::klaviyo::REVISION, "a Klaviyo API revision date such as 2026-10-15",
        "The dated Klaviyo API revision to send; set it only to move to a newer revision before Doorman does (see below)."),
    attribute!("welcome", "10%", "a whole percentage from 1 to 100 such as 15 or 15%, free-shipping, or off",
        "The first-order offer of the welcome popup; `off` disables the popup.",
        &["10%", "15%", "20%", "free-shipping", "off"]),
    attribute!("welcome-code", "", "a discount code of letters, digits, '-' or '_' (at most 64)",
        "The code revealed after sign-up when the endpoint does not answer with its own."),
    attribute!("welcome-delay", "5s", "a duration such as 5s, 5000ms or 5000, or off",
        "Time on the page before the welcome popup shows; `off` leaves only the scroll rule (set it \
         for a popup on scroll alone: the default opens it after 5 s however far the shopper \
         scrolled).",
        &["0", "3s", "5s", "10s", "off"]),
    attribute!("welcome-scroll", "off", "a whole percentage from 1 to 100 such as 50 or 50%, or off",
        "Scroll depth that shows the welcome popup (the bottom of the window, as a share of the page); \
         whichever of delay and scroll comes first wins. A page opened already scrolled past it (an \
         anchor, a position the browser restored) shows it at once; a page at its top waits for the \
         shopper to scroll.",
        &["25%", "50%", "75%", "off"]),
    attribute!("welcome-cap", "7d", "a duration such as 7d, 12h, 30m or 0",
        "After a shopper closes the popup, how long before it may show again.",
        &["0", "1d", "7d", "30d"]),
    attribute!("welcome-title", "", EXPECTS_TITLE,
        "The popup's headline in every language, in place of the built-in one with the offer (\"15% off your first order\"); shown as plain text."),
    attribute!("welcome-text", "", EXPECTS_TEXT,
        "The sentence under the popup's headline, in place of the built-in one."),
    attribute!("welcome-button", "", EXPECTS_BUTTON,
        "The label of the popup's sign-up button, in place of the built-in one."),
    attribute!("welcome-success", "", EXPECTS_SUCCESS,
        "What the popup says once the shopper signed up, in place of the built-in words; the code still shows below it."),
    attribute!("welcome-image", "", EXPECTS_IMAGE,
        "A picture at the top of the popup, described by its title (`alt`); one that fails to load is left out."),
    attribute!("exit", "off", "save-cart or off",
        "The exit-intent cart saver: offers to email the cart to a shopper about to leave with items in it.",
        &["save-cart", "off"]),
    attribute!("exit-sensitivity", "20px", "a distance in pixels from 0 to 500 such as 20 or 20px",
        "How close to the top edge the pointer must leave the page to count as leaving."),
    attribute!("exit-delay", "300ms", "a duration such as 300ms or 0",
        "How long the pointer must stay out; coming back sooner cancels."),
    attribute!("exit-min-time", "3s", "a duration such as 3s",
        "Time on the page before exit intent is watched for."),
    attribute!("exit-mobile", "scroll, tab", "scroll, tab, both (scroll, tab), or off",
        "Phone rules: `scroll` is a fast scroll back up after scrolling down, `tab` is coming back to the tab.",
        &["scroll, tab", "scroll", "tab", "off"]),
    attribute!("exit-incentive", "", "a short text such as Free shipping (at most 80 characters and 200 code points)",
        "An optional sweetener shown with the offer to save the cart."),
    attribute!("exit-code", "", "a discount code of letters, digits, '-' or '_' (at most 64)",
        "The incentive's code, applied by the restore link."),
    attribute!("exit-cap", "3d", "a duration such as 3d, 12h or 0",
        "After the exit prompt is closed or used, how long before it may show again.",
        &["0", "1d", "3d", "7d"]),
    attribute!("exit-title", "", EXPECTS_TITLE,
        "The cart saver's headline, in place of \"Save your cart?\"."),
    attribute!("exit-text", "", EXPECTS_TEXT,
        "The cart saver's sentence, in place of the built-in one; the incentive and the cart's total still follow it."),
    attribute!("exit-button", "", EXPECTS_BUTTON,
        "The label of the cart saver's sign-up button, in place of the built-in one."),
    attribute!("exit-success", "", EXPECTS_SUCCESS,
        "What the cart saver says once the cart is saved, in place of the built-in words."),
    attribute!("exit-image", "", EXPECTS_IMAGE,
        "A picture at the top of the cart saver, described by its title (`alt`); one that fails to load is left out."),
    attribute!("cart", "", "a JSON list of {\"id\", \"quantity\", \"title\", \"price\"} items",
        "The cart on platforms without Shopify's `/cart.js`; `Doorman.setCart(...)` updates it from scripts."),
    attribute!("cart-restore", "", "a URL or path containing {items}",
        "Template of the link that rebuilds the cart: `{items}` becomes `VARIANT:QTY,...`, `{code}` the code. Empty means a Shopify cart permalink."),
    attribute!("game", "off", "wheel, scratch or off",
        "A spin-to-win wheel or a scratch card that earns the sign-up; it takes the welcome popup's place.",
        &["wheel", "scratch", "off"]),
    attribute!("prizes", "", "2 to 12 prizes as label|code|weight separated by ';'",
        "The game's prizes, separated by `;`: each a label, a code and a weight joined by vertical bars. No code is a \"no luck\" prize; weight 0 is shown but never won."),
    attribute!("game-draw", "local", "local or shop",
        "Who picks the prize: `local` draws in the browser; `shop` lets the endpoint draw and issue the code.",
        &["local", "shop"]),
    attribute!("every-slice-wins", "off", "on or off",
        "When on, \"no luck\" prizes are refused, so every play wins.",
        &["on", "off"]),
    attribute!("game-delay", "8s", "a duration such as 8s, or off",
        "Time on the page before the game opens by itself; `off` leaves only the teaser tab.",
        &["0", "3s", "8s", "off"]),
    attribute!("code-reminder", "on", "on or off",
        "After a code was revealed, a small tab on later pages shows it again, for 30 days or until an order confirmation page.",
        &["on", "off"]),
    attribute!("game-teaser", "on", "on or off",
        "A small tab that opens the game; it stays after the game is dismissed.",
        &["on", "off"]),
    attribute!("teaser-position", "left", "left, right, bottom-left or bottom-right",
        "Where the teaser tab sits: `left` and `right` are upright tabs half-way down the edge, clear of \"Add to cart\" bars and chat buttons at the bottom; `bottom-left` and `bottom-right` are corners.",
        &["left", "right", "bottom-left", "bottom-right"]),
    attribute!("game-threshold", "50%", "a whole percentage from 1 to 100 such as 50%",
        "Share of the scratch card to clear before the prize shows.",
        &["30%", "50%", "70%"]),
    attribute!("game-title", "", EXPECTS_TITLE,
        "The game's headline, in place of \"Spin to win!\" or \"Scratch & win!\" (the teaser tab keeps the built-in one)."),
    attribute!("game-text", "", EXPECTS_TEXT,
        "The game's sentence under its headline, in place of the built-in one."),
    attribute!("game-button", "", EXPECTS_BUTTON,
        "The label of the game's sign-up button, in place of the built-in one."),
    attribute!("game-success", "", EXPECTS_SUCCESS,
        "What the game says on a win, in place of \"You won: …!\"; `{prize}` in it becomes the prize's label. A play without a prize keeps the built-in words."),
    attribute!("game-image", "", EXPECTS_IMAGE,
        "A picture at the top of the game, described by its title (`alt`); one that fails to load is left out."),
    attribute!("consent", "", "the consent text to show beside a required checkbox, at most 500 characters and 1,250 code points",
        "When set, sign-up needs this box ticked; the text is reported with the sign-up exactly as shown (line breaks and tabs show as spaces)."),
    attribute!("accent", "#0b7a75", "a hex colour such as #0b7a75 or #f60",
        "The accent colour of buttons and highlights."),
    attribute!("font", "system", "system or inherit",
        "The dialogs' font: `system` is the device's own interface font, `inherit` the font of the page's body (the theme's).",
        &["system", "inherit"]),
    attribute!("lang", "auto", "auto or one of en, de, fr, es, nl, ar, he, zh, zh-TW, fa, hu, fi",
        "Language of the built-in texts; `auto` follows the page's `lang`, then the browser. Region, case and `_` for `-` are ignored (`fa-IR`, `FI`, `zh_TW`) but for Chinese, which goes by script: `zh-TW` is Traditional, as are `zh-HK`, `zh-MO` and `zh-Hant` (one file, `doorman-zh-TW.json`, in Taiwan's wording), and `zh` Simplified, as are `zh-CN`, `zh-SG` and `zh-Hans-HK`. Arabic, Hebrew and Persian render right to left. Every language but English is fetched from its file beside the wasm, `doorman-<tag>.json` (see Self-hosting).",
        &["auto", "en", "de", "fr", "es", "nl", "ar", "he", "zh", "zh-TW", "fa", "hu", "fi"]),
    attribute!("customer-orders", "0", "a whole number such as 0 or 3",
        "Past orders of the logged-in customer; above 0 means no first-order offer."),
    attribute!("platform", "auto", "auto, shopify or other",
        "Shopify conventions (the \"apply to my cart\" discount link) on or off; `auto` detects `window.Shopify`.",
        &["auto", "shopify", "other"]),
    attribute!("pages", "", PAGES,
        "Where every campaign may show: space-separated path patterns, `*` standing for any run of characters (`/products/* /collections/*`). Empty means every page."),
    attribute!("skip-pages", "", SKIP_PAGES,
        "Where no campaign shows, in the same form as `data-pages`; added to each campaign's own skip list."),
    attribute!("devices", "all", "all, desktop or phone",
        "Which devices every campaign shows on: a phone is a touch screen (`(pointer: coarse)`) at most 600 px on its shorter side (`screen.width`, `screen.height`); anything else is a desktop.",
        &["all", "desktop", "phone"]),
    attribute!("visitors", "all", "all, new or returning",
        "Which visitors every campaign shows to: `returning` from the second visit on (see below), `new` before that.",
        &["all", "new", "returning"]),
    attribute!("welcome-pages", "", PAGES,
        "Where the welcome popup may show; replaces `data-pages` for it."),
    attribute!("welcome-skip-pages", CHECKOUT, SKIP_PAGES,
        "Where the welcome popup never shows, besides `data-skip-pages`; by default cart and checkout pages, `none` allows them."),
    attribute!("welcome-devices", "", "all, desktop or phone",
        "Which devices the welcome popup shows on; replaces `data-devices` for it.",
        &["all", "desktop", "phone"]),
    attribute!("welcome-visitors", "", "all, new or returning",
        "Which visitors the welcome popup shows to; replaces `data-visitors` for it.",
        &["all", "new", "returning"]),
    attribute!("exit-pages", "", PAGES,
        "Where the exit prompt may show; replaces `data-pages` for it."),
    attribute!("exit-skip-pages", "", SKIP_PAGES,
        "Where the exit prompt never shows, besides `data-skip-pages`."),
    attribute!("exit-devices", "", "all, desktop or phone",
        "Which devices the exit prompt shows on; replaces `data-devices` for it.",
        &["all", "desktop", "phone"]),
    attribute!("exit-visitors", "", "all, new or returning",
        "Which visitors the exit prompt shows to; replaces `data-visitors` for it.",
        &["all", "new", "returning"]),
    attribute!("game-pages", "", PAGES,
        "Where the game may show; replaces `data-pages` for it."),
    attribute!("game-skip-pages", CHECKOUT, SKIP_PAGES,
        "Where the game never shows, besides `data-skip-pages`; by default cart and checkout pages, `none` allows them."),
    attribute!("game-devices", "", "all, desktop or phone",
        "Which devices the game shows on; replaces `data-devices` for it.",
        &["all", "desktop", "phone"]),
    attribute!("game-visitors", "", "all, new or returning",
        "Which visitors the game shows to; replaces `data-visitors` for it.",
        &["all", "new", "returning"]),
    attribute!("variant-split", "", "one whole weight per variant, 2 to 4 of them, such as 70,30",
        "How visitors are split between the A/B variants that alternatives in the tag make (see below), one weight per variant in order (`70,30`); `100,0` pauses variant `b` (its visitors see `a`). Empty means an even split."),
    attribute!("views", "", "an https:// or http:// URL or a path starting with /",
        "Where view reports go (see \"View reports\"): each time a campaign shows, its campaign, variant, path and time, batched. Empty sends none."),
    // Read by the loader, before any wasm exists; listed so the widget knows the name.
    attribute!("wasm", "", "the URL or path of doorman.wasm",
        "Where the loader finds `doorman.wasm` when it is not in the script's own folder under that name. Empty means that folder."),
    attribute!("glue", "", "the URL or path of doorman-glue.js",
        "Where the loader finds `doorman-glue.js` when it is not in the script's own folder under that name (a file store that renamed it, a bundler's hashed name). Empty means that folder."),
];
