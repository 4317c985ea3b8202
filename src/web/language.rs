//! The texts of a language other than English, fetched from `doorman-<tag>.json` beside the wasm
//! (see [`crate::texts`]) when a view is about to show, side by side with the views module (see
//! `Widget::with_views`): no view shows without its words, and a page view that shows nothing
//! fetches no file.

use std::cell::Cell;
use std::rc::Rc;

use web_sys::{AbortController, AbortSignal, RequestInit};

use crate::texts::Lang;

use super::timer::Timer;
use super::{globals, with_widget, Widget};

/// How long a language's file may take before the views show in English.
const TIMEOUT_MS: u64 = 10_000;

/// Why a language's file did not come.
pub(super) enum Fault {
    /// Offline, blocked, another origin without CORS, or a page's `fetch` that failed.
    NoAnswer,
    /// Nothing within [`TIMEOUT_MS`].
    TimedOut,
    /// The server answered with this status, outside 200–299.
    Status(u16),
}

impl Fault {
    /// Whether asking again later in the page view could bring the file: not when the server
    /// answered (a 404 would be the same again).
    pub(super) fn may_pass(&self) -> bool {
        !matches!(self, Fault::Status(_))
    }

    /// The fault as the console message says it (`Widget::texts_failed`).
    pub(super) fn describe(&self) -> String {
        match self {
            Fault::NoAnswer => "it could not be fetched: offline, blocked, or another origin that sends no Access-Control-Allow-Origin".into(),
            Fault::TimedOut => "no answer within 10 s".into(),
            Fault::Status(status) => {
                let mut text = String::from("it answered HTTP ");
                crate::json::push_decimal(&mut text, u64::from(*status));
                text
            }
        }
    }
}

/// Fetches `lang`'s file from the folder of `wasm` (the wasm's URL, whose query it keeps: Shopify's
/// `?v=` refreshes it with the release) for the widget `asker`, and hands its text, or why it did
/// not come, to the widget with the file's URL (see `Widget::texts_arrived`), which reads it once
/// the views are here (`Widget::read_texts`). Without `wasm` (a widget started by hand) the file
/// is fetched from the page's folder. The outcome comes once, within 10 s even when the page's
/// `fetch` ignores the abort signal or never answers.
pub(super) fn fetch_texts(lang: Lang, wasm: Option<&str>, asker: u32) {
    let url = lang.file_url(wasm.unwrap_or_default());
    let Ok(controller) = AbortController::new() else {
        with_widget(move |widget| widget.texts_arrived(lang, asker, Err(Fault::NoAnswer), url));
        return;
    };
    let signal = controller.signal();
    let decided = Rc::new(Cell::new(false));
    let deadline = {
        let (decided, url) = (decided.clone(), url.clone());
        Timer::new(TIMEOUT_MS, move || {
            controller.abort();
            if !decided.replace(true) {
                with_widget(move |widget| widget.texts_arrived(lang, asker, Err(Fault::TimedOut), url));
            }
        })
    };
    wasm_bindgen_futures::spawn_local(async move {
        let outcome = fetch(&url, &signal).await;
        drop(deadline);
        if !decided.replace(true) {
            with_widget(move |widget| widget.texts_arrived(lang, asker, outcome, url));
        }
    });
}

async fn fetch(url: &str, signal: &AbortSignal) -> Result<String, Fault> {
    let init = RequestInit::new();
    init.set_signal(Some(signal));
    let response = globals::fetch(url, &init).await.ok_or(Fault::NoAnswer)?;
    let status = response.status();
    if !(200..300).contains(&status) {
        return Err(Fault::Status(status));
    }
    let text = response.text().map_err(|_| Fault::NoAnswer)?;
    Ok(globals::settle(&text).await.map_err(|_| Fault::NoAnswer)?.as_string().unwrap_or_default())
}

impl Widget {
    /// Reads the language's file as fetched from `url` and installs its texts; a file that does
    /// not read (see [`crate::texts::load`]) leaves the views in English, with one message.
    #[inline(never)] // its own function: the views module takes it by name (tools/split.mjs)
    pub(super) fn read_texts(&mut self, text: &str, url: &str) {
        if let Err(fault) = crate::texts::load(self.lang, text) {
            self.texts_failed(&fault, url);
        }
    }
}
