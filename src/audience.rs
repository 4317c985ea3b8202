//! Where and to whom a campaign shows: page path patterns, device kind and new or returning
//! visitors (`data-pages`, `data-skip-pages`, `data-devices`, `data-visitors` and their
//! per-campaign forms). Plain rules over facts the web layer gathers about the page view.

/// At most this many patterns in one attribute: a tag is not a routing table.
pub const MAX_PATTERNS: usize = 32;

/// A visit ends after this long without a page view, as web analytics count sessions (30
/// minutes, Google Analytics' default); the next page view starts a new visit.
pub const VISIT_GAP_MS: u64 = 30 * 60_000;

/// Path patterns separated by spaces, commas, `;` or `|`, such as `/products/* /collections/*`. `*` stands
/// for any run of characters, `/` included; letters match in any case; a trailing `/` is ignored
/// on both sides, so `/cart` and `/cart/` are one page. A comma, `;` or `|` inside a path is
/// written `%2C`, `%3B` or `%7C`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PathPatterns {
    patterns: Vec<String>,
}

impl PathPatterns {
    /// The patterns of `value`, and those refused: one that does not start with `/`, holds a
    /// quote, `?` or `#` (a query or fragment is not part of the path) or is over 200 bytes, and
    /// any beyond the first [`MAX_PATTERNS`].
    pub fn parse(value: &str) -> (PathPatterns, Vec<String>) {
        let mut patterns = Vec::new();
        let mut refused = Vec::new();
        // A comma separates too, as in `data-variant-split`: `/a.html, /b/*` is two patterns, not
        // `/a.html,` (which no page has) and `/b/*`. So do `;` and `|`, as in `data-prizes`, which
        // a merchant may have just written: `/products/*;/collections/*` matched no page.
        for pattern in value.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '|')).filter(|p| !p.is_empty()) {
            let normal = normalise(pattern);
            let valid = normal.starts_with('/') && normal.len() <= 200 && !normal.contains(['?', '#', '"', '\'', '<', '>']);
            if valid && patterns.len() < MAX_PATTERNS {
                patterns.push(normal);
            } else {
                refused.push(pattern.to_string());
            }
        }
        (PathPatterns { patterns }, refused)
    }

    /// These patterns and `other`'s together.
    pub fn with(mut self, other: &PathPatterns) -> PathPatterns {
        self.patterns.extend(other.patterns.iter().cloned());
        self
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Whether any pattern matches `path` (a URL's path, without query or fragment).
    pub fn matches(&self, path: &str) -> bool {
        let path = normalise(path);
        self.patterns.iter().any(|pattern| glob(pattern.as_bytes(), path.as_bytes()))
    }
}

/// `location.pathname` percent-encodes every non-ASCII letter (`/collections/%C3%A9t%C3%A9`)
/// while a merchant writes the path as it reads (`/collections/été`), or copies it encoded from
/// the address bar: both sides are decoded, so either spelling matches. Only ASCII letters are
/// case-folded: Unicode's case tables would cost every shopper about 9 KB gzip of wasm.
fn normalise(path: &str) -> String {
    let trimmed = if path.len() > 1 { path.trim_end_matches('/') } else { path };
    let trimmed = if trimmed.is_empty() { "/" } else { trimmed };
    percent_decoded(trimmed).to_ascii_lowercase()
}

/// `%XX` sequences as the bytes they stand for; a `%` not followed by two hex digits, or bytes
/// that are not UTF-8, stay as they are.
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |at: usize| bytes.get(at).and_then(|b| char::from(*b).to_digit(16));
        match (bytes[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// `*` matches any run of bytes; everything else matches itself. Iterative with one backtrack
/// point, so a pattern of many stars cannot make it exponential.
fn glob(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && pattern[p] == b'*' {
            star = Some((p, t));
            p += 1;
        } else if p < pattern.len() && pattern[p] == text[t] {
            p += 1;
            t += 1;
        } else if let Some((star_p, star_t)) = star {
            p = star_p + 1;
            t = star_t + 1;
            star = Some((star_p, star_t + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&b| b == b'*')
}

/// Which devices a campaign shows on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Devices {
    #[default]
    All,
    Desktop,
    Phone,
}

impl Devices {
    pub fn parse(value: &str) -> Option<Devices> {
        match value.to_ascii_lowercase().as_str() {
            "all" | "" => Some(Devices::All),
            "desktop" => Some(Devices::Desktop),
            "phone" | "mobile" => Some(Devices::Phone),
            _ => None,
        }
    }
}

/// Which visitors a campaign shows to: see [`Visits`] for what makes one returning.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Visitors {
    #[default]
    All,
    New,
    Returning,
}

impl Visitors {
    pub fn parse(value: &str) -> Option<Visitors> {
        match value.to_ascii_lowercase().as_str() {
            "all" | "" => Some(Visitors::All),
            "new" => Some(Visitors::New),
            "returning" => Some(Visitors::Returning),
            _ => None,
        }
    }
}

/// The visits this browser has made to the shop. A visitor is **returning** from their second
/// visit on: a page view more than [`VISIT_GAP_MS`] after the previous one starts a new visit.
/// Everything within the first visit counts as new, however many pages it spans.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Visits {
    pub count: u32,
    pub last_seen_at: Option<u64>,
}

impl Visits {
    /// Records a page view at `now` (ms since the epoch). A clock that went backwards (a stored
    /// time in the future) is not a new visit.
    pub fn page_view(&mut self, now: u64) {
        let new_visit = match self.last_seen_at {
            None => true,
            Some(last) => now > last && now - last > VISIT_GAP_MS,
        };
        if new_visit {
            self.count = self.count.saturating_add(1);
        }
        self.last_seen_at = Some(now);
    }

    pub fn returning(&self) -> bool {
        self.count >= 2
    }

    /// Records the page views the loader kept quiet (they ran no widget, see `crate::quiet`) since
    /// the last one recorded: the `first` and the `last` of them (ms since the epoch) and the
    /// `longest_gap` between two of them (ms), all the visit rule needs to count a new visit
    /// among them. Views older than the last one recorded (another tab's) move nothing back.
    pub fn quiet_views(&mut self, first: u64, last: u64, longest_gap: u64) {
        let before = self.last_seen_at;
        self.page_view(first);
        if longest_gap > VISIT_GAP_MS {
            self.count = self.count.saturating_add(1);
        }
        self.last_seen_at = before.max(Some(first)).max(Some(last));
    }
}

/// What makes a device a phone: a touch screen as its primary pointer (the media query
/// [`COARSE_POINTER`]) whose screen is at most [`PHONE_MAX_SCREEN_PX`] CSS px on its shorter side
/// (`screen.width` and `screen.height`, so a phone held sideways is still one, and a page without
/// a `<meta name="viewport">`, laid out 980 px wide, still counts). A tablet, a laptop with a
/// touch screen and a mouse, or a narrow desktop window is a desktop.
pub const COARSE_POINTER: &str = "(pointer: coarse)";
pub const PHONE_MAX_SCREEN_PX: f64 = 600.0;

/// Whether a device is a phone, from the facts above.
pub fn is_phone(coarse_pointer: bool, screen_width: f64, screen_height: f64) -> bool {
    coarse_pointer && screen_width.min(screen_height) <= PHONE_MAX_SCREEN_PX
}

/// What the web layer knows of this page view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageView<'a> {
    /// The URL's path (`location.pathname`).
    pub path: &'a str,
    /// The path without a translated Shopify shop's locale root (`/fr/cart` is `/cart`), so
    /// `/cart` also keeps a campaign off `/fr/cart`; the path itself elsewhere.
    pub unrooted: &'a str,
    pub phone: bool,
    pub returning: bool,
}

/// `path` without a translated Shopify shop's locale `root` (`Shopify.routes.root`, such as
/// `/fr/`): `/fr/cart` is `/cart`, and the translated home page `/fr` (Shopify's `root_url`, with
/// no trailing slash) is `/`. `path` itself where it is not under the root (`/fresh`).
pub fn unrooted<'a>(path: &'a str, root: &str) -> &'a str {
    match path.strip_prefix(root.trim_end_matches('/')) {
        Some("") => "/",
        Some(rest) if rest.starts_with('/') => rest,
        _ => path,
    }
}

