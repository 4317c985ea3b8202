//! When the welcome popup shows: after a delay on the page, or at a scroll depth, whichever
//! comes first, at most once per page view.

/// The welcome trigger of one page view. Time is passed in, so tests step it by hand.
#[derive(Clone, Debug)]
pub struct WelcomeTrigger {
    delay_ms: Option<u64>,
    scroll_percent: Option<u8>,
    page_shown_at: u64,
    fired: bool,
}

impl WelcomeTrigger {
    pub fn new(delay_ms: Option<u64>, scroll_percent: Option<u8>, now: u64) -> Self {
        WelcomeTrigger { delay_ms, scroll_percent, page_shown_at: now, fired: false }
    }

    /// When the delay rule fires, for the web layer's timer; `None` once fired or without delay.
    pub fn due_at(&self) -> Option<u64> {
        if self.fired {
            return None;
        }
        self.delay_ms.map(|delay| self.page_shown_at.saturating_add(delay))
    }

    /// Whether scroll events matter: a scroll rule is set and has not fired.
    pub fn watches_scroll(&self) -> bool {
        !self.fired && self.scroll_percent.is_some()
    }

    /// The clock advanced; true exactly once, when the popup should show.
    pub fn on_time(&mut self, now: u64) -> bool {
        let due = self.due_at().is_some_and(|due| now >= due);
        self.fire_if(due)
    }

    /// The shopper scrolled; `depth_percent` is how much of the page has been seen (0–100).
    pub fn on_scroll(&mut self, depth_percent: f64) -> bool {
        let deep_enough = self.scroll_reached(depth_percent);
        self.fire_if(deep_enough)
    }

    /// Whether a scroll to `depth_percent` is half way to the scroll rule's depth: the popup may
    /// show soon, so its views are worth fetching now. False once fired or without the rule.
    pub fn scroll_half_way(&self, depth_percent: f64) -> bool {
        !self.fired && self.scroll_percent.is_some_and(|target| depth_percent * 2.0 >= f64::from(target))
    }

    /// Whether `depth_percent` (see [`scroll_depth_percent`]) meets the scroll rule, without
    /// firing it: at the page's top, what its first screen shows already does (a rule of 5% on
    /// most pages), so the shopper's first scroll, however small, shows the popup. False once
    /// fired or without the rule.
    pub fn scroll_reached(&self, depth_percent: f64) -> bool {
        !self.fired && self.scroll_percent.is_some_and(|target| depth_percent >= f64::from(target))
    }

    fn fire_if(&mut self, condition: bool) -> bool {
        let fire = condition && !self.fired;
        self.fired |= fire;
        fire
    }
}

/// How far down the page the shopper has seen, in percent, from the window's metrics.
pub fn scroll_depth_percent(scroll_top: f64, viewport_height: f64, page_height: f64) -> f64 {
    if page_height <= 0.0 {
        return 100.0;
    }
    ((scroll_top + viewport_height) / page_height * 100.0).clamp(0.0, 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_way_to_the_scroll_depth_is_when_views_are_fetched() {
        let mut trigger = WelcomeTrigger::new(None, Some(60), 0);
        assert!(!trigger.scroll_half_way(29.9));
        assert!(trigger.scroll_half_way(30.0));
        assert!(trigger.on_scroll(60.0));
        assert!(!trigger.scroll_half_way(90.0), "fired: nothing more to fetch for");
        assert!(!WelcomeTrigger::new(Some(5_000), None, 0).scroll_half_way(100.0), "no scroll rule");
    }

    #[test]
    fn a_depth_the_top_screen_shows_is_reached_without_firing() {
        // A 720 px screen at the top of a 3,000 px page has shown 24% of it.
        let at_top = scroll_depth_percent(0.0, 720.0, 3_000.0);
        let mut trigger = WelcomeTrigger::new(None, Some(5), 0);
        assert!(trigger.scroll_reached(at_top));
        assert!(trigger.scroll_reached(at_top), "weighing it fires nothing");
        assert!(!WelcomeTrigger::new(None, Some(25), 0).scroll_reached(at_top), "more than the top screen shows");
        assert!(trigger.on_scroll(at_top));
        assert!(!trigger.scroll_reached(100.0), "fired");
        assert!(!WelcomeTrigger::new(Some(5_000), None, 0).scroll_reached(100.0), "no scroll rule");
    }

    #[test]
    fn delay_fires_once_at_its_time() {
        let mut trigger = WelcomeTrigger::new(Some(5_000), None, 1_000);
        assert_eq!(trigger.due_at(), Some(6_000));
        assert!(!trigger.on_time(5_999));
        assert!(trigger.on_time(6_000));
        assert!(!trigger.on_time(7_000), "fires once per page view");
        assert_eq!(trigger.due_at(), None);
    }

    #[test]
    fn scroll_fires_at_its_depth_and_not_before() {
        let mut trigger = WelcomeTrigger::new(None, Some(50), 0);
        assert!(trigger.watches_scroll());
        assert_eq!(trigger.due_at(), None);
        assert!(!trigger.on_time(u64::MAX));
        assert!(!trigger.on_scroll(49.9));
        assert!(trigger.on_scroll(50.0));
        assert!(!trigger.on_scroll(80.0));
        assert!(!trigger.watches_scroll());
    }

    #[test]
    fn whichever_rule_comes_first_wins_and_the_other_is_spent() {
        let mut scrolled_first = WelcomeTrigger::new(Some(10_000), Some(30), 0);
        assert!(scrolled_first.on_scroll(40.0));
        assert!(!scrolled_first.on_time(10_000));

        let mut waited_first = WelcomeTrigger::new(Some(10_000), Some(30), 0);
        assert!(waited_first.on_time(10_000));
        assert!(!waited_first.on_scroll(40.0));
    }

    #[test]
    fn without_rules_nothing_fires() {
        let mut trigger = WelcomeTrigger::new(None, None, 0);
        assert!(!trigger.on_time(u64::MAX) && !trigger.on_scroll(100.0));
        assert!(!trigger.watches_scroll());
    }


    #[test]
    fn scroll_depth_counts_the_visible_bottom_edge() {
        assert_eq!(scroll_depth_percent(0.0, 500.0, 1_000.0), 50.0);
        assert_eq!(scroll_depth_percent(500.0, 500.0, 1_000.0), 100.0);
        assert_eq!(scroll_depth_percent(0.0, 800.0, 400.0), 100.0);
        assert_eq!(scroll_depth_percent(0.0, 800.0, 0.0), 100.0);
    }
}
