//! A sign-up in the page: the dialog's submit and close, the report it becomes, and the code
//! revealed when the shop answers (or when it does not in time).

use super::dialog::{view_name, Field, Popup, PopupContent};
use super::timer::Timer;
use super::{absolute, could_not, current_path, emit, now, random_bytes, shopify_root, storage, warn, with_widget, Widget, SHOP_CODE_WAIT_MS};
use crate::exit::cart::restore_link;
use crate::json::ToJson;
use crate::signup::flow::{self, Next, RevealText};
use crate::signup::report::{self, Campaign, Consent, OfferReport, Report};
use crate::signup::shopify;
use crate::texts::own_or;
use crate::visitor::Visitor;

impl Widget {
    pub(crate) fn close_popup(&mut self) {
        self.finish_opening();
        let Some(popup) = self.popup.take() else { return };
        self.reveal_timer = None;
        self.awaiting_code_for = None;
        let campaign = popup.campaign();
        let teaser = flow::close(&mut self.store, campaign, popup.is_revealed(), now());
        let from_tab = popup.is_from_tab();
        drop(popup);
        self.game.play = None;
        emit::event(&self.window, "closed", campaign, self.variant(), None);
        if std::mem::take(&mut self.game.teaser_waits) || teaser {
            self.show_teaser();
        }
        if std::mem::take(&mut self.reminder_waits) {
            let visitor: Visitor = self.store.load(storage::VISITOR);
            let path = self.window.location().pathname().unwrap_or_default();
            self.arm_code_reminder(&visitor, &path);
        }
        // The tab it opened from was taken down while it showed (or is the reminder's, still up).
        if let (true, Some(tab)) = (from_tab, &self.teaser) {
            tab.focus();
        }
    }

    /// The page took the open dialog's element off the page (a theme script that re-renders the
    /// body, say): the dialog is dropped, which gives the page its scrolling back, and said once.
    /// The shopper did not close it, so no verdict is kept and no `closed` event sent: the
    /// campaign may show again on a later page view.
    #[inline(never)] // its own function: the views module takes it by name (tools/split.mjs)
    pub(crate) fn popup_removed(&mut self) {
        self.finish_opening();
        let Some(popup) = self.popup.take() else { return };
        self.reveal_timer = None;
        self.awaiting_code_for = None;
        self.game.play = None;
        let name = view_name(popup.campaign());
        drop(popup);
        warn(&["Doorman: the page removed ", name, " (its <doorman-widget> element) while it was open, so it closed. A theme script that re-renders the page's body does this; the campaign can show again on a later page view."].concat());
    }

    #[inline(never)] // its own function: the views module takes it by name (tools/split.mjs)
    pub(crate) fn submit(&mut self) {
        self.finish_opening();
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
        // Serialised once: the shop's scripts get it as the event's detail, each destination as
        // its body.
        let body = report.to_json();
        let next = flow::record(&self.config, &mut self.store, &report, &body, now());
        emit::event(&self.window, "signup", campaign, self.variant(), Some(&body));
        match next {
            Next::Play(prize) => self.start_play(prize, None),
            Next::AwaitShop => {
                // Without a timer to end the wait (the page's setTimeout throws), the shop's own
                // code cannot be waited for: the code shows at once rather than never.
                match Timer::try_new(SHOP_CODE_WAIT_MS, || with_widget(|w| w.reveal_code(None))) {
                    Ok(timer) => {
                        popup.show_busy(texts.sending);
                        self.awaiting_code_for = Some(report.id);
                        self.reveal_timer = Some(timer);
                    }
                    Err(fault) => {
                        could_not("wait for the shop's own code", &fault);
                        self.reveal_code(None);
                    }
                }
            }
            Next::Reveal => self.reveal_code(None),
        }
        self.flush();
    }

    pub(super) fn report(&self, campaign: Campaign, email: String, consent_ticked: bool) -> Report {
        let location = self.window.location();
        let consent_text = self.config.consent.clone();
        let (offer, cart, restore_url) = match campaign {
            Campaign::Welcome => {
                let label = self.lang.texts().offer_title(&self.welcome_offer(), |n| self.lang.format_percent(n));
                (OfferReport { label, code: self.welcome_code() }, None, None)
            }
            Campaign::Exit => {
                let label = self.config.exit.as_ref().and_then(|exit| exit.incentive.clone()).unwrap_or_default();
                let offer = OfferReport { label, code: self.exit_code().map(str::to_string) };
                let restore = self.exit.cart.as_ref().map(|cart| {
                    let link = restore_link(cart, &shopify_root(&self.window), self.cart_restore(), self.exit_code());
                    absolute(&location, link)
                });
                (offer, self.exit.cart.clone(), restore)
            }
            Campaign::Wheel | Campaign::Scratch => {
                // The game's title as the shopper read it: the merchant's own, or the built-in.
                let texts = self.lang.texts();
                let built_in = if campaign == Campaign::Scratch { texts.scratch_title } else { texts.wheel_title };
                let own = self.config.game.as_ref().and_then(|game| game.own.title.clone());
                (OfferReport { label: own.unwrap_or_else(|| built_in.to_string()), code: None }, None, None)
            }
        };
        // Decided now, before any animation; in shop-decided mode the shop draws it instead.
        let prize = match (campaign, &self.config.game) {
            (Campaign::Wheel | Campaign::Scratch, Some(game)) => {
                let random = random_bytes(&self.window);
                crate::game::flow::draw(game, u32::from_le_bytes([random[0], random[1], random[2], random[3]]))
            }
            _ => None,
        };
        Report {
            id: report::uuid_v4(random_bytes(&self.window)),
            shop: self.shop_name(),
            campaign,
            variant: Some(self.variant().to_string()),
            email,
            consent: Consent { given: consent_text.is_some() && consent_ticked, text: consent_text },
            offer,
            page: report::page(&location.href().unwrap_or_default()),
            locale: self.window.navigator().language().unwrap_or_else(|| self.lang.tag().to_string()),
            timestamp: js_sys::Date::new_0().to_iso_string().into(),
            cart,
            restore_url,
            prize,
        }
    }

