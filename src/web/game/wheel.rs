//! The prize wheel, drawn on a canvas at the screen's pixel density. It only draws a rotation it
//! is given: which slice wins was decided before the spin (see `crate::game::wheel` and `crate::game::prize`).

use crate::web::ignore_js;
use std::f64::consts::TAU;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, Document, Element, HtmlCanvasElement, Window};

use crate::color::Palette;
use crate::game::wheel::slice_colour;
use crate::texts::Lang;

/// The wheel's largest and smallest size on the page, in CSS pixels: as large as the dialog
/// allows, so labels get room before they get smaller.
const MAX_SIZE: f64 = 320.0;
const MIN_SIZE: f64 = 200.0;

/// Label fonts, largest first; 11 px is the smallest drawn, a legible minimum on a phone.
const FONT_SIZES: [u8; 6] = [16, 15, 14, 13, 12, 11];

pub struct Wheel {
    context: CanvasRenderingContext2d,
    /// Slice fill and label colour on it, from the accent palette.
    accent: String,
    on_accent: String,
    /// Each label as it is drawn, fitted once: measuring text in every frame of a spin cost frames.
    fitted: Vec<Fitted>,
    /// Per label, whether it runs right to left (its own first strong character), when that
    /// differs from the wheel's language: an English label on a Persian wheel reads "10% off".
    other_way: Vec<Option<&'static str>>,
    size: f64,
    scale: f64,
}

impl Wheel {
    /// Draws the wheel in `parent`, sized to its width. `lang` names it for screen readers and sets
    /// the labels' direction, so right-to-left labels with digits read in the right order.
    pub fn new(window: &Window, document: &Document, parent: &Element, labels: Vec<String>, accent: &str, lang: Lang) -> Option<Wheel> {
        let canvas: HtmlCanvasElement = document.create_element("canvas").ok()?.dyn_into().ok()?;
        let scale = window.device_pixel_ratio().clamp(1.0, 3.0);
        let room = f64::from(parent.client_width());
        // Whole pixels: the size is written into a style, and formatting an integer keeps float
        // formatting out of the wasm.
        let size = if room > 0.0 { room.clamp(MIN_SIZE, MAX_SIZE).floor() } else { MAX_SIZE };
        canvas.set_width((size * scale) as u32);
        canvas.set_height((size * scale) as u32);
        canvas.set_class_name("wheel");
        let mut style = String::from("width:");
        crate::json::push_decimal(&mut style, size as u64);
        style.push_str("px");
        canvas.set_attribute("style", &style).ok()?;
        // The canvas is a picture; the prize is announced in text by the dialog's live region.
        canvas.set_attribute("role", "img").ok()?;
        canvas.set_attribute("aria-label", &lang.texts().wheel_description(&labels)).ok()?;
        parent.append_child(&canvas).ok()?;
        let context: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        if lang.is_rtl() {
            // web-sys has no setter for the canvas's text direction.
            ignore_js(js_sys::Reflect::set(&context, &JsValue::from_str("direction"), &JsValue::from_str("rtl")));
        }
        let palette = Palette::from_accent(accent)?;
        let other_way = labels
            .iter()
            .map(|label| match crate::texts::first_strong_rtl(label) {
                Some(rtl) if rtl != lang.is_rtl() => Some(if rtl { "rtl" } else { "ltr" }),
                _ => None,
            })
            .collect();
        let radius = size / 2.0 - 6.0;
        let slice = TAU / labels.len().max(1) as f64;
        let fitted = labels.iter().map(|label| fit_label(&context, label, radius - 10.0 - HUB_CLEARANCE, slice)).collect();
        let wheel = Wheel { context, fitted, accent: palette.accent, on_accent: palette.on_accent, other_way, size, scale };
        wheel.draw(0.0);
        Some(wheel)
    }

