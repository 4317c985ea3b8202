//! The browser layer: reads the script tag, owns every listener and timer, draws the views,
//! talks to storage and the network, and feeds the core.
//!
//! All state lives in one [`Widget`]; listeners and timers are gloo handles held as its fields,
//! so tearing the widget down is dropping it.

pub mod cart;
mod emit;
mod game;
pub mod mount;
pub mod net;
pub mod popup;
mod scratch;
pub mod storage;
mod teaser;
pub mod timer;
mod wheel;

use std::cell::{Cell, RefCell};

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Window};

use crate::cap::{Visitor, WelcomeVerdict};
use crate::cart::{restore_link, Cart};
use crate::config::{Config, Offer, Platform};
use crate::json::ToJson;
use crate::outbox::{Delivery, Outbox, Outcome, SetAside};
use crate::report::{self, Campaign, Consent, OfferReport, PrizeReport, Report};
use crate::shopify;
use crate::texts::Lang;
use crate::trigger::{scroll_depth_percent, ExitSignal, ExitStep, ExitTrigger, WelcomeTrigger};
use popup::{Field, Popup, PopupContent};
use storage::Store;
use timer::Timer;

thread_local! {
    static WIDGET: RefCell<Option<Widget>> = const { RefCell::new(None) };
    /// Counts widgets started and views reset, so late async work can tell it is stale.
    static GENERATION: Cell<u32> = const { Cell::new(0) };
    static PANIC_LATCH: Cell<bool> = const { Cell::new(false) };
}

fn next_generation() -> u32 {
    GENERATION.with(|g| {
        let next = g.get().wrapping_add(1);
        g.set(next);
        next
    })
}

/// Runs `f` on the live widget only if it is still the `generation` that started the async work
/// now completing: after `Doorman.restart()` or a preview, an old cart read or answer is dropped
/// rather than landing in the new view.
pub(crate) fn with_widget_of(generation: u32, f: impl FnOnce(&mut Widget)) {
    with_widget(|w| {
        if w.generation == generation {
            f(w);
        }
    });
}

/// A panic anywhere in the widget is latched: logged once, and the widget's elements removed
/// from the page with its scroll lock, so no dialog that cannot be closed is left behind. The
/// widget itself cannot be dropped here (the panic happened while it was borrowed); it stays
/// borrowed, so every later listener and timer of it does nothing.
fn install_panic_latch() {
    if PANIC_LATCH.with(|latch| latch.replace(true)) {
        return;
    }
    std::panic::set_hook(Box::new(|_| {
        if PANIC_LATCH.with(|latch| latch.replace(false)) {
            warn("Doorman stopped after an internal error; the page is not affected.");
            if let Some(document) = web_sys::window().and_then(|w| w.document()) {
                while let Ok(Some(host)) = document.query_selector(mount::HOST_TAG) {
                    host.remove();
                }
            }
            popup::release_scroll();
        }
    }));
}

/// Runs `f` on the live widget. A call made while the widget is already borrowed (an event
/// dispatched synchronously from inside another handler) is dropped rather than panicking.
pub(crate) fn with_widget(f: impl FnOnce(&mut Widget)) {
    WIDGET.with(|cell| {
        if let Ok(mut slot) = cell.try_borrow_mut() {
            if let Some(widget) = slot.as_mut() {
                f(widget);
            }
        }
    });
}

/// Starts Doorman from its script tag. A second call while a widget runs does nothing, so a
/// theme that includes the tag twice gets one widget.
#[wasm_bindgen]
pub fn start(script: Element) {
    let Some(window) = web_sys::window() else { return };
    install_panic_latch();
    WIDGET.with(|cell| {
        if let Ok(mut slot) = cell.try_borrow_mut() {
            if slot.is_none() {
                *slot = Some(Widget::start(window, &script));
            }
        }
    });
}

/// Tears the widget down: the view, every listener and every timer go with it.
#[wasm_bindgen]
pub fn stop() {
    let widget = WIDGET.with(|cell| cell.try_borrow_mut().ok().and_then(|mut slot| slot.take()));
    drop(widget);
}

/// Opens a campaign now, ignoring its triggers and caps: the demo's preview buttons.
#[wasm_bindgen]
pub fn preview(campaign: &str) {
    let campaign = match campaign {
        "welcome" => Campaign::Welcome,
        "exit" => Campaign::Exit,
        "wheel" => Campaign::Wheel,
        "scratch" => Campaign::Scratch,
        _ => {
            warn("Doorman.preview: expected welcome, exit, wheel or scratch.");
            return;
        }
    };
    with_widget(|w| w.preview(campaign));
}

/// Whether a widget is running, for the shop's scripts and the tests.
#[wasm_bindgen]
pub fn running() -> bool {
    WIDGET.with(|cell| cell.try_borrow().map(|slot| slot.is_some()).unwrap_or(true))
}

pub fn now() -> u64 {
    js_sys::Date::now() as u64
}

/// Logs a message for the merchant; never throws.
pub fn warn(message: &str) {
    web_sys::console::warn_1(&JsValue::from_str(message));
}

