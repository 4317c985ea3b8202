//! The browser layer: reads the script tag, owns every listener and timer, draws the views,
//! talks to storage and the network, and feeds the core.
//!
//! All state lives in one [`Widget`]; listeners and timers are handles held as its fields that
//! let go when dropped, as gloo's do (see `listener` and `timer`, which unlike gloo's return the
//! page's refusal), so tearing the widget down is dropping it.

// Crate-private, so the compiler reports what nothing uses; `testing` lends the web tests theirs.
mod courier;
mod dialog;
mod emit;
mod exit;
mod game;
mod globals;
mod intl;
mod language;
mod listener;
mod mount;
mod quiet;
mod signup;
mod storage;
mod teaser;
mod timer;
mod views;
mod welcome;

/// What `tests/web.rs` drives directly; not part of Doorman's interface.
#[doc(hidden)]
pub mod testing {
    pub use super::courier::deliver;
    pub use super::dialog::{Popup, PopupContent};
    pub use super::exit::cart_from_js;
    pub use super::mount::{Mount, HOST_TAG};
    pub use super::storage::{Store, OUTBOX, VISITOR};
    pub use super::timer::Timer;

    /// Forgets that the widget stopped after an error, as the next page view does: the browser
    /// tests run in one page.
    pub fn forget_halt() {
        super::HALTED.with(|halted| halted.set(false));
    }
}

use std::cell::{Cell, RefCell};

pub(crate) use intl::{format_money, is_currency_code};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Window};

use crate::audience::{is_phone, PageView, COARSE_POINTER};
use crate::visitor::Visitor;
use crate::config::{Config, Platform};
use crate::signup::report::{self, Campaign};
use crate::texts::Lang;
use dialog::{Popup, PopupContent};
use listener::Listener;
use storage::Store;
use timer::Timer;

thread_local! {
    static WIDGET: RefCell<Option<Widget>> = const { RefCell::new(None) };
    /// Counts widgets started and views reset, so late async work can tell it is stale.
    static GENERATION: Cell<u32> = const { Cell::new(0) };
    static PANIC_LATCH: Cell<bool> = const { Cell::new(false) };
    /// Set by [`halt`]: this page view's widget stopped after an error and starts no more.
    static HALTED: Cell<bool> = const { Cell::new(false) };
    /// What [`could_not`] and delivery's failures have told the merchant on this page view.
    static TOLD: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    /// Calls that arrived while the widget was busy, run in order once it is free.
    static QUEUED: RefCell<Vec<Job>> = const { RefCell::new(Vec::new()) };
    /// A store that keeps this page view's state in memory (storage blocked, or a write
    /// refused), from the widget a restart stopped for the one it starts (see [`stop`]).
    static KEPT_STORE: RefCell<Option<Store>> = const { RefCell::new(None) };
    /// The loader's callbacks waiting for the widget to settle or stop (see [`start`]).
    static SETTLED: RefCell<Vec<js_sys::Function>> = const { RefCell::new(Vec::new()) };
}

/// Calls each callback waiting in [`SETTLED`] with whether the widget runs.
fn tell_settled(running: bool) {
    for callback in SETTLED.with(|waiting| waiting.take()) {
        answer(&callback, running);
    }
}

fn answer(callback: &js_sys::Function, running: bool) {
    ignore_js(callback.call1(&JsValue::NULL, &JsValue::from_bool(running)));
}

type Job = Box<dyn FnOnce(&mut Widget)>;

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
pub(crate) fn with_widget_of(generation: u32, f: impl FnOnce(&mut Widget) + 'static) {
    with_widget(move |w| {
        if w.generation == generation {
            f(w);
        }
    });
}

/// Arms the latch with which [`halt`] stops this page view's widget once. A panic anywhere in
/// the widget stops it too: in the shipped wasm a panic is a trap at once (tools/split.mjs makes
/// `core`'s panic entry points `unreachable`, as `panic_immediate_abort` does), which the glue and
/// the loader catch like any exception and answer with `halt("an internal error")`.
fn arm_panic_latch() {
    PANIC_LATCH.with(|latch| latch.set(true));
}

