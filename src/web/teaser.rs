//! The teaser tab: a small button that opens the game, and stays after the game is dismissed
//! so the shopper can come back to it. The merchant places it (`data-teaser-position`); by
//! default it is an upright tab half-way down the left edge, clear of the bottom corners and
//! bars where themes put "Add to cart", chat and cookie buttons.

use web_sys::{Document, HtmlElement};

use super::listener::Listener;
use super::mount::Mount;
use super::{cast, with_widget, PageCall, PageFault, Widget};
use crate::config::TeaserPosition;
use crate::texts::Lang;

const CSS: &str = ":host{all:initial!important;position:fixed!important;z-index:2147483646!important;display:block!important}\
button{padding:10px 16px;border:0;border-radius:999px;background:var(--accent);color:var(--on-accent);\
font:700 15px/1.2 var(--font,system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif);box-shadow:0 6px 18px rgba(0,0,0,.25);cursor:pointer}\
button:focus-visible{outline:3px solid #111827;outline-offset:2px}\
@media (forced-colors:active){button{border:2px solid ButtonText}}";

/// Where each position puts the tab; the side tabs run top to bottom against their edge.
fn position_css(position: TeaserPosition) -> &'static str {
    match position {
        TeaserPosition::Left => ":host{top:50%!important;left:0!important;transform:translateY(-50%)!important}\
button{writing-mode:vertical-rl;padding:16px 10px;border-radius:0 10px 10px 0}",
        TeaserPosition::Right => ":host{top:50%!important;right:0!important;transform:translateY(-50%)!important}\
button{writing-mode:vertical-rl;padding:16px 10px;border-radius:10px 0 0 10px}",
        TeaserPosition::BottomLeft => ":host{bottom:16px!important;left:16px!important}",
        TeaserPosition::BottomRight => ":host{bottom:16px!important;right:16px!important}",
    }
}

pub struct Teaser {
    mount: Mount,
    button: HtmlElement,
    _listener: Listener,
}

impl Teaser {
    /// A tab reading `label` that runs `open` on the widget when clicked: the game's sign-up, or
    /// the code revealed before. `Err` names the page's call it could not be built with; then
    /// nothing of it is left on the page.
    pub fn new(document: &Document, accent: &str, lang: Lang, label: &str, position: TeaserPosition, open: fn(&mut Widget)) -> Result<Teaser, PageFault> {
        let mut css = String::from(CSS);
        css.push_str(position_css(position));
        let mount = Mount::new(document, &css, accent, lang)?;
        let button = mount.element(&mount.root, "button", &[("type", "button"), ("class", "teaser"), ("aria-haspopup", "dialog")])?;
        let mut text = String::from("★ ");
        text.push_str(label);
        button.set_text_content(Some(&text));
        let listener = Listener::new(&button, "click", move |_| {
            with_widget(move |w| {
                open(w);
                if let Some(popup) = &mut w.popup {
                    popup.opened_from_tab();
                }
            })
        })?;
        let button = cast(button).page_call("createElement")?;
        Ok(Teaser { mount, button, _listener: listener })
    }

    /// Gives the tab focus, as a dialog it opened closes (WAI-ARIA APG, Dialog (Modal) Pattern:
    /// focus returns to the element that invoked the dialog).
    pub fn focus(&self) {
        super::dialog::focus(&self.button);
    }

    pub fn host(&self) -> &web_sys::Element {
        &self.mount.host
    }
}

impl Widget {
    /// Puts up a tab reading `label` that runs `open` (see [`Teaser::new`]); when the page will
    /// not let it be built, the merchant is told, naming it `name`.
    pub(super) fn show_tab(&mut self, label: &str, open: fn(&mut Widget), name: &str) {
        let Some(document) = self.window.document() else { return };
        match Teaser::new(&document, &self.config.accent, self.lang, label, self.config.teaser_position, open) {
            Ok(teaser) => {
                self.adopt_font(teaser.host());
                self.teaser = Some(teaser);
            }
            Err(fault) => super::could_not(&["show ", name].concat(), &fault),
        }
    }
}
