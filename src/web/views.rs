//! The views part of the wasm: the code that draws a campaign (the dialog, the teaser tab, the
//! wheel and the scratch card) and the code that sends what a campaign gathers (the outbox's
//! delivery, src/web/courier.rs). The release build moves it into a module of its own,
//! doorman-views.wasm (see tools/split.mjs), which the widget fetches when a campaign is about to
//! show or something waits in the outbox: a page view where nothing has shown yet and nothing
//! waits fetches and compiles none of it. A language other than English has its texts fetched
//! beside the views for a campaign. Every way into the views goes through [`Widget::with_views`]
//! or [`Widget::with_delivery`].

use std::cell::RefCell;

use wasm_bindgen::JsValue;

use super::timer::Timer;
use super::{now, with_widget, Job, Widget};

/// How long before a timed trigger the views are fetched: enough for a slow connection to bring
/// the views (about 21 KB gzip), short enough that a shopper who leaves sooner fetches nothing.
const VIEWS_LEAD_MS: u64 = 2_000;

/// How long a campaign whose trigger fired, or a tab, waits before the views are asked for
/// again, after each failed load in turn (a server's passing error, a flaky connection). After
/// the last, the network's return, another campaign or the next page view asks.
const VIEWS_RETRY_MS: [u64; 3] = [3_000, 10_000, 30_000];

enum State {
    /// In this module (a build that is not split, such as the browser tests), or loaded.
    Here,
    /// Not loaded: the loader's function that loads them, resolving to whether they did.
    Missing(js_sys::Function),
    /// Asked for; what needs them waits on the widget (`waiting_for_views`).
    Loading(js_sys::Function),
}

thread_local! {
    /// Set by the first `start`; views once loaded stay loaded across restarts.
    static VIEWS: RefCell<Option<State>> = const { RefCell::new(None) };
}

/// Given by `start`: `load` is the loader's function that fetches and instantiates the views
/// module, resolving to whether it did; `None` means the views are in this module.
pub(super) fn install(load: Option<js_sys::Function>) {
    VIEWS.with(|views| {
        let mut views = views.borrow_mut();
        if matches!(*views, None | Some(State::Missing(_))) {
            *views = Some(load.map_or(State::Here, State::Missing));
        }
    });
}

/// Whether the views module is here: loaded, or a build that is not split.
pub(super) fn here() -> bool {
    VIEWS.with(|views| matches!(*views.borrow(), None | Some(State::Here)))
}

/// What waits for the views (and, to draw, the language's texts), in order. A tab's wait and a
/// delivery's outlive a preview, which drops what waited to open a dialog (see
/// `Widget::drop_dialog_waits`).
pub(super) struct Waiting {
    kind: Wait,
    draw: Job,
}

/// What a [`Waiting`] is for: what draws waits for the language's texts too; a dialog's wait is
/// dropped by a preview and by a failed load (the next campaign asks again), a triggered
/// campaign's only by a preview, a tab's and a delivery's by neither.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wait {
    Dialog,
    /// A campaign whose trigger fired (the welcome popup's delay or depth, the game's delay or
    /// tab): the trigger is spent, so its wait outlives a failed load, and it shows once the
    /// views do load (another trigger's head start, another campaign, the network's return, or
    /// a retry after [`VIEWS_RETRY_MS`]).
    Triggered,
    /// A tab (the game's teaser, the code reminder): shown at once, with no later trigger to ask
    /// again, it waits through a failed load as a triggered campaign does.
    Tab,
    Delivery,
}

impl Widget {
    /// [`Widget::with_views`] for a tab (the game's teaser, the code reminder).
    pub(super) fn with_views_for_tab(&mut self, draw: impl FnOnce(&mut Widget) + 'static) {
        self.wait_for_views(Waiting { kind: Wait::Tab, draw: Box::new(draw) });
    }

    /// Runs `draw` now if the views and the language's texts are here, else once they are: the
    /// first call asks the loader for the views and fetches the texts, side by side, and what
    /// asks meanwhile waits in order. If the views fail to load (the loader says why in the
    /// console), what waited is dropped and the next campaign that shows asks again; texts that
    /// fail leave the views in English (see `texts_arrived`).
    pub(super) fn with_views(&mut self, draw: impl FnOnce(&mut Widget) + 'static) {
        self.wait_for_views(Waiting { kind: Wait::Dialog, draw: Box::new(draw) });
    }

    /// [`Widget::with_views`] for a campaign whose trigger fired: if the views fail to load,
    /// `draw` waits on for their next load rather than being dropped (see [`Wait::Triggered`]).
    pub(super) fn with_views_when_triggered(&mut self, draw: impl FnOnce(&mut Widget) + 'static) {
        self.wait_for_views(Waiting { kind: Wait::Triggered, draw: Box::new(draw) });
    }

    /// Whether a campaign whose trigger fired, or a tab, waits for views that failed to load.
    pub(super) fn waits_to_show(&self) -> bool {
        self.waiting_for_views.iter().any(|waiting| matches!(waiting.kind, Wait::Triggered | Wait::Tab))
    }