/// Stops the widget after an error it did not handle: a panic (a trap, see [`arm_panic_latch`]),
/// or an exception that reached one of its listeners or timers, or a call of the loader's, from
/// the page (say a theme's override of a DOM method that throws). The glue and the loader catch such
/// an error and call this, so nothing reaches the host page as an uncaught error; a listener or
/// timer the page will not set or take back calls it too (see [`needed`]). `cause` ends
/// the sentence `Doorman stopped after …`. Logged once; the widget's elements leave the page
/// with its scroll lock, so no dialog that cannot be closed is left behind. A widget that was
/// not busy when the error came is dropped, with its listeners and timers. One that was (the
/// error unwound through it) cannot be: it stays borrowed, and the spent latch keeps every
/// later listener and timer of it from queueing work (see `run`).
#[wasm_bindgen]
pub fn halt(cause: &str) {
    if !PANIC_LATCH.with(|latch| latch.replace(false)) {
        return;
    }
    HALTED.with(|halted| halted.set(true));
    // Most needed first, each through calls that report a page's throwing override rather than
    // throw: the page's scrolling, then the views (hidden where one cannot be removed), then
    // the message.
    dialog::release_scroll();
    if let Some(hosts) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.query_selector_all(mount::HOST_TAG).ok()) {
        for host in (0..hosts.length()).filter_map(|i| hosts.item(i)) {
            if host.parent_node().is_none_or(|parent| parent.remove_child(&host).is_err()) {
                if let Some(host) = cast::<Element>(host) {
                    ignore_js(host.set_attribute("hidden", ""));
                }
            }
        }
    }
    warn(&["Doorman stopped after ", cause, "; the page is not affected. It starts again on the next page view."].concat());
    tell_settled(false);
    let idle = WIDGET.with(|cell| cell.try_borrow_mut().ok().and_then(|mut slot| slot.take()));
    drop(idle);
}

/// Runs `f` on the live widget. A call made while the widget is already borrowed (a shop script
/// that calls `Doorman.preview` from its `doorman:shown` listener, which the widget dispatches
/// synchronously) is queued and runs right after the outer call, as yew's scheduler does.
pub(crate) fn with_widget(f: impl FnOnce(&mut Widget) + 'static) {
    run(Box::new(f));
}

/// The one place that reaches the widget: kept apart from the generic `with_widget` so the
/// thread-local access is compiled once rather than once per caller.
fn run(job: Job) {
    let stopped = WIDGET.with(|cell| {
        let Ok(mut slot) = cell.try_borrow_mut() else {
            // Busy: the call waits for the outer one, unless a panic left the widget borrowed
            // for good (the latch is spent), when nothing would ever run it.
            if PANIC_LATCH.with(Cell::get) {
                QUEUED.with(|queue| queue.borrow_mut().push(job));
            }
            return None;
        };
        let widget = slot.as_mut()?;
        job(widget);
        while let Some(next) = QUEUED.with(|queue| {
            let mut queue = queue.borrow_mut();
            (!queue.is_empty()).then(|| queue.remove(0))
        }) {
            next(widget);
        }
        // Every change of the visitor or the outbox goes through here (a sign-up, a close, a
        // delivery): the loader's record follows it, once the widget has settled (which writes
        // it; before, the tag may not even be read).
        if widget.store.take_changed() && widget.unsettled.is_none() {
            widget.write_quiet_record();
        }
        // A widget that stopped during the call (a listener or timer the page would not set,
        // see [`needed`]) could not be dropped by `halt` while busy: it goes now, with its
        // listeners and timers.
        slot.take_if(|_| HALTED.with(Cell::get))
    });
    drop(stopped);
}

/// Whether this device is a phone ([`is_phone`]), from the facts the loader's fingerprint also
/// covers (`src/loader.js`): the media query [`COARSE_POINTER`] and `screen.width` and
/// `screen.height`, so that a record written on one kind of device does not count on the other.
fn phone(window: &Window) -> bool {
    let coarse = window.match_media(COARSE_POINTER).ok().flatten().is_some_and(|query| query.matches());
    let screen = field(window, "screen");
    let size = |name| field(&screen, name).as_f64().unwrap_or(f64::MAX);
    is_phone(coarse, size("width"), size("height"))
}

/// Starts Doorman from its script tag. A second call while a widget runs does nothing, so a
/// theme that includes the tag twice gets one widget. `fingerprint` is the loader's hash of the
/// tag's `data-*` attributes, kept in the record that lets later page views skip loading (see
/// [`crate::quiet`]); without it no record is written. `wasm` is the wasm's URL: a language other
/// than English fetches its texts from that folder (see [`crate::texts`]). `views` loads the
/// views module and resolves to whether it did (see `views.rs`); without it the views are in
/// this module. Returns false, and starts nothing, once this page view's widget has stopped
/// after an error (see [`halt`]), this start's own included. `settled` is called with one
/// boolean once the widget has read the tag and armed its campaigns, two tasks later (true), or
/// stopped first (false): the page's listeners and timers that the widget cannot run without are
/// set then, so `Doorman.restart()` resolves to whether the widget runs only after it. Called at
/// once when this call starts no widget.
#[wasm_bindgen]
pub fn start(script: Element, fingerprint: Option<String>, wasm: Option<String>, views: Option<js_sys::Function>, settled: Option<js_sys::Function>) -> bool {
    let Some(window) = web_sys::window().filter(|_| !HALTED.with(Cell::get)) else {
        settled.inspect(|callback| answer(callback, false));
        return false;
    };
    arm_panic_latch();
    views::install(views);
    let mut started = false;
    WIDGET.with(|cell| {
        if let Ok(mut slot) = cell.try_borrow_mut() {
            if slot.is_none() {
                let widget = Widget::start(window, &script, fingerprint, wasm.as_deref());
                // One the page stopped already (it would not set the first timer) is dropped.
                *slot = Some(widget).filter(|_| !HALTED.with(Cell::get));
                started = slot.is_some();
            }
        }
    });
    let running = !HALTED.with(Cell::get);
    match settled {
        Some(callback) if started => SETTLED.with(|waiting| waiting.borrow_mut().push(callback)),
        Some(callback) => answer(&callback, running),
        None => {}
    }
    running
}

