//! The game campaign in the browser: when it opens, the teaser tab, the board (wheel or scratch
//! card) and playing it out. The board is on show from the moment the dialog opens, to lure; the
//! sign-up unlocks it, and the prize is always known before the board moves.

use crate::web::ignore_js;
use super::timer::{Frame, Timer};

use super::dialog::PopupContent;
use scratch::ScratchCard;
use wheel::Wheel;

mod scratch;
mod wheel;
use super::{could_not, now, random_bytes, storage, with_widget, Widget};
use crate::visitor::Visitor;
use crate::config::Game;
use crate::game::flow::{self, Arm, Move};
use crate::game::prize::Prize;
use crate::signup::report::Campaign;
use crate::texts::own_or;
use crate::game::wheel::rotation_at;

/// The game's state on this page view; dropping it cancels its delay and stops the board.
pub(crate) struct GameView {
    pub(crate) timer: Option<Timer>,
    /// The open game dialog's board and its play.
    pub(crate) play: Option<Play>,
    /// The teaser tab, held back by another campaign's dialog (a preview) until it closes.
    pub(crate) teaser_waits: bool,
}

/// The board of an open game dialog: on show from the start, playable once a prize is drawn.
pub struct Play {
    /// The drawn prize (an index into the game's prizes); `None` until the sign-up is in, and
    /// while it is `None` nothing plays the board.
    prize: Option<usize>,
    /// The shop's unique code, in shop-decided mode; else the prize's own.
    code: Option<String>,
    board: Board,
    spin: Option<Spin>,
    /// The next animation frame; dropping it cancels the spin's frames.
    frame: Option<Frame>,
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
        flow::campaign(&self.config)
    }

    /// The game's prizes; none when the game is off.
    pub(super) fn prizes(&self) -> &[Prize] {
        self.config.game.as_ref().map_or(&[], |game| &game.prizes)
    }

    /// At start: open the game after its delay, or offer it from the teaser tab.
    pub(super) fn arm_game(&mut self, arm: Arm) {
        let now = now();
        match arm {
            Arm::Nothing => {}
            Arm::Teaser => self.show_teaser(),
            Arm::OpenAt(at) => {
                self.game.timer = Timer::new(at.saturating_sub(now), || with_widget(|w| w.open_game()));
                self.prepare_views_before(at);
            }
        }
    }

    /// The game's teaser tab, once the views are here. Never behind an open dialog (a preview):
    /// it waits for that dialog's close, and closing the game's own dialog decides by its flow.
    pub(super) fn show_teaser(&mut self) {
        // Only a tag with the tab fetches the views for it.
        if self.config.game.as_ref().is_some_and(|game| game.teaser) {
            self.with_views_for_tab(Widget::show_teaser_now);
        }
    }

    #[inline(never)] // its own function: the views module takes it by name (tools/split.mjs)
    fn show_teaser_now(&mut self) {
        if self.teaser.is_some() {
            return;
        }
        // A dialog that opened while the views were on their way (a preview): the tab waits for
        // its close, unless it is the game's own, whose close decides (see `close_popup`).
        if let Some(popup) = &self.popup {
            self.game.teaser_waits = !matches!(popup.campaign(), Campaign::Wheel | Campaign::Scratch);
            return;
        }
        let texts = self.lang.texts();
        let label = if self.game_campaign() == Some(Campaign::Scratch) { texts.scratch_title } else { texts.wheel_title };
        self.show_tab(label, Widget::open_game, "the game's tab");
    }

    /// Opens the game's sign-up dialog (from its delay or the teaser).
    pub(crate) fn open_game(&mut self) {
        self.game.timer = None;
        let visitor: Visitor = self.store.load(storage::VISITOR);
        if flow::opens(&self.config, &visitor, self.popup.is_some(), now()) {
            // Not over a dialog that opened while the views or the texts came (a preview).
            self.with_views_when_triggered(|w| {
                if w.popup.is_none() {
                    w.show_game();
                }
            });
        }
    }

    /// Opens the game's dialog whatever its caps say: a preview, or the checks are done.
    pub(super) fn open_game_now(&mut self) {
        self.with_views(Widget::show_game);
    }

    #[inline(never)] // its own function: the views module takes it by name (tools/split.mjs)
    fn show_game(&mut self) {
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
        self.show_board();
    }

    /// Puts the board up in the dialog just opened: the wheel with its prizes, or the covered
    /// card, which nothing plays until the sign-up is in (see `start_play`).
    #[inline(never)] // its own function: the views module takes it by name (tools/split.mjs)
    fn show_board(&mut self) {
        let (Some(popup), Some(document), Some(game)) = (&self.popup, self.window.document(), self.config.game.as_ref()) else { return };
        let texts = self.lang.texts();
        let board = match game.kind {
            Game::Scratch => {
                let stage = popup.show_board(texts.reveal);
                ScratchCard::new(&self.window, &document, stage, game.threshold_percent).map(Board::Scratch)
            }
            Game::Wheel => {
                let stage = popup.show_board(texts.spin);
                ignore_js(stage.class_list().add_1("wheel-stage"));
                let labels: Vec<String> = game.prizes.iter().map(|p| p.label.clone()).collect();
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
        let board = board.unwrap_or(Board::Missing);
        self.game.play = Some(Play { prize: None, code: None, board, spin: None, frame: None, finished: false });
    }

    /// The sign-up is in and the prize decided: the board on show can be played for it.
    pub(super) fn start_play(&mut self, prize: usize, code: Option<String>) {
        self.awaiting_code_for = None;
        self.reveal_timer = None;
        let texts = self.lang.texts();
        let label = self.prizes().get(prize).map(|p| p.label.clone()).unwrap_or_default();
        let (Some(popup), Some(play)) = (&self.popup, self.game.play.as_mut()) else { return };
        if play.prize.is_some() {
            return;
        }
        play.prize = Some(prize);
        play.code = code;
        match &play.board {
            Board::Scratch(card) => {
                card.set_prize(&label);
                popup.unlock_play(texts.scratch_hint);
            }
            Board::Wheel(_) => popup.unlock_play(""),
            Board::Missing => {
                // The sign-up is in and the prize decided: the shopper gets them, board or not.
                popup.unlock_play("");
                popup.playing();
                self.finish_game();
            }
        }
    }

    /// The play button: spin the wheel, or reveal the card at once (the keyboard path).
    #[inline(never)] // its own function: the views module takes it by name (tools/split.mjs)
    pub(crate) fn play(&mut self) {
        let reduced_motion = self.reduced_motion();
        let random = random_bytes(&self.window)[4];
        let slices = self.prizes().len();
        let Some(play) = self.game.play.as_mut() else { return };
        let Some(prize) = play.prize.filter(|_| play.spin.is_none() && !play.finished) else { return };
        if let Some(popup) = &self.popup {
            popup.playing();
        }
        let board = match play.board {
            Board::Wheel(_) => flow::Board::Wheel,
            Board::Scratch(_) => flow::Board::Scratch,
            Board::Missing => flow::Board::Missing,
        };
        match (flow::play(board, prize, slices, random, reduced_motion), &mut play.board) {
            (Move::Spin { target, duration_ms }, board) => match Frame::request(&self.window, |time| with_widget(move |w| w.on_frame(time))) {
                Ok(frame) => {
                    play.spin = Some(Spin { target, duration_ms, started_at: None });
                    play.frame = Some(frame);
                    return;
                }
                // Without frames (the page's requestAnimationFrame throws) it lands at once, as
                // it does for reduced motion.
                Err(fault) => {
                    could_not("spin the wheel", &fault);
                    if let Board::Wheel(wheel) = board {
                        wheel.draw(target);
                    }
                }
            },
            (Move::Land { target }, Board::Wheel(wheel)) => wheel.draw(target),
            (Move::ClearCard, Board::Scratch(card)) => card.reveal(),
            _ => {}
        }
        self.finish_game();
    }

    fn on_frame(&mut self, time: f64) {
        let Some(play) = self.game.play.as_mut() else { return };
        let (Board::Wheel(wheel), Some(spin)) = (&play.board, play.spin.as_mut()) else { return };
        let started_at = *spin.started_at.get_or_insert(time);
        let elapsed = time - started_at;
        wheel.draw(rotation_at(elapsed, spin.duration_ms, spin.target));
        if elapsed < spin.duration_ms {
            match Frame::request(&self.window, |time| with_widget(move |w| w.on_frame(time))) {
                Ok(frame) => {
                    play.frame = Some(frame);
                    return;
                }
                // The page stopped giving frames mid-spin: it lands now.
                Err(fault) => {
                    could_not("spin the wheel", &fault);
                    wheel.draw(spin.target);
                }
            }
        }
        play.frame = None;
        self.finish_game();
    }

    pub(crate) fn scratch_at(&mut self, x: f64, y: f64, down: bool) {
        let Some(Play { board: Board::Scratch(card), finished: false, prize: Some(_), .. }) = self.game.play.as_mut() else { return };
        if card.scratch(x, y, down) {
            card.reveal();
            if let Some(popup) = &self.popup {
                popup.playing();
            }
            self.finish_game();
        }
    }

    #[inline(never)] // its own function: the views module takes it by name (tools/split.mjs)
    pub(crate) fn scratch_end(&mut self) {
        if let Some(Play { board: Board::Scratch(card), .. }) = self.game.play.as_mut() {
            card.lift();
        }
    }

    /// The board has landed: say what was won, show its code, copy and apply-to-cart.
    fn finish_game(&mut self) {
        let Some(play) = self.game.play.as_mut() else { return };
        let Some(index) = play.prize.filter(|_| !play.finished) else { return };
        play.finished = true;
        let Some(game) = self.config.game.as_ref() else { return };
        let outcome = flow::outcome(game, index, play.code.clone());
        let texts = self.lang.texts();
        let message = match outcome.won() {
            Some(label) => texts.won_message(game.own.success.as_deref(), label, self.lang.is_rtl()),
            None => texts.lost.to_string(),
        };
        let code = outcome.code;
        let apply_link = code.as_deref().and_then(|code| self.apply_link(code));
        if let Some(popup) = &self.popup {
            popup.announce(&message);
            popup.reveal(&message, code.as_deref(), apply_link.as_deref());
        }
        if let Some(code) = &code {
            self.remember_code(code);
        }
        if let (Some(campaign), Some(label)) = (self.game_campaign(), outcome.label) {
            super::emit::prize(&self.window, campaign, self.variant(), &label, code.as_deref());
        }
    }

    pub(super) fn reduced_motion(&self) -> bool {
        let query = self.window.match_media("(prefers-reduced-motion: reduce)").ok().flatten();
        query.is_some_and(|q| q.matches())
    }
}

