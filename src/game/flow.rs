//! The game campaign, decided in plain Rust: when it opens on a page view, whether a trigger may
//! open it now, the prize drawn for a sign-up, how the board plays it out, and what the outcome
//! shows. The web layer (`web::game`) puts the board up, runs the timers and frames and applies
//! these answers; the sign-up itself goes through `signup::flow`.
//!
//! The order is fixed: the board is on show (locked) from the moment the dialog opens, the sign-up
//! is recorded, the prize is drawn ([`draw`], or by the shop), and only then does anything move
//! ([`play`]) and the outcome show ([`outcome`]).

use crate::audience::PageView;
use crate::config::{Config, Game, GameConfig};
use crate::game::wheel::{landing_rotation, SPIN_MS, SPIN_TURNS};
use crate::signup::report::{Campaign, PrizeReport};
use crate::visitor::{GameVerdict, Visitor};

#[cfg(test)]
mod tests;

/// What the game does when a page view starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arm {
    /// Off, played, or dismissed within its cap without a teaser.
    Nothing,
    /// Only the teaser tab, which opens the game when clicked.
    Teaser,
    /// Open the game at this wall-clock time (ms), the teaser staying away until then.
    OpenAt(u64),
}

/// What the game does on a page view that starts at `now` (ms) for `visitor`: open after its
/// delay, offer itself from the teaser tab (after a dismissal within the cap, or with
/// `data-game-delay="off"`), or stay away (played, a returning customer, or off).
pub fn arm(config: &Config, visitor: &Visitor, view: &PageView, now: u64) -> Arm {
    if !config.audiences.game.allows(view) {
        return Arm::Nothing;
    }
    match visitor.game_verdict(config, now) {
        GameVerdict::Hidden => Arm::Nothing,
        GameVerdict::TeaserOnly => Arm::Teaser,
        GameVerdict::Open => match config.game.as_ref().and_then(|game| game.delay_ms) {
            Some(delay) => Arm::OpenAt(now.saturating_add(delay)),
            None => Arm::Teaser,
        },
    }
}

/// Whether the game's dialog opens now that its delay ran out or its teaser was clicked: never
/// over another dialog (`dialog_open`), and not once the visitor (read again: another tab may
/// have played meanwhile) has played or is a returning customer.
pub fn opens(config: &Config, visitor: &Visitor, dialog_open: bool, now: u64) -> bool {
    !dialog_open && visitor.game_verdict(config, now) != GameVerdict::Hidden
}

/// The campaign the game reports as: `wheel` or `scratch`; `None` when the game is off.
pub fn campaign(config: &Config) -> Option<Campaign> {
    config.game.as_ref().map(|game| match game.kind {
        Game::Wheel => Campaign::Wheel,
        Game::Scratch => Campaign::Scratch,
    })
}

/// The prize for a sign-up, drawn in the page from 32 random bits before anything moves, as it is
/// reported to the shop. `None` when the shop draws (`data-game-draw="shop"`) or no prize can be
/// won (every weight 0).
pub fn draw(game: &GameConfig, random: u32) -> Option<PrizeReport> {
    if game.shop_draw {
        return None;
    }
    let index = crate::game::prize::draw(&game.prizes, random)?;
    let prize = game.prizes.get(index)?;
    Some(PrizeReport { index, label: prize.label.clone(), code: prize.code.clone() })
}

/// The board the dialog could put up: the page may have no canvas to draw one on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Board {
    Wheel,
    Scratch,
    Missing,
}

/// How the board plays out a drawn prize when the shopper presses its button.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Move {
    /// Spin the wheel to `target` turns over `duration_ms`, then show the outcome.
    Spin { target: f64, duration_ms: f64 },
    /// Draw the wheel at `target` turns at once (reduced motion) and show the outcome.
    Land { target: f64 },
    /// Clear the whole card (the keyboard's way to scratch) and show the outcome.
    ClearCard,
    /// No board: show the outcome.
    Finish,
}

/// How `board` plays out `prize` (an index into the game's `slices` prizes). `random` picks where
/// in the slice the pointer stops; `reduced_motion` is the shopper's `prefers-reduced-motion`.
pub fn play(board: Board, prize: usize, slices: usize, random: u8, reduced_motion: bool) -> Move {
    match board {
        Board::Wheel => {
            let target = landing_rotation(prize, slices, f64::from(random) / 256.0, SPIN_TURNS);
            if reduced_motion {
                Move::Land { target }
            } else {
                Move::Spin { target, duration_ms: SPIN_MS }
            }
        }
        Board::Scratch => Move::ClearCard,
        Board::Missing => Move::Finish,
    }
}

/// What the dialog shows once the board has landed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The prize's label, for the `doorman:prize` event; `None` for an index outside the prizes.
    pub label: Option<String>,
    /// The code won: the shop's own in shop-decided mode, else the prize's; `None` is "no luck".
    /// A code is remembered, to be offered again on later pages.
    pub code: Option<String>,
}

impl Outcome {
    /// The label to announce as won ("You won: {prize}!"); `None` announces "no luck".
    pub fn won(&self) -> Option<&str> {
        self.code.as_ref().and(self.label.as_deref())
    }
}

/// The outcome of `prize` (an index into the game's prizes); `shop_code` is the unique code the
/// shop issued with its own draw, which goes before the prize's configured one.
pub fn outcome(game: &GameConfig, prize: usize, shop_code: Option<String>) -> Outcome {
    let prize = game.prizes.get(prize);
    let code = shop_code.or_else(|| prize.and_then(|p| p.code.clone()));
    Outcome { label: prize.map(|p| p.label.clone()), code }
}