/// Tears the widget down: the view, every listener and every timer go with it. A store that
/// keeps the visitor and the outbox in memory (storage blocked or full) stays for the next
/// widget this page view starts, so a sign-up waiting there is not lost and storage's message
/// is not said again.
#[wasm_bindgen]
pub fn stop() {
    let mut widget = WIDGET.with(|cell| cell.try_borrow_mut().ok().and_then(|mut slot| slot.take()));
    if let Some(widget) = &mut widget {
        // A dialog that opened is reported before it goes.
        widget.finish_opening_if_waiting();
        if !widget.store.is_persistent() {
            let store = std::mem::replace(&mut widget.store, Store::in_memory());
            KEPT_STORE.with(|kept| kept.replace(Some(store)));
        }
    }
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
            let given = crate::texts::shortened(campaign, 40);
            warn(&["Doorman.preview: expected welcome, exit, wheel or scratch, not \"", &given, "\"."].concat());
            return;
        }
    };
    with_widget(move |w| w.preview(campaign));
}

/// Whether a widget is running, for the shop's scripts and the tests.
#[wasm_bindgen]
pub fn running() -> bool {
    WIDGET.with(|cell| cell.try_borrow().map(|slot| slot.is_some()).unwrap_or(true))
}

pub(crate) fn now() -> u64 {
    js_sys::Date::now() as u64
}

/// Drops the result of a JS call whose failure changes nothing for the shopper (an attribute not
/// set, a canvas call refused, a shop's listener that threw). A debug build logs the failure so it
/// is not invisible while developing; a release build carries no code for it.
pub(crate) fn ignore_js<T>(result: Result<T, JsValue>) {
    #[cfg(debug_assertions)]
    if let Err(error) = &result {
        web_sys::console::debug_2(&JsValue::from_str("Doorman: a JS call failed and was ignored:"), error);
    }
    let _ = result;
}

/// Logs a message for the merchant; never throws.
pub(crate) fn warn(message: &str) {
    web_sys::console::warn_1(&JsValue::from_str(message));
}

#[wasm_bindgen]
extern "C" {
    /// `String(value)`: an error as the page itself prints it (`TypeError: …`), as the loader
    /// writes one. Caught, for an error whose `toString` throws.
    #[wasm_bindgen(catch, js_name = String)]
    fn js_string(value: &JsValue) -> Result<String, JsValue>;

    /// A JavaScript string, for [`normalize`] alone.
    #[wasm_bindgen(js_name = String)]
    type Text;

    /// `text.normalize(form)`, the page's `String.prototype.normalize`; a replacement's throw is
    /// caught.
    #[wasm_bindgen(catch, method)]
    fn normalize(text: &Text, form: &str) -> Result<JsValue, JsValue>;
}

/// `text` in Unicode's composed form, NFC (UAX #15), as the browser gives it: a label pasted from
/// an editor that writes `e` and U+0301 for `é` is then the same text as the shop's prize table,
/// which compares labels code point by code point (a trial's decomposed `Café` was refused).
/// ASCII is returned as it is, with no call into the page; a page whose `normalize` throws or
/// answers something other than a string leaves the text as written.
fn composed(text: String) -> String {
    if text.is_ascii() {
        return text;
    }
    JsValue::from_str(&text).unchecked_into::<Text>().normalize("NFC").ok().and_then(|nfc| nfc.as_string()).unwrap_or(text)
}

/// A call into the page that failed the widget: it threw (a theme's override of a DOM method
/// that throws), or, with no `error`, it answered with something the browser's own never does.
/// Named in the merchant's message, with what it threw, so they can find the override.
#[derive(Debug)]
pub struct PageFault {
    call: &'static str,
    error: Option<JsValue>,
}

impl PageFault {
    /// `the page's appendChild threw TypeError: …`.
    fn describe(&self) -> String {
        match &self.error {
            Some(error) => ["the page's ", self.call, " threw ", &js_string(error).unwrap_or_default()].concat(),
            None => ["the page's ", self.call, " answered with something unexpected"].concat(),
        }
    }
}

