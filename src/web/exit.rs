//! Reading the shopper's cart at the moment it matters, never by polling: from the page's own
//! `Doorman.setCart(...)`, the `data-cart` attribute, or Shopify's AJAX cart (`/cart.js`).

use wasm_bindgen::{JsCast, JsValue};
use web_sys::Window;

use super::{field, whole_number};
use crate::exit::cart::CartLine;
use super::dialog::PopupContent;
use super::listener::{Listener, Options};
use super::timer::Timer;
use super::{absolute, format_money, is_currency_code, needed, now, shopify_root, storage, warn, with_widget, with_widget_of, Widget};
use crate::exit::cart::{restore_link, Cart};
use crate::exit::flow::{self, CartRead, Fired};
use crate::exit::trigger::{ExitSignal, ExitStep, ExitTrigger};
use crate::signup::report::Campaign;
use crate::visitor::Visitor;


/// The items of a cart in Shopify's `/cart.js` shape, or of a bare list of them; `None` when it
/// is neither.
fn items(value: &JsValue) -> Option<js_sys::Array> {
    let items = if js_sys::Array::is_array(value) { value.clone() } else { field(value, "items") };
    items.dyn_into().ok()
}

/// What is done with a cart once read (see `Widget::read_cart`); boxed, so that the reading and
/// Shopify's request are compiled once for both of its uses.
type OnCart = Box<dyn FnOnce(&mut Widget, Option<JsValue>)>;

/// How many items a cart handed over holds, before they are read whole (see [`items`]).
fn item_count(cart: Option<&JsValue>) -> u32 {
    cart.and_then(items).map_or(0, |items| items.length())
}

/// A cart from Shopify's `/cart.js` shape, or a bare list of its items; `None` when it is neither.
pub fn cart_from_js(value: &JsValue, default_currency: &str) -> Option<Cart> {
    let items = items(value)?;
    let currency = if js_sys::Array::is_array(value) { None } else { field(value, "currency").as_string() };
    let lines = items
        .iter()
        .filter_map(|item| {
            Some(CartLine {
                variant_id: whole_number(&field(&item, "variant_id")).or_else(|| whole_number(&field(&item, "id")))?,
                quantity: whole_number(&field(&item, "quantity"))?.min(u64::from(u32::MAX)) as u32,
                title: field(&item, "title").as_string().or_else(|| field(&item, "product_title").as_string()).unwrap_or_default(),
                unit_price: whole_number(&field(&item, "final_price")).or_else(|| whole_number(&field(&item, "price"))).unwrap_or(0),
            })
        })
        .collect();
    Some(Cart::new(lines, currency.unwrap_or_else(|| default_currency.to_string())))
}

/// The one line a merchant reads when the prompt leaves the cart's total out because the cart's
/// currency is not shaped as an ISO 4217 code (`EURO`, `€`).
fn warn_currency(currency: &str) {
    let mut text = String::from("Doorman: the cart's currency \"");
    text.push_str(currency);
    text.push_str("\" is not an ISO 4217 code such as EUR, so the exit prompt leaves out the cart's total.");
    warn(&text);
}

/// The cart a theme's script handed to `Doorman.setCart`, if any. Read through the loader's
/// `Symbol.for("doorman")`, which is Doorman's API even where the page uses `window.Doorman` for
/// something else.
pub fn from_page(window: &Window) -> Option<JsValue> {
    let doorman = js_sys::Reflect::get(window, &js_sys::Symbol::for_("doorman")).unwrap_or(JsValue::UNDEFINED);
    let cart = field(&doorman, "cart");
    (!cart.is_undefined() && !cart.is_null()).then_some(cart)
}

/// Shopify's `/cart.js` under the storefront root.
pub async fn from_shopify(root: &str) -> Option<JsValue> {
    let mut url = String::from(root);
    if !url.ends_with('/') {
        url.push('/');
    }
    url.push_str("cart.js");
    let response = super::globals::fetch(&url, &web_sys::RequestInit::new()).await?;
    if !response.ok() {
        return None;
    }
    let json = response.json().ok()?;
    super::globals::settle(&json).await.ok()
}