pub struct Widget {
    window: Window,
    config: Config,
    lang: Lang,
    store: Store,
    /// See [`with_widget_of`].
    generation: u32,
    trigger: WelcomeTrigger,
    welcome_timer: Option<Timer>,
    scroll_listener: Option<EventListener>,
    /// `None` when the exit prompt is off or capped for this page view.
    exit_trigger: Option<ExitTrigger>,
    exit_timer: Option<Timer>,
    /// Listens for the pointer coming back only while an exit is pending.
    exit_return_listener: Option<EventListener>,
    exit_listeners: Vec<EventListener>,
    /// The cart the exit prompt offers to save, read when it fired.
    exit_cart: Option<Cart>,
    game_timer: Option<Timer>,
    teaser: Option<teaser::Teaser>,
    play: Option<game::Play>,
    popup: Option<Popup>,
    /// The sign-up whose answer the popup waits for, to show the shop's own code.
    awaiting_code_for: Option<String>,
    reveal_timer: Option<Timer>,
    /// Deliveries with a request under way from this page.
    in_flight: Vec<String>,
    retry_timer: Option<Timeout>,
    delivery_warned: bool,
    /// This tab's name on the outbox leases it takes.
    tab: String,
    /// Wall-clock ms and `performance.now()` at start: see `delivery_now`.
    clock: (u64, f64),
    page_listeners: Vec<EventListener>,
    /// The rest of starting up, in a task of its own (see `start`).
    settle_timer: Option<Timer>,
}

/// How long the popup waits for the shop's own code before it shows the static one.
const SHOP_CODE_WAIT_MS: u64 = 4_000;

impl Widget {
    fn start(window: Window, script: &Element) -> Widget {
        let config = read_config(script);
        let lang = config.lang.unwrap_or_else(|| page_lang(&window));
        let store = Store::open(&window);
        let now = now();
        let visitor: Visitor = store.load(storage::VISITOR);
        let show = visitor.welcome_verdict(&config, now) == WelcomeVerdict::Show;
        let (delay, scroll) = if show { (config.welcome_delay_ms, config.welcome_scroll_percent) } else { (None, None) };
        let exit_trigger = visitor.exit_allowed(&config, now).then(|| ExitTrigger::new(config.exit_rules.clone(), now));
        let (tab, clock) = (report::uuid_v4(random_bytes(&window)), (now, window.performance().map_or(0.0, |p| p.now())));
        let mut widget = Widget {
            generation: next_generation(),
            trigger: WelcomeTrigger::new(delay, scroll, now),
            exit_trigger,
            exit_timer: None,
            exit_return_listener: None,
            exit_listeners: Vec::new(),
            exit_cart: None,
            game_timer: None,
            teaser: None,
            play: None,
            window,
            config,
            lang,
            store,
            welcome_timer: None,
            scroll_listener: None,
            popup: None,
            awaiting_code_for: None,
            reveal_timer: None,
            in_flight: Vec::new(),
            retry_timer: None,
            delivery_warned: false,
            tab,
            clock,
            page_listeners: Vec::new(),
            settle_timer: None,
        };
        widget.arm_welcome();
        widget.arm_game(&visitor);
        widget.arm_code_reminder(&visitor);
        // The rest waits for the next task, so starting never holds the host page's main
        // thread long enough to be a long task: exit intent has a minimum time on the page
        // anyway, and leftovers can be sent a moment later.
        widget.settle_timer = Some(Timer::new(0, || with_widget(|w| w.settle())));
        widget
    }

    fn settle(&mut self) {
        self.settle_timer = None;
        self.listen_for_exit();
        self.listen_to_page();
        // Sign-ups left over from an earlier visit (the shop was down, the tab was closed).
        self.flush();
    }

    fn arm_welcome(&mut self) {
        if let Some(due) = self.trigger.due_at() {
            self.welcome_timer = Some(Timer::new(due.saturating_sub(now()), || with_widget(|w| w.on_welcome_time())));
        }
        if self.trigger.watches_scroll() && self.scroll_listener.is_none() {
            let listener = EventListener::new(&self.window, "scroll", |_| with_widget(|w| w.on_scroll()));
            self.scroll_listener = Some(listener);
        }
    }

    fn on_welcome_time(&mut self) {
        if self.trigger.on_time(now()) {
            self.show_welcome();
        } else {
            self.arm_welcome();
        }
    }

    fn on_scroll(&mut self) {
        let Some(body) = self.window.document().and_then(|d| d.document_element()) else { return };
        let scroll_top = self.window.scroll_y().unwrap_or(0.0);
        let viewport = self.window.inner_height().ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
        let depth = scroll_depth_percent(scroll_top, viewport, f64::from(body.scroll_height()));
        if self.trigger.on_scroll(depth) {
            self.show_welcome();
        }
    }

