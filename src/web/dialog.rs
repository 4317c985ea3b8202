//! The welcome popup: a modal dialog per the WAI-ARIA dialog pattern. Focus moves in on open,
//! Tab stays inside, Escape / a close request (a phone's back gesture) / the close button / a
//! click on the backdrop close it, and focus returns to where it was.
//!
//! It is a `<dialog>` inside an overlay that covers the page, and the overlay is shown as a
//! popover (HTML's `popover="manual"`), so both live in the browser's top layer: no `transform`,
//! `filter`, `perspective`, `contain` or `will-change` on a host page ancestor can turn their
//! fixed position into one relative to the page. While it is open the page behind it does not
//! scroll (see [`ScrollLock`]), and opening or closing it never moves the page.
//!
//! Not `showModal()`: that makes the rest of the page inert, and the browser restyles every
//! element of the page to do so, 90–120 ms on a theme-sized page at 4× CPU throttling against
//! 4–18 ms for the popover (README, "Performance notes"). What inertness gave, the dialog does
//! itself: the overlay takes every click outside the dialog, Tab stays inside, focus that the
//! page moves out is brought back, Escape closes it, and `aria-modal="true"` tells assistive
//! technology that the page behind is out of reach (WAI-ARIA 1.2, `aria-modal`).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::web::ignore_js;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    CanvasRenderingContext2d, Document, Element, Event, FocusOptions, HtmlCanvasElement, HtmlElement, HtmlInputElement, KeyboardEvent,
    MutationObserver, MutationObserverInit, ShadowRoot, Window,
};

use super::listener::{Listener, Options};
use super::mount::Mount;
use super::{cast, could_not, with_widget, PageCall, PageFault};
use crate::signup::report::Campaign;
use crate::texts::{Lang, Texts};

mod scroll_lock;
pub(crate) use scroll_lock::release_scroll;
use scroll_lock::{Measured, ScrollLock};

/// The dialog's stylesheet. The release build moves its bytes to doorman-views.wasm
/// (tools/split.mjs): only code that runs once the views are here may read it.
const CSS: &str = include_str!("popup.css");

/// Which field an error belongs to.
pub enum Field {
    None,
    Email,
    Consent,
}

/// What a campaign's dialog says and asks.
pub struct PopupContent {
    pub campaign: Campaign,
    pub title: String,
    pub intro: String,
    pub submit: String,
    /// The merchant's picture (`data-<campaign>-image`), shown under the title.
    pub image: Option<String>,
    /// The consent text beside a required checkbox, when the merchant configured one.
    pub consent: Option<String>,
    /// An address the shopper gave before, filled in so one click is enough.
    pub email: Option<String>,
}

pub struct Popup {
    campaign: Campaign,
    mount: Mount,
    email: HtmlInputElement,
    consent: Option<HtmlInputElement>,
    error: Element,
    submit: HtmlElement,
    form: Element,
    intro: Element,
    result: HtmlElement,
    code: Element,
    copy: Element,
    apply: Element,
    result_text: Element,
    code_row: Element,
    play: HtmlElement,
    stage: Element,
    hint: HtmlElement,
    play_button: HtmlElement,
    announce: Element,
    return_focus: Option<HtmlElement>,
    /// Opened from the widget's tab, which closing rebuilds: focus goes to the tab shown then.
    from_tab: bool,
    dialog: Element,
    _listeners: Vec<Listener>,
    /// What closes the dialog on the browser's close request, destroyed with it (see
    /// `close_on_request`).
    close_watcher: Option<JsValue>,
    /// What shows the dialog again when the page moves it (see [`Placement`]).
    _placement: Option<Placement>,
    /// The page as measured before the dialog opened, and the overlay that shows it, until
    /// [`Popup::lock_page`] locks the page behind it; `None` for a dialog shown in place.
    unlocked: Option<(Measured, HtmlElement)>,
    /// Released after the mount is gone, so the page gets its scrolling back last.
    _scroll_lock: Option<ScrollLock>,
}

