//! The game campaign in the browser: when it opens, the teaser tab, the board (wheel or scratch
//! card) and playing it out. The prize is always known before the board moves.

use crate::web::ignore_js;
use gloo::render::{request_animation_frame, AnimationFrame};
use super::timer::Timer;

use super::dialog::PopupContent;
use scratch::ScratchCard;
use super::teaser::Teaser;
use wheel::Wheel;

mod scratch;
mod wheel;
use super::{now, random_bytes, storage, with_widget, Widget};
use crate::visitor::{GameVerdict, Visitor};
use crate::config::Game;
use crate::game::prize::Prize;
use crate::signup::report::Campaign;
use crate::texts::own_or;
use crate::game::wheel::{landing_rotation, rotation_at, SPIN_MS, SPIN_TURNS};

/// The game's state on this page view; dropping it cancels its delay and stops the board.
pub(crate) struct GameView {
    pub(crate) timer: Option<Timer>,
    pub(crate) play: Option<Play>,
}

/// A game being played: the prize already drawn, and its board.
pub struct Play {
    prize: usize,
    /// The shop's unique code, in shop-decided mode; else the prize's own.
    code: Option<String>,
    board: Board,
    spin: Option<Spin>,
    /// The next animation frame; dropping it cancels the spin's frames.
    frame: Option<AnimationFrame>,
    finished: bool,
}

enum Board {
    Wheel(Wheel),
    Scratch(ScratchCard),
    /// The board could not be built (no canvas, say): the outcome is shown without it.
    Missing,
}

struct Spin {
    target: f64,
    duration_ms: f64,
    started_at: Option<f64>,
}

impl Widget {
    pub(super) fn game_campaign(&self) -> Option<Campaign> {
        match self.config.game.as_ref()?.kind {
            Game::Wheel => Some(Campaign::Wheel),
            Game::Scratch => Some(Campaign::Scratch),
        }
    }

    /// The game's prizes; none when the game is off.
    pub(super) fn prizes(&self) -> &[Prize] {
        self.config.game.as_ref().map_or(&[], |game| &game.prizes)
    }

    /// At start: open the game after its delay, or offer it from the teaser tab.
    pub(super) fn arm_game(&mut self, visitor: &Visitor) {
        match visitor.game_verdict(&self.config, now()) {
            GameVerdict::Hidden => {}
            GameVerdict::TeaserOnly => self.show_teaser(),
            GameVerdict::Open => match self.config.game.as_ref().and_then(|game| game.delay_ms) {
                Some(delay) => self.game.timer = Some(Timer::new(delay, || with_widget(|w| w.open_game()))),
                None => self.show_teaser(),
            },
        }
    }

    pub(super) fn show_teaser(&mut self) {
        if !self.config.game.as_ref().is_some_and(|game| game.teaser) || self.teaser.is_some() {
            return;
        }
        let texts = self.lang.texts();
        let label = if self.game_campaign() == Some(Campaign::Scratch) { texts.scratch_title } else { texts.wheel_title };
        let position = self.config.teaser_position;
        self.teaser = self.window.document().and_then(|d| Teaser::new(&d, &self.config.accent, self.lang, label, position, Widget::open_game));
        if let Some(teaser) = &self.teaser {
            self.adopt_font(teaser.host());
        }
    }

    /// Opens the game's sign-up dialog (from its delay or the teaser).
    pub(crate) fn open_game(&mut self) {
        self.game.timer = None;
        let visitor: Visitor = self.store.load(storage::VISITOR);
        if self.popup.is_some() || visitor.game_verdict(&self.config, now()) == GameVerdict::Hidden {
            return;
        }
        self.open_game_now();
    }

    /// Opens the game's dialog whatever its caps say: a preview, or the checks are done.
    pub(super) fn open_game_now(&mut self) {
        let Some(campaign) = self.game_campaign() else { return };
        let visitor: Visitor = self.store.load(storage::VISITOR);
        self.teaser = None;
        let texts = self.lang.texts();
        let (title, submit) = match campaign {
            Campaign::Scratch => (texts.scratch_title, texts.scratch_submit),
            _ => (texts.wheel_title, texts.wheel_submit),
        };
        let (own, rtl) = (self.own_texts(campaign), self.lang.is_rtl());
        let content = PopupContent {
            campaign,
            title: own_or(own.title.as_deref(), title, rtl),
            intro: own_or(own.text.as_deref(), texts.game_intro, rtl),
            submit: own_or(own.button.as_deref(), submit, rtl),
            image: own.image.clone(),
            consent: self.config.consent.clone(),
            email: visitor.email,
        };
        self.open_popup(content);
    }