    fn show_welcome(&mut self) {
        self.welcome_timer = None;
        self.scroll_listener = None;
        // Another tab may have signed up or closed the popup since this page loaded.
        let visitor: Visitor = self.store.load(storage::VISITOR);
        if self.popup.is_some() || visitor.welcome_verdict(&self.config, now()) != WelcomeVerdict::Show {
            return;
        }
        self.open_popup(self.welcome_content(&self.config.welcome));
    }

    fn welcome_content(&self, offer: &Offer) -> PopupContent {
        let texts = self.lang.texts();
        PopupContent {
            campaign: Campaign::Welcome,
            title: texts.offer_title(offer, |n| format_percent(self.lang, n)),
            intro: texts.intro.to_string(),
            submit: texts.submit,
            consent: self.config.consent.clone(),
            email: None,
        }
    }

    fn open_popup(&mut self, content: PopupContent) {
        let campaign = content.campaign;
        // The old dialog goes first, so its scroll lock hands the page back before the new one
        // records what to restore.
        self.popup = None;
        self.popup = Popup::open(&self.window, &self.config.accent, self.lang, content);
        if self.popup.is_some() {
            emit::event(&self.window, "shown", campaign, None);
        }
    }

    /// Removes the dialog and everything waiting to change it: a preview starts from nothing.
    fn reset_view(&mut self) {
        self.popup = None;
        self.play = None;
        self.reveal_timer = None;
        self.awaiting_code_for = None;
        self.exit_cart = None;
        self.generation = next_generation();
    }

    fn preview(&mut self, campaign: Campaign) {
        self.reset_view();
        match campaign {
            Campaign::Welcome => {
                // A preview of a switched-off popup shows what the default offer would look like.
                let offer = if self.config.welcome == Offer::Off { Offer::Percent(10) } else { self.config.welcome.clone() };
                self.open_popup(self.welcome_content(&offer));
            }
            Campaign::Exit => self.read_cart_for_exit(true),
            Campaign::Wheel | Campaign::Scratch => {
                if self.game_campaign() == Some(campaign) {
                    self.open_game_now();
                }
            }
        }
    }

    fn listen_for_exit(&mut self) {
        let Some(trigger) = &self.exit_trigger else { return };
        let Some(document) = self.window.document() else { return };
        let rules = trigger.rules().clone();
        // Leaving the page: `mouseleave` on the root fires only then, not at every element
        // boundary as `mouseout` would, so pointer movement costs the page nothing.
        if let Some(root) = document.document_element() {
            self.exit_listeners.push(EventListener::new(&root, "mouseleave", |event| {
                let Some(mouse) = event.dyn_ref::<web_sys::MouseEvent>() else { return };
                let y = f64::from(mouse.client_y());
                with_widget(|w| w.on_exit_signal(ExitSignal::PointerLeft { y }));
            }));
        }
        let coarse_pointer =
            self.window.match_media("(pointer: coarse)").ok().flatten().is_some_and(|query| query.matches());
        if rules.scroll_up && coarse_pointer {
            self.exit_listeners.push(EventListener::new(&self.window, "scroll", |_| {
                with_widget(|w| {
                    let y = w.window.scroll_y().unwrap_or(0.0);
                    w.on_exit_signal(ExitSignal::Scrolled { y });
                });
            }));
            // Whose scroll it is: a finger moving or a wheel turning is the shopper's; a tap
            // (on "Back to top", an anchor) followed by a scroll is the page's.
            for (kind, signal) in [("touchstart", ExitSignal::FingerDown), ("touchmove", ExitSignal::HandScroll), ("wheel", ExitSignal::HandScroll)] {
                let options = gloo::events::EventListenerOptions { phase: gloo::events::EventListenerPhase::Capture, passive: true };
                self.exit_listeners.push(EventListener::new_with_options(&self.window, kind, options, move |_| {
                    with_widget(|w| w.on_exit_signal(signal));
                }));
            }
        }
        if rules.tab_return {
            self.exit_listeners.push(EventListener::new(&document, "visibilitychange", |_| {
                with_widget(|w| {
                    let hidden = w.window.document().is_some_and(|d| d.hidden());
                    w.on_exit_signal(if hidden { ExitSignal::Hidden } else { ExitSignal::Visible });
                });
            }));
        }
    }

    fn on_exit_signal(&mut self, signal: ExitSignal) {
        let Some(trigger) = self.exit_trigger.as_mut() else { return };
        match trigger.on(signal, now()) {
            ExitStep::Nothing => {}
            ExitStep::CheckAt(at) => {
                self.exit_timer = Some(Timer::new(at.saturating_sub(now()), || with_widget(|w| w.on_exit_time())));
                if let Some(document) = self.window.document() {
                    let listener = EventListener::new(&document, "mouseover", |_| {
                        with_widget(|w| w.on_exit_signal(ExitSignal::PointerReturned));
                    });
                    self.exit_return_listener = Some(listener);
                }
            }
            ExitStep::Fire => self.exit_fired(),
        }
        if signal == ExitSignal::PointerReturned {
            self.exit_timer = None;
            self.exit_return_listener = None;
        }
    }