/// How the merchant's messages name `campaign`'s dialog.
pub fn view_name(campaign: Campaign) -> &'static str {
    match campaign {
        Campaign::Welcome => "the welcome popup",
        Campaign::Exit => "the cart saver",
        Campaign::Wheel => "the wheel",
        Campaign::Scratch => "the scratch card",
    }
}

impl Popup {
    /// Builds and opens the dialog, or says which of the page's calls it could not be built
    /// with: then nothing of it is left on the page and the page is not locked. `name` names it
    /// in a message for the merchant (see `view_name`).
    pub fn open(window: &Window, accent: &str, lang: Lang, content: PopupContent, name: &str) -> Result<Popup, PageFault> {
        let document = window.document().page_call("document")?;
        let texts = lang.texts();
        let return_focus = focused(&document);
        let measured = ScrollLock::measure(window);
        let mount = Mount::new(&document, CSS, accent, lang)?;
        let root: &web_sys::Node = &mount.root;

        // The overlay is the backdrop: a click on it is a click outside the dialog.
        let overlay = mount.element(root, "div", &[("class", "overlay"), ("popover", "manual")])?;
        // The explicit role keeps the pattern's markup when `<dialog>` is unknown (and tests find
        // it); `tabindex` keeps focus in the dialog when the shopper clicks its text.
        let dialog = mount.element(
            &overlay,
            "dialog",
            &[
                ("class", "dialog"),
                ("open", ""),
                ("tabindex", "-1"),
                ("role", "dialog"),
                ("aria-modal", "true"),
                ("aria-labelledby", "title"),
                ("aria-describedby", "intro"),
            ],
        )?;
        let close = mount.element(&dialog, "button", &[("class", "close"), ("type", "button"), ("aria-label", texts.close)])?;
        close.set_text_content(Some("×"));
        let title = mount.element(&dialog, "h2", &[("id", "title")])?;
        title.set_text_content(Some(&content.title));
        // Described by the title it illustrates; a picture that fails to load is left out rather
        // than shown as a broken frame.
        let image = match &content.image {
            Some(src) => {
                let attributes = [("class", "image"), ("src", src.as_str()), ("alt", content.title.as_str()), ("decoding", "async")];
                let image: HtmlElement = cast(mount.element(&dialog, "img", &attributes)?).page_call("createElement")?;
                Some(Listener::new(&image.clone(), "error", move |_| image.set_hidden(true))?)
            }
            None => None,
        };
        let intro = mount.element(&dialog, "p", &[("id", "intro")])?;
        intro.set_text_content(Some(&content.intro));

        // A game's board, its hint, a real button to play it, and a live region for the outcome.
        // Before the form: on a phone the board shows above the email field (see `show_board`).
        let play = mount.element(&dialog, "div", &[("class", "play"), ("hidden", "")])?;
        let stage = mount.element(&play, "div", &[("class", "stage")])?;
        let hint = mount.element(&play, "p", &[("class", "hint"), ("id", "hint")])?;
        let play_button = mount.element(&play, "button", &[("type", "button"), ("class", "primary play-button")])?;
        let announce = mount.element(&play, "p", &[("class", "announce"), ("role", "status"), ("aria-live", "polite")])?;

        let form = mount.element(&dialog, "form", &[("novalidate", "")])?;
        let label = mount.element(&form, "label", &[("for", "email")])?;
        label.set_text_content(Some(texts.email_label));
        let email = mount.element(
            &form,
            "input",
            &[
                ("id", "email"),
                ("type", "email"),
                ("name", "email"),
                ("autocomplete", "email"),
                ("inputmode", "email"),
                ("required", ""),
                ("aria-describedby", "error"),
                ("placeholder", "name@example.com"),
                // Showing the overlay focuses it: see the end of `open`.
                ("autofocus", ""),
            ],
        )?;
        if let Some(address) = &content.email {
            email.set_attribute("value", address).page_call("setAttribute")?;
        }
        let consent = match &content.consent {
            Some(text) => {
                let row = mount.element(&form, "label", &[("class", "consent")])?;
                let checkbox = mount.element(&row, "input", &[("type", "checkbox"), ("id", "consent"), ("required", "")])?;
                // The merchant's words keep their own direction inside a right-to-left popup.
                let span = mount.element(&row, "span", &[("dir", "auto")])?;
                span.set_text_content(Some(text));
                cast::<HtmlInputElement>(checkbox)
            }
            None => None,
        };
        let error = mount.element(&form, "p", &[("id", "error"), ("class", "error"), ("role", "alert")])?;
        let submit = mount.element(&form, "button", &[("type", "submit"), ("class", "primary")])?;
        submit.set_text_content(Some(&content.submit));
        // Declining is closing: the same verdict, cap and `closed` event as the close button.
        let no_thanks = mount.element(&form, "button", &[("type", "button"), ("class", "secondary")])?;
        no_thanks.set_text_content(Some(texts.no_thanks));

        // The result is focused when revealed, so a screen reader reads the code at once.
        let result = mount.element(&dialog, "div", &[("class", "result"), ("tabindex", "-1"), ("hidden", "")])?;
        let result_text = mount.element(&result, "p", &[("class", "result-text")])?;
        let code_row = mount.element(&result, "div", &[("class", "code-row")])?;
        let code = mount.element(&code_row, "output", &[("class", "code")])?;
        let copy = mount.element(&code_row, "button", &[("type", "button"), ("class", "copy")])?;
        copy.set_text_content(Some(texts.copy));
        let copy_note = mount.element(&result, "p", &[("class", "note"), ("aria-live", "polite")])?;
        let apply = mount.element(&result, "a", &[("class", "primary apply")])?;
        apply.set_text_content(Some(texts.apply));

        let on_close = |_: &Event| with_widget(|w| w.close_popup());
        let options = Options::ACTIVE;
        let shadow = mount.root.clone();
        let mut listeners = vec![
            Listener::new(&close, "click", on_close)?,
            Listener::new(&no_thanks, "click", on_close)?,
            {
                let target = overlay.clone();
                Listener::new(&overlay, "click", move |event| {
                    if event.target().is_some_and(|t| JsValue::from(t) == JsValue::from(&target)) {
                        with_widget(|w| w.close_popup());
                    }
                })?
            },
            Listener::new(&play_button, "click", |_| with_widget(|w| w.play()))?,
            Listener::with_options(&form, "submit", options, |event| {
                event.prevent_default();
                with_widget(|w| w.submit());
            })?,
            {
                let code = code.clone();
                let note = copy_note.clone();
                Listener::new(&copy, "click", move |_| {
                    // The saved cart's link is copied in words of its own (see `show_link`).
                    let link = code.class_list().contains("link");
                    let (copied, by_hand) = if link { (texts.link_copied, texts.copy_link_by_hand) } else { (texts.copied, texts.copy_by_hand) };
                    copy_code(&code, &note, copied, by_hand);
                })?
            },
        ];
        listeners.extend(image);
        // Every cast before the dialog opens, so one the page fails leaves no lock behind.
        let overlay: HtmlElement = cast(overlay).page_call("createElement")?;
        let email: HtmlInputElement = cast(email).page_call("createElement")?;
        let submit: HtmlElement = cast(submit).page_call("createElement")?;
        let result: HtmlElement = cast(result).page_call("createElement")?;
        let play: HtmlElement = cast(play).page_call("createElement")?;
        let hint: HtmlElement = cast(hint).page_call("createElement")?;
        let play_button: HtmlElement = cast(play_button).page_call("createElement")?;
        // Only a dialog in the top layer keeps the page out of reach, so only then is the page
        // locked: without one (a browser without popovers, a page whose showPopover throws) it
        // shows in place, fixed by the stylesheet, still traps Tab and closes with Escape, and
        // the page keeps scrolling, so a shopper who cannot reach the dialog is never left on a
        // page that does not move. The lock waits for the frame that draws the dialog (see
        // [`Popup::lock_page`]).
        let mut close_watcher = None;
        let mut placement = None;
        // A page's own modal dialog (a cookie or age gate opened with showModal) leaves all else
        // inert, a popover too: over one, the dialog opens as a modal dialog itself, on top.
        let over_modal = document.query_selector("dialog:modal").ok().flatten().is_some();
        let shown = if over_modal { show_modal(&overlay, &dialog) } else { show_on_top(&overlay) };
        let unlocked = match shown {
            Ok(true) => {
                listeners.extend(keep_focus_inside(window, &mount.root, &mount.host, &email)?);
                // On the window, first: a theme's own key listener that stops Escape or Tab
                // on the document does not keep them from the dialog.
                let options = Options { capture: true, passive: false };
                listeners.push(Listener::with_options(window, "keydown", options, move |event| on_key(&shadow, event))?);
                close_watcher = close_on_request(window, &mut listeners);
                placement = Placement::watch(&document, &mount.host, &overlay, &dialog, over_modal);
                measured.map(|measured| {
                    ScrollLock::stop_page(window, &measured);
                    (measured, overlay)
                })
            }
            shown => {
                listeners.push(Listener::with_options(&dialog, "keydown", options, move |event| on_key(&shadow, event))?);
                // Assistive technology is not told the page is out of reach.
                ignore_js(dialog.remove_attribute("aria-modal"));
                ignore_js(overlay.remove_attribute("popover"));
                ignore_js(dialog.set_attribute("open", ""));
                if let Err(fault) = shown {
                    could_not(&["open ", name, " as a modal dialog"].concat(), &fault);
                }
                None
            }
        };

        let popup = Popup {
            campaign: content.campaign,
            email,
            consent,
            error,
            submit,
            form,
            intro,
            result,
            code,
            copy,
            apply,
            result_text,
            code_row,
            play,
            stage,
            hint,
            play_button,
            announce,
            return_focus,
            from_tab: false,
            dialog,
            _listeners: listeners,
            close_watcher,
            _placement: placement,
            unlocked,
            _scroll_lock: None,
            mount,
        };
        // Showing the overlay focused the email field (its `autofocus`) unless the dialog shows
        // in place; focusing it again would lay the page out a second time.
        if popup.mount.root.active_element().as_ref() != Some(popup.email.as_ref()) {
            focus(&popup.email);
        }
        Ok(popup)
    }