    /// A prize index drawn in the browser from crypto-grade randomness.
    pub(super) fn draw_prize(&self) -> Option<usize> {
        let bytes = random_bytes(&self.window);
        crate::game::prize::draw(self.prizes(), u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }

    /// The sign-up is in and the prize decided: put the board up.
    pub(super) fn start_play(&mut self, prize: usize, code: Option<String>) {
        self.awaiting_code_for = None;
        self.reveal_timer = None;
        let Some(popup) = &self.popup else { return };
        let Some(document) = self.window.document() else { return };
        let texts = self.lang.texts();
        let labels: Vec<String> = self.prizes().iter().map(|p| p.label.clone()).collect();
        let label = labels.get(prize).cloned().unwrap_or_default();
        let board = match self.config.game.as_ref() {
            Some(game) if game.kind == Game::Scratch => {
                let stage = popup.show_play(texts.scratch_hint, texts.reveal);
                // The prize sits under the card, hidden from screen readers until revealed.
                let card = document.create_element("div").ok();
                if let Some(card) = &card {
                    card.set_class_name("prize-card");
                    ignore_js(card.set_attribute("aria-hidden", "true"));
                    ignore_js(card.set_attribute("dir", "auto"));
                    card.set_text_content(Some(&label));
                    ignore_js(stage.append_child(card));
                }
                ScratchCard::new(&self.window, &document, stage, game.threshold_percent).map(Board::Scratch)
            }
            _ => {
                let stage = popup.show_play("", texts.spin);
                ignore_js(stage.class_list().add_1("wheel-stage"));
                let wheel = Wheel::new(&self.window, &document, stage, labels.clone(), &self.config.accent, self.lang);
                // Every prize in words too, not only on the turning canvas (which names them for
                // screen readers, so the list is hidden from them).
                if let Ok(list) = document.create_element("ul") {
                    list.set_class_name("prize-list");
                    ignore_js(list.set_attribute("aria-hidden", "true"));
                    for label in &labels {
                        if let Ok(item) = document.create_element("li") {
                            ignore_js(item.set_attribute("dir", "auto"));
                            item.set_text_content(Some(label));
                            ignore_js(list.append_child(&item));
                        }
                    }
                    ignore_js(stage.append_child(&list));
                }
                wheel.map(Board::Wheel)
            }
        };
        let missing = board.is_none();
        let board = board.unwrap_or(Board::Missing);
        self.game.play = Some(Play { prize, code, board, spin: None, frame: None, finished: false });
        if missing {
            // The sign-up is in and the prize decided: the shopper gets them, board or not.
            popup.playing();
            self.finish_game();
        }
    }

    /// The play button: spin the wheel, or reveal the card at once (the keyboard path).
    pub(crate) fn play(&mut self) {
        let reduced_motion = self.reduced_motion();
        let offset = f64::from(random_bytes(&self.window)[4]) / 256.0;
        let slices = self.prizes().len();
        let Some(play) = self.game.play.as_mut() else { return };
        if play.spin.is_some() || play.finished {
            return;
        }
        if let Some(popup) = &self.popup {
            popup.playing();
        }
        match &mut play.board {
            Board::Wheel(wheel) => {
                let target = landing_rotation(play.prize, slices, offset, SPIN_TURNS);
                if reduced_motion {
                    wheel.draw(target);
                    self.finish_game();
                } else {
                    play.spin = Some(Spin { target, duration_ms: SPIN_MS, started_at: None });
                    play.frame = Some(request_animation_frame(|time| with_widget(move |w| w.on_frame(time))));
                }
            }
            Board::Scratch(card) => {
                card.reveal();
                self.finish_game();
            }
            Board::Missing => self.finish_game(),
        }
    }

    fn on_frame(&mut self, time: f64) {
        let Some(play) = self.game.play.as_mut() else { return };
        let (Board::Wheel(wheel), Some(spin)) = (&play.board, play.spin.as_mut()) else { return };
        let started_at = *spin.started_at.get_or_insert(time);
        let elapsed = time - started_at;
        wheel.draw(rotation_at(elapsed, spin.duration_ms, spin.target));
        if elapsed >= spin.duration_ms {
            play.frame = None;
            self.finish_game();
        } else {
            play.frame = Some(request_animation_frame(|time| with_widget(move |w| w.on_frame(time))));
        }
    }

    pub(crate) fn scratch_at(&mut self, x: f64, y: f64, down: bool) {
        let Some(Play { board: Board::Scratch(card), finished: false, .. }) = self.game.play.as_mut() else { return };
        if card.scratch(x, y, down) {
            card.reveal();
            if let Some(popup) = &self.popup {
                popup.playing();
            }
            self.finish_game();
        }
    }

    pub(crate) fn scratch_end(&mut self) {
        if let Some(Play { board: Board::Scratch(card), .. }) = self.game.play.as_mut() {
            card.lift();
        }
    }

    /// The board has landed: say what was won, show its code, copy and apply-to-cart.
    fn finish_game(&mut self) {
        let Some(play) = self.game.play.as_mut() else { return };
        if play.finished {
            return;
        }
        play.finished = true;
        let prize = self.config.game.as_ref().and_then(|game| game.prizes.get(play.prize));
        let code = play.code.clone().or_else(|| prize.and_then(|p| p.code.clone()));
        let texts = self.lang.texts();
        let success = self.config.game.as_ref().and_then(|game| game.own.success.as_deref());
        let message = match (prize, &code) {
            (Some(prize), Some(_)) => texts.won_message(success, &prize.label, self.lang.is_rtl()),
            _ => texts.lost.to_string(),
        };
        let apply_link = code.as_deref().and_then(|code| self.apply_link(code));
        if let Some(popup) = &self.popup {
            popup.announce(&message);
            popup.reveal(&message, code.as_deref(), apply_link.as_deref());
        }
        let prize_label = prize.map(|p| p.label.clone());
        if let Some(code) = &code {
            self.remember_code(code);
        }
        if let (Some(campaign), Some(label)) = (self.game_campaign(), prize_label) {
            super::emit::prize(&self.window, campaign, &label, code.as_deref());
        }
    }

    pub(super) fn reduced_motion(&self) -> bool {
        let query = self.window.match_media("(prefers-reduced-motion: reduce)").ok().flatten();
        query.is_some_and(|q| q.matches())
    }
}