    fn on_exit_time(&mut self) {
        self.exit_timer = None;
        self.exit_return_listener = None;
        if let Some(ExitStep::Fire) = self.exit_trigger.as_mut().map(|t| t.on_time(now())) {
            self.exit_fired();
        }
    }

    /// The shopper is leaving: read the cart now, and offer to save it if it has items.
    fn exit_fired(&mut self) {
        let visitor: Visitor = self.store.load(storage::VISITOR);
        if !visitor.exit_allowed(&self.config, now()) {
            self.exit_trigger = None;
            self.exit_listeners.clear();
            return;
        }
        if self.popup.is_some() {
            // Another dialog is up: watch for the next exit instead.
            if let Some(trigger) = self.exit_trigger.as_mut() {
                trigger.rearm();
            }
            return;
        }
        self.read_cart_for_exit(false);
    }

    /// Reads the cart from the first source that has one, then offers to save it. A `preview`
    /// shows the prompt even for an empty cart.
    fn read_cart_for_exit(&mut self, preview: bool) {
        if let Some(cart) = cart::from_page(&self.window) {
            let cart = cart::cart_from_js(&cart, "");
            self.exit_cart_ready(cart, preview);
        } else if let Some(text) = self.config.cart.clone() {
            let cart = js_sys::JSON::parse(&text).ok().and_then(|value| cart::cart_from_js(&value, ""));
            if cart.is_none() {
                warn("Doorman: data-cart is not a JSON list of cart items; the exit prompt needs a cart.");
            }
            self.exit_cart_ready(cart, preview);
        } else if self.on_shopify() {
            let window = self.window.clone();
            let root = shopify_root(&self.window);
            let generation = self.generation;
            wasm_bindgen_futures::spawn_local(async move {
                let cart = cart::from_shopify(&window, &root).await.and_then(|value| cart::cart_from_js(&value, ""));
                with_widget_of(generation, |w| w.exit_cart_ready(cart, preview));
            });
        } else {
            self.exit_cart_ready(None, preview);
        }
    }

    fn exit_cart_ready(&mut self, cart: Option<Cart>, preview: bool) {
        let cart = cart.filter(|cart| !cart.is_empty()).or_else(|| preview.then(Cart::default));
        let (Some(cart), None) = (cart, &self.popup) else {
            // Nothing to save, or another dialog is up: watch for the next exit instead.
            if let Some(trigger) = self.exit_trigger.as_mut() {
                trigger.rearm();
            }
            return;
        };
        let texts = self.lang.texts();
        let mut intro = String::from(texts.exit_intro);
        if let Some(incentive) = &self.config.exit_incentive {
            intro.push(' ');
            intro.push_str(&texts.exit_incentive.replace("{incentive}", &crate::texts::isolated(incentive, self.lang.is_rtl())));
        }
        if let Some(total) = format_money(self.lang, cart.total, &cart.currency).filter(|_| cart.total > 0) {
            intro.push(' ');
            intro.push_str(&texts.exit_cart_total.replace("{total}", &total));
        }
        let visitor: Visitor = self.store.load(storage::VISITOR);
        let content = PopupContent {
            campaign: Campaign::Exit,
            title: texts.exit_title.to_string(),
            intro,
            submit: texts.exit_submit,
            consent: self.config.consent.clone(),
            email: visitor.email,
        };
        self.exit_cart = Some(cart);
        self.open_popup(content);
    }

    pub(crate) fn close_popup(&mut self) {
        let Some(popup) = self.popup.take() else { return };
        self.reveal_timer = None;
        self.awaiting_code_for = None;
        let campaign = popup.campaign();
        if !popup.is_revealed() {
            let now = now();
            self.store.update(storage::VISITOR, |visitor: &mut Visitor| match campaign {
                Campaign::Welcome => visitor.welcome_closed_at = Some(now),
                Campaign::Exit => visitor.exit_closed_at = Some(now),
                Campaign::Wheel | Campaign::Scratch => visitor.game_closed_at = Some(now),
            });
        }
        drop(popup);
        self.play = None;
        emit::event(&self.window, "closed", campaign, None);
        // The teaser stays for a shopper who dismissed the game without playing.
        let visitor: Visitor = self.store.load(storage::VISITOR);
        if matches!(campaign, Campaign::Wheel | Campaign::Scratch) && visitor.signed_up_at.is_none() {
            self.show_teaser();
        }
    }

