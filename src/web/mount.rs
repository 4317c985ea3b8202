//! The widget's own corner of the page: one `<doorman-widget>` element with an open shadow
//! root. The host page's CSS cannot reach inside, and nothing inside leaks out.

use crate::web::{ignore_js, PageCall, PageFault};
use wasm_bindgen::JsValue;
use web_sys::{Document, Element, ShadowRoot, ShadowRootInit, ShadowRootMode};

use crate::color::Palette;
use crate::texts::Lang;

pub const HOST_TAG: &str = "doorman-widget";

/// A mounted view. Dropping it removes it from the page.
pub struct Mount {
    pub host: Element,
    pub root: ShadowRoot,
    pub document: Document,
}

impl Mount {
    /// Appends a host element to `<body>` styled by `css`, with `--accent` set to `accent`. Built
    /// whole before it is appended, so a page's call that fails leaves nothing on the page.
    pub fn new(document: &Document, css: &str, accent: &str, lang: Lang) -> Result<Mount, PageFault> {
        let host = document.create_element(HOST_TAG).page_call("createElement")?;
        let root = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open)).page_call("attachShadow")?;
        // The accent fills; text on it and the accent as ink on white are derived to stay readable.
        let mut sheet_text = String::new();
        if let Some(palette) = Palette::from_accent(accent) {
            sheet_text.push_str(":host{--accent:");
            sheet_text.push_str(&palette.accent);
            sheet_text.push_str(";--on-accent:");
            sheet_text.push_str(&palette.on_accent);
            sheet_text.push_str(";--accent-ink:");
            sheet_text.push_str(&palette.ink);
            sheet_text.push('}');
        }
        sheet_text.push_str(css);
        adopt_styles(document, &root, &sheet_text)?;
        ignore_js(host.set_attribute("lang", lang.tag()));
        ignore_js(host.set_attribute("dir", if lang.is_rtl() { "rtl" } else { "ltr" }));
        document.body().page_call("document.body")?.append_child(&host).page_call("appendChild")?;
        Ok(Mount { host, root, document: document.clone() })
    }

    /// Creates an element inside the shadow root with the given attributes.
    pub fn element(&self, parent: &web_sys::Node, tag: &str, attributes: &[(&str, &str)]) -> Result<Element, PageFault> {
        let element = self.document.create_element(tag).page_call("createElement")?;
        for (name, value) in attributes {
            element.set_attribute(name, value).page_call("setAttribute")?;
        }
        parent.append_child(&element).page_call("appendChild")?;
        Ok(element)
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        self.host.remove();
    }
}

/// Constructed stylesheets, because a strict Content-Security-Policy (no `'unsafe-inline'`
/// styles) blocks a `<style>` element but not these. A `<style>` element where the browser lacks
/// any part of them (Safari before 16.4 has neither the constructor nor `adoptedStyleSheets`) or
/// the page broke one (a `replaceSync` that throws or is gone, an `adoptedStyleSheets` setter
/// that throws or does nothing, as a wrapper that forgot the browser's may): the dialog is styled
/// either way.
fn adopt_styles(document: &Document, root: &ShadowRoot, css: &str) -> Result<(), PageFault> {
    let sheet = web_sys::CssStyleSheet::new().ok().filter(|sheet| sheet.replace_sync(css).is_ok());
    // Read back rather than trusted; asked first, since without the property the set would
    // only add one of the same name that the browser never reads.
    let adopted = sheet.is_some_and(|sheet| {
        super::field(root, "adoptedStyleSheets").is_object()
            && js_sys::Reflect::set(root, &JsValue::from_str("adoptedStyleSheets"), &js_sys::Array::of1(&sheet)).is_ok()
            && js_sys::Array::from(&super::field(root, "adoptedStyleSheets")).includes(&sheet, 0)
    });
    if !adopted {
        let style = document.create_element("style").page_call("createElement")?;
        style.set_text_content(Some(css));
        root.append_child(&style).page_call("appendChild")?;
    }
    Ok(())
}
