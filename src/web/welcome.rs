//! The welcome popup in the page: its delay timer and scroll listener, and the dialog it opens.

use super::dialog::PopupContent;
use super::listener::Listener;
use super::timer::Timer;
use super::{needed, now, storage, with_widget, Widget};
use crate::offer::Offer;
use crate::signup::report::Campaign;
use crate::texts::own_or;
use crate::visitor::Visitor;
use crate::welcome::flow;
use crate::welcome::trigger::{scroll_depth_percent, WelcomeTrigger};

/// The welcome popup's state on this page view; dropping it cancels its timer and listener.
pub(super) struct WelcomeView {
    pub(super) trigger: WelcomeTrigger,
    pub(super) timer: Option<Timer>,
    /// The window's, and the body's for a theme that scrolls `<body>` (see `arm_welcome`).
    pub(super) scroll_listeners: Vec<Listener>,
}

impl Widget {
    pub(super) fn arm_welcome(&mut self) {
        if let Some(due) = self.welcome.trigger.due_at() {
            self.welcome.timer = Timer::new(due.saturating_sub(now()), || with_widget(|w| w.on_welcome_time()));
            self.prepare_views_before(due);
        }
        if self.welcome.trigger.watches_scroll() && self.welcome.scroll_listeners.is_empty() {
            let on_scroll = |_: &web_sys::Event| with_widget(|w| w.on_scroll());
            self.welcome.scroll_listeners.extend(needed(Listener::new(&self.window, "scroll", on_scroll)));
            // A theme that scrolls its `<body>` rather than the document never scrolls the
            // window, and an element's `scroll` does not bubble: the body is listened to itself,
            // so that no other element's scroll (a carousel, a drawer's list) runs this.
            if let Some(body) = self.window.document().and_then(|document| document.body()) {
                self.welcome.scroll_listeners.extend(Listener::new(&body, "scroll", on_scroll).ok());
            }
            // A page scrolled before the listener existed (an anchor, a position the browser
            // restored, a shopper quicker than the load) is weighed now, not at the next scroll.
            // A page still at its top waits for the shopper to scroll, however short it is; when
            // that first scroll shows the popup (its top screen shows the rule's depth already),
            // the views are fetched now, in a task of their own, so that the shopper does not
            // wait for them then. A page that cannot scroll gets no scroll, and fetches nothing.
            if self.window.scroll_y().unwrap_or(0.0) > 0.0 {
                self.on_scroll();
            } else if self.scroll_metrics().is_some_and(|(depth, scrolls)| scrolls && self.welcome.trigger.scroll_reached(depth)) {
                self.prepare_views_before(now());
            }
        }
    }

    pub(super) fn on_welcome_time(&mut self) {
        if self.welcome.trigger.on_time(now()) {
            self.show_welcome();
        } else {
            self.arm_welcome();
        }
    }

    pub(super) fn on_scroll(&mut self) {
        let Some((depth, _)) = self.scroll_metrics() else { return };
        // The trigger first: a scroll that fires it (one jump past the depth) needs no head
        // start, and the head start's font lookup would run first, while the shopper waits (see
        // `dialog::warm_fonts`).
        if self.welcome.trigger.on_scroll(depth) {
            self.show_welcome();
        } else if self.welcome.trigger.scroll_half_way(depth) {
            self.prepare_views();
        }
    }

    /// How much of the page the shopper has seen, in percent (see [`scroll_depth_percent`]), and
    /// whether the page is higher than the screen, so that it can scroll; `None` without a
    /// document. The page is the document, or `<body>` when only the body scrolls: a theme with
    /// `html{overflow:hidden} body{height:100%;overflow:auto}`, whose window never scrolls.
    fn scroll_metrics(&self) -> Option<(f64, bool)> {
        let document = self.window.document()?;
        let viewport = self.window.inner_height().ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
        let page = f64::from(document.document_element()?.scroll_height());
        let (top, height, page) = match document.body() {
            Some(body) if page <= viewport => (f64::from(body.scroll_top()), f64::from(body.client_height()), f64::from(body.scroll_height())),
            _ => (self.window.scroll_y().unwrap_or(0.0), viewport, page),
        };
        Some((scroll_depth_percent(top, height, page), page > height))
    }

    pub(super) fn show_welcome(&mut self) {
        self.welcome.timer = None;
        self.welcome.scroll_listeners.clear();
        self.with_views_when_triggered(Widget::show_welcome_now);
    }

    #[inline(never)] // its own function: the views module takes it by name (tools/split.mjs)
    fn show_welcome_now(&mut self) {
        // Another tab may have signed up or closed the popup since this page loaded.
        let visitor: Visitor = self.store.load(storage::VISITOR);
        if flow::shows(&self.config, &visitor, self.popup.is_some(), now()) {
            self.open_welcome();
        }
    }

    /// Opens the welcome popup, as it shows or as a preview.
    #[inline(never)] // its own function: the views module takes it by name (tools/split.mjs)
    pub(super) fn open_welcome(&mut self) {
        self.open_popup(self.welcome_content(&self.welcome_offer()));
    }

    /// The welcome popup's offer (see `welcome::flow::offer`).
    pub(super) fn welcome_offer(&self) -> Offer {
        flow::offer(&self.config)
    }

    pub(super) fn welcome_code(&self) -> Option<String> {
        self.config.welcome.as_ref().and_then(|welcome| welcome.code.clone())
    }

    /// The merchant's title replaces the built-in one whole, offer and all: it is their sentence.
    pub(super) fn welcome_content(&self, offer: &Offer) -> PopupContent {
        let texts = self.lang.texts();
        let (own, rtl) = (self.own_texts(Campaign::Welcome), self.lang.is_rtl());
        PopupContent {
            campaign: Campaign::Welcome,
            title: own_or(own.title.as_deref(), &texts.offer_title(offer, |n| self.lang.format_percent(n)), rtl),
            intro: own_or(own.text.as_deref(), texts.intro, rtl),
            submit: own_or(own.button.as_deref(), texts.submit, rtl),
            image: own.image.clone(),
            consent: self.config.consent.clone(),
            email: None,
        }
    }
}
