//! The scratch card: a canvas layer over the prize, cleared by mouse, pen or finger. Which cells
//! are cleared is tracked by the core's coarse `Coverage` grid, never by reading pixels back.
//!
//! The card is on show, covered, from the moment the game opens; the prize under it is written
//! only once the draw is done (see [`ScratchCard::set_prize`]), so before the sign-up neither the
//! page nor the canvas holds it.

use crate::web::ignore_js;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, Document, Element, HtmlCanvasElement, PointerEvent, Window};

use crate::web::listener::{Listener, Options};
use crate::web::with_widget;
use crate::game::scratch::Coverage;

const WIDTH: f64 = 280.0;
const HEIGHT: f64 = 140.0;
/// The brush, as a share of the card's width.
const BRUSH: f64 = 0.07;

pub struct ScratchCard {
    canvas: HtmlCanvasElement,
    /// The prize under the cover, empty until the draw.
    prize: Element,
    context: CanvasRenderingContext2d,
    coverage: Coverage,
    last: Option<(f64, f64)>,
    _listeners: Vec<Listener>,
}

impl ScratchCard {
    /// Puts the covered card in `parent`, with an empty place for the prize under the cover
    /// (hidden from screen readers: the outcome is announced in text), and starts listening to
    /// pointers. Strokes count only once the widget has a drawn prize to scratch for.
    pub fn new(window: &Window, document: &Document, parent: &Element, threshold_percent: u8) -> Option<ScratchCard> {
        let canvas: HtmlCanvasElement = document.create_element("canvas").ok()?.dyn_into().ok()?;
        let scale = window.device_pixel_ratio().clamp(1.0, 3.0);
        canvas.set_width((WIDTH * scale) as u32);
        canvas.set_height((HEIGHT * scale) as u32);
        canvas.set_class_name("scratch");
        canvas.set_attribute("aria-hidden", "true").ok()?;
        // Without a 2D context there is no card at all, not an empty place for one.
        let context: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        let prize = document.create_element("div").ok()?;
        prize.set_class_name("prize-card");
        prize.set_attribute("aria-hidden", "true").ok()?;
        prize.set_attribute("dir", "auto").ok()?;
        parent.append_child(&prize).ok()?;
        parent.append_child(&canvas).ok()?;
        ignore_js(context.scale(scale, scale));
        context.set_fill_style_str("#9ca3af");
        context.fill_rect(0.0, 0.0, WIDTH, HEIGHT);
        context.set_fill_style_str("#f9fafb");
        context.set_font("600 18px system-ui, sans-serif");
        context.set_text_align("center");
        context.set_text_baseline("middle");
        ignore_js(context.fill_text("★ ★ ★", WIDTH / 2.0, HEIGHT / 2.0));
        context.set_global_composite_operation("destination-out").ok()?;
        context.set_line_cap("round");
        context.set_line_join("round");
        context.set_line_width(BRUSH * WIDTH * 2.0);
        // Active: the page must not scroll under a finger that is scratching. A card the page
        // will not let listen cannot be played: it is a missing board, like one without a
        // canvas, and the outcome shows without it.
        let listeners = ["pointerdown", "pointermove", "pointerup", "pointercancel"]
            .into_iter()
            .map(|kind| {
                Listener::with_options(&canvas, kind, Options::ACTIVE, move |event| {
                    let Some(pointer) = event.dyn_ref::<PointerEvent>() else { return };
                    pointer.prevent_default();
                    let target = pointer.target().and_then(|t| t.dyn_into::<HtmlCanvasElement>().ok());
                    let Some(canvas) = target else { return };
                    let rect = canvas.get_bounding_client_rect();
                    let x = (f64::from(pointer.client_x()) - rect.left()) / rect.width().max(1.0);
                    let y = (f64::from(pointer.client_y()) - rect.top()) / rect.height().max(1.0);
                    match pointer.type_().as_str() {
                        "pointerdown" => {
                            ignore_js(canvas.set_pointer_capture(pointer.pointer_id()));
                            with_widget(move |w| w.scratch_at(x, y, true));
                        }
                        "pointermove" => with_widget(move |w| w.scratch_at(x, y, false)),
                        _ => with_widget(|w| w.scratch_end()),
                    }
                })
            })
            .collect::<Result<_, _>>()
            .ok()?;
        Some(ScratchCard { canvas, prize, context, coverage: Coverage::new(28, 14, threshold_percent), last: None, _listeners: listeners })
    }

    /// Writes the drawn prize under the cover: from now on the card can be scratched for it.
    pub fn set_prize(&self, label: &str) {
        self.prize.set_text_content(Some(label));
    }

    /// The pointer is at (`x`, `y`), shares of the card; `down` starts a stroke. True once the
    /// cleared share crosses the threshold.
    pub fn scratch(&mut self, x: f64, y: f64, down: bool) -> bool {
        let from = match (down, self.last) {
            (true, _) => (x, y),
            (false, Some(last)) => last,
            (false, None) => return false,
        };
        self.last = Some((x, y));
        self.context.begin_path();
        self.context.move_to(from.0 * WIDTH, from.1 * HEIGHT);
        self.context.line_to(x * WIDTH + 0.01, y * HEIGHT);
        self.context.stroke();
        // The coverage grid measures everything in card widths.
        let aspect = HEIGHT / WIDTH;
        self.coverage.stroke((from.0, from.1 * aspect), (x, y * aspect), BRUSH)
    }

    pub fn lift(&mut self) {
        self.last = None;
    }

    /// Clears the whole card: the prize is shown.
    pub fn reveal(&mut self) {
        self.coverage.reveal();
        self.context.begin_path();
        self.context.rect(0.0, 0.0, WIDTH, HEIGHT);
        self.context.fill();
        ignore_js(self.canvas.set_attribute("hidden", ""));
    }
}