    /// Shows the outcome: the shop's own code when it answered with one, else the static one.
    pub(super) fn reveal_code(&mut self, shop_code: Option<String>) {
        self.awaiting_code_for = None;
        self.reveal_timer = None;
        let Some(popup) = &self.popup else { return };
        let texts = self.lang.texts();
        let campaign = popup.campaign();
        let reveal = flow::reveal(&self.config, campaign, shop_code);
        if self.game.play.take().is_some() {
            // A game that ends without a play (the shop will email the prize) takes its board away.
            popup.hide_board();
        }
        // The merchant's success text replaces whichever built-in message the outcome picks; a
        // game's is for a win (see `finish_game`), never for a prize still to come by email.
        let own = self.own_texts(campaign).success.as_deref().filter(|_| matches!(campaign, Campaign::Welcome | Campaign::Exit));
        let success = |message: &str| own_or(own, message, self.lang.is_rtl());
        let message = match reveal.text {
            RevealText::CodeIntro => texts.code_intro,
            RevealText::NoCode => texts.no_code,
            RevealText::NoCodeNoEmail => texts.no_code_no_email,
            RevealText::ExitSaved => texts.exit_saved,
            RevealText::PrizeLater => texts.prize_later,
            RevealText::ExitSavedHere => {
                // Nothing will email the link: it is shown here, to copy or bookmark; it carries
                // the incentive's code too.
                let link = self.restore_url();
                if let Some(link) = &link {
                    popup.show_link(texts, link);
                }
                popup.reveal(&success(texts.exit_saved_here), link.as_deref(), None);
                return;
            }
        };
        let apply_link = reveal.code.as_deref().and_then(|code| self.apply_link(code));
        popup.reveal(&success(message), reveal.code.as_deref(), apply_link.as_deref());
        if let (true, Some(code)) = (reveal.remember, &reveal.code) {
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

    /// On a later page, a tab offers the code revealed before, until it is used (the shopper
    /// reached an order confirmation) or 30 days have passed.
    /// `path` is the page's `location.pathname`.
    pub(super) fn arm_code_reminder(&mut self, visitor: &Visitor, path: &str) {
        if crate::signup::shopify::is_order_confirmation(path) {
            if visitor.code.is_some() {
                self.store.update(storage::VISITOR, |visitor: &mut Visitor| visitor.code_used());
            }
            return;
        }
        if !self.config.code_reminder || visitor.code_reminder(now()).is_none() || self.teaser.is_some() {
            return;
        }
        // A dialog a page previewed before the campaigns were armed: the tab waits for its close.
        self.reminder_waits = self.popup.is_some();
        if !self.reminder_waits {
            self.with_views_for_tab(Widget::show_reminder_tab);
        }
    }

    #[inline(never)] // its own function: the views module takes it by name (tools/split.mjs)
    fn show_reminder_tab(&mut self) {
        if self.teaser.is_some() {
            return;
        }
        // A dialog that opened while the views were on their way (a preview): the tab waits too.
        if self.popup.is_some() {
            self.reminder_waits = true;
            return;
        }
        self.show_tab(self.lang.texts().reminder, Widget::show_code_again, "the code reminder's tab");
    }

    /// The reminder tab: the code in a dialog again, with its copy button and apply link.
    pub(super) fn show_code_again(&mut self) {
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
            submit: texts.submit.to_string(),
            image: None,
            consent: None,
            email: None,
        };
        let name = "the code reminder";
        let popup = match Popup::open(&self.window, &self.config.accent, self.lang, content, name) {
            Ok(popup) => popup,
            Err(fault) => return could_not(&["show ", name].concat(), &fault),
        };
        self.adopt_font(popup.host());
        popup.reveal(texts.reminder_intro, Some(&code), self.apply_link(&code).as_deref());
        self.popup = Some(popup);
    }
}