    pub(crate) fn submit(&mut self) {
        let texts = self.lang.texts();
        let Some(popup) = &self.popup else { return };
        if popup.is_busy() {
            return;
        }
        let campaign = popup.campaign();
        let (email, consent_ticked) = popup.values();
        let email = email.trim().to_string();
        if !report::valid_email(&email) {
            popup.show_error(Field::Email, texts.invalid_email);
            return;
        }
        if self.config.consent.is_some() && !consent_ticked {
            popup.show_error(Field::Consent, texts.consent_missing);
            return;
        }
        popup.show_error(Field::None, "");
        let report = self.report(campaign, email, consent_ticked);
        let now = now();
        let address = report.email.clone();
        self.store.update(storage::VISITOR, |visitor: &mut Visitor| {
            visitor.signed_up_at = Some(now);
            visitor.email = Some(address);
            if campaign == Campaign::Exit {
                visitor.exit_closed_at = Some(now);
            }
        });
        // Serialised once: the shop's scripts get it as the event's detail, each destination as
        // its body.
        let body = report.to_json();
        emit::event(&self.window, "signup", campaign, Some(&body));
        let game = matches!(campaign, Campaign::Wheel | Campaign::Scratch);
        let local_prize = report.prize.as_ref().map(|prize| prize.index);
        let endpoint = self.config.endpoint.clone();
        let report_id = report.id.clone();
        if !self.config.destinations.is_empty() {
            let destinations = self.config.destinations.clone();
            self.store.update(storage::OUTBOX, |outbox: &mut Outbox| {
                for destination in &destinations {
                    outbox.push(destination, &report.id, body.clone(), now);
                }
            });
        }
        match (game, local_prize, endpoint.is_some()) {
            (true, Some(prize), _) => self.start_play(prize, None),
            (_, _, true) => {
                // Wait a moment for the shop's own code, or the prize the shop draws.
                popup.show_busy(texts.sending);
                self.awaiting_code_for = Some(report_id);
                self.reveal_timer = Some(Timer::new(SHOP_CODE_WAIT_MS, || with_widget(|w| w.reveal_code(None))));
            }
            _ => self.reveal_code(None),
        }
        self.flush();
    }

    fn report(&self, campaign: Campaign, email: String, consent_ticked: bool) -> Report {
        let location = self.window.location();
        let consent_text = self.config.consent.clone();
        let (offer, cart, restore_url) = match campaign {
            Campaign::Welcome => {
                let label = self.lang.texts().offer_title(&self.config.welcome, |n| format_percent(self.lang, n));
                (OfferReport { label, code: self.config.welcome_code.clone() }, None, None)
            }
            Campaign::Exit => {
                let label = self.config.exit_incentive.clone().unwrap_or_default();
                let offer = OfferReport { label, code: self.config.exit_code.clone() };
                let restore = self.exit_cart.as_ref().map(|cart| {
                    let link = restore_link(cart, &shopify_root(&self.window), self.config.cart_restore.as_deref(), self.config.exit_code.as_deref());
                    absolute(&location, link)
                });
                (offer, self.exit_cart.clone(), restore)
            }
            Campaign::Wheel | Campaign::Scratch => {
                let texts = self.lang.texts();
                let label = if campaign == Campaign::Scratch { texts.scratch_title } else { texts.wheel_title };
                (OfferReport { label: label.to_string(), code: None }, None, None)
            }
        };
        // Decided now, before any animation; in shop-decided mode the shop draws it instead.
        let prize = match campaign {
            Campaign::Wheel | Campaign::Scratch if !self.config.shop_draw => self.draw_prize().and_then(|index| {
                let prize = self.config.prizes.get(index)?;
                Some(PrizeReport { index, label: prize.label.clone(), code: prize.code.clone() })
            }),
            _ => None,
        };
        Report {
            id: report::uuid_v4(random_bytes(&self.window)),
            shop: self.config.shop.clone().unwrap_or_else(|| location.hostname().unwrap_or_default()),
            campaign,
            variant: None,
            email,
            consent: Consent { given: consent_text.is_some() && consent_ticked, text: consent_text },
            offer,
            page: location.href().unwrap_or_default(),
            locale: self.window.navigator().language().unwrap_or_else(|| self.lang.tag().to_string()),
            timestamp: js_sys::Date::new_0().to_iso_string().into(),
            cart,
            restore_url,
            prize,
        }
    }

    /// Shows the outcome: the shop's own code when it answered with one, else the static one.
    fn reveal_code(&mut self, shop_code: Option<String>) {
        self.awaiting_code_for = None;
        self.reveal_timer = None;
        let Some(popup) = &self.popup else { return };
        let texts = self.lang.texts();
        // Promise an email only when a destination can send one (see `Config::emails_follow`).
        let emails = self.config.emails_follow();
        let campaign = popup.campaign();
        let (message, code) = match campaign {
            Campaign::Welcome => {
                let code = shop_code.or_else(|| self.config.welcome_code.clone());
                let message = match (&code, emails) {
                    (Some(_), _) => texts.code_intro,
                    (None, true) => texts.no_code,
                    (None, false) => texts.no_code_no_email,
                };
                (message, code)
            }
            Campaign::Exit if !emails => {
                // Nothing will email the link: it is shown here, to copy or bookmark; it carries
                // the incentive's code too.
                let link = self.restore_url();
                if let Some(link) = &link {
                    popup.show_link(texts.open_cart, link);
                }
                popup.reveal(texts.exit_saved_here, link.as_deref(), None);
                return;
            }
            Campaign::Exit => (texts.exit_saved, shop_code.or_else(|| self.config.exit_code.clone())),
            // The shop-decided draw did not answer in time: the shop will email the prize.
            Campaign::Wheel | Campaign::Scratch => (texts.prize_later, None),
        };
        let apply_link = code.as_deref().and_then(|code| self.apply_link(code));
        popup.reveal(message, code.as_deref(), apply_link.as_deref());
        // The first-order code is offered again later; the cart saver's code travels with the
        // restore link instead.
        if let (Campaign::Welcome, Some(code)) = (campaign, &code) {
            self.remember_code(code);
        }
    }