/// Names the page's call behind a failed result (see [`PageFault`]).
pub(crate) trait PageCall<T> {
    fn page_call(self, call: &'static str) -> Result<T, PageFault>;
}

impl<T> PageCall<T> for Result<T, JsValue> {
    fn page_call(self, call: &'static str) -> Result<T, PageFault> {
        self.map_err(|error| PageFault { call, error: Some(error) })
    }
}

impl<T> PageCall<T> for Option<T> {
    fn page_call(self, call: &'static str) -> Result<T, PageFault> {
        self.ok_or(PageFault { call, error: None })
    }
}

/// What the widget cannot run without (a listener or timer it arms, or one it must take back):
/// when the page will not give it, the widget stops (see [`halt`]) with a message naming the
/// page's call and error, e.g. `Doorman stopped after the page's setTimeout threw TypeError: …`.
pub(crate) fn needed<T>(result: Result<T, PageFault>) -> Option<T> {
    result.map_err(|fault| halt(&fault.describe())).ok()
}

/// Tells the merchant that Doorman could not `what` because of the page (`Doorman could not show
/// the welcome popup: the page's appendChild threw TypeError: …`), and carries on without it.
/// Each message once per page view, however often the page refuses, and none once the widget
/// has stopped (its own message says enough).
pub(crate) fn could_not(what: &str, fault: &PageFault) {
    let message = ["Doorman could not ", what, ": ", &fault.describe(), "."].concat();
    if first_told(&message) && !HALTED.with(Cell::get) {
        warn(&message);
    }
}

/// Whether `what` (a message, or a destination whose failure the console names) is told for the
/// first time in this page view, whichever widget a restart made tells it; remembers it.
pub(crate) fn first_told(what: &str) -> bool {
    TOLD.with(|told| {
        let mut told = told.borrow_mut();
        let new = !told.iter().any(|earlier| earlier == what);
        if new {
            told.push(what.to_owned());
        }
        new
    })
}

pub(crate) struct Widget {
    window: Window,
    config: Config,
    lang: Lang,
    store: Store,
    /// See [`with_widget_of`].
    generation: u32,
    /// This widget among those a page starts and restarts; unlike `generation`, a preview
    /// leaves it as it is.
    id: u32,
    welcome: welcome::WelcomeView,
    exit: exit::ExitView,
    game: game::GameView,
    /// The game's teaser tab, or the tab that offers a revealed code again.
    teaser: Option<teaser::Teaser>,
    popup: Option<Popup>,
    /// The sign-up whose answer the popup waits for, to show the shop's own code.
    awaiting_code_for: Option<String>,
    reveal_timer: Option<Timer>,
    courier: courier::Courier,
    page_listeners: Vec<Listener>,
    /// The rest of starting up, in a task of its own (see `start`).
    settle_timer: Option<Timer>,
    /// What the tasks after the start need, until `settle` has run.
    unsettled: Option<Unsettled>,
    /// Previews asked for before the widget settled, in order, opened when it does.
    waiting_previews: Vec<Campaign>,
    /// The code reminder's tab, held back by that preview's dialog until it closes.
    reminder_waits: bool,
    /// See [`start`].
    fingerprint: Option<String>,
    /// The visitor's variant seed the tag was read with (see `configure`), once it was read.
    seed: Option<u32>,
    /// What waits for the views module and the language's texts to arrive (see `views.rs`), in order.
    waiting_for_views: Vec<views::Waiting>,
    /// The wasm's URL, beside which the language's texts are fetched (see `language.rs`); `None`
    /// until the tag is read, and for a widget started by hand.
    wasm: Option<String>,
    /// Whether this widget has asked for its language's texts.
    texts_asked: bool,
    /// The language's file as fetched, with its URL, until the views are here to read it (the
    /// code that reads a language's file lives in the views module, see `Widget::read_texts`).
    texts_file: Option<(String, String)>,
    /// Fetch the views shortly before each timed trigger fires, or again after a failed load
    /// (see `views.rs`).
    views_timers: Vec<Timer>,
    /// The head start's font lookup, once asked for: it runs once, in a task of its own (see
    /// `dialog::warm_fonts`).
    fonts_timer: Option<Timer>,
    /// How many times a campaign whose trigger fired, or a tab, has had the views asked for
    /// again after a failed load (see `Widget::retry_views_later`).
    views_retries: usize,
    /// The dialog that has opened but not finished opening (see [`Widget::finish_opening_later`]).
    unreported: Option<Unreported>,
}

/// What opening a dialog leaves until the frame that first draws it: locking the page behind
/// it, its `shown` event and its view report.
struct Unreported {
    campaign: Campaign,
    _frame: Option<timer::Frame>,
    _timer: Option<Timer>,
}

/// What the start leaves to the tasks after it: the visitor as the start read it, whether this
/// page view is a returning one, whether it made the visitor's variant seed, and, until
/// `configure` reads it, the tag with the wasm's URL.
struct Unsettled {
    visitor: Visitor,
    returning: bool,
    seeded: bool,
    tag: Option<(Element, Option<String>)>,
}

/// How long the popup waits for the shop's own code before it shows the static one.
const SHOP_CODE_WAIT_MS: u64 = 4_000;

impl Widget {
    fn start(window: Window, script: &Element, fingerprint: Option<String>, wasm: Option<&str>) -> Widget {
        let mut store = KEPT_STORE.with(RefCell::take).unwrap_or_else(|| Store::open(&window));
        let now = now();
        // This page view counts towards returning, and a first one makes the variant seed.
        let random = random_bytes(&window);
        // Read once and written back at once (a page view always moves `last_seen_at`).
        let mut visitor: Visitor = store.load(storage::VISITOR);
        if let Some((first, last, longest_gap)) = store.take_quiet_views() {
            visitor.quiet_views(first, last, longest_gap);
        }
        let seeded = visitor.seed.is_none();
        let returning = visitor.page_view(now, u32::from_le_bytes([random[0], random[1], random[2], random[3]]));
        store.save(storage::VISITOR, &visitor);
        let clock = (now, window.performance().map_or(0.0, |p| p.now()));
        let id = next_generation();
        let mut widget = Widget {
            generation: id,
            id,
            welcome: welcome::WelcomeView { trigger: crate::welcome::trigger::WelcomeTrigger::new(None, None, now), timer: None, scroll_listeners: Vec::new() },
            exit: exit::ExitView { trigger: None, timer: None, return_listener: None, listeners: Vec::new(), cart: None, awaiting_views: false },
            game: game::GameView { timer: None, play: None, teaser_waits: false },
            teaser: None,
            window,
            // Read from the tag in the next task (see `configure`).
            config: Config::unread(),
            lang: Lang::En,
            store,
            popup: None,
            awaiting_code_for: None,
            reveal_timer: None,
            courier: courier::Courier { in_flight: Vec::new(), awaiting_lock: Vec::new(), settling: Vec::new(), retry_timer: None, tab: String::new(), clock },
            page_listeners: Vec::new(),
            settle_timer: None,
            unsettled: Some(Unsettled { visitor, returning, seeded, tag: Some((script.clone(), wasm.map(String::from))) }),
            waiting_previews: Vec::new(),
            reminder_waits: false,
            fingerprint,
            seed: None,
            waiting_for_views: Vec::new(),
            wasm: None,
            texts_asked: false,
            texts_file: None,
            views_timers: Vec::new(),
            fonts_timer: None,
            views_retries: 0,
            unreported: None,
        };
        // The rest waits for later tasks, so starting never holds the host page's main thread
        // long enough to be a long task: the tag is read in the next one, and the campaigns are
        // weighed and armed in the one after it. The triggers' earliest moment is the next task
        // anyway, exit intent has a minimum time on the page, and leftovers can be sent a moment
        // later. A preview asked for meanwhile opens once the widget has settled.
        widget.settle_timer = Timer::new(0, move || with_widget(Widget::configure));
        widget
    }

