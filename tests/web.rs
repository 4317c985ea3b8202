//! The web layer in headless Chromium: `cargo test --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

use doorman::visitor::Visitor;
use doorman::config::Config;
use doorman::signup::outbox::{Delivery, Outbox, Outcome};
use doorman::signup::report::{Campaign, Consent, OfferReport, Report};
use doorman::texts::{Lang, LANGS};
use doorman::web::testing::{cart_from_js, deliver, forget_halt, Mount, Popup, PopupContent, Store, HOST_TAG, OUTBOX, VISITOR};
use doorman::json::ToJson;
use doorman::web::{halt, preview, running, start, stop};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = "
    let balance = {};
    export function count_listeners() {
        if (window.__counting) return;
        window.__counting = true;
        const add = EventTarget.prototype.addEventListener;
        const remove = EventTarget.prototype.removeEventListener;
        EventTarget.prototype.addEventListener = function (type, ...rest) {
            if (this === window) balance[type] = (balance[type] || 0) + 1;
            return add.call(this, type, ...rest);
        };
        EventTarget.prototype.removeEventListener = function (type, ...rest) {
            if (this === window) balance[type] = (balance[type] || 0) - 1;
            return remove.call(this, type, ...rest);
        };
    }
    export function window_listeners(type) { return balance[type] || 0; }
    const live = new Set();
    export function count_timers() {
        if (window.__timing) return;
        window.__timing = true;
        const set = window.setTimeout;
        const clear = window.clearTimeout;
        window.setTimeout = function (handler, ms, ...rest) {
            const id = set.call(window, (...args) => { live.delete(id); handler(...args); }, ms, ...rest);
            live.add(id);
            return id;
        };
        window.clearTimeout = function (id) { live.delete(id); return clear.call(window, id); };
    }
    export function live_timers() { return live.size; }
    export function sleep(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }
")]
extern "C" {
    fn count_listeners();
    fn window_listeners(kind: &str) -> i32;
    fn count_timers();
    fn live_timers() -> u32;
    #[wasm_bindgen(js_name = sleep)]
    fn sleep_promise(ms: u32) -> js_sys::Promise;
}

async fn sleep(ms: u32) {
    let _ = wasm_bindgen_futures::JsFuture::from(sleep_promise(ms)).await;
}

fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("a document")
}

fn widgets_on_page() -> u32 {
    document().query_selector_all(HOST_TAG).expect("a selector").length()
}

fn script_tag(attributes: &[(&str, &str)]) -> web_sys::Element {
    let script = document().create_element("script").expect("a script element");
    for (name, value) in attributes {
        script.set_attribute(name, value).expect("an attribute");
    }
    script
}

fn clear_storage() {
    let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten()).expect("localStorage");
    storage.clear().expect("cleared");
}

fn report(id: &str) -> Report {
    Report {
        id: id.into(),
        shop: "test".into(),
        campaign: Campaign::Welcome,
        variant: None,
        email: "ada@example.com".into(),
        consent: Consent { given: false, text: None },
        offer: OfferReport { label: "10% off your first order".into(), code: None },
        page: "http://localhost/".into(),
        locale: "en".into(),
        timestamp: "2026-11-23T00:00:00.000Z".into(),
        cart: None,
        restore_url: None,
        prize: None,
    }
}