    /// Draws the wheel turned clockwise by `rotation` turns, the pointer fixed at the top.
    pub fn draw(&self, rotation: f64) {
        let c = &self.context;
        let size = self.size;
        let radius = size / 2.0 - 6.0;
        let slices = self.fitted.len().max(1);
        let width = TAU / slices as f64;
        ignore_js(c.set_transform(self.scale, 0.0, 0.0, self.scale, 0.0, 0.0));
        c.clear_rect(0.0, 0.0, size, size);
        ignore_js(c.translate(size / 2.0, size / 2.0 + 4.0));
        ignore_js(c.rotate(rotation * TAU));
        let rim = radius - 10.0;
        for (i, fitted) in self.fitted.iter().enumerate() {
            let start = -TAU / 4.0 + i as f64 * width;
            let colour = slice_colour(i, slices);
            c.begin_path();
            c.move_to(0.0, 0.0);
            ignore_js(c.arc(0.0, 0.0, radius, start, start + width));
            c.close_path();
            // Accent, white, and a light grey for the odd slice out (see `slice_colour`).
            c.set_fill_style_str(match colour {
                0 => &self.accent,
                1 => "#ffffff",
                _ => "#e5e7eb",
            });
            c.fill();
            c.set_stroke_style_str("#1f2937");
            c.set_line_width(1.0);
            c.stroke();
            c.save();
            let middle = start + width / 2.0;
            ignore_js(c.rotate(middle));
            // Text on the accent in the colour the palette picked to read on it (WCAG AA).
            c.set_fill_style_str(if colour == 0 { &self.on_accent } else { "#111827" });
            c.set_text_baseline("middle");
            c.set_font(&font(fitted.size));
            // Labels on the left half would read upside down: turn them over. (Floor, not `cos`
            // or `%`, which would bring libm's code into the wasm.)
            let turned = middle + rotation * TAU;
            let angle = turned - (turned / TAU).floor() * TAU;
            let flipped = angle > TAU / 4.0 && angle < TAU * 3.0 / 4.0;
            if flipped {
                ignore_js(c.rotate(TAU / 2.0));
            }
            c.set_text_align(if flipped { "left" } else { "right" });
            // The label's own direction, within this slice's saved state (web-sys has no setter).
            if let Some(direction) = self.other_way.get(i).copied().flatten() {
                ignore_js(js_sys::Reflect::set(c, &JsValue::from_str("direction"), &JsValue::from_str(direction)));
            }
            let x = if flipped { -rim } else { rim };
            let line_height = f64::from(fitted.size) * LINE_HEIGHT;
            let first = -line_height * (fitted.lines.len() as f64 - 1.0) / 2.0;
            for (n, line) in fitted.lines.iter().enumerate() {
                ignore_js(c.fill_text(line, x, first + n as f64 * line_height));
            }
            c.restore();
        }
        // The hub, then the pointer, which does not turn.
        c.begin_path();
        ignore_js(c.arc(0.0, 0.0, 14.0, 0.0, TAU));
        c.set_fill_style_str("#1f2937");
        c.fill();
        ignore_js(c.set_transform(self.scale, 0.0, 0.0, self.scale, 0.0, 0.0));
        c.begin_path();
        c.move_to(size / 2.0 - 11.0, 0.0);
        c.line_to(size / 2.0 + 11.0, 0.0);
        c.line_to(size / 2.0, 22.0);
        c.close_path();
        c.set_fill_style_str("#1f2937");
        c.fill();
    }
}

/// Room kept clear around the hub, from the centre, in CSS pixels.
const HUB_CLEARANCE: f64 = 22.0;
const LINE_HEIGHT: f64 = 1.15;

/// A label as drawn: one or two lines at one font size.
/// The labels' font at `size` CSS pixels.
fn font(size: u8) -> String {
    let mut font = String::from("600 ");
    crate::json::push_decimal(&mut font, u64::from(size));
    font.push_str("px system-ui, sans-serif");
    font
}

struct Fitted {
    lines: Vec<String>,
    size: u8,
}