    /// Reads the tag (its warnings go to the console) and the page view's language, then
    /// settles in the next task. The language's texts come with the views, when a view is about
    /// to show (see `with_views`): nothing before needs them.
    fn configure(&mut self) {
        self.settle_timer = None;
        let Some(unsettled) = self.unsettled.as_mut() else { return };
        let Some((script, wasm)) = unsettled.tag.take() else { return };
        // Two tabs opened at once can each make a seed on the visitor's first page view, and the
        // one stored last is what every later page view reads: a tab that made one reads it
        // again here, a task after its own write, and shows that variant (a tester's trial saw
        // both variants in one of 8 pairs of tabs).
        if unsettled.seeded {
            let stored: Visitor = self.store.load(storage::VISITOR);
            unsettled.visitor.seed = stored.seed.or(unsettled.visitor.seed);
        }
        self.seed = unsettled.visitor.seed;
        self.config = read_config(&script, unsettled.visitor.seed.unwrap_or(0));
        self.lang = self.config.lang.unwrap_or_else(|| page_lang(&self.window));
        self.wasm = wasm;
        self.settle_timer = Timer::new(0, move || with_widget(Widget::settle));
    }

    /// Asks for the language's texts once per widget, unless they are here (English always is,
    /// and another language's stay installed across restarts).
    fn ask_for_texts(&mut self) {
        if !self.lang.has_texts() && !std::mem::replace(&mut self.texts_asked, true) {
            language::fetch_texts(self.lang, self.wasm.as_deref(), self.id);
        }
    }