    /// On Shopify, the link that applies `code` to the cart and comes back to this page.
    pub(crate) fn apply_link(&self, code: &str) -> Option<String> {
        self.on_shopify().then(|| shopify::discount_link(&shopify_root(&self.window), code, &current_path(&self.window)))
    }

    /// Keeps a revealed code so later pages can offer it again until it is used or expires.
    pub(crate) fn remember_code(&mut self, code: &str) {
        let now = now();
        self.store.update(storage::VISITOR, |visitor: &mut Visitor| visitor.remember_code(code, now));
    }

    /// The absolute link that rebuilds the cart the exit prompt saved.
    fn restore_url(&self) -> Option<String> {
        let cart = self.exit_cart.as_ref()?;
        let link = restore_link(cart, &shopify_root(&self.window), self.config.cart_restore.as_deref(), self.config.exit_code.as_deref());
        Some(absolute(&self.window.location(), link))
    }

    /// On a later page, a tab offers the code revealed before, until it is used (the shopper
    /// reached an order confirmation) or 30 days have passed.
    fn arm_code_reminder(&mut self, visitor: &Visitor) {
        let path = self.window.location().pathname().unwrap_or_default();
        if crate::shopify::is_order_confirmation(&path) {
            if visitor.code.is_some() {
                self.store.update(storage::VISITOR, |visitor: &mut Visitor| visitor.code_used());
            }
            return;
        }
        if !self.config.code_reminder || visitor.code_reminder(now()).is_none() || self.teaser.is_some() {
            return;
        }
        let label = self.lang.texts().reminder;
        let position = self.config.teaser_position;
        let document = self.window.document();
        self.teaser = document.and_then(|d| teaser::Teaser::new(&d, &self.config.accent, self.lang, label, position, Widget::show_code_again));
    }

    /// The reminder tab: the code in a dialog again, with its copy button and apply link.
    fn show_code_again(&mut self) {
        let visitor: Visitor = self.store.load(storage::VISITOR);
        let Some(code) = visitor.code_reminder(now()).map(str::to_string) else { return };
        if self.popup.is_some() {
            return;
        }
        let texts = self.lang.texts();
        let content = PopupContent {
            campaign: Campaign::Welcome,
            title: texts.reminder.to_string(),
            intro: String::new(),
            submit: texts.submit,
            consent: None,
            email: None,
        };
        self.popup = Popup::open(&self.window, &self.config.accent, self.lang, content);
        let apply_link = self.apply_link(&code);
        if let Some(popup) = &self.popup {
            popup.reveal(texts.reminder_intro, Some(&code), apply_link.as_deref());
        }
    }

    fn on_shopify(&self) -> bool {
        match self.config.platform {
            Platform::Shopify => true,
            Platform::Other => false,
            Platform::Auto => js_sys::Reflect::has(&self.window, &JsValue::from_str("Shopify")).unwrap_or(false),
        }
    }