    pub fn campaign(&self) -> Campaign {
        self.campaign
    }

    pub fn opened_from_tab(&mut self) {
        self.from_tab = true;
    }

    pub fn is_from_tab(&self) -> bool {
        self.from_tab
    }

    /// Locks the page behind the dialog (see [`ScrollLock`]), once. Called after the frame that
    /// first draws the dialog: the lock's `overflow` on the root element restyles the page, all
    /// of it on a theme's page, and in the frame that opened the dialog it held the dialog back
    /// by about 25 ms at 4× CPU throttling (tests/bench's theme-sized page scrolled at a wheel's
    /// pace, medians of 7: 124.6 and 126.7 ms with it, 97.6 and 104.4 ms without). The page was
    /// measured before the dialog opened and the frame left the layout clean, so locking lays
    /// out nothing.
    pub fn lock_page(&mut self, window: &Window) {
        if let Some((measured, overlay)) = self.unlocked.take() {
            self._scroll_lock = Some(ScrollLock::new(window, measured, &overlay, &self.dialog));
        }
    }

    pub fn values(&self) -> (String, bool) {
        (self.email.value(), self.consent.as_ref().is_some_and(HtmlInputElement::checked))
    }

    /// Shows `message` for `field` (or clears it), marks the field invalid and focuses it.
    pub fn show_error(&self, field: Field, message: &str) {
        self.error.set_text_content(Some(message));
        ignore_js(self.email.set_attribute("aria-invalid", if matches!(field, Field::Email) { "true" } else { "false" }));
        match field {
            Field::Email => focus(&self.email),
            Field::Consent => {
                if let Some(consent) = &self.consent {
                    focus(consent);
                }
            }
            Field::None => {}
        }
    }