    /// The outcome of fetching `lang`'s file from `url` for the widget `asker`. Fetched: it is
    /// read once the views are here too, and what waits for it runs (the asker's, or that of
    /// the widget a restart made while it was on its way). Not, without an answer while the
    /// views are not here: asked for again once they are. Not, otherwise: the asker says why and
    /// shows its views in English (see `texts_failed`); a widget a restart made since waits for
    /// its own attempt, and the stale one says nothing.
    fn texts_arrived(&mut self, lang: Lang, asker: u32, outcome: Result<String, language::Fault>, url: String) {
        match outcome {
            Ok(text) if self.lang == lang => {
                self.texts_file = Some((text, url));
                self.run_waiting_views();
            }
            // Another attempt (of a widget a restart replaced) brought them after all.
            Err(_) if self.lang == lang && (lang.has_texts() || self.texts_file.is_some()) => self.run_waiting_views(),
            // No answer, and the views are not here either (offline, say): the texts are asked
            // for again when they are, and English is only for texts that fail then. A server's
            // answer (a 404) would be the same again.
            Err(fault) if self.id == asker && !views::here() && fault.may_pass() => self.texts_asked = false,
            Err(fault) if self.id == asker => {
                self.texts_failed(&fault.describe(), &url);
                self.run_waiting_views();
            }
            _ => {}
        }
    }

    /// The language's file at `url` did not load or read (`fault` says why): the views show in
    /// English, left to right with Latin digits rather than English words laid out as the
    /// language.
    pub(super) fn texts_failed(&mut self, fault: &str, url: &str) {
        let file = self.lang.file_name();
        let message = ["Doorman: ", url, " did not load (", fault, "), so the views show in English. Serve ", &file, " from the same release beside doorman.wasm."].concat();
        // Once in the page view: a restart's widget that finds the file as broken says nothing new.
        if first_told(&message) {
            warn(&message);
        }
        self.lang = Lang::En;
    }

    /// Weighs this page view for each campaign (its path, device and the visitor's caps) and arms
    /// what may show, writes the loader's record, listens to the page and sends leftovers. Once.
    fn settle(&mut self) {
        self.settle_timer = None;
        let Some(Unsettled { visitor, returning, .. }) = self.unsettled.take_if(|unsettled| unsettled.tag.is_none()) else { return };
        let visitor = &visitor;
        for campaign in std::mem::take(&mut self.waiting_previews) {
            self.preview(campaign);
        }
        let now = now();
        let window = &self.window;
        let path = window.location().pathname().unwrap_or_default();
        let root = shopify_root(window);
        let unrooted = crate::audience::unrooted(&path, &root);
        let view = PageView { path: &path, unrooted, phone: phone(window), returning };
        self.exit.trigger = crate::exit::flow::arm(&self.config, visitor, &view, now);
        self.welcome.trigger = crate::welcome::flow::arm(&self.config, visitor, &view, now);
        let game = crate::game::flow::arm(&self.config, visitor, &view, now);
        self.arm_welcome();
        self.arm_game(game);
        self.arm_code_reminder(visitor, &path);
        // The tag or the time may differ from what the record says: it follows this page view.
        self.store.take_changed();
        let waiting = self.write_quiet_record();
        self.listen_for_exit();
        self.listen_to_page();
        // Sign-ups left over from an earlier visit (the shop was down, the tab was closed). Only
        // when there are any: the delivery code lives in the views module, which most first
        // views would fetch and compile for nothing.
        if waiting {
            self.with_delivery(Widget::flush);
        }
        tell_settled(!HALTED.with(Cell::get));
    }

    #[inline(never)] // its own function: the views module takes it by name (tools/split.mjs)
    fn open_popup(&mut self, content: PopupContent) {
        let campaign = content.campaign;
        self.finish_opening();
        // The old dialog goes first, so its scroll lock hands the page back before the new one
        // records what to restore.
        self.popup = None;
        // A widget that stopped in this very call (the page would not take the old dialog's
        // listeners back) shows nothing more.
        if HALTED.with(Cell::get) {
            return;
        }
        let name = dialog::view_name(campaign);
        match Popup::open(&self.window, &self.config.accent, self.lang, content, name) {
            Ok(popup) => {
                self.adopt_font(popup.host());
                self.popup = Some(popup);
                self.finish_opening_later(campaign);
            }
            Err(fault) => could_not(&["show ", name].concat(), &fault),
        }
    }

