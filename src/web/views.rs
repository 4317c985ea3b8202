//! The views part of the wasm: the code that draws a campaign (the dialog, the teaser tab, the
//! wheel and the scratch card). The release build moves it into a module of its own,
//! doorman-views.wasm (see tools/split.mjs), which the widget fetches when a campaign is about to
//! show: a page view where nothing has shown yet fetches and compiles none of it. Every way into
//! the views goes through [`Widget::with_views`].

use std::cell::RefCell;

use wasm_bindgen::JsValue;

use super::{with_widget, Job, Widget};

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

impl Widget {
    /// Runs `draw` now if the views are here, else once they are: the first call asks the loader
    /// for them, and what asks meanwhile waits in order. If they fail to load (the loader says
    /// why in the console), what waited is dropped and the next campaign that shows asks again.
    pub(super) fn with_views(&mut self, draw: impl FnOnce(&mut Widget) + 'static) {
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
        let Some(load) = load else { return draw(self) };
        self.waiting_for_views.push(Box::new(draw) as Job);
        let Some(load) = load else { return };
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

    fn views_arrived(&mut self, loaded: bool) {
        let waiting = std::mem::take(&mut self.waiting_for_views);
        if loaded {
            for draw in waiting {
                draw(self);
            }
        }
    }
}