#[wasm_bindgen_test]
async fn start_mounts_one_shadow_root_and_stop_removes_every_listener_timer_and_view() {
    clear_storage();
    count_listeners();
    let before_pagehide = window_listeners("pagehide");
    let tag = script_tag(&[("data-welcome-delay", "0"), ("data-welcome-scroll", "90")]);
    start(tag.clone(), None, None, None, None);
    start(tag, None, None, None, None);
    assert!(running());
    assert_eq!(window_listeners("scroll"), 0, "triggers are armed in a later task");
    assert_eq!(window_listeners("pagehide"), before_pagehide, "page listeners wait for a later task");
    // Timers of one delay run in the order they were set: the start's next task (which reads
    // the tag), then this sleep; then the task that task set (which arms the triggers), then
    // the second sleep, then the welcome delay of 0 it armed.
    sleep(0).await;
    assert_eq!(window_listeners("scroll"), 0, "the tag is read in the next task, the triggers armed in the one after");
    sleep(0).await;
    assert_eq!(window_listeners("scroll"), 1, "armed in the task after the tag was read");
    sleep(50).await;
    assert_eq!(window_listeners("scroll"), 0, "the popup showed: its scroll trigger is spent");
    assert_eq!(window_listeners("pagehide"), before_pagehide + 1, "a second start adds nothing");
    assert_eq!(widgets_on_page(), 1);
    let host = document().query_selector(HOST_TAG).ok().flatten().expect("the host");
    let root = host.shadow_root().expect("an open shadow root");
    assert!(root.query_selector("[role=dialog][aria-modal=true]").ok().flatten().is_some());
    assert_eq!(root.adopted_style_sheets().length(), 1);

    stop();
    assert!(!running());
    assert_eq!(widgets_on_page(), 0, "the view is gone");
    assert_eq!(window_listeners("pagehide"), before_pagehide, "page listeners removed");
    assert_eq!(window_listeners("online"), 0);
    assert_eq!(window_listeners("scroll"), 0, "the scroll trigger's listener is gone");
}

#[wasm_bindgen_test]
async fn halting_removes_every_view_and_an_idle_widget_with_its_listeners_once_for_the_page_view() {
    clear_storage();
    count_listeners();
    let before_pagehide = window_listeners("pagehide");
    start(script_tag(&[("data-welcome-delay", "0")]), None, None, None, None);
    sleep(50).await;
    assert_eq!(widgets_on_page(), 1, "the popup showed");
    assert_eq!(window_listeners("pagehide"), before_pagehide + 1);
    halt("a test's error");
    assert_eq!(widgets_on_page(), 0, "the view is gone");
    assert!(!running(), "a widget that was not busy is dropped");
    assert_eq!(window_listeners("pagehide"), before_pagehide, "with its listeners");
    assert_eq!(document().document_element().unwrap().get_attribute("style").unwrap_or_default(), "", "the page scrolls again");
    // A second error says nothing more (the latch is spent), and the page view starts no widget
    // after it: the next page view does.
    halt("a second error");
    assert!(!start(script_tag(&[("data-welcome-delay", "off")]), None, None, None, None));
    assert!(!running());
    forget_halt();
}

/// A callback for `start`'s `settled` that records what it is called with, in order.
fn recorder() -> (js_sys::Function, js_sys::Array) {
    let calls = js_sys::Array::new();
    let push = js_sys::Function::new_with_args("running", "this.push(running)").bind(&calls);
    (push, calls)
}

#[wasm_bindgen_test]
async fn start_tells_once_the_widget_has_settled_or_stopped() {
    clear_storage();
    let (settled, calls) = recorder();
    assert!(start(script_tag(&[("data-welcome-delay", "10s")]), None, None, None, Some(settled)));
    assert_eq!(calls.length(), 0, "not before the campaigns are armed, two tasks later");
    sleep(20).await;
    assert_eq!(calls.to_vec(), vec![JsValue::TRUE]);
    // A start while a widget runs starts nothing and tells at once.
    let (again, calls) = recorder();
    assert!(start(script_tag(&[]), None, None, None, Some(again)));
    assert_eq!(calls.to_vec(), vec![JsValue::TRUE]);
    stop();
    // Stopped before it settled: false, once.
    let (stopped, calls) = recorder();
    assert!(start(script_tag(&[("data-welcome-delay", "10s")]), None, None, None, Some(stopped)));
    halt("a test's error");
    sleep(20).await;
    assert_eq!(calls.to_vec(), vec![JsValue::FALSE]);
    // Once stopped on this page view, a start tells false at once.
    let (late, calls) = recorder();
    assert!(!start(script_tag(&[]), None, None, None, Some(late)));
    assert_eq!(calls.to_vec(), vec![JsValue::FALSE]);
    forget_halt();
}