    /// Finishes opening the dialog of `campaign` in a task after the frame that first draws it:
    /// locks the page behind it (see `Popup::lock_page`) and reports it shown, its `shown` event
    /// and its view (see `count_view`), so that the shopper does not wait for them. Reported in
    /// the same task, they held the first frame back by 20 to 50 ms at 4× CPU throttling
    /// (tests/bench's scroll trigger, 5 runs each, medians 100–152 against 86–98 ms). What the
    /// dialog does next (a sign-up, its closing) finishes it first, so that `shown` always comes
    /// first; a page whose `requestAnimationFrame` or `setTimeout` throws has it finished at once.
    #[inline(never)] // its own function: the views module takes it by name (tools/split.mjs)
    fn finish_opening_later(&mut self, campaign: Campaign) {
        let frame = timer::Frame::request(&self.window, |_| {
            with_widget(|w| {
                // A task of its own, after this frame is drawn.
                match Timer::try_new(0, || with_widget(Widget::finish_opening)) {
                    Ok(timer) => {
                        if let Some(unreported) = &mut w.unreported {
                            unreported._timer = Some(timer);
                        }
                    }
                    Err(_) => w.finish_opening(),
                }
            })
        });
        self.unreported = Some(Unreported { campaign, _frame: None, _timer: None });
        match frame {
            Ok(frame) => {
                if let Some(unreported) = &mut self.unreported {
                    unreported._frame = Some(frame);
                }
            }
            Err(_) => self.finish_opening(),
        }
    }

    /// [`Widget::finish_opening`] from the main module: only a dialog that opened waits to
    /// finish, so the views module it lives in is called only when it is here.
    #[inline(always)] // a call of its own costs every first view 26 B gzip
    fn finish_opening_if_waiting(&mut self) {
        if self.unreported.is_some() {
            self.finish_opening();
        }
    }

    /// Does what [`Widget::finish_opening_later`] holds back, if it still waits.
    #[inline(never)] // its own function: the views module takes it by name (tools/split.mjs)
    pub(crate) fn finish_opening(&mut self) {
        let Some(Unreported { campaign, .. }) = self.unreported.take() else { return };
        if let Some(popup) = &mut self.popup {
            popup.lock_page(&self.window);
        }
        emit::event(&self.window, "shown", campaign, self.variant(), None);
        self.count_view(campaign);
    }

    /// With `data-font="inherit"`, gives a mounted view the font of the page's body: the shadow
    /// root resets every inherited style (`all: initial`), so the theme's font is read here and
    /// handed in as `--font`, which the stylesheets use before the system font stack.
    fn adopt_font(&self, host: &Element) {
        if !self.config.inherit_font {
            return;
        }
        let body = self.window.document().and_then(|document| document.body());
        let style = body.and_then(|body| self.window.get_computed_style(&body).ok().flatten());
        let family = style.and_then(|style| style.get_property_value("font-family").ok()).unwrap_or_default();
        if let (false, Some(host)) = (family.is_empty(), cast::<web_sys::HtmlElement>(host.clone())) {
            ignore_js(host.style().set_property("--font", &family));
        }
    }

    /// The merchant's own words for `campaign`'s dialog; none for a switched-off campaign's preview.
    pub(crate) fn own_texts(&self, campaign: Campaign) -> &crate::config::OwnTexts {
        let own = match campaign {
            Campaign::Welcome => self.config.welcome.as_ref().map(|welcome| &welcome.own),
            Campaign::Exit => self.config.exit.as_ref().map(|exit| &exit.own),
            Campaign::Wheel | Campaign::Scratch => self.config.game.as_ref().map(|game| &game.own),
        };
        own.unwrap_or(&crate::config::OwnTexts::NONE)
    }

    /// Removes the dialog and everything waiting to change it: a preview starts from nothing. A
    /// tab or a delivery waiting for the views keeps waiting.
    fn reset_view(&mut self) {
        self.finish_opening_if_waiting();
        self.popup = None;
        self.game.play = None;
        self.reveal_timer = None;
        self.awaiting_code_for = None;
        self.exit.cart = None;
        self.drop_dialog_waits();
        self.generation = next_generation();
    }

    fn preview(&mut self, campaign: Campaign) {
        if self.unsettled.is_some() {
            self.waiting_previews.push(campaign);
            return;
        }
        // A game the tag does not have says so and leaves whatever is open as it is.
        if matches!(campaign, Campaign::Wheel | Campaign::Scratch) {
            match self.game_campaign() {
                Some(game) if game == campaign => {}
                Some(Campaign::Wheel) => return warn("Doorman.preview: this tag's game is the wheel (data-game=\"wheel\"); preview wheel."),
                Some(_) => return warn("Doorman.preview: this tag's game is the scratch card (data-game=\"scratch\"); preview scratch."),
                None => return warn("Doorman.preview: this tag has no game; set data-game=\"wheel\" or \"scratch\" to preview one."),
            }
        }
        self.reset_view();
        match campaign {
            Campaign::Welcome => self.with_views(Widget::open_welcome),
            Campaign::Exit => self.read_cart_for_exit(true),
            Campaign::Wheel | Campaign::Scratch => self.open_game_now(),
        }
    }

