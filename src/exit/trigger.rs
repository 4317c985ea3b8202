//! When the exit prompt shows: when the shopper is about to leave, at most once per page view.

/// How the exit prompt recognises a shopper about to leave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExitRules {
    /// The pointer leaving through the top edge within this many pixels (desktop).
    pub sensitivity_px: u32,
    /// How long the pointer must stay out; coming back within it cancels.
    pub delay_ms: u64,
    /// Time on the page before any rule is armed.
    pub min_time_ms: u64,
    /// Phones: a fast scroll back up toward the top after scrolling down.
    pub scroll_up: bool,
    /// Coming back to the tab after switching away.
    pub tab_return: bool,
}

/// What the page reports to the exit trigger.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ExitSignal {
    /// The pointer left the document at this height from the top of the viewport.
    PointerLeft { y: f64 },
    PointerReturned,
    /// The page is scrolled to this offset.
    Scrolled { y: f64 },
    /// A finger touched the page. A tap (no movement after it) is not scrolling: a scroll that
    /// follows it was started by the page (a "Back to top" button, an anchor, focus).
    FingerDown,
    /// The shopper is scrolling by hand: a finger moved on the page, or a wheel turned.
    HandScroll,
    Hidden,
    Visible,
}

/// What the web layer should do next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStep {
    Nothing,
    /// Call `on_time` at this moment.
    CheckAt(u64),
    Fire,
}

/// A scroll-up counts as fast at this speed (pixels per millisecond)...
pub const FAST_SCROLL_PX_PER_MS: f64 = 1.5;
/// ...after the shopper has scrolled at least this far down...
pub const MIN_SCROLLED_PX: f64 = 600.0;
/// ...and once it brings them into the top third of how far they had gone.
pub const TOWARD_TOP_SHARE: f64 = 1.0 / 3.0;
/// Scrolling counts as the shopper's own within this long of their finger or wheel moving, or
/// of the previous scroll event of a scroll they started: the momentum a flick leaves behind
/// arrives every frame and keeps it theirs, while a script's scroll after a pause does not.
pub const HAND_SCROLL_WINDOW_MS: u64 = 300;

#[derive(Clone, Debug)]
pub struct ExitTrigger {
    rules: ExitRules,
    page_shown_at: u64,
    left_at: Option<u64>,
    hidden: bool,
    deepest_y: f64,
    last_scroll: Option<(u64, f64)>,
    /// When the shopper's finger or wheel last moved the page; `None` after a plain tap.
    hand_scroll_at: Option<u64>,
    fired: bool,
}

impl ExitTrigger {
    pub fn new(rules: ExitRules, now: u64) -> Self {
        ExitTrigger { rules, page_shown_at: now, left_at: None, hidden: false, deepest_y: 0.0, last_scroll: None, hand_scroll_at: None, fired: false }
    }

    pub fn rules(&self) -> &ExitRules {
        &self.rules
    }

    fn armed(&self, now: u64) -> bool {
        !self.fired && now >= self.page_shown_at.saturating_add(self.rules.min_time_ms)
    }

    pub fn on(&mut self, signal: ExitSignal, now: u64) -> ExitStep {
        match signal {
            ExitSignal::PointerLeft { y } => {
                if !self.armed(now) || y > f64::from(self.rules.sensitivity_px) {
                    return ExitStep::Nothing;
                }
                self.left_at = Some(now);
                if self.rules.delay_ms == 0 {
                    return self.fire();
                }
                ExitStep::CheckAt(now.saturating_add(self.rules.delay_ms))
            }
            ExitSignal::PointerReturned => {
                self.left_at = None;
                ExitStep::Nothing
            }
            ExitSignal::Scrolled { y } => self.on_scroll(y, now),
            ExitSignal::FingerDown => {
                self.hand_scroll_at = None;
                ExitStep::Nothing
            }
            ExitSignal::HandScroll => {
                self.hand_scroll_at = Some(now);
                ExitStep::Nothing
            }
            ExitSignal::Hidden => {
                self.hidden = true;
                ExitStep::Nothing
            }
            ExitSignal::Visible => {
                let came_back = std::mem::take(&mut self.hidden);
                if came_back && self.rules.tab_return && self.armed(now) {
                    return self.fire();
                }
                ExitStep::Nothing
            }
        }
    }

    /// The delay after the pointer left has run: fire if it has not come back.
    pub fn on_time(&mut self, now: u64) -> ExitStep {
        match self.left_at {
            Some(left_at) if now >= left_at.saturating_add(self.rules.delay_ms) && self.armed(now) => self.fire(),
            _ => ExitStep::Nothing,
        }
    }