#[wasm_bindgen_test]
async fn a_stopped_widget_leaves_no_timer_behind() {
    clear_storage();
    count_timers();
    count_listeners();
    let before = live_timers();
    let before_pagehide = window_listeners("pagehide");
    start(script_tag(&[("data-welcome-delay", "10s")]), None, None, None, None);
    assert_eq!(live_timers(), before + 1, "the rest of starting up, which arms the triggers, is a pending timer");
    sleep(20).await;
    assert_eq!(window_listeners("pagehide"), before_pagehide + 1, "the rest of starting up has run");
    assert_eq!(live_timers(), before + 1, "so the pending timer is now the welcome delay");
    stop();
    assert_eq!(live_timers(), before, "dropping the widget cancels its timer");
    sleep(50).await;
    assert_eq!(widgets_on_page(), 0);
}

#[wasm_bindgen_test]
fn a_mount_is_removed_when_dropped_and_styles_stay_inside() {
    let mount = Mount::new(&document(), "p{color:rgb(255,0,0)}", "#123456", Lang::Ar).expect("mounted");
    assert_eq!(mount.host.get_attribute("dir").as_deref(), Some("rtl"));
    let outside = document().create_element("p").expect("p");
    document().body().expect("body").append_child(&outside).expect("appended");
    let colour = web_sys::window()
        .and_then(|w| w.get_computed_style(&outside).ok().flatten())
        .and_then(|s| s.get_property_value("color").ok());
    assert_ne!(colour.as_deref(), Some("rgb(255, 0, 0)"), "the widget's CSS does not leak out");
    outside.remove();
    drop(mount);
    assert_eq!(widgets_on_page(), 0);
}

/// The core writes percentages itself (no `Intl` on the way to a dialog); in every language it
/// must write exactly what the browser's `Intl.NumberFormat` would.
#[wasm_bindgen_test]
fn percentages_match_what_intl_writes_in_every_language() {
    for lang in LANGS {
        for n in [5u8, 15, 100] {
            let options = js_sys::Object::new();
            js_sys::Reflect::set(&options, &"style".into(), &"percent".into()).expect("set");
            let locales = js_sys::Array::of1(&lang.tag().into());
            let intl = js_sys::Intl::NumberFormat::new(&locales, &options);
            let written = intl.format().call1(&JsValue::NULL, &(f64::from(n) / 100.0).into()).expect("formatted");
            assert_eq!(written.as_string(), Some(lang.format_percent(n)), "{lang:?} {n}");
        }
    }
}

#[wasm_bindgen_test]
fn the_popup_takes_focus_and_gives_it_back() {
    let button = document().create_element("button").expect("button");
    document().body().expect("body").append_child(&button).expect("appended");
    button.unchecked_ref::<web_sys::HtmlElement>().focus().expect("focused");
    let window = web_sys::window().expect("window");
    // German as a German page view has it: its file, loaded before any view shows.
    doorman::texts::load(Lang::De, include_str!("../src/texts/de.json")).expect("German's file reads");
    let texts = Lang::De.texts();
    let content = PopupContent {
        campaign: Campaign::Welcome,
        title: texts.offer_title(&Config::default().welcome.expect("on by default").offer, |n| Lang::De.format_percent(n)),
        intro: texts.intro.into(),
        submit: texts.submit.into(),
        image: None,
        consent: None,
        email: Some("ada@example.com".into()),
    };
    let popup = Popup::open(&window, "#0b7a75", Lang::De, content, "the welcome popup").expect("opened");
    let active = popup.shadow_root().active_element().map(|e| e.id());
    assert_eq!(active.as_deref(), Some("email"));
    let title = popup.shadow_root().get_element_by_id("title").and_then(|t| t.text_content());
    assert_eq!(title.as_deref(), Some("10\u{a0}% Rabatt auf Ihre erste Bestellung"));
    assert_eq!(popup.values(), ("ada@example.com".to_string(), false), "a known address is filled in");
    assert!(popup.shadow_root().get_element_by_id("consent").is_none(), "no consent box without a consent text");
    drop(popup);
    assert_eq!(document().active_element(), Some(button.clone()));
    button.remove();
}