    /// Sends every due delivery that is not under way from this page or another tab, then sets
    /// the retry timer. First the outbox is tidied: times a clock jump left far ahead pulled
    /// back, deliveries for destinations no longer in the tag or past the age limit set aside.
    fn flush(&mut self) {
        let now = self.delivery_now();
        let (tab, in_flight, destinations) = (&self.tab, &self.in_flight, &self.config.destinations);
        let mut gone = Vec::new();
        let mut sending = Vec::new();
        self.store.update(storage::OUTBOX, |outbox: &mut Outbox| {
            gone = outbox.tidy(destinations, now);
            sending = outbox.due(now, in_flight, tab).into_iter().filter(|d| outbox.claim(&d.key(), tab, now)).collect();
        });
        for set_aside in &gone {
            self.undeliverable(set_aside);
        }
        for delivery in sending {
            self.in_flight.push(delivery.key());
            let revision = self.config.klaviyo_revision.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let sent = net::deliver(&delivery, &revision, now).await;
                with_widget(|w| w.delivery_done(&delivery, sent));
            });
        }
        let outbox: Outbox = self.store.load(storage::OUTBOX);
        self.arm_retry(&outbox);
    }

    /// The delivery clock: wall-clock ms, advanced within this page by the monotonic
    /// `performance.now()`, so a clock change during the visit cannot stall or rush a retry.
    fn delivery_now(&self) -> u64 {
        let elapsed = self.window.performance().map_or(0.0, |p| p.now()) - self.clock.1;
        self.clock.0.saturating_add(elapsed.max(0.0) as u64)
    }

    fn arm_retry(&mut self, outbox: &Outbox) {
        let waiting = outbox.deliveries.iter().filter(|d| !self.in_flight.contains(&d.key()));
        let now = self.delivery_now();
        // One another tab is sending is looked at again when its lease lapses, not before.
        let at = |d: &Delivery| if d.lease_by == self.tab { d.next_attempt_at } else { d.next_attempt_at.max(d.lease_until) };
        self.retry_timer = waiting.map(at).min().map(|at| {
            // At most an hour per timer (setTimeout misfires beyond 2^31 ms); a longer wait just
            // looks again then. A lease another tab holds is rechecked after it lapses.
            let wait = at.max(now + 250).saturating_sub(now).min(3_600_000) as u32;
            Timeout::new(wait, || with_widget(|w| w.flush()))
        });
    }

    fn delivery_done(&mut self, delivery: &Delivery, sent: net::Sent) {
        let key = delivery.key();
        self.in_flight.retain(|in_flight| *in_flight != key);
        let now = self.delivery_now();
        let random = random_bytes(&self.window);
        let jitter = u32::from_le_bytes([random[0], random[1], random[2], random[3]]);
        let mut set_aside = None;
        self.store.update(storage::OUTBOX, |outbox: &mut Outbox| set_aside = outbox.record(&key, &sent.outcome, now, jitter));
        let delivered = sent.outcome == Outcome::Delivered;
        if !delivered && set_aside.is_none() && !self.delivery_warned {
            self.delivery_warned = true;
            let mut text = String::from("Doorman: could not deliver a sign-up to ");
            text.push_str(&delivery.destination);
            text.push_str(" (");
            text.push_str(&sent.why);
            text.push_str(if matches!(sent.outcome, Outcome::Refused(_)) {
                "); it is tried 3 times in all, then set aside."
            } else {
                "); it is kept and retried."
            });
            warn(&text);
        }
        if let Some(set_aside) = &set_aside {
            self.undeliverable(set_aside);
        }
        // Only the webhook's answer can carry a code or a prize; other destinations just accept.
        let from_webhook = self.config.endpoint.as_deref() == Some(delivery.destination.as_str());
        // A failure reveals the static code at once rather than after the wait.
        if from_webhook && self.awaiting_code_for.as_deref() == Some(delivery.id()) {
            let answer = sent.answer;
            let drawn = answer.prize.filter(|index| *index < self.config.prizes.len());
            match drawn {
                Some(prize) => self.start_play(prize, answer.code),
                None => self.reveal_code(answer.code),
            }
        }
        let outbox: Outbox = self.store.load(storage::OUTBOX);
        self.arm_retry(&outbox);
    }

    /// A delivery given up on: one console line, `doorman:undeliverable` and the data layer.
    fn undeliverable(&self, set_aside: &SetAside) {
        let mut text = String::from("Doorman: a sign-up for ");
        text.push_str(&set_aside.destination);
        text.push_str(" is set aside and will not be retried (");
        text.push_str(&set_aside.reason);
        text.push_str("); it is kept under set_aside in localStorage's doorman:outbox.");
        warn(&text);
        emit::undeliverable(&self.window, &set_aside.id, &set_aside.destination, &set_aside.reason);
    }

    /// Leaving the page: send what was never tried (requests use `keepalive`, so they outlive
    /// the tab). Back online: also what got no answer. Waits a destination asked for stand.
    fn hurry_outbox(&mut self, online: bool) {
        let now = self.delivery_now();
        self.store.update(storage::OUTBOX, |outbox: &mut Outbox| outbox.hurry(now, online));
        self.flush();
    }

    fn listen_to_page(&mut self) {
        for (event, online) in [("pagehide", false), ("online", true)] {
            let listener = EventListener::new(&self.window, event, move |_| with_widget(|w| w.hurry_outbox(online)));
            self.page_listeners.push(listener);
        }
        let klaviyo = self.config.destinations.iter().any(|d| d.starts_with(crate::config::KLAVIYO));
        if let Some(warning) = klaviyo.then(|| crate::klaviyo::revision_warning(&self.config.klaviyo_revision, now())).flatten() {
            warn(&warning);
        }
    }
}

fn read_config(script: &Element) -> Config {
    // One walk over the tag's attributes rather than a lookup per known attribute: a tag sets a
    // handful of the thirty, and each crossing into the page costs start-up time.
    let attributes = script.attributes();
    let data: Vec<(String, String)> = (0..attributes.length())
        .filter_map(|i| attributes.item(i))
        .filter_map(|attr| Some((attr.name().strip_prefix("data-")?.to_string(), attr.value())))
        .collect();
    let (config, mut warnings) =
        Config::parse(|name| data.iter().find(|(attribute, _)| attribute == name).map(|(_, value)| value.clone()));
    warnings.extend(Config::unknown_attributes(data.iter().map(|(attribute, _)| attribute.as_str())));
    for warning in &warnings {
        let message = warning.message();
        warn(&message);
        if let Some(window) = web_sys::window() {
            emit::warning(&window, &warning.attribute, &warning.value, &message);
        }
    }
    if let Some(notice) = crate::color::Palette::from_accent(&config.accent).and_then(|p| p.notice()) {
        warn(&notice);
    }
    config
}