    pub fn show_busy(&self, label: &str) {
        ignore_js(self.submit.set_attribute("disabled", ""));
        ignore_js(self.submit.set_attribute("aria-busy", "true"));
        self.submit.set_text_content(Some(label));
    }

    pub fn is_busy(&self) -> bool {
        self.submit.has_attribute("disabled")
    }

    pub fn is_revealed(&self) -> bool {
        !self.result.hidden()
    }

    /// Replaces the form with `message`, the code when there is one with its copy button, and,
    /// on Shopify, the link that applies it.
    pub fn reveal(&self, message: &str, code: Option<&str>, apply_link: Option<&str>) {
        ignore_js(self.form.set_attribute("hidden", ""));
        ignore_js(self.intro.set_attribute("hidden", ""));
        self.result_text.set_text_content(Some(message));
        match code {
            Some(code) => self.code.set_text_content(Some(code)),
            None => {
                ignore_js(self.code_row.set_attribute("hidden", ""));
            }
        }
        match apply_link {
            Some(link) => {
                ignore_js(self.apply.set_attribute("href", link));
            }
            // A link set by `show_link` stays.
            None if self.apply.has_attribute("href") => {}
            None => {
                ignore_js(self.apply.set_attribute("hidden", ""));
            }
        }
        self.result.set_hidden(false);
        focus(&self.result);
    }