/// The largest way `label` fits its slice: one line from 16 px down to 11 px, then two lines,
/// and only then shortened with an ellipsis at 11 px. A line is `room` long at most (rim to hub)
/// and the lines must fit the slice's height where the text begins: the chord of `slice` radians
/// at that distance. Shortened only between user-perceived characters, so no flag, emoji family,
/// accented letter or syllable is drawn in half.
fn fit_label(c: &CanvasRenderingContext2d, label: &str, room: f64, slice: f64) -> Fitted {
    let rim = room + HUB_CLEARANCE;
    let set_size = |size: u8| c.set_font(&font(size));
    let width = |text: &str| c.measure_text(text).map(|m| m.width()).unwrap_or(0.0);
    let fits = |lines: &[String], size: u8| {
        let widest = lines.iter().map(|line| width(line)).fold(0.0, f64::max);
        let inner = rim - widest;
        let height = lines.len() as f64 * f64::from(size) * LINE_HEIGHT;
        widest <= room && height + 4.0 <= chord(inner, slice)
    };
    let one = vec![label.to_string()];
    let two = two_lines(label);
    for lines in [&one, &two] {
        for size in FONT_SIZES {
            set_size(size);
            if lines.len() <= 2 && fits(lines, size) {
                return Fitted { lines: lines.clone(), size };
            }
        }
    }
    let smallest = FONT_SIZES[FONT_SIZES.len() - 1];
    set_size(smallest);
    let mut kept = graphemes(label);
    loop {
        let mut text: String = kept.concat();
        text.push('…');
        if kept.len() <= 1 || fits(std::slice::from_ref(&text), smallest) {
            return Fitted { lines: vec![text], size: smallest };
        }
        kept.pop();
    }
}

/// The label broken in two where the halves are most even: at a space, or after a soft hyphen
/// (U+00AD), which then shows as `-`; in scripts written without either (Chinese), between
/// graphemes. The no-break spaces (U+00A0, U+2007, U+202F) keep what they join on one line, as
/// a Hungarian or Finnish price (`5 000 Ft`) is written: a label of words joined by them alone
/// stays one line.
fn two_lines(label: &str) -> Vec<String> {
    let pieces = graphemes(label);
    let total = pieces.len();
    let breaks_before = |at: usize| {
        let space = pieces[at].chars().all(|c| c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}'));
        space || pieces[at - 1] == "\u{ad}"
    };
    let anywhere = !pieces.iter().any(|piece| piece == "\u{ad}" || piece.chars().any(char::is_whitespace));
    let mut best: Option<(usize, usize)> = None;
    for at in 1..total {
        if anywhere || breaks_before(at) {
            let imbalance = at.abs_diff(total - at);
            if best.is_none_or(|(_, b)| imbalance < b) {
                best = Some((at, imbalance));
            }
        }
    }
    match best {
        Some((at, _)) => {
            let mut first: String = pieces[..at].concat();
            if first.ends_with('\u{ad}') {
                first.pop();
                first.push('-');
            }
            let second: String = pieces[at..].concat();
            vec![first.trim().to_string(), second.trim().to_string()]
        }
        None => vec![label.to_string()],
    }
}

/// The length of the chord across an angle of `angle` radians at `distance` from the centre:
/// the height a slice offers there. `sin` by its series, so libm stays out of the wasm; exact to
/// 1e-5 for the half-angles of 2 to 12 slices (at most π/2).
fn chord(distance: f64, angle: f64) -> f64 {
    let x = (angle / 2.0).min(TAU / 4.0);
    let x2 = x * x;
    let sine = x * (1.0 - x2 / 6.0 * (1.0 - x2 / 20.0 * (1.0 - x2 / 42.0)));
    2.0 * distance.max(0.0) * sine
}

/// `text` split into grapheme clusters as `Intl.Segmenter` defines them; where the browser has
/// no `Intl.Segmenter`, into characters.
fn graphemes(text: &str) -> Vec<String> {
    let split = || -> Option<Vec<String>> {
        let constructor: js_sys::Function = crate::web::field(&crate::web::field(&js_sys::global(), "Intl"), "Segmenter").dyn_into().ok()?;
        let segmenter = js_sys::Reflect::construct(&constructor, &js_sys::Array::new()).ok()?;
        let segment: js_sys::Function = crate::web::field(&segmenter, "segment").dyn_into().ok()?;
        let segments = segment.call1(&segmenter, &JsValue::from_str(text)).ok()?;
        let pieces = js_sys::Array::from(&segments);
        Some(pieces.iter().filter_map(|piece| crate::web::field(&piece, "segment").as_string()).collect())
    };
    split().unwrap_or_else(|| text.chars().map(String::from).collect())
}