/// The page's `lang`, then the browser's preferences.
fn page_lang(window: &Window) -> Lang {
    let page = window
        .document()
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"))
        .unwrap_or_default();
    let browser: Vec<String> =
        window.navigator().languages().iter().filter_map(|l| l.as_string()).collect();
    Lang::negotiate(std::iter::once(page.as_str()).chain(browser.iter().map(String::as_str)))
}

/// `n` percent in the reader's language by the browser's `Intl.NumberFormat` (Persian digits and
/// sign in `fa`, `15 %` in `fi`); the core's own CLDR-like formatting where `Intl` fails.
pub(crate) fn format_percent(lang: Lang, n: u8) -> String {
    intl_number(lang, f64::from(n) / 100.0, &[("style", "percent")]).unwrap_or_else(|| lang.format_percent(n))
}

/// An amount in minor units (cents, as Shopify's cart reports every currency) of the ISO 4217
/// `currency`, in the reader's language: `38,00 €` in German, `€38.00` in English. `None` when the
/// browser cannot format it (no currency, or an unknown one).
pub(crate) fn format_money(lang: Lang, minor: u64, currency: &str) -> Option<String> {
    let valid = currency.len() == 3 && currency.bytes().all(|b| b.is_ascii_alphabetic());
    if !valid {
        return None;
    }
    intl_number(lang, minor as f64 / 100.0, &[("style", "currency"), ("currency", currency)])
}

/// `Intl.NumberFormat(lang, options).format(value)`, reached through `Reflect` so a page that broke
/// `Intl` costs only the formatting, never an exception.
fn intl_number(lang: Lang, value: f64, options: &[(&str, &str)]) -> Option<String> {
    let format = || -> Result<String, JsValue> {
        let intl = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("Intl"))?;
        let constructor: js_sys::Function = js_sys::Reflect::get(&intl, &JsValue::from_str("NumberFormat"))?.dyn_into()?;
        let settings = js_sys::Object::new();
        for (name, setting) in options {
            js_sys::Reflect::set(&settings, &JsValue::from_str(name), &JsValue::from_str(setting))?;
        }
        let arguments = js_sys::Array::of2(&JsValue::from_str(lang.tag()), &settings);
        let formatter = js_sys::Reflect::construct(&constructor, &arguments)?;
        let method: js_sys::Function = js_sys::Reflect::get(&formatter, &JsValue::from_str("format"))?.dyn_into()?;
        method.call1(&formatter, &JsValue::from_f64(value))?.as_string().ok_or(JsValue::NULL)
    };
    format().ok()
}

fn random_bytes(window: &Window) -> [u8; 16] {
    let mut bytes = [0u8; 16];
    let filled = window.crypto().and_then(|crypto| crypto.get_random_values_with_u8_array(&mut bytes));
    if filled.is_err() {
        // Without Web Crypto, Math.random still gives ids that are unique in practice.
        for byte in &mut bytes {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes
}

/// Shopify's storefront root, which is `/fr/` and the like on translated shops.
pub(crate) fn shopify_root(window: &Window) -> String {
    let root = js_sys::Reflect::get(window, &JsValue::from_str("Shopify"))
        .and_then(|shopify| js_sys::Reflect::get(&shopify, &JsValue::from_str("routes")))
        .and_then(|routes| js_sys::Reflect::get(&routes, &JsValue::from_str("root")));
    root.ok().and_then(|r| r.as_string()).filter(|r| r.starts_with('/')).unwrap_or_else(|| "/".to_string())
}

/// Links in an email need the shop's origin.
fn absolute(location: &web_sys::Location, link: String) -> String {
    if link.starts_with('/') && !link.starts_with("//") {
        let mut absolute = location.origin().unwrap_or_default();
        absolute.push_str(&link);
        return absolute;
    }
    link
}

fn current_path(window: &Window) -> String {
    let location = window.location();
    let mut path = location.pathname().unwrap_or_else(|_| "/".to_string());
    path.push_str(&location.search().unwrap_or_default());
    path
}

/// A property of a JS object; `undefined` when it is missing or the object is not one.
pub(crate) fn field(object: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// A whole, non-negative number, given as a number or a numeric string (Liquid renders both);
/// anything else, such as a tampered stored value, is `None`.
pub(crate) fn whole_number(value: &JsValue) -> Option<u64> {
    if let Some(text) = value.as_string() {
        return text.trim().parse().ok();
    }
    let number = value.as_f64()?;
    (number >= 0.0 && number.fract() == 0.0 && number < 9.0e15).then_some(number as u64)
}

/// Casts a DOM node to the type we built it as; `None` only if the page tampered with it.
pub(crate) fn cast<T: JsCast>(value: impl Into<JsValue>) -> Option<T> {
    value.into().dyn_into().ok()
}