    /// Turns the result's link into the saved cart's restore link, going to `href`, and its copy
    /// button into one for the link, in `texts`' words.
    pub fn show_link(&self, texts: &Texts, href: &str) {
        self.apply.set_text_content(Some(texts.open_cart));
        ignore_js(self.apply.set_attribute("href", href));
        self.code.set_class_name("code link");
        self.copy.set_text_content(Some(texts.copy_link));
    }

    /// Puts a game's board on show beside the form (above it on a phone) from the moment the
    /// dialog opens: returns the stage to draw it on. Its button (`button`) cannot play until
    /// [`Popup::unlock_play`]; until then it is disabled and described by the intro, which says
    /// what unlocks it.
    pub fn show_board(&self, button: &str) -> &Element {
        self.dialog.set_class_name("dialog game");
        self.play.set_class_name("play locked");
        self.play_button.set_text_content(Some(button));
        ignore_js(self.play_button.set_attribute("disabled", ""));
        ignore_js(self.play_button.set_attribute("aria-describedby", "intro"));
        ignore_js(self.hint.set_attribute("hidden", ""));
        self.play.set_hidden(false);
        &self.stage
    }

    /// The sign-up is in and the prize drawn: the form gives way to the board's `hint` and its
    /// button, which now plays and takes focus.
    pub fn unlock_play(&self, hint: &str) {
        ignore_js(self.form.set_attribute("hidden", ""));
        ignore_js(self.intro.set_attribute("hidden", ""));
        self.play.set_class_name("play");
        self.hint.set_text_content(Some(hint));
        self.hint.set_hidden(false);
        ignore_js(self.play_button.remove_attribute("disabled"));
        ignore_js(self.play_button.set_attribute("aria-describedby", "hint"));
        focus(&self.play_button);
    }

    /// Takes the board away: the sign-up ended without a play (the shop will email the prize).
    pub fn hide_board(&self) {
        self.dialog.set_class_name("dialog");
        self.play.set_hidden(true);
    }

    /// While the board plays out, its button cannot start it again.
    pub fn playing(&self) {
        ignore_js(self.play_button.set_attribute("disabled", ""));
        ignore_js(self.hint.set_attribute("hidden", ""));
    }

    /// Says the outcome in the live region, for screen readers.
    pub fn announce(&self, text: &str) {
        ignore_js(self.play_button.set_attribute("hidden", ""));
        self.announce.set_text_content(Some(text));
    }

    pub fn host(&self) -> &Element {
        &self.mount.host
    }

    pub fn shadow_root(&self) -> &ShadowRoot {
        &self.mount.root
    }
}

impl Drop for Popup {
    fn drop(&mut self) {
        // The mount removes itself; focus goes back to where the shopper was, once nothing
        // brings it back into the dialog.
        self._listeners.clear();
        if let Some(watcher) = self.close_watcher.take() {
            destroy(&watcher);
        }
        if let Some(element) = self.return_focus.take().filter(|e| e.is_connected()) {
            focus(&element);
        }
    }
}

