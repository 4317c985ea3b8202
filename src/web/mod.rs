//! The browser layer: reads the script tag, owns every listener and timer, draws the views,
//! talks to storage and the network, and feeds the core.
//!
//! All state lives in one [`Widget`]; listeners and timers are gloo handles held as its fields,
//! so tearing the widget down is dropping it.

mod emit;
pub mod mount;
pub mod net;
pub mod popup;
pub mod storage;

use std::cell::RefCell;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Window};

use crate::cap::{Visitor, WelcomeVerdict};
use crate::config::{Config, Platform};
use crate::outbox::{Delivery, Outbox};
use crate::report::{self, Campaign, Consent, OfferReport, Report};
use crate::shopify;
use crate::texts::Lang;
use crate::trigger::{scroll_depth_percent, WelcomeTrigger};
use popup::{Field, Popup};
use storage::Store;

thread_local! {
    static WIDGET: RefCell<Option<Widget>> = const { RefCell::new(None) };
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
    trigger: WelcomeTrigger,
    welcome_timer: Option<Timeout>,
    scroll_listener: Option<EventListener>,
    popup: Option<Popup>,
    /// The sign-up whose answer the popup waits for, to show the shop's own code.
    awaiting_code_for: Option<String>,
    reveal_timer: Option<Timeout>,
    /// Deliveries with a request under way from this page.
    in_flight: Vec<String>,
    retry_timer: Option<Timeout>,
    delivery_warned: bool,
    page_listeners: Vec<EventListener>,
}

/// How long the popup waits for the shop's own code before it shows the static one.
const SHOP_CODE_WAIT_MS: u32 = 4_000;

impl Widget {
    fn start(window: Window, script: &Element) -> Widget {
        let config = read_config(script);
        let lang = config.lang.unwrap_or_else(|| page_lang(&window));
        let store = Store::open(&window);
        let now = now();
        let visitor: Visitor = store.load(storage::VISITOR);
        let show = visitor.welcome_verdict(&config, now) == WelcomeVerdict::Show;
        let (delay, scroll) = if show { (config.welcome_delay_ms, config.welcome_scroll_percent) } else { (None, None) };
        let mut widget = Widget {
            trigger: WelcomeTrigger::new(delay, scroll, now),
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
            page_listeners: Vec::new(),
        };
        widget.arm_welcome();
        widget.listen_to_page();
        // Sign-ups left over from an earlier visit (the shop was down, the tab was closed).
        widget.flush();
        widget
    }

