//! The prize wheel, drawn on a canvas at the screen's pixel density. It only draws a rotation it
//! is given: which slice wins was decided before the spin (see `spin` and `prize`).

use std::f64::consts::TAU;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, Document, Element, HtmlCanvasElement, Window};

use crate::spin::slice_colour;

/// The wheel's size on the page, in CSS pixels.
const SIZE: f64 = 260.0;

pub struct Wheel {
    context: CanvasRenderingContext2d,
    labels: Vec<String>,
    accent: String,
    scale: f64,
}

impl Wheel {
    pub fn new(window: &Window, document: &Document, parent: &Element, labels: Vec<String>, accent: &str) -> Option<Wheel> {
        let canvas: HtmlCanvasElement = document.create_element("canvas").ok()?.dyn_into().ok()?;
        let scale = window.device_pixel_ratio().clamp(1.0, 3.0);
        canvas.set_width((SIZE * scale) as u32);
        canvas.set_height((SIZE * scale) as u32);
        canvas.set_class_name("wheel");
        // The canvas is a picture; the prize is announced in text by the dialog's live region.
        let mut description = String::from("Prize wheel: ");
        description.push_str(&labels.join(", "));
        canvas.set_attribute("role", "img").ok()?;
        canvas.set_attribute("aria-label", &description).ok()?;
        parent.append_child(&canvas).ok()?;
        let context: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        let wheel = Wheel { context, labels, accent: accent.to_string(), scale };
        wheel.draw(0.0);
        Some(wheel)
    }

    /// Draws the wheel turned clockwise by `rotation` turns, the pointer fixed at the top.
    pub fn draw(&self, rotation: f64) {
        let c = &self.context;
        let radius = SIZE / 2.0 - 6.0;
        let slices = self.labels.len().max(1);
        let width = TAU / slices as f64;
        let _ = c.set_transform(self.scale, 0.0, 0.0, self.scale, 0.0, 0.0);
        c.clear_rect(0.0, 0.0, SIZE, SIZE);
        let _ = c.translate(SIZE / 2.0, SIZE / 2.0 + 4.0);
        let _ = c.rotate(rotation * TAU);
        for (i, label) in self.labels.iter().enumerate() {
            let start = -TAU / 4.0 + i as f64 * width;
            let colour = slice_colour(i, slices);
            c.begin_path();
            c.move_to(0.0, 0.0);
            let _ = c.arc(0.0, 0.0, radius, start, start + width);
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
            let _ = c.rotate(middle);
            c.set_fill_style_str(if colour == 0 { "#ffffff" } else { "#111827" });
            c.set_text_baseline("middle");
            let text = fit_label(c, label, radius * 0.72);
            // Labels on the left half would read upside down: turn them over. (Floor, not `cos`
            // or `%`, which would bring libm's code into the wasm.)
            let turned = middle + rotation * TAU;
            let angle = turned - (turned / TAU).floor() * TAU;
            if angle > TAU / 4.0 && angle < TAU * 3.0 / 4.0 {
                let _ = c.rotate(TAU / 2.0);
                c.set_text_align("left");
                let _ = c.fill_text(&text, -(radius - 12.0), 0.0);
            } else {
                c.set_text_align("right");
                let _ = c.fill_text(&text, radius - 12.0, 0.0);
            }
            c.restore();
        }
        // The hub, then the pointer, which does not turn.
        c.begin_path();
        let _ = c.arc(0.0, 0.0, 14.0, 0.0, TAU);
        c.set_fill_style_str("#1f2937");
        c.fill();
        let _ = c.set_transform(self.scale, 0.0, 0.0, self.scale, 0.0, 0.0);
        c.begin_path();
        c.move_to(SIZE / 2.0 - 11.0, 0.0);
        c.line_to(SIZE / 2.0 + 11.0, 0.0);
        c.line_to(SIZE / 2.0, 22.0);
        c.close_path();
        c.set_fill_style_str("#1f2937");
        c.fill();
    }
}

/// The largest font (16 px down to 10 px) at which `label` fits `room`, shortened with an
/// ellipsis if even 10 px is too wide. It is shortened only between user-perceived characters,
/// so no flag, emoji family, accented letter or syllable is drawn in half.
fn fit_label(c: &CanvasRenderingContext2d, label: &str, room: f64) -> String {
    let width = |text: &str| c.measure_text(text).map(|m| m.width()).unwrap_or(0.0);
    for size in (10..=16).rev() {
        let mut font = String::from("600 ");
        font.push_str(&size.to_string());
        font.push_str("px system-ui, sans-serif");
        c.set_font(&font);
        if width(label) <= room {
            return label.to_string();
        }
    }
    let mut kept = graphemes(label);
    loop {
        let mut text: String = kept.concat();
        text.push('…');
        if kept.len() <= 1 || width(&text) <= room {
            return text;
        }
        kept.pop();
    }
}

/// `text` split into grapheme clusters as `Intl.Segmenter` defines them; where the browser has
/// no `Intl.Segmenter`, into characters.
fn graphemes(text: &str) -> Vec<String> {
    let split = || -> Option<Vec<String>> {
        let constructor: js_sys::Function = super::field(&super::field(&js_sys::global(), "Intl"), "Segmenter").dyn_into().ok()?;
        let segmenter = js_sys::Reflect::construct(&constructor, &js_sys::Array::new()).ok()?;
        let segment: js_sys::Function = super::field(&segmenter, "segment").dyn_into().ok()?;
        let segments = segment.call1(&segmenter, &JsValue::from_str(text)).ok()?;
        let pieces = js_sys::Array::from(&segments);
        Some(pieces.iter().filter_map(|piece| super::field(&piece, "segment").as_string()).collect())
    };
    split().unwrap_or_else(|| text.chars().map(String::from).collect())
}