fn on_key(root: &ShadowRoot, event: &Event) {
    let Some(event) = cast::<KeyboardEvent>(JsValue::from(event.clone())) else { return };
    match event.key().as_str() {
        "Escape" => {
            event.prevent_default();
            with_widget(|w| w.close_popup());
        }
        "Tab" => trap_focus(root, &event),
        _ => {}
    }
}

/// Keeps Tab inside the dialog: from the last control to the first and back.
fn trap_focus(root: &ShadowRoot, event: &KeyboardEvent) {
    let Ok(candidates) = root.query_selector_all("button, input, a[href], [tabindex='0']") else { return };
    let focusable: Vec<HtmlElement> = (0..candidates.length())
        .filter_map(|i| candidates.item(i))
        .filter_map(cast::<HtmlElement>)
        .filter(|e| !e.has_attribute("disabled") && e.closest("[hidden]").ok().flatten().is_none() && !e.has_attribute("hidden"))
        .collect();
    let (Some(first), Some(last)) = (focusable.first(), focusable.last()) else { return };
    let active = root.active_element();
    let at = |element: &HtmlElement| active.as_ref().is_some_and(|a| a == element.as_ref() as &Element);
    // Focus on the dialog itself (after a click on its text) or on the page counts as outside.
    let outside = !focusable.iter().any(at);
    if event.shift_key() && (at(first) || outside) {
        event.prevent_default();
        focus(last);
    } else if !event.shift_key() && (at(last) || outside) {
        event.prevent_default();
        focus(first);
    }
}

/// Watches the page while the dialog is open for a theme script that moves or removes Doorman's
/// element (a `MutationObserver` on the whole document, for the tree's children): an element
/// taken out of the page leaves the top layer, and one put back in is not shown again (HTML's
/// "removing steps" hide a popover and a modal dialog without an event). Put back, the dialog is
/// shown again as before; taken away, the widget drops it, and with it the scroll lock (see
/// `Widget::popup_removed`). A page without a working `MutationObserver` leaves the lock to
/// the first wheel or key (see `scroll_lock`).
struct Placement {
    observer: MutationObserver,
    _callback: Closure<dyn FnMut()>,
}

impl Placement {
    fn watch(document: &Document, host: &Element, overlay: &HtmlElement, dialog: &Element, modal: bool) -> Option<Placement> {
        let (host, overlay, dialog) = (host.clone(), overlay.clone(), dialog.clone());
        let callback = Closure::<dyn FnMut()>::new(move || {
            if !host.is_connected() {
                return with_widget(|w| w.popup_removed());
            }
            let shown = if modal { dialog.matches(":modal") } else { overlay.matches(":popover-open") };
            if shown == Ok(false) {
                let _ = if modal { show_modal(&overlay, &dialog) } else { show_on_top(&overlay) };
            }
        });
        let observer = MutationObserver::new(callback.as_ref().unchecked_ref()).ok()?;
        let init = MutationObserverInit::new();
        init.set_child_list(true);
        init.set_subtree(true);
        observer.observe_with_options(document, &init).ok()?;
        Some(Placement { observer, _callback: callback })
    }
}