    fn arm_welcome(&mut self) {
        if let Some(due) = self.trigger.due_at() {
            let wait = due.saturating_sub(now()).min(u64::from(u32::MAX)) as u32;
            self.welcome_timer = Some(Timeout::new(wait, || with_widget(|w| w.on_welcome_time())));
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
        self.popup = Popup::open(&self.window, &self.config, self.lang);
        if self.popup.is_some() {
            emit::event(&self.window, "shown", Campaign::Welcome, None);
        }
    }

    pub(crate) fn close_welcome(&mut self) {
        let Some(popup) = self.popup.take() else { return };
        self.reveal_timer = None;
        self.awaiting_code_for = None;
        if !popup.is_revealed() {
            let now = now();
            self.store.update(storage::VISITOR, |visitor: &mut Visitor| visitor.welcome_closed_at = Some(now));
        }
        drop(popup);
        emit::event(&self.window, "closed", Campaign::Welcome, None);
    }

    pub(crate) fn submit_welcome(&mut self) {
        let texts = self.lang.texts();
        let Some(popup) = &self.popup else { return };
        if popup.is_busy() {
            return;
        }
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
        let report = self.report(email, consent_ticked);
        let now = now();
        self.store.update(storage::VISITOR, |visitor: &mut Visitor| visitor.signed_up_at = Some(now));
        emit::event(&self.window, "signup", Campaign::Welcome, Some(&report));
        match self.config.endpoint.clone() {
            Some(endpoint) => {
                popup.show_busy(texts.sending);
                self.awaiting_code_for = Some(report.id.clone());
                let body = storage::to_json(&report);
                self.store.update(storage::OUTBOX, |outbox: &mut Outbox| outbox.push(&endpoint, &report.id, body, now));
                self.reveal_timer =
                    Some(Timeout::new(SHOP_CODE_WAIT_MS, || with_widget(|w| w.reveal_code(None))));
                self.flush();
            }
            None => self.reveal_code(None),
        }
    }

    fn report(&self, email: String, consent_ticked: bool) -> Report {
        let location = self.window.location();
        let consent_text = self.config.consent.clone();
        Report {
            id: report::uuid_v4(random_bytes(&self.window)),
            shop: self.config.shop.clone().unwrap_or_else(|| location.hostname().unwrap_or_default()),
            campaign: Campaign::Welcome,
            email,
            consent: Consent { given: consent_text.is_some() && consent_ticked, text: consent_text },
            offer: OfferReport {
                label: self.lang.texts().offer_title(&self.config.welcome),
                code: self.config.welcome_code.clone(),
            },
            page: location.href().unwrap_or_default(),
            locale: self.window.navigator().language().unwrap_or_else(|| self.lang.tag().to_string()),
            timestamp: js_sys::Date::new_0().to_iso_string().into(),
        }
    }

    /// Shows the code: the shop's own when it answered with one, else the static one.
    fn reveal_code(&mut self, shop_code: Option<String>) {
        self.awaiting_code_for = None;
        self.reveal_timer = None;
        let Some(popup) = &self.popup else { return };
        let code = shop_code.or_else(|| self.config.welcome_code.clone());
        let apply_link = match (&code, self.on_shopify()) {
            (Some(code), true) => Some(shopify::discount_link(&shopify_root(&self.window), code, &current_path(&self.window))),
            _ => None,
        };
        popup.reveal(code.as_deref(), apply_link.as_deref());
    }

    fn on_shopify(&self) -> bool {
        match self.config.platform {
            Platform::Shopify => true,
            Platform::Other => false,
            Platform::Auto => js_sys::Reflect::has(&self.window, &JsValue::from_str("Shopify")).unwrap_or(false),
        }
    }

    /// Sends every due delivery that is not already under way, then sets the retry timer.
    fn flush(&mut self) {
        let outbox: Outbox = self.store.load(storage::OUTBOX);
        for delivery in outbox.due(now(), &self.in_flight) {
            self.in_flight.push(delivery.id().to_string());
            wasm_bindgen_futures::spawn_local(async move {
                let result = net::deliver(&delivery).await;
                with_widget(|w| w.delivery_done(&delivery, result));
            });
        }
        self.arm_retry(&outbox);
    }

    fn arm_retry(&mut self, outbox: &Outbox) {
        let waiting = outbox.deliveries.iter().filter(|d| !self.in_flight.iter().any(|id| id == d.id()));
        self.retry_timer = waiting.map(|d| d.next_attempt_at).min().map(|at| {
            let wait = at.saturating_sub(now()).min(u64::from(u32::MAX)) as u32;
            Timeout::new(wait, || with_widget(|w| w.flush()))
        });
    }

    fn delivery_done(&mut self, delivery: &Delivery, result: Result<Option<String>, net::DeliveryError>) {
        let id = delivery.id().to_string();
        self.in_flight.retain(|in_flight| *in_flight != id);
        let now = now();
        let shop_code = match result {
            Ok(code) => {
                self.store.update(storage::OUTBOX, |outbox: &mut Outbox| outbox.delivered(&id, &delivery.destination));
                code
            }
            Err(error) => {
                if !self.delivery_warned {
                    self.delivery_warned = true;
                    warn(&error.message(&delivery.destination));
                }
                self.store.update(storage::OUTBOX, |outbox: &mut Outbox| outbox.failed(&id, &delivery.destination, now));
                None
            }
        };
        if self.awaiting_code_for.as_deref() == Some(id.as_str()) {
            self.reveal_code(shop_code);
        }
        let outbox: Outbox = self.store.load(storage::OUTBOX);
        self.arm_retry(&outbox);
    }

    /// Leaving the page or coming back online: try everything now. Requests use `keepalive`,
    /// so those started on `pagehide` outlive the tab.
    fn hurry_outbox(&mut self) {
        let now = now();
        self.store.update(storage::OUTBOX, |outbox: &mut Outbox| outbox.hurry(now));
        self.flush();
    }

    fn listen_to_page(&mut self) {
        for event in ["pagehide", "online"] {
            let listener = EventListener::new(&self.window, event, |_| with_widget(|w| w.hurry_outbox()));
            self.page_listeners.push(listener);
        }
    }
}

fn read_config(script: &Element) -> Config {
    let (config, mut warnings) = Config::parse(|name| {
        let mut attribute = String::from("data-");
        attribute.push_str(name);
        script.get_attribute(&attribute)
    });
    let attributes = script.attributes();
    let names: Vec<String> = (0..attributes.length())
        .filter_map(|i| attributes.item(i))
        .filter_map(|attr| attr.name().strip_prefix("data-").map(str::to_string))
        .collect();
    warnings.extend(Config::unknown_attributes(names.iter().map(String::as_str)));
    for warning in &warnings {
        warn(&warning.message());
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
fn shopify_root(window: &Window) -> String {
    let root = js_sys::Reflect::get(window, &JsValue::from_str("Shopify"))
        .and_then(|shopify| js_sys::Reflect::get(&shopify, &JsValue::from_str("routes")))
        .and_then(|routes| js_sys::Reflect::get(&routes, &JsValue::from_str("root")));
    root.ok().and_then(|r| r.as_string()).filter(|r| r.starts_with('/')).unwrap_or_else(|| "/".to_string())
}

fn current_path(window: &Window) -> String {
    let location = window.location();
    let mut path = location.pathname().unwrap_or_else(|_| "/".to_string());
    path.push_str(&location.search().unwrap_or_default());
    path
}

/// Casts a DOM node to the type we built it as; `None` only if the page tampered with it.
pub(crate) fn cast<T: JsCast>(value: impl Into<JsValue>) -> Option<T> {
    value.into().dyn_into().ok()
}