    /// The prompt could not show (an empty cart): watch again for the next exit.
    pub fn rearm(&mut self) {
        self.fired = false;
        self.left_at = None;
    }

    fn on_scroll(&mut self, y: f64, now: u64) -> ExitStep {
        let previous = self.last_scroll.replace((now, y));
        self.deepest_y = self.deepest_y.max(y);
        let Some((then, previous_y)) = previous else { return ExitStep::Nothing };
        let elapsed = now.saturating_sub(then).max(1) as f64;
        let fast_up = (previous_y - y) / elapsed >= FAST_SCROLL_PX_PER_MS;
        let toward_top = y <= self.deepest_y * TOWARD_TOP_SHARE;
        // Only the shopper's own scrolling is leaving; the page scrolling itself is not.
        let by_hand = self.hand_scroll_at.is_some_and(|at| now.saturating_sub(at) <= HAND_SCROLL_WINDOW_MS);
        if by_hand {
            self.hand_scroll_at = Some(now);
        }
        if self.rules.scroll_up && self.armed(now) && by_hand && self.deepest_y >= MIN_SCROLLED_PX && fast_up && toward_top {
            return self.fire();
        }
        ExitStep::Nothing
    }

    fn fire(&mut self) -> ExitStep {
        self.fired = true;
        self.left_at = None;
        ExitStep::Fire
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: ExitRules = ExitRules { sensitivity_px: 20, delay_ms: 300, min_time_ms: 3_000, scroll_up: true, tab_return: true };

    fn exit(rules: ExitRules) -> ExitTrigger {
        ExitTrigger::new(rules, 0)
    }

    #[test]
    fn leaving_through_the_top_fires_after_the_delay() {
        let mut trigger = exit(RULES);
        assert_eq!(trigger.on(ExitSignal::PointerLeft { y: 5.0 }, 10_000), ExitStep::CheckAt(10_300));
        assert_eq!(trigger.on_time(10_299), ExitStep::Nothing);
        assert_eq!(trigger.on_time(10_300), ExitStep::Fire);
        assert_eq!(trigger.on(ExitSignal::PointerLeft { y: 5.0 }, 20_000), ExitStep::Nothing, "once per page view");
    }

    #[test]
    fn coming_back_inside_the_delay_cancels() {
        let mut trigger = exit(RULES);
        trigger.on(ExitSignal::PointerLeft { y: 0.0 }, 10_000);
        trigger.on(ExitSignal::PointerReturned, 10_100);
        assert_eq!(trigger.on_time(10_300), ExitStep::Nothing);
        assert_eq!(trigger.on(ExitSignal::PointerLeft { y: 0.0 }, 11_000), ExitStep::CheckAt(11_300), "still armed");
    }

    #[test]
    fn leaving_below_the_sensitivity_or_before_the_minimum_time_does_nothing() {
        let mut trigger = exit(RULES);
        assert_eq!(trigger.on(ExitSignal::PointerLeft { y: 21.0 }, 10_000), ExitStep::Nothing, "left through the side");
        assert_eq!(trigger.on(ExitSignal::PointerLeft { y: 0.0 }, 2_999), ExitStep::Nothing, "not armed yet");
        assert_eq!(trigger.on_time(3_400), ExitStep::Nothing);
    }

    #[test]
    fn no_delay_fires_at_once() {
        let mut trigger = exit(ExitRules { delay_ms: 0, ..RULES });
        assert_eq!(trigger.on(ExitSignal::PointerLeft { y: 0.0 }, 5_000), ExitStep::Fire);
    }

    #[test]
    fn a_fast_scroll_back_up_after_scrolling_down_fires() {
        let mut trigger = exit(RULES);
        for (t, y) in [(4_000, 0.0), (5_000, 900.0), (6_000, 1_500.0), (6_500, 1_400.0)] {
            assert_eq!(trigger.on(ExitSignal::Scrolled { y }, t), ExitStep::Nothing, "reading at {y}");
        }
        trigger.on(ExitSignal::FingerDown, 6_550);
        trigger.on(ExitSignal::HandScroll, 6_600);
        // 1,000 px up in 200 ms, ending in the top third of the 1,500 px scrolled.
        assert_eq!(trigger.on(ExitSignal::Scrolled { y: 400.0 }, 6_700), ExitStep::Fire);
    }

    /// The same fast scroll up, started in each way a page scrolls itself or by hand.
    fn fast_scroll_up_after(gesture: &[(ExitSignal, u64)]) -> ExitStep {
        let mut trigger = exit(RULES);
        trigger.on(ExitSignal::HandScroll, 4_900);
        trigger.on(ExitSignal::Scrolled { y: 0.0 }, 4_950);
        trigger.on(ExitSignal::Scrolled { y: 1_500.0 }, 5_000);
        for (signal, at) in gesture {
            trigger.on(*signal, *at);
        }
        trigger.on(ExitSignal::Scrolled { y: 1_400.0 }, 9_000);
        trigger.on(ExitSignal::Scrolled { y: 0.0 }, 9_200)
    }

    #[test]
    fn only_the_shoppers_own_scrolling_is_leaving() {
        use ExitSignal::{FingerDown, HandScroll, Scrolled};
        // A "Back to top" button or an anchor: a tap, then the page scrolls itself.
        assert_eq!(fast_scroll_up_after(&[(FingerDown, 8_900)]), ExitStep::Nothing, "tap then scrollTo");
        // A script or focus: no touch at all, and the last hand scroll was long ago.
        assert_eq!(fast_scroll_up_after(&[]), ExitStep::Nothing, "scrollTo from a script");
        // A tap right after scrolling by hand still ends the hand's scroll.
        assert_eq!(fast_scroll_up_after(&[(HandScroll, 8_800), (FingerDown, 8_950)]), ExitStep::Nothing, "tap after a swipe");
        // A finger flick up, and its momentum a moment after the finger left.
        assert_eq!(fast_scroll_up_after(&[(FingerDown, 8_900), (HandScroll, 8_950)]), ExitStep::Fire, "flick");
        let momentum = [(FingerDown, 8_400), (HandScroll, 8_500), (Scrolled { y: 1_490.0 }, 8_750), (Scrolled { y: 1_450.0 }, 8_950)];
        assert_eq!(fast_scroll_up_after(&momentum), ExitStep::Fire, "momentum after the finger left");
        assert_eq!(fast_scroll_up_after(&[(HandScroll, 8_990)]), ExitStep::Fire, "mouse wheel");
        assert_eq!(fast_scroll_up_after(&[(FingerDown, 8_000), (HandScroll, 8_100)]), ExitStep::Nothing, "flick long over");
    }

    #[test]
    fn slow_scrolling_up_or_a_short_page_does_not_fire() {
        let mut slow = exit(RULES);
        for (t, y) in [(4_000, 1_500.0), (6_000, 1_000.0), (8_000, 400.0), (10_000, 0.0)] {
            slow.on(ExitSignal::HandScroll, t);
            assert_eq!(slow.on(ExitSignal::Scrolled { y }, t), ExitStep::Nothing);
        }
        let mut short = exit(RULES);
        short.on(ExitSignal::HandScroll, 4_000);
        short.on(ExitSignal::Scrolled { y: 500.0 }, 4_000);
        assert_eq!(short.on(ExitSignal::Scrolled { y: 0.0 }, 4_050), ExitStep::Nothing, "never scrolled 600 px");
        let mut off = exit(ExitRules { scroll_up: false, ..RULES });
        off.on(ExitSignal::HandScroll, 4_000);
        off.on(ExitSignal::Scrolled { y: 1_500.0 }, 4_000);
        assert_eq!(off.on(ExitSignal::Scrolled { y: 0.0 }, 4_050), ExitStep::Nothing, "rule switched off");
    }

    #[test]
    fn coming_back_to_the_tab_fires_when_enabled() {
        let mut trigger = exit(RULES);
        assert_eq!(trigger.on(ExitSignal::Visible, 5_000), ExitStep::Nothing, "never left");
        trigger.on(ExitSignal::Hidden, 5_000);
        assert_eq!(trigger.on(ExitSignal::Visible, 9_000), ExitStep::Fire);
        let mut off = exit(ExitRules { tab_return: false, ..RULES });
        off.on(ExitSignal::Hidden, 5_000);
        assert_eq!(off.on(ExitSignal::Visible, 9_000), ExitStep::Nothing);
    }

    #[test]
    fn rearming_after_an_empty_cart_watches_again() {
        let mut trigger = exit(ExitRules { delay_ms: 0, ..RULES });
        assert_eq!(trigger.on(ExitSignal::PointerLeft { y: 0.0 }, 5_000), ExitStep::Fire);
        trigger.rearm();
        assert_eq!(trigger.on(ExitSignal::PointerLeft { y: 0.0 }, 6_000), ExitStep::Fire);
    }
}