/// The exit prompt's state on this page view; dropping it removes its listeners and timer.
pub(super) struct ExitView {
    /// `None` when the exit prompt is off or capped for this page view.
    pub(super) trigger: Option<ExitTrigger>,
    pub(super) timer: Option<Timer>,
    /// Listens for the pointer coming back only while an exit is pending.
    pub(super) return_listener: Option<Listener>,
    pub(super) listeners: Vec<Listener>,
    /// The cart the exit prompt offers to save, read when it fired.
    pub(super) cart: Option<Cart>,
    /// The prompt waits for the views: if they fail to load, the trigger watches again.
    pub(super) awaiting_views: bool,
}

impl Widget {
    pub(super) fn exit_code(&self) -> Option<&str> {
        self.config.exit.as_ref().and_then(|exit| exit.code.as_deref())
    }

    pub(super) fn cart_restore(&self) -> Option<&str> {
        self.config.exit.as_ref().and_then(|exit| exit.cart_restore.as_deref())
    }

    pub(super) fn listen_for_exit(&mut self) {
        let Some(trigger) = &self.exit.trigger else { return };
        let Some(document) = self.window.document() else { return };
        let rules = trigger.rules().clone();
        // Leaving the page: `mouseleave` on the root fires only then, not at every element
        // boundary as `mouseout` would, so pointer movement costs the page nothing.
        if let Some(root) = document.document_element() {
            self.exit.listeners.extend(needed(Listener::new(&root, "mouseleave", |event| {
                let Some(mouse) = event.dyn_ref::<web_sys::MouseEvent>() else { return };
                let y = f64::from(mouse.client_y());
                with_widget(move |w| w.on_exit_signal(ExitSignal::PointerLeft { y }));
            })));
        }
        let coarse_pointer =
            self.window.match_media("(pointer: coarse)").ok().flatten().is_some_and(|query| query.matches());
        if rules.scroll_up && coarse_pointer {
            self.exit.listeners.extend(needed(Listener::new(&self.window, "scroll", |_| {
                with_widget(|w| {
                    let y = w.window.scroll_y().unwrap_or(0.0);
                    w.on_exit_signal(ExitSignal::Scrolled { y });
                });
            })));
            // Whose scroll it is: a finger moving or a wheel turning is the shopper's; a tap
            // (on "Back to top", an anchor) followed by a scroll is the page's.
            for (kind, signal) in [("touchstart", ExitSignal::FingerDown), ("touchmove", ExitSignal::HandScroll), ("wheel", ExitSignal::HandScroll)] {
                let options = Options { capture: true, passive: true };
                self.exit.listeners.extend(needed(Listener::with_options(&self.window, kind, options, move |_| {
                    with_widget(move |w| w.on_exit_signal(signal));
                })));
            }
        }
        if rules.tab_return {
            self.exit.listeners.extend(needed(Listener::new(&document, "visibilitychange", |_| {
                with_widget(|w| {
                    let hidden = w.window.document().is_some_and(|d| d.hidden());
                    w.on_exit_signal(if hidden { ExitSignal::Hidden } else { ExitSignal::Visible });
                });
            })));
        }
    }

    pub(super) fn on_exit_signal(&mut self, signal: ExitSignal) {
        let Some(trigger) = self.exit.trigger.as_mut() else { return };
        match trigger.on(signal, now()) {
            ExitStep::Nothing => {}
            ExitStep::CheckAt(at) => {
                // The pointer left through the top: the prompt may follow in a moment, so the
                // views are fetched ahead of it for a cart with items (read now, and again when
                // it fires); an empty cart fetches nothing.
                if self.views_missing() {
                    self.read_cart(false, Box::new(|w, cart| {
                        if item_count(cart.as_ref()) > 0 {
                            w.prepare_views();
                        }
                    }));
                }
                self.exit.timer = Timer::new(at.saturating_sub(now()), || with_widget(|w| w.on_exit_time()));
                if let Some(document) = self.window.document() {
                    let listener = Listener::new(&document, "mouseover", |_| {
                        with_widget(|w| w.on_exit_signal(ExitSignal::PointerReturned));
                    });
                    self.exit.return_listener = needed(listener);
                }
            }
            ExitStep::Fire => self.exit_fired(),
        }
        if signal == ExitSignal::PointerReturned {
            self.exit.timer = None;
            self.exit.return_listener = None;
        }
    }