/// One campaign's audience: all of it must allow the page view.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Audience {
    /// Empty allows every page.
    pub pages: PathPatterns,
    pub skip_pages: PathPatterns,
    pub devices: Devices,
    pub visitors: Visitors,
}

impl Audience {
    pub fn allows(&self, view: &PageView) -> bool {
        let visitor = match self.visitors {
            Visitors::All => true,
            Visitors::New => !view.returning,
            Visitors::Returning => view.returning,
        };
        self.allows_page(view) && self.fits_device(view.phone) && visitor
    }

    /// Whether this campaign may show on `view`'s page, now or on a later view of it: as
    /// [`Audience::allows`], but a new visitor may come back and so may see a campaign for
    /// returning visitors ([`Audience::reaches`]).
    pub fn may_show_on(&self, view: &PageView) -> bool {
        self.allows_page(view) && self.reaches(view.phone, view.returning)
    }

    fn allows_page(&self, view: &PageView) -> bool {
        let matches = |patterns: &PathPatterns| patterns.matches(view.path) || patterns.matches(view.unrooted);
        (self.pages.is_empty() || matches(&self.pages)) && !matches(&self.skip_pages)
    }

    /// Whether some page view of this device (`phone`, see [`is_phone`]) and visitor may still be
    /// allowed, now or later, whatever its page. False for the other kind of device, and for a
    /// returning visitor when the campaign is for new ones: a visitor, once returning, stays so
    /// ([`Visits`] only counts up). A new visitor may still become a returning one, and any page
    /// may match the path rules, so neither rules a campaign out here.
    pub fn reaches(&self, phone: bool, returning: bool) -> bool {
        self.fits_device(phone) && !(self.visitors == Visitors::New && returning)
    }