#[wasm_bindgen_test]
fn storage_round_trips_and_survives_garbage() {
    clear_storage();
    let window = web_sys::window().expect("window");
    let mut store = Store::open(&window);
    assert!(store.is_persistent());
    store.update(VISITOR, |visitor: &mut Visitor| visitor.signed_up_at = Some(42));
    let reopened = Store::open(&window);
    assert_eq!(reopened.load::<Visitor>(VISITOR).signed_up_at, Some(42));

    let mut outbox = Outbox::default();
    outbox.push("/signups", "r1", "{}".into(), 7);
    store.save(OUTBOX, &outbox);
    assert_eq!(reopened.load::<Outbox>(OUTBOX), outbox);

    let local = window.local_storage().ok().flatten().expect("storage");
    local.set_item(OUTBOX, "{not json").expect("set");
    assert_eq!(reopened.load::<Outbox>(OUTBOX), Outbox::default(), "a store that wrote nothing has nothing to fall back on");
    assert_eq!(local.get_item("doorman:outbox:unreadable").ok().flatten().as_deref(), Some("{not json"), "set aside, not lost");
    assert_eq!(store.load::<Outbox>(OUTBOX), outbox, "a store that wrote the outbox goes on from its own copy");

    let mut memory = Store::in_memory();
    memory.update(VISITOR, |visitor: &mut Visitor| visitor.welcome_closed_at = Some(9));
    assert_eq!(memory.load::<Visitor>(VISITOR).welcome_closed_at, Some(9));
    assert!(!memory.is_persistent());
    clear_storage();
}

#[wasm_bindgen_test]
async fn delivery_reports_the_status_of_a_failing_endpoint() {
    let body = report("r2").to_json();
    let delivery = Delivery { id: "r2".into(), destination: "/no-such-endpoint".into(), body, ..Delivery::default() };
    let sent = deliver(&delivery, doorman::signup::klaviyo::REVISION, 0).await;
    assert_eq!(sent.outcome, Outcome::Refused("HTTP 404".into()), "a missing endpoint is a refusal");
    let unreachable = Delivery { destination: "http://127.0.0.1:9/".into(), ..delivery };
    let sent = deliver(&unreachable, doorman::signup::klaviyo::REVISION, 0).await;
    assert_eq!(sent.outcome, Outcome::Transient { retry_after_ms: None, network: true });
}

#[wasm_bindgen_test]
fn carts_are_read_from_shopify_shape_and_from_a_bare_list() {
    let shopify = js_sys::JSON::parse(
        r#"{"currency":"EUR","items":[{"id":1,"variant_id":40001,"quantity":2,"title":"Mug","price":2000,"final_price":1900},
            {"variant_id":40002,"quantity":0,"title":"Gone","final_price":100}]}"#,
    )
    .expect("json");
    let cart = cart_from_js(&shopify, "").expect("a cart");
    assert_eq!(cart.items.len(), 1, "lines without quantity are dropped");
    assert_eq!((cart.items[0].variant_id, cart.items[0].unit_price, cart.total), (40001, 1900, 3800));
    assert_eq!(cart.currency, "EUR");

    let bare = js_sys::JSON::parse(r#"[{"id":"7","quantity":"3","title":"Tea","price":500}]"#).expect("json");
    let cart = cart_from_js(&bare, "USD").expect("a cart");
    assert_eq!((cart.items[0].variant_id, cart.items[0].quantity, cart.total, cart.currency.as_str()), (7, 3, 1500, "USD"));

    assert!(cart_from_js(&JsValue::from_str("40001:2"), "").is_none());
}