    pub(super) fn on_exit_time(&mut self) {
        self.exit.timer = None;
        self.exit.return_listener = None;
        if let Some(ExitStep::Fire) = self.exit.trigger.as_mut().map(|t| t.on_time(now())) {
            self.exit_fired();
        }
    }

    /// The shopper is leaving: read the cart now, and offer to save it if it has items.
    pub(super) fn exit_fired(&mut self) {
        let visitor: Visitor = self.store.load(storage::VISITOR);
        match flow::fired(&self.config, &visitor, self.popup.is_some(), now()) {
            Fired::StopWatching => {
                self.exit.trigger = None;
                self.exit.listeners.clear();
            }
            Fired::Rearm => self.rearm_exit(),
            Fired::ReadCart => self.read_cart_for_exit(false),
        }
    }

    fn rearm_exit(&mut self) {
        if let Some(trigger) = self.exit.trigger.as_mut() {
            trigger.rearm();
        }
    }

    /// Reads the cart from the first source that has one, then offers to save it. A `preview`
    /// shows the prompt even for an empty cart.
    pub(super) fn read_cart_for_exit(&mut self, preview: bool) {
        self.read_cart(true, Box::new(move |w, cart| w.exit_cart_ready(cart, preview)));
    }

    /// Reads the cart, in the page's shape, from the first source that has one (the page's
    /// `Doorman.setCart`, `data-cart`, Shopify's `/cart.js`) and hands it to `then`, at once or
    /// once Shopify answers; `None` when no source has one. A `data-cart` that is no list of items
    /// is handed over as none, and said once if `warn_unusable`.
    fn read_cart(&mut self, warn_unusable: bool, then: OnCart) {
        if let Some(cart) = from_page(&self.window) {
            if warn_unusable && items(&cart).is_none() {
                warn("Doorman: Doorman.setCart was given no cart (a list of items, or an object with items); the exit prompt needs one.");
            }
            then(self, Some(cart));
        } else if let Some(text) = self.config.cart.clone() {
            let cart = super::globals::parse_json(&text).filter(|value| items(value).is_some());
            if cart.is_none() && warn_unusable {
                warn("Doorman: data-cart is not a JSON list of cart items; the exit prompt needs a cart.");
            }
            then(self, cart);
        } else if self.on_shopify() {
            let root = shopify_root(&self.window);
            let generation = self.generation;
            wasm_bindgen_futures::spawn_local(async move {
                let cart = from_shopify(&root).await;
                with_widget_of(generation, move |w| then(w, cart));
            });
        } else {
            then(self, None);
        }
    }

    /// The cart as read, in the page's shape: one with items (or any, for a `preview`) is read
    /// whole and weighed once the views are here, where that code lives with the prompt it
    /// leads to (see `weigh_cart`); an empty one, or none, watches for the next exit without
    /// fetching them.
    pub(super) fn exit_cart_ready(&mut self, cart: Option<JsValue>, preview: bool) {
        if !flow::may_offer(item_count(cart.as_ref()), preview, self.popup.is_some()) {
            self.rearm_exit();
            return;
        }
        self.exit.awaiting_views = true;
        // While the views are on their way, the pointer coming back means the shopper stayed: the
        // prompt is dropped and the exit watched again, rather than shown late over the page.
        if !preview && !super::views::here() {
            if let Some(document) = self.window.document() {
                let listener = Listener::new(&document, "mouseover", |_| with_widget(|w| w.exit_back_before_views()));
                self.exit.return_listener = needed(listener);
            }
        }
        self.with_views(move |w| {
            w.exit.return_listener = None;
            if w.exit.awaiting_views || preview {
                w.weigh_cart(cart, preview);
            }
        });
    }

