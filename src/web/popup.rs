//! The welcome popup: a modal dialog per the WAI-ARIA dialog pattern. Focus moves in on open,
//! Tab stays inside, Escape / the close button / a click on the backdrop close it, and focus
//! returns to where it was.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsValue;
use web_sys::{Element, Event, HtmlElement, HtmlInputElement, KeyboardEvent, ShadowRoot, Window};

use super::mount::Mount;
use super::{cast, with_widget};
use crate::report::Campaign;
use crate::texts::Lang;

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
    pub submit: &'static str,
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
    apply: Element,
    result_text: Element,
    code_row: Element,
    play: HtmlElement,
    stage: Element,
    hint: Element,
    play_button: HtmlElement,
    announce: Element,
    return_focus: Option<HtmlElement>,
    _listeners: Vec<EventListener>,
}

impl Popup {
    pub fn open(window: &Window, accent: &str, lang: Lang, content: PopupContent) -> Option<Popup> {
        let document = window.document()?;
        let texts = lang.texts();
        let return_focus = document.active_element().and_then(cast::<HtmlElement>);
        let mount = Mount::new(&document, CSS, accent, lang)?;
        let root: &web_sys::Node = &mount.root;

        let backdrop = mount.element(root, "div", &[("class", "backdrop")])?;
        let dialog = mount.element(
            root,
            "div",
            &[("class", "dialog"), ("role", "dialog"), ("aria-modal", "true"), ("aria-labelledby", "title"), ("aria-describedby", "intro")],
        )?;
        let close = mount.element(&dialog, "button", &[("class", "close"), ("type", "button"), ("aria-label", texts.close)])?;
        close.set_text_content(Some("×"));
        let title = mount.element(&dialog, "h2", &[("id", "title")])?;
        title.set_text_content(Some(&content.title));
        let intro = mount.element(&dialog, "p", &[("id", "intro")])?;
        intro.set_text_content(Some(&content.intro));

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
            ],
        )?;
        if let Some(address) = &content.email {
            email.set_attribute("value", address).ok()?;
        }
        let consent = match &content.consent {
            Some(text) => {
                let row = mount.element(&form, "label", &[("class", "consent")])?;
                let checkbox = mount.element(&row, "input", &[("type", "checkbox"), ("id", "consent"), ("required", "")])?;
                let span = mount.element(&row, "span", &[])?;
                span.set_text_content(Some(text));
                cast::<HtmlInputElement>(checkbox)
            }
            None => None,
        };
        let error = mount.element(&form, "p", &[("id", "error"), ("class", "error"), ("role", "alert")])?;
        let submit = mount.element(&form, "button", &[("type", "submit"), ("class", "primary")])?;
        submit.set_text_content(Some(content.submit));

        // A game's board, its hint, a real button to play it, and a live region for the outcome.
        let play = mount.element(&dialog, "div", &[("class", "play"), ("hidden", "")])?;
        let stage = mount.element(&play, "div", &[("class", "stage")])?;
        let hint = mount.element(&play, "p", &[("class", "hint")])?;
        let play_button = mount.element(&play, "button", &[("type", "button"), ("class", "primary play-button")])?;
        let announce = mount.element(&play, "p", &[("class", "announce"), ("role", "status"), ("aria-live", "polite")])?;

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
        let options = EventListenerOptions::enable_prevent_default();
        let shadow = mount.root.clone();
        let listeners = vec![
            EventListener::new(&close, "click", on_close),
            EventListener::new(&backdrop, "click", on_close),
            EventListener::new(&play_button, "click", |_| with_widget(|w| w.play())),
            EventListener::new_with_options(&form, "submit", options, |event| {
                event.prevent_default();
                with_widget(|w| w.submit());
            }),
            EventListener::new_with_options(&dialog, "keydown", options, move |event| on_key(&shadow, event)),
            {
                let code = code.clone();
                let note = copy_note.clone();
                let copied = texts.copied;
                EventListener::new(&copy, "click", move |_| copy_code(&code, &note, copied))
            },
        ];

        let popup = Popup {
            campaign: content.campaign,
            email: cast(email)?,
            consent,
            error,
            submit: cast(submit)?,
            form,
            intro,
            result: cast(result)?,
            code,
            apply,
            result_text,
            code_row,
            play: cast(play)?,
            stage,
            hint,
            play_button: cast(play_button)?,
            announce,
            return_focus,
            _listeners: listeners,
            mount,
        };
        let _ = popup.email.focus();
        Some(popup)
    }

    pub fn campaign(&self) -> Campaign {
        self.campaign
    }

    pub fn values(&self) -> (String, bool) {
        (self.email.value(), self.consent.as_ref().is_some_and(HtmlInputElement::checked))
    }

    /// Shows `message` for `field` (or clears it), marks the field invalid and focuses it.
    pub fn show_error(&self, field: Field, message: &str) {
        self.error.set_text_content(Some(message));
        let _ = self.email.set_attribute("aria-invalid", if matches!(field, Field::Email) { "true" } else { "false" });
        match field {
            Field::Email => {
                let _ = self.email.focus();
            }
            Field::Consent => {
                if let Some(consent) = &self.consent {
                    let _ = consent.focus();
                }
            }
            Field::None => {}
        }
    }

    pub fn show_busy(&self, label: &str) {
        let _ = self.submit.set_attribute("disabled", "");
        let _ = self.submit.set_attribute("aria-busy", "true");
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
        let _ = self.form.set_attribute("hidden", "");
        let _ = self.intro.set_attribute("hidden", "");
        self.result_text.set_text_content(Some(message));
        match code {
            Some(code) => self.code.set_text_content(Some(code)),
            None => {
                let _ = self.code_row.set_attribute("hidden", "");
            }
        }
        match apply_link {
            Some(link) => {
                let _ = self.apply.set_attribute("href", link);
            }
            None => {
                let _ = self.apply.set_attribute("hidden", "");
            }
        }
        self.result.set_hidden(false);
        let _ = self.result.focus();
    }

    /// Swaps the form for the game: returns the stage to draw the board on, and focuses the
    /// button that plays it.
    pub fn show_play(&self, hint: &str, button: &str) -> &Element {
        let _ = self.form.set_attribute("hidden", "");
        let _ = self.intro.set_attribute("hidden", "");
        self.hint.set_text_content(Some(hint));
        self.play_button.set_text_content(Some(button));
        self.play.set_hidden(false);
        let _ = self.play_button.focus();
        &self.stage
    }

    /// While the board plays out, its button cannot start it again.
    pub fn playing(&self) {
        let _ = self.play_button.set_attribute("disabled", "");
        let _ = self.hint.set_attribute("hidden", "");
    }

    /// Says the outcome in the live region, for screen readers.
    pub fn announce(&self, text: &str) {
        let _ = self.play_button.set_attribute("hidden", "");
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
        // The mount removes itself; focus goes back to where the shopper was.
        if let Some(element) = self.return_focus.take().filter(|e| e.is_connected()) {
            let _ = element.focus();
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
    // Focus on the body (after a click on a non-focusable part) counts as outside the dialog.
    let outside = active.is_none();
    if event.shift_key() && (at(first) || outside) {
        event.prevent_default();
        let _ = last.focus();
    } else if !event.shift_key() && (at(last) || outside) {
        event.prevent_default();
        let _ = first.focus();
    }
}

fn copy_code(code: &Element, note: &Element, copied: &'static str) {
    let text = code.text_content().unwrap_or_default();
    let Some(window) = web_sys::window() else { return };
    let promise = window.navigator().clipboard().write_text(&text);
    let note = note.clone();
    let code = code.clone();
    wasm_bindgen_futures::spawn_local(async move {
        if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
            note.set_text_content(Some(copied));
        } else {
            // No clipboard permission: select the code so the shopper can copy it by hand.
            select_text(&code);
        }
    });
}

fn select_text(element: &Element) {
    let selection = web_sys::window().and_then(|w| w.get_selection().ok().flatten());
    if let Some(selection) = selection {
        let _ = selection.select_all_children(element);
    }
}
