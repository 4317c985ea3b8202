//! The texts of a language other than English, fetched from `doorman-<tag>.json` beside the wasm
//! (see [`crate::texts`]) before the widget arms anything, so no view shows without its words.

use gloo::timers::callback::Timeout;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, RequestInit};

use crate::texts::Lang;

use super::{globals, warn, with_widget};

/// How long a language's file may take before the views show in English.
const TIMEOUT_MS: u32 = 10_000;

/// Fetches `lang`'s file from the folder of `wasm` (the wasm's URL, whose query it keeps: Shopify's
/// `?v=` refreshes it with the release), installs it and lets the widget settle. A file that does
/// not load or read leaves the views in English, with one message naming its URL and the fault.
/// Without `wasm` (a widget started by hand) the file is fetched from the page's folder.
pub(super) fn fetch_texts(lang: Lang, wasm: Option<&str>) {
    let url = lang.file_url(wasm.unwrap_or_default());
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(fault) = fetch(lang, &url).await {
            let file = lang.file_name();
            warn(&["Doorman: ", &url, " did not load (", &fault, "), so the views show in English. Serve ", &file, " from the same release beside doorman.wasm."].concat());
        }
        with_widget(move |widget| widget.texts_arrived(lang));
    });
}

async fn fetch(lang: Lang, url: &str) -> Result<(), String> {
    const NO_ANSWER: &str = "it could not be fetched: offline, blocked, or another origin that sends no Access-Control-Allow-Origin";
    let controller = AbortController::new().map_err(|_| NO_ANSWER)?;
    let signal = controller.signal();
    let init = RequestInit::new();
    init.set_signal(Some(&signal));
    // Dropped when this function returns, which cancels it.
    let _deadline = Timeout::new(TIMEOUT_MS, move || controller.abort());
    let failed = || String::from(if signal.aborted() { "no answer within 10 s" } else { NO_ANSWER });
    let response = globals::fetch(url, &init).await.ok_or_else(failed)?;
    let status = response.status();
    if !(200..300).contains(&status) {
        return Err(["it answered HTTP ", &status.to_string()].concat());
    }
    let text = response.text().map_err(|_| failed())?;
    let text = JsFuture::from(text).await.map_err(|_| failed())?.as_string().unwrap_or_default();
    crate::texts::load(lang, &text).map_err(|fault| match fault {
        "not JSON" => String::from("it is not JSON: a page in its place, or a file of another kind"),
        member => ["it has no text \"", member, "\": a file of another release"].concat(),
    })
}