    /// The pointer came back while the exit prompt waited for the views: not shown, watched again.
    fn exit_back_before_views(&mut self) {
        self.exit.return_listener = None;
        if std::mem::take(&mut self.exit.awaiting_views) {
            self.rearm_exit();
        }
    }

    /// Reads the cart's items (a list whose items are all unusable is empty) and offers to save
    /// it, as [`flow::cart_read`] decides.
    #[inline(never)] // its own function: the views module takes it by name (tools/split.mjs)
    fn weigh_cart(&mut self, cart: Option<JsValue>, preview: bool) {
        let cart = cart.and_then(|value| cart_from_js(&value, ""));
        match flow::cart_read(cart, preview, self.popup.is_some()) {
            CartRead::Offer(cart) => self.offer_cart_save(cart, preview),
            CartRead::Rearm => {
                self.exit.awaiting_views = false;
                self.rearm_exit();
            }
        }
    }

    /// The views did not load: an exit prompt that waited for them is not spent.
    pub(super) fn exit_views_failed(&mut self) {
        if std::mem::take(&mut self.exit.awaiting_views) {
            self.rearm_exit();
        }
    }

    /// The exit prompt for `cart`, once the views are here; unless another campaign's dialog
    /// opened while they came (a preview replaces it).
    #[inline(never)] // its own function: the views module takes it by name (tools/split.mjs)
    fn offer_cart_save(&mut self, cart: Cart, preview: bool) {
        self.exit.awaiting_views = false;
        if self.popup.is_some() && !preview {
            self.rearm_exit();
            return;
        }
        let texts = self.lang.texts();
        let (own, rtl) = (self.own_texts(Campaign::Exit), self.lang.is_rtl());
        // No email is promised when nothing will send one: the link is shown once saved.
        let (intro, submit) = if self.config.emails_follow() { (texts.exit_intro, texts.exit_submit) } else { (texts.exit_intro_here, texts.exit_submit_here) };
        // The merchant's sentence replaces the built-in one; the incentive and total still follow.
        let mut intro = crate::texts::own_or(own.text.as_deref(), intro, rtl);
        if let Some(incentive) = self.config.exit.as_ref().and_then(|exit| exit.incentive.as_ref()) {
            intro.push(' ');
            intro.push_str(&texts.exit_incentive.replace("{incentive}", &crate::texts::isolated(incentive, self.lang.is_rtl())));
        }
        if cart.total > 0 {
            match format_money(self.lang, cart.total, &cart.currency) {
                Some(total) => {
                    intro.push(' ');
                    intro.push_str(&texts.exit_cart_total.replace("{total}", &total));
                }
                // A cart without a currency (a bare list of items) shows no total, as documented;
                // a page that broke `Intl` costs the total alone.
                None if !cart.currency.is_empty() && !is_currency_code(&cart.currency) => warn_currency(&cart.currency),
                None => {}
            }
        }
        let visitor: Visitor = self.store.load(storage::VISITOR);
        let content = PopupContent {
            campaign: Campaign::Exit,
            title: crate::texts::own_or(own.title.as_deref(), texts.exit_title, rtl),
            intro,
            submit: crate::texts::own_or(own.button.as_deref(), submit, rtl),
            image: own.image.clone(),
            consent: self.config.consent.clone(),
            email: visitor.email,
        };
        self.exit.cart = Some(cart);
        self.open_popup(content);
    }

    /// The absolute link that rebuilds the cart the exit prompt saved.
    pub(super) fn restore_url(&self) -> Option<String> {
        let cart = self.exit.cart.as_ref()?;
        let link = restore_link(cart, &shopify_root(&self.window), self.cart_restore(), self.exit_code());
        Some(absolute(&self.window.location(), link))
    }
}