#[wasm_bindgen_test]
async fn a_timer_past_what_set_timeout_holds_waits_in_links_and_cancels_on_drop() {
    use std::cell::Cell;
    use std::rc::Rc;
    count_timers();
    let before = live_timers();
    let fired = Rc::new(Cell::new(false));
    let long = {
        let fired = fired.clone();
        doorman::web::testing::Timer::new(30 * 86_400_000, move || fired.set(true))
    };
    assert_eq!(live_timers(), before + 1, "one link of the chain at a time");
    sleep(50).await;
    assert!(!fired.get(), "30 days have not passed");
    drop(long);
    assert_eq!(live_timers(), before, "dropping it cancels the pending link");

    let short = {
        let fired = fired.clone();
        doorman::web::testing::Timer::new(5, move || fired.set(true))
    };
    sleep(60).await;
    assert!(fired.get(), "a short wait fires");
    drop(short);
}

#[wasm_bindgen_test]
fn the_popup_locks_the_page_scroll_and_gives_back_its_own_overflow() {
    let window = web_sys::window().expect("window");
    let root: web_sys::HtmlElement = document().document_element().expect("root").unchecked_into();
    root.style().set_property("overflow", "scroll").expect("set");
    let texts = Lang::En.texts();
    let content = PopupContent {
        campaign: Campaign::Welcome,
        title: texts.offer_title(&Config::default().welcome.expect("on by default").offer, |n| Lang::En.format_percent(n)),
        intro: texts.intro.into(),
        submit: texts.submit.into(),
        image: None,
        consent: None,
        email: None,
    };
    let mut popup = Popup::open(&window, "#0b7a75", Lang::En, content, "the welcome popup").expect("opened");
    // The lock waits for the frame that draws the dialog (the widget calls it then).
    assert_eq!(root.style().get_property_value("overflow").ok().as_deref(), Some("scroll"), "not locked while it opens");
    popup.lock_page(&window);
    assert_eq!(root.style().get_property_value("overflow").ok().as_deref(), Some("hidden"));
    assert_eq!(root.style().get_property_priority("overflow"), "important");
    let dialog = popup.shadow_root().query_selector(".overlay > dialog[role=dialog][aria-modal=true]").ok().flatten().expect("a native dialog");
    let overlay = dialog.parent_element().expect("its overlay");
    assert!(overlay.matches(":popover-open").expect("selector"), "shown in the top layer");
    assert!(!dialog.matches(":modal").expect("selector"), "the page behind is not made inert: restyling all of it is slow");
    drop(popup);
    assert_eq!(root.style().get_property_value("overflow").ok().as_deref(), Some("scroll"));
    root.style().remove_property("overflow").expect("removed");
}

#[wasm_bindgen_test]
async fn a_call_made_while_the_widget_is_busy_runs_after_it_instead_of_being_lost() {
    clear_storage();
    // A shop script that answers the welcome popup's `doorman:shown` with a preview of the exit
    // prompt: the event is dispatched while the widget is opening the popup.
    let shown = std::rc::Rc::new(std::cell::RefCell::new(Vec::<String>::new()));
    let seen = shown.clone();
    let listener = Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |event: web_sys::CustomEvent| {
        let campaign = js_sys::Reflect::get(&event.detail(), &"campaign".into()).ok().and_then(|c| c.as_string());
        seen.borrow_mut().push(campaign.unwrap_or_default());
        if seen.borrow().len() == 1 {
            preview("exit");
        }
    });
    let window = web_sys::window().expect("window");
    window.add_event_listener_with_callback("doorman:shown", listener.as_ref().unchecked_ref()).expect("listening");
    start(script_tag(&[("data-welcome-delay", "0")]), None, None, None, None);
    for _ in 0..100 {
        if shown.borrow().len() >= 2 {
            break;
        }
        sleep(20).await;
    }
    window.remove_event_listener_with_callback("doorman:shown", listener.as_ref().unchecked_ref()).expect("removed");
    assert_eq!(*shown.borrow(), ["welcome", "exit"], "the preview asked for during the welcome popup's opening ran after it");
    assert_eq!(widgets_on_page(), 1);
    stop();
}