    /// Runs `send` now if the views module is here, else once it is: the outbox's delivery lives
    /// there (a page view whose outbox is empty fetches none of it). It fetches no language file.
    /// If the module fails to load, `send` waits on for its next load: a campaign about to show,
    /// or the network's return (see `Widget::page_left_or_online`); what it would send stays in
    /// the outbox meanwhile, for the next page view at the latest.
    pub(super) fn with_delivery(&mut self, send: impl FnOnce(&mut Widget) + 'static) {
        self.wait_for_views(Waiting { kind: Wait::Delivery, draw: Box::new(send) });
    }

    fn wait_for_views(&mut self, waiting: Waiting) {
        let load = VIEWS.with(|views| {
            let mut views = views.borrow_mut();
            match views.as_ref() {
                None | Some(State::Here) => None,
                Some(State::Loading(_)) => Some(None),
                Some(State::Missing(load)) => {
                    let load = load.clone();
                    *views = Some(State::Loading(load.clone()));
                    Some(Some(load))
                }
            }
        });
        if load.is_none() && (self.lang.has_texts() || waiting.kind == Wait::Delivery) {
            return (waiting.draw)(self);
        }
        if waiting.kind != Wait::Delivery {
            self.ask_for_texts();
        }
        self.waiting_for_views.push(waiting);
        let Some(Some(load)) = load else { return };
        let promise = js_sys::Promise::resolve(&load.call0(&JsValue::NULL).unwrap_or(JsValue::FALSE));
        wasm_bindgen_futures::spawn_local(async move {
            let loaded = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok_and(|ok| ok.as_bool() == Some(true));
            VIEWS.with(|views| {
                let mut views = views.borrow_mut();
                if let Some(State::Loading(load)) = views.as_ref() {
                    *views = Some(if loaded { State::Here } else { State::Missing(load.clone()) });
                }
            });
            with_widget(move |w| w.views_arrived(loaded));
        });
    }

    /// Fetches the views (and the language's texts) now if they are not here, without drawing
    /// anything: a campaign is about to show (its delay ends within [`VIEWS_LEAD_MS`], the
    /// shopper scrolled half way to its depth, the pointer left through the top), and its dialog
    /// should not wait for them.
    /// Once they are here, the dialog's fonts are looked up too (see [`super::dialog::warm_fonts`]).
    pub(super) fn prepare_views(&mut self) {
        self.with_views(super::dialog::warm_fonts);
    }

    /// Fetches the views [`VIEWS_LEAD_MS`] before `due` (ms since the epoch), when a timed
    /// trigger will fire. Each trigger keeps its own timer: when an earlier fetch failed (the
    /// next campaign asks again), a later trigger still gets its head start.
    pub(super) fn prepare_views_before(&mut self, due: u64) {
        if !self.views_missing() {
            return;
        }
        self.prepare_views_in(due.saturating_sub(VIEWS_LEAD_MS).saturating_sub(now()));
    }

    /// [`Widget::prepare_views`] in `wait` ms. Only a head start or a retry: a page that will
    /// not set the timer leaves the fetch to the trigger, the network's return or the next page.
    fn prepare_views_in(&mut self, wait: u64) {
        if let Ok(timer) = Timer::try_new(wait, || with_widget(Widget::prepare_views)) {
            self.views_timers.push(timer);
        }
    }

    /// Drops what waited to open a dialog, for a preview; a tab's wait and a delivery's stay.
    pub(super) fn drop_dialog_waits(&mut self) {
        self.waiting_for_views.retain(|waiting| !matches!(waiting.kind, Wait::Dialog | Wait::Triggered));
    }

    /// Whether the views, or the language's texts, are neither here nor asked for.
    pub(super) fn views_missing(&self) -> bool {
        VIEWS.with(|views| matches!(*views.borrow(), Some(State::Missing(_)))) || !self.lang.has_texts()
    }

    fn views_arrived(&mut self, loaded: bool) {
        if !loaded {
            // A dialog's wait is dropped (the next campaign asks again); a delivery, a campaign
            // whose trigger fired and a tab wait, and the last two have the views asked for again.
            self.waiting_for_views.retain(|waiting| waiting.kind != Wait::Dialog);
            if self.waits_to_show() {
                self.retry_views_later();
            }
            return self.exit_views_failed();
        }
        // Texts that failed while the views did are asked for again, if something that waits
        // draws (see `texts_arrived`): a delivery fetches none.
        if self.waiting_for_views.iter().any(|waiting| waiting.kind != Wait::Delivery) {
            self.ask_for_texts();
        }
        self.run_waiting_views();
    }

    /// Asks for the views again after the next of [`VIEWS_RETRY_MS`]: once they are here (a
    /// retry, or another campaign's load), asking again does nothing.
    fn retry_views_later(&mut self) {
        if let Some(&wait) = VIEWS_RETRY_MS.get(self.views_retries) {
            self.views_retries += 1;
            self.prepare_views_in(wait);
        }
    }

    /// Runs what waited, in order, once the views are here and, for what draws, the language's
    /// texts; what draws waits on while they are on their way.
    pub(super) fn run_waiting_views(&mut self) {
        if !here() {
            return;
        }
        if let Some((text, url)) = self.texts_file.take() {
            self.read_texts(&text, &url);
        }
        let texts = self.lang.has_texts();
        let (ready, waiting) = std::mem::take(&mut self.waiting_for_views).into_iter().partition(|w: &Waiting| texts || w.kind == Wait::Delivery);
        self.waiting_for_views = waiting;
        for waiting in ready {
            (waiting.draw)(self);
        }
    }
}
