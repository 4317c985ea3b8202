//! The texts of a language other than English, fetched from `doorman-<tag>.json` beside the wasm
//! (see [`crate::texts`]) when a view is about to show, side by side with the views module (see
//! `Widget::with_views`): no view shows without its words, and a page view that shows nothing
//! fetches no file.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, RequestInit};

use crate::texts::Lang;

use super::timer::Timer;
use super::{globals, with_widget};

/// How long a language's file may take before the views show in English.
const TIMEOUT_MS: u64 = 10_000;
const NO_ANSWER: &str = "it could not be fetched: offline, blocked, or another origin that sends no Access-Control-Allow-Origin";

/// Fetches `lang`'s file from the folder of `wasm` (the wasm's URL, whose query it keeps: Shopify's
/// `?v=` refreshes it with the release) for the widget `asker`, installs it, and hands the outcome
/// to the widget with the file's URL (see `Widget::texts_arrived`). Without `wasm` (a widget
/// started by hand) the file is fetched from the page's folder. The outcome comes once, within
/// 10 s even when the page's `fetch` ignores the abort signal or never answers.
pub(super) fn fetch_texts(lang: Lang, wasm: Option<&str>, asker: u32) {
    let url = lang.file_url(wasm.unwrap_or_default());
    let Ok(controller) = AbortController::new() else {
        with_widget(move |widget| widget.texts_arrived(lang, asker, Err(NO_ANSWER.into()), url));
        return;
    };
    let signal = controller.signal();
    let decided = Rc::new(Cell::new(false));
    let deadline = {
        let (decided, url) = (decided.clone(), url.clone());
        Timer::new(TIMEOUT_MS, move || {
            controller.abort();
            if !decided.replace(true) {
                with_widget(move |widget| widget.texts_arrived(lang, asker, Err("no answer within 10 s".into()), url));
            }
        })
    };
    wasm_bindgen_futures::spawn_local(async move {
        let outcome = fetch(lang, &url, &signal).await;
        drop(deadline);
        if !decided.replace(true) {
            with_widget(move |widget| widget.texts_arrived(lang, asker, outcome, url));
        }
    });
}

async fn fetch(lang: Lang, url: &str, signal: &AbortSignal) -> Result<(), String> {
    let init = RequestInit::new();
    init.set_signal(Some(signal));
    let response = globals::fetch(url, &init).await.ok_or(NO_ANSWER)?;
    let status = response.status();
    if !(200..300).contains(&status) {
        return Err(["it answered HTTP ", &status.to_string()].concat());
    }
    let text = response.text().map_err(|_| NO_ANSWER)?;
    let text = JsFuture::from(text).await.map_err(|_| NO_ANSWER)?.as_string().unwrap_or_default();
    crate::texts::load(lang, &text)
}