    fn fits_device(&self, phone: bool) -> bool {
        match self.devices {
            Devices::All => true,
            Devices::Desktop => !phone,
            Devices::Phone => phone,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patterns(value: &str) -> PathPatterns {
        let (patterns, refused) = PathPatterns::parse(value);
        assert_eq!(refused, Vec::<String>::new(), "{value:?}");
        patterns
    }

    #[test]
    fn patterns_match_paths_with_stars_case_and_trailing_slashes() {
        let table = [
            ("/products/*", "/products/stoneware-mug", true),
            ("/products/*", "/products/mug/variant", true),
            ("/products/*", "/products", false),
            ("/products/*", "/collections/all", false),
            ("/cart", "/cart/", true),
            ("/cart/", "/cart", true),
            ("/cart", "/cartoons", false),
            ("/", "/", true),
            ("/", "/about", false),
            ("/*", "/", true),
            ("/*", "/anything/at/all", true),
            ("/Products/*", "/products/MUG", true),
            ("/*/products/*", "/fr/products/mug", true),
            ("/*/products/*", "/products/mug", false),
            ("/pages/*-sale", "/pages/winter-sale", true),
            ("/pages/*-sale", "/pages/winter-sale/", true),
            ("/pages/*-sale", "/pages/winter-sales", false),
            ("/a*b*c*d", "/aXbYcZd", true),
            ("/a*b*c*d", "/aXbYcZ", false),
            // location.pathname encodes what the merchant writes as it reads, and the reverse.
            ("/collections/été", "/collections/%C3%A9t%C3%A9", true),
            ("/collections/%C3%A9t%C3%A9", "/collections/%c3%a9t%c3%a9", true),
            ("/collections/%C3%A9t%C3%A9/*", "/collections/été/x", true),
            ("/pages/über-uns", "/pages/%C3%BCber-uns", true),
            ("/pages/été", "/pages/ete", false),
            ("/100%", "/100%", true),
            ("/a%zz", "/a%zz", true),
        ];
        for (pattern, path, expected) in table {
            assert_eq!(patterns(pattern).matches(path), expected, "{pattern} ~ {path}");
        }
        let several = patterns(" /products/*   /collections/* ");
        assert!(several.matches("/collections/summer") && several.matches("/products/x") && !several.matches("/"));
    }

    #[test]
    fn commas_separate_patterns_as_spaces_do() {
        // A tester's tag: `/fixtures/tg-comma2.html, /products/*` was `…html,` and `/products/*`.
        for value in ["/landing.html, /products/*", "/landing.html,/products/*", "/landing.html ,\t/products/*,", ",/landing.html,,/products/*"] {
            let list = patterns(value);
            assert!(list.matches("/landing.html") && list.matches("/products/mug"), "{value:?}");
            assert!(!list.matches("/collections/all"), "{value:?}");
        }
        // A comma inside a path is written %2C, as the address bar encodes it.
        assert!(patterns("/pages/a%2Cb").matches("/pages/a,b"));
        assert_eq!(PathPatterns::parse(","), (PathPatterns::default(), vec![]), "commas alone: no patterns");
        assert_eq!(PathPatterns::parse("/a, products/*"), (patterns("/a"), vec!["products/*".to_string()]), "each pattern still starts with /");
    }

    #[test]
    fn semicolons_and_bars_separate_patterns_as_in_data_prizes() {
        // A merchant's trial: `/products/*;/collections/*` and `/products/*|/collections/*` were
        // each one pattern, which no page matched, without a word.
        for value in ["/products/*;/collections/*", "/products/*|/collections/*", "/products/*; /collections/*", "/products/* | /collections/*"] {
            let list = patterns(value);
            assert!(list.matches("/products/mug") && list.matches("/collections/all"), "{value:?}");
            assert!(!list.matches("/pages/about"), "{value:?}");
        }
        assert!(patterns("/pages/a%3Bb /pages/c%7Cd").matches("/pages/a;b"));
        assert!(patterns("/pages/a%3Bb /pages/c%7Cd").matches("/pages/c%7Cd"));
    }

    #[test]
    fn the_locale_root_comes_off_the_path_and_the_translated_home_page_is_the_home_page() {
        // A merchant's trial: `/` did not match Shopify's translated home page `/fr`.
        assert_eq!(unrooted("/fr", "/fr/"), "/");
        assert_eq!(unrooted("/fr/", "/fr/"), "/");
        assert_eq!(unrooted("/en-ca", "/en-ca/"), "/");
        assert_eq!(unrooted("/fr/products/mug", "/fr/"), "/products/mug");
        assert_eq!(unrooted("/fresh", "/fr/"), "/fresh");
        assert_eq!(unrooted("/products/mug", "/"), "/products/mug");
        assert_eq!(unrooted("/", "/"), "/");
        let home = patterns("/");
        assert!(home.matches(unrooted("/fr", "/fr/")));
        assert!(!home.matches(unrooted("/fresh", "/fr/")));
    }

    #[test]
    fn many_stars_stay_fast() {
        let pattern = patterns(&"/*a".repeat(30));
        let path = format!("/{}", "a".repeat(199));
        assert!(!pattern.matches(&(path + "b")));
    }

    #[test]
    fn bad_patterns_are_refused_and_the_others_kept() {
        for bad in ["products/*", "/p?x=1", "/a#b", "/\"x", "/%3Fx", &format!("/{}", "a".repeat(200))] {
            assert_eq!(PathPatterns::parse(&format!("/products/* {bad}")), (patterns("/products/*"), vec![bad.to_string()]), "{bad}");
        }
        let many: Vec<String> = (0..34).map(|i| format!("/p{i}")).collect();
        let (kept, refused) = PathPatterns::parse(&many.join(" "));
        assert_eq!((kept.patterns.len(), refused), (MAX_PATTERNS, vec!["/p32".to_string(), "/p33".to_string()]));
        assert!(PathPatterns::parse("").0.is_empty());
    }

    #[test]
    fn a_phone_is_a_small_touch_screen_either_way_up() {
        assert!(is_phone(true, 390.0, 844.0));
        assert!(is_phone(true, 844.0, 390.0), "held sideways");
        assert!(!is_phone(true, 820.0, 1180.0), "a tablet");
        assert!(!is_phone(false, 360.0, 640.0), "a small window with a mouse");
        assert!(!is_phone(false, 1920.0, 1080.0));
    }

    #[test]
    fn devices_and_visitors_parse_relaxed() {
        assert_eq!(Devices::parse("Desktop"), Some(Devices::Desktop));
        assert_eq!(Devices::parse("mobile"), Some(Devices::Phone));
        assert_eq!(Devices::parse("tablet"), None);
        assert_eq!(Visitors::parse("RETURNING"), Some(Visitors::Returning));
        assert_eq!(Visitors::parse("old"), None);
    }

    #[test]
    fn a_returning_visitor_is_one_on_their_second_visit() {
        let mut visits = Visits::default();
        visits.page_view(0);
        assert!(!visits.returning());
        visits.page_view(VISIT_GAP_MS);
        assert!(!visits.returning(), "within the gap: the same visit");
        visits.page_view(2 * VISIT_GAP_MS + 1);
        assert!(visits.returning(), "after 30 minutes away: a second visit");
        let mut skewed = Visits { count: 1, last_seen_at: Some(10 * VISIT_GAP_MS) };
        skewed.page_view(0);
        assert!(!skewed.returning(), "a clock set back is not a new visit");
    }

    #[test]
    fn quiet_page_views_count_towards_the_visit_as_loaded_ones_do() {
        const MINUTE: u64 = 60_000;
        let new = || Visits { count: 1, last_seen_at: Some(0) };
        // A merchant's trial: views 10 minutes apart, the last three quiet, then one that loads
        // 45 minutes after the first: still the first visit.
        let mut browsing = new();
        browsing.quiet_views(20 * MINUTE, 40 * MINUTE, 10 * MINUTE);
        browsing.page_view(45 * MINUTE);
        assert_eq!((browsing.count, browsing.last_seen_at), (1, Some(45 * MINUTE)));
        // Back a day later, quietly, then browsing on: a second visit.
        let mut back = new();
        back.quiet_views(24 * 60 * MINUTE, 24 * 60 * MINUTE + 5 * MINUTE, 5 * MINUTE);
        back.page_view(24 * 60 * MINUTE + 10 * MINUTE);
        assert!(back.returning());
        // Quiet views a minute after the last loaded one, with a day between two of them.
        let mut away = new();
        away.quiet_views(MINUTE, 25 * 60 * MINUTE, 24 * 60 * MINUTE);
        assert!(away.returning(), "a gap between two quiet views is a new visit");
        away.page_view(25 * 60 * MINUTE + MINUTE);
        assert_eq!(away.count, 2);
        // Another tab's later loaded view: older quiet views move nothing back.
        let mut later = Visits { count: 1, last_seen_at: Some(50 * MINUTE) };
        later.quiet_views(10 * MINUTE, 20 * MINUTE, 10 * MINUTE);
        assert_eq!((later.count, later.last_seen_at), (1, Some(50 * MINUTE)));
        // Without them, the same browsing counted a second visit: the loaded view at 45 minutes.
        let mut uncounted = new();
        uncounted.page_view(45 * MINUTE);
        assert!(uncounted.returning());
    }

    #[test]
    fn an_audience_needs_every_rule_to_allow_the_view() {
        let audience = Audience {
            pages: patterns("/products/*"),
            skip_pages: patterns("/products/gift-card"),
            devices: Devices::Desktop,
            visitors: Visitors::New,
        };
        let view = PageView { path: "/products/mug", unrooted: "/products/mug", phone: false, returning: false };
        assert!(audience.allows(&view));
        assert!(!audience.allows(&PageView { path: "/products/gift-card", unrooted: "/products/gift-card", ..view }), "skipped page");
        assert!(!audience.allows(&PageView { path: "/", unrooted: "/", ..view }), "not a listed page");
        assert!(!audience.allows(&PageView { phone: true, ..view }), "phone under desktop");
        assert!(!audience.allows(&PageView { returning: true, ..view }), "returning under new");
        assert!(Audience::default().allows(&PageView { path: "/anything", unrooted: "/anything", phone: true, returning: true }));
        let translated = PageView { path: "/fr/products/gift-card", unrooted: "/products/gift-card", ..view };
        assert!(!audience.allows(&translated), "a skipped page under a locale root is skipped too");
        assert!(audience.allows(&PageView { path: "/fr/products/mug", unrooted: "/products/mug", ..view }), "listed under a locale root");
    }
}