impl Drop for Placement {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Shows `overlay` in the top layer as a popover: `Ok(false)` in a browser without popovers, the
/// page's fault when its `showPopover` throws or shows nothing (HTML, "The popover attribute").
fn show_on_top(overlay: &HtmlElement) -> Result<bool, PageFault> {
    if !super::field(overlay, "showPopover").is_function() {
        return Ok(false);
    }
    overlay.show_popover().page_call("showPopover")?;
    overlay.matches(":popover-open").unwrap_or(true).then_some(true).page_call("showPopover")
}

/// Opens `dialog` as a modal dialog above a page's own (`showModal`), `overlay` showing in place
/// behind it; the page's fault when its `showModal` throws or leaves it non-modal.
fn show_modal(overlay: &HtmlElement, dialog: &Element) -> Result<bool, PageFault> {
    let dialog: web_sys::HtmlDialogElement = cast(dialog.clone()).page_call("showModal")?;
    ignore_js(overlay.remove_attribute("popover"));
    ignore_js(dialog.remove_attribute("open"));
    dialog.show_modal().page_call("showModal")?;
    dialog.matches(":modal").unwrap_or(true).then_some(true).page_call("showModal")
}

/// Brings focus back into the dialog when the page moves it out (a theme's script, a chat
/// widget focusing itself, in a frame too), as behind a modal dialog: to the control inside that
/// had it last (`first` until the shopper moves), so a shopper typing their email types on.
/// Focus inside the widget reaches the page's listeners as focus on its `host`; focus moving
/// into a frame tells the page only by its window's `blur`, and is taken back in a task of its
/// own. At most once per 100 ms: a page that takes focus back at once (a focus trap of its own,
/// a field refocused on blur) keeps it rather than being fought in an endless loop (a tester's
/// trial hung the page).
fn keep_focus_inside(window: &Window, root: &ShadowRoot, host: &Element, first: &HtmlElement) -> Result<[Listener; 2], PageFault> {
    let document = window.document().page_call("document")?;
    let (root, host) = (root.clone(), host.clone());
    let inside = Rc::new(RefCell::new(first.clone()));
    let pulled = Rc::new(Cell::new(f64::MIN));
    let from_frame: Rc<RefCell<Option<super::timer::Timer>>> = Rc::default();
    let on_move = move |event: &Event| {
        if document.active_element().as_ref() == Some(&host) {
            if let Some(element) = root.active_element().and_then(cast::<HtmlElement>) {
                inside.replace(element);
            }
            return;
        }
        let now = js_sys::Date::now();
        if now - pulled.replace(now) < 100.0 {
            return;
        }
        let (document, host, inside) = (document.clone(), host.clone(), inside.borrow().clone());
        let refocus = move || {
            if document.active_element().as_ref() != Some(&host) {
                focus(&inside);
            }
        };
        if event.type_() == "blur" {
            // From a frame, in a task of its own: a frame of another origin keeps a focus taken
            // back in a microtask (found by a tester's trial; a timeout wins it back).
            from_frame.replace(super::timer::Timer::try_new(0, refocus).ok());
        } else {
            // In a microtask, still before the page paints and before the next key: focusing
            // from inside the listener would run it again, within itself.
            wasm_bindgen_futures::spawn_local(async move { refocus() });
        }
    };
    Ok([
        Listener::with_options(window, "focusin", Options { capture: true, passive: true }, on_move.clone())?,
        Listener::new(window, "blur", on_move)?,
    ])
}

/// Closes the dialog on the browser's close request, as a modal one is: a phone's back gesture
/// (or Escape, which `on_key` takes first), through a `CloseWatcher` (HTML, "Close requests and
/// close watchers") where the browser has one; returns it, to be destroyed with the dialog, or
/// the page's back gesture would later close nothing. A page's broken `CloseWatcher` is passed
/// over: the close button, the overlay and Escape still close the dialog.
fn close_on_request(window: &Window, listeners: &mut Vec<Listener>) -> Option<JsValue> {
    let constructor = super::field(window, "CloseWatcher").dyn_into::<js_sys::Function>().ok()?;
    let watcher = js_sys::Reflect::construct(&constructor, &js_sys::Array::new()).ok()?;
    match Listener::new(watcher.dyn_ref()?, "close", |_| with_widget(|w| w.close_popup())) {
        Ok(listener) => listeners.push(listener),
        Err(_) => {
            destroy(&watcher);
            return None;
        }
    }
    Some(watcher)
}

/// Lets the browser's close requests go past `watcher` again.
fn destroy(watcher: &JsValue) {
    if let Ok(destroy) = super::field(watcher, "destroy").dyn_into::<js_sys::Function>() {
        ignore_js(destroy.call0(watcher));
    }
}

/// The fonts a campaign's dialog draws its first view with (popup.css: its text at the three
/// weights it uses, and the close button, whose stack starts alike), as canvas `font` values.
const FONTS: [&str; 3] = [
    "16px system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif",
    "600 16px system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif",
    "700 16px system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif",
];

/// Has the browser find and load the dialog's [`FONTS`] now, ahead of a campaign, rather than in
/// the dialog's first layout, while the shopper waits: measuring a text in a font loads that font
/// for the whole page, canvas and layout alike. Measured at 4× CPU throttling on a machine
/// without these fonts (Linux, fontconfig): the welcome dialog's first layout took 38–51 ms
/// (tests/bench's demo page), 11–15 ms with the fonts looked up before. A page that refuses a
/// canvas only loses the head start. Once a page view, in a task of its own: the views' arrival
/// may draw a dialog first (a shopper's fling past half way and the depth while they came, a
/// timed trigger due meanwhile), whose layout looks the fonts up itself, and the lookup would
/// hold up the frame that draws it (each new font and size cost 3–15 ms at 4× CPU throttling,
/// measured one by one with `measureText`). So not once a dialog is open either. Never inlined:
/// it stays with the views (see tools/split.mjs).
#[inline(never)]
pub(super) fn warm_fonts(widget: &mut super::Widget) {
    if widget.fonts_timer.is_none() {
        widget.fonts_timer = super::timer::Timer::try_new(0, || with_widget(|w| look_up_fonts(w))).ok();
    }
}

fn look_up_fonts(widget: &super::Widget) {
    if widget.popup.is_some() {
        return;
    }
    let canvas = widget.window.document().and_then(|document| document.create_element("canvas").ok());
    let context = canvas.and_then(|canvas| canvas.dyn_into::<HtmlCanvasElement>().ok()?.get_context("2d").ok().flatten());
    let Some(context) = context.and_then(|context| context.dyn_into::<CanvasRenderingContext2d>().ok()) else { return };
    for font in FONTS {
        context.set_font(font);
        ignore_js(context.measure_text("Aa"));
    }
}

/// The element that has focus, inside open shadow roots too: `document.activeElement` names
/// only the shadow host (a theme's web component, the widget's own tab), which focus given back
/// to it does not reach.
fn focused(document: &Document) -> Option<HtmlElement> {
    let mut element = document.active_element()?;
    while let Some(inner) = element.shadow_root().and_then(|root| root.active_element()) {
        element = inner;
    }
    cast(element)
}

/// Moves focus without scrolling anything: the dialog is fixed, and where focus returns on the
/// page is where the shopper already is.
pub(crate) fn focus(element: &HtmlElement) {
    let options = FocusOptions::new();
    options.set_prevent_scroll(true);
    ignore_js(element.focus_with_options(&options));
}

/// Copies the code with the Clipboard API when the page has one. Without it (plain-http shops,
/// some in-app browsers: `navigator.clipboard` is undefined), or when it refuses, the code is
/// selected and the shopper told to copy it; nothing is thrown into the page.
fn copy_code(code: &Element, note: &Element, copied: &'static str, by_hand: &'static str) {
    let text = JsValue::from(code.text_content().unwrap_or_default());
    let Some(window) = web_sys::window() else { return };
    let clipboard = super::field(&window.navigator(), "clipboard");
    let write = super::field(&clipboard, "writeText").dyn_into::<js_sys::Function>().ok();
    let promise = write.and_then(|write| write.call1(&clipboard, &text).ok()).as_ref().and_then(super::globals::thenable);
    let note = note.clone();
    let code = code.clone();
    let Some(promise) = promise else {
        select_text(&code);
        note.set_text_content(Some(by_hand));
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        // Through `Promise.resolve`: a page's writeText may answer a thenable whose `then` throws.
        if promise.await.is_ok() {
            note.set_text_content(Some(copied));
        } else {
            select_text(&code);
            note.set_text_content(Some(by_hand));
        }
    });
}

fn select_text(element: &Element) {
    let selection = web_sys::window().and_then(|w| w.get_selection().ok().flatten());
    if let Some(selection) = selection {
        ignore_js(selection.select_all_children(element));
    }
}