    /// Queues a view report for `campaign` when the tag asks for them (`data-views`); a preview
    /// counts like any showing, as its sign-up does.
    fn count_view(&mut self, campaign: Campaign) {
        let Some(destination) = self.config.views.clone() else { return };
        let location = self.window.location();
        let path = location.pathname().unwrap_or_default();
        let at: String = js_sys::Date::new_0().to_iso_string().into();
        let view = crate::signup::views::View { campaign, variant: self.variant(), path: &path, at: &at };
        let shop = self.shop_name();
        let (id, now) = (report::uuid_v4(random_bytes(&self.window)), self.delivery_now());
        self.store.update(storage::OUTBOX, |outbox: &mut crate::signup::outbox::Outbox| outbox.push_view(&destination, &shop, &view, id, now));
        self.flush();
    }

    /// The shop's name in reports: `data-shop`, else the page's host name.
    pub(crate) fn shop_name(&self) -> String {
        self.config.shop.clone().unwrap_or_else(|| self.window.location().hostname().unwrap_or_default())
    }

    /// The A/B variant this visitor sees: `a`, `b`, ….
    pub(crate) fn variant(&self) -> &'static str {
        crate::variant::name(self.config.variant)
    }

    fn on_shopify(&self) -> bool {
        match self.config.platform {
            Platform::Shopify => true,
            Platform::Other => false,
            Platform::Auto => js_sys::Reflect::has(&self.window, &JsValue::from_str("Shopify")).unwrap_or(false),
        }
    }

    fn listen_to_page(&mut self) {
        for (event, online) in [("pagehide", false), ("online", true)] {
            let listener = Listener::new(&self.window, event, move |_| with_widget(move |w| w.page_left_or_online(online)));
            self.page_listeners.extend(needed(listener));
        }
        // Not needed to run: without it, another tab's sign-up waits for this tab's next page view.
        let listener = Listener::new(&self.window, "storage", |event| {
            if field(event, "key").as_string().as_deref() == Some(storage::OUTBOX) {
                with_widget(Widget::outbox_changed);
            }
        });
        self.page_listeners.extend(listener.ok());
        let klaviyo = self.config.destinations.iter().any(|d| d.starts_with(crate::config::KLAVIYO));
        if let Some(warning) = klaviyo.then(|| crate::signup::klaviyo::revision_warning(&self.config.klaviyo_revision, now())).flatten() {
            warn(&warning);
        }
    }

    /// Leaving the page (`online` false) or back online: the outbox is hurried (see
    /// `hurry_outbox`) once the delivery code is here. Only sign-ups left over from an earlier
    /// visit wait without it, its load still on its way or failed (offline at load): back
    /// online, they have it fetched again; leaving, they stay for the next page view.
    /// Another tab wrote the outbox (HTML's `storage` event): a sign-up it made waits there
    /// too, and is this tab's to send should that tab close before delivering it (the shop was
    /// down, a retry was due). The outbox is looked at once the delivery code is here, and the
    /// retry timer set: nothing is sent while that tab's lease stands or before its retry falls
    /// due. The loader's record follows the outbox too.
    fn outbox_changed(&mut self) {
        if self.write_quiet_record() {
            self.with_delivery(Widget::flush);
        }
    }

    fn page_left_or_online(&mut self, online: bool) {
        // A dialog the shopper leaves before its report ran is reported now, and its view sent.
        self.finish_opening_if_waiting();
        if views::here() {
            self.hurry_outbox(online);
        } else if online {
            if !self.store.load::<crate::signup::outbox::Outbox>(storage::OUTBOX).is_empty() {
                self.with_delivery(|w| w.hurry_outbox(true));
            }
            // A campaign or tab that was to show while its views could not load shows now.
            if self.waits_to_show() {
                self.prepare_views();
            }
        }
    }
}

fn read_config(script: &Element, seed: u32) -> Config {
    // One walk over the tag's attributes rather than a lookup per known attribute: a tag sets a
    // handful of the thirty, and each crossing into the page costs start-up time.
    let attributes = script.attributes();
    let data: Vec<(String, String)> = (0..attributes.length())
        .filter_map(|i| attributes.item(i))
        .filter_map(|attr| Some((attr.name().strip_prefix("data-")?.to_string(), composed(attr.value()))))
        .collect();
    let (config, warnings) = Config::from_tag(&data, seed);
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

/// `link` on the page's origin when it is a path: links in an email need it, and a request for a
/// path must not follow a theme's `<base href>` elsewhere.
pub(crate) fn absolute(location: &web_sys::Location, link: String) -> String {
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
