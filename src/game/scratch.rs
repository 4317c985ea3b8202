//! Scratch-card coverage: a coarse grid over the card records which cells the shopper's strokes
//! have cleared, so the reveal never has to read pixels back on every pointer move.

#[derive(Clone, Debug)]
pub struct Coverage {
    columns: usize,
    rows: usize,
    cleared: Vec<bool>,
    cleared_count: usize,
    /// Share of cells (0–100) that reveals the prize.
    threshold_percent: u8,
    revealed: bool,
}

impl Coverage {
    pub fn new(columns: usize, rows: usize, threshold_percent: u8) -> Coverage {
        let (columns, rows) = (columns.max(1), rows.max(1));
        Coverage {
            columns,
            rows,
            cleared: vec![false; columns * rows],
            cleared_count: 0,
            threshold_percent: threshold_percent.clamp(1, 100),
            revealed: false,
        }
    }

    /// Clears the cells a brush of `radius` touches at (`x`, `y`). Cells are square, so all three
    /// are in units of the card's width: `y` runs from 0 to `rows / columns`. True exactly once:
    /// when the share cleared reaches the threshold.
    pub fn scratch(&mut self, x: f64, y: f64, radius: f64) -> bool {
        let cell = 1.0 / self.columns as f64;
        for row in 0..self.rows {
            for column in 0..self.columns {
                let centre_x = (column as f64 + 0.5) * cell;
                let centre_y = (row as f64 + 0.5) * cell;
                let touched = (centre_x - x).powi(2) + (centre_y - y).powi(2) <= radius * radius;
                let index = row * self.columns + column;
                if touched && !self.cleared[index] {
                    self.cleared[index] = true;
                    self.cleared_count += 1;
                }
            }
        }
        self.check()
    }

    /// A stroke from one pointer position to the next: fast moves leave no gaps.
    pub fn stroke(&mut self, from: (f64, f64), to: (f64, f64), radius: f64) -> bool {
        let distance = ((to.0 - from.0).powi(2) + (to.1 - from.1).powi(2)).sqrt();
        let steps = (distance / (radius / 2.0).max(1e-3)).ceil().clamp(1.0, 200.0) as usize;
        let mut crossed = false;
        for step in 1..=steps {
            let t = step as f64 / steps as f64;
            crossed |= self.scratch(from.0 + (to.0 - from.0) * t, from.1 + (to.1 - from.1) * t, radius);
        }
        crossed
    }

    pub fn cleared_percent(&self) -> f64 {
        self.cleared_count as f64 * 100.0 / self.cleared.len() as f64
    }

    pub fn revealed(&self) -> bool {
        self.revealed
    }

    /// Reveals at once: the keyboard and screen-reader path.
    pub fn reveal(&mut self) -> bool {
        let first = !self.revealed;
        self.revealed = true;
        first
    }

    fn check(&mut self) -> bool {
        let crossed = !self.revealed && self.cleared_percent() >= f64::from(self.threshold_percent);
        self.revealed |= crossed;
        crossed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_single_point_clears_only_nearby_cells() {
        let mut card = Coverage::new(10, 10, 50);
        assert!(!card.scratch(0.05, 0.05, 0.01));
        assert_eq!(card.cleared_percent(), 1.0);
        assert!(!card.scratch(2.0, 2.0, 0.1), "off the card");
        assert_eq!(card.cleared_percent(), 1.0);
    }

    #[test]
    fn strokes_cross_the_threshold_once_when_enough_is_cleared() {
        let mut card = Coverage::new(20, 10, 50);
        // Each horizontal stroke with a brush a row tall clears one row (5 %).
        let mut crossed_at = None;
        for row in 0..10 {
            let y = (row as f64 + 0.5) / 20.0;
            if card.stroke((0.0, y), (1.0, y), 0.04) {
                assert!(crossed_at.is_none(), "crosses once");
                crossed_at = Some(row);
            }
        }
        assert_eq!(crossed_at, Some(4), "the fifth row brings it to 50 %");
        assert!(card.revealed());
        assert!(!card.scratch(0.5, 0.5, 1.0), "already revealed");
    }

    #[test]
    fn a_fast_stroke_leaves_no_gaps() {
        let mut card = Coverage::new(20, 1, 100);
        assert!(card.stroke((0.0, 0.025), (1.0, 0.025), 0.05));
        assert_eq!(card.cleared_percent(), 100.0);
    }

    #[test]
    fn revealing_by_button_counts_once() {
        let mut card = Coverage::new(4, 4, 60);
        assert!(card.reveal());
        assert!(!card.reveal());
        assert!(card.revealed());
    }
}
