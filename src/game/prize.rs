//! The prizes of a game and the draw that picks one, decided before any animation.

use serde::{Deserialize, Serialize};

/// The most slices a wheel can show legibly, and the fewest that make a game.
pub const MAX_PRIZES: usize = 12;
pub const MIN_PRIZES: usize = 2;
/// Labels longer than this many characters are cut to it (with a warning): no wheel or card
/// shows that much, and the label travels in every report. A long label never stops the game;
/// the wheel shortens what it draws between user-perceived characters.
pub const MAX_LABEL_CHARS: usize = 200;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prize {
    pub label: String,
    /// `None` for a "no luck" slice.
    pub code: Option<String>,
    /// Relative chance; 0 means shown but never drawn.
    pub weight: u32,
}

impl Prize {
    pub fn wins(&self) -> bool {
        self.code.is_some()
    }
}

/// Reads `label|code|weight; label|code|weight; ...`. A missing code is a "no luck" prize, a
/// missing weight is 1. `None` when any prize is malformed or they make no game ([`playable`]).
/// Labels of any length are accepted: see [`shorten_labels`].
pub fn parse_prizes(value: &str) -> Option<Vec<Prize>> {
    let (prizes, refused) = parse_entries(value);
    (refused.is_empty() && playable(&prizes)).then_some(prizes)
}

/// Reads `value` entry by entry, as [`parse_prizes`] does: the prizes, and the entries (trimmed)
/// that are none, joined by `; `, each in the order written. Empty entries are no entry. The
/// full-width `；` and `｜` that Chinese input types, and the Arabic semicolon `؛` of Persian
/// and Arabic keyboards, separate as `;` and `|` do (a trial's `9折优惠｜ZH10｜30` was one label);
/// in a list without `;`, a line break separates prizes.
pub fn parse_entries(value: &str) -> (Vec<Prize>, String) {
    // Two-character patterns, as `config` replaces with: one more kind of pattern is a
    // searcher more in the wasm.
    let value = value.replace(['\u{ff1b}', '\u{61b}'], ";").replace(['\u{ff5c}', '\u{ff5c}'], "|");
    let mut prizes = Vec::new();
    let mut refused = String::new();
    // A list without `;` written one prize per line (a trial's merchant did); in one with `;`, a
    // line break is a space of a label written over two lines.
    let line = if value.bytes().any(|b| b == b';') { ';' } else { '\n' };
    for entry in value.split([';', line]).map(str::trim).filter(|entry| !entry.is_empty()) {
        match parse_prize(entry) {
            Some(prize) => prizes.push(prize),
            None => {
                if !refused.is_empty() {
                    refused.push_str("; ");
                }
                refused.push_str(entry);
            }
        }
    }
    (prizes, refused)
}

/// Whether `prizes` make a game: 2 to 12 of them, and one that can be drawn.
pub fn playable(prizes: &[Prize]) -> bool {
    (MIN_PRIZES..=MAX_PRIZES).contains(&prizes.len()) && prizes.iter().any(|p| p.weight > 0)
}

/// One `label|code|weight`: a label, a code of at most 64 letters, digits, `-` or `_` (none for
/// a "no luck" prize), and a whole weight of at most 1,000,000 in the digits
/// [`crate::config::ascii_number`] reads, a `%` after it allowed (weights are shares).
fn parse_prize(entry: &str) -> Option<Prize> {
    let mut parts = entry.split('|').map(str::trim);
    let label = crate::texts::plain(parts.next()?);
    if label.is_empty() {
        return None;
    }
    let code = match parts.next().unwrap_or_default() {
        "" => None,
        code if code.len() <= 64 && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') => {
            Some(code.to_string())
        }
        _ => return None,
    };
    let weight = match parts.next().unwrap_or_default() {
        "" => 1,
        weight => crate::config::ascii_number(weight).trim_end_matches('%').trim().parse().ok().filter(|w| *w <= 1_000_000)?,
    };
    parts.next().is_none().then_some(Prize { label, code, weight })
}

/// Cuts every label longer than [`MAX_LABEL_CHARS`] characters to that length
/// ([`crate::texts::cut`]), as the widget and the shop both read a prize table, so that a label
/// the page sends is one of the shop's; the first label that was cut, as it was, if any.
pub fn shorten_labels(prizes: &mut [Prize]) -> Option<String> {
    let mut first = None;
    for prize in prizes {
        let whole = prize.label.clone();
        if crate::texts::cut(&mut prize.label, MAX_LABEL_CHARS) {
            first.get_or_insert(whole);
        }
    }
    first
}

/// Picks a prize index in proportion to the weights, from 32 random bits (the web layer draws
/// them with `crypto.getRandomValues`). Zero-weight prizes are never picked.
pub fn draw(prizes: &[Prize], random: u32) -> Option<usize> {
    let total: u64 = prizes.iter().map(|p| u64::from(p.weight)).sum();
    if total == 0 {
        return None;
    }
    // Multiply-shift maps the 32 bits onto [0, total) without modulo's bias toward low values.
    let mut ticket = (u64::from(random) * total) >> 32;
    for (index, prize) in prizes.iter().enumerate() {
        let weight = u64::from(prize.weight);
        if ticket < weight {
            return Some(index);
        }
        ticket -= weight;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = "10% off|SPIN10|30; Free shipping|FREESHIP|20; 5% off|SPIN5|40; No luck this time||10";

    /// A small seeded generator, so the statistical test is repeatable.
    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u32 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 >> 32) as u32
        }
    }

    #[test]
    fn parses_the_merchant_format() {
        let prizes = parse_prizes(EXAMPLE).expect("valid");
        assert_eq!(prizes.len(), 4);
        assert_eq!(prizes[0], Prize { label: "10% off".into(), code: Some("SPIN10".into()), weight: 30 });
        assert_eq!(prizes[3], Prize { label: "No luck this time".into(), code: None, weight: 10 });
        assert_eq!(parse_prizes("A|X; B|Y").expect("weights default to 1")[1].weight, 1);
    }

    #[test]
    fn refuses_malformed_prizes() {
        for bad in ["", "Only one|X|1", "A|X|1; B|bad code|1", "A|X|-1; B|Y|1", "A|X|0; B|Y|0", "|X|1; B|Y|1", "A|X|1|extra; B|Y|1"] {
            assert_eq!(parse_prizes(bad), None, "{bad:?}");
        }
        let thirteen = vec!["P|C|1"; 13].join(";");
        assert_eq!(parse_prizes(&thirteen), None);
        assert_eq!(parse_prizes("\n\t|X|1; B|Y|1"), None, "a label of line breaks alone is none");
    }

    #[test]
    fn labels_are_plain_text() {
        let prizes = parse_prizes("10%\noff\t|SPIN10|1; No\r\nluck||1").expect("line breaks in labels are spaces");
        assert_eq!(prizes[0].label, "10% off");
        assert_eq!(prizes[1].label, "No luck");
    }

    #[test]
    fn long_labels_are_accepted_and_only_absurd_ones_cut() {
        let long = "🇫🇷🇩🇪🇮🇹🇪🇸🇳🇱🇧🇪🇦🇹🇨🇭🇵🇹🇬🇷 trip";
        let prizes = parse_prizes(&format!("{long}|TRIP|1; No luck||1")).expect("a long label is fine");
        assert_eq!(prizes[0].label, long);
        let mut prizes = prizes;
        assert!(shorten_labels(&mut prizes).is_none(), "25 characters are not absurd");
        let absurd = format!("{}\u{200d}👩 end", "a".repeat(MAX_LABEL_CHARS - 1));
        let mut prizes = parse_prizes(&format!("{absurd}|X|1; B|Y|1")).expect("accepted");
        assert_eq!(shorten_labels(&mut prizes).as_deref(), Some(absurd.as_str()));
        assert_eq!(prizes[0].label, "a".repeat(MAX_LABEL_CHARS - 1), "the dangling joiner went too");
        assert_eq!(prizes[1].label, "B");
    }

    #[test]
    fn the_draw_matches_the_weights_over_100_000_seeded_draws() {
        let prizes = parse_prizes(EXAMPLE).expect("valid");
        let mut counts = [0u32; 4];
        let mut random = XorShift(0x9E37_79B9_7F4A_7C15);
        let draws = 100_000;
        for _ in 0..draws {
            counts[draw(&prizes, random.next()).expect("drawable")] += 1;
        }
        let total_weight: f64 = prizes.iter().map(|p| f64::from(p.weight)).sum();
        let chi_square: f64 = prizes
            .iter()
            .zip(counts)
            .map(|(prize, observed)| {
                let expected = f64::from(draws) * f64::from(prize.weight) / total_weight;
                (f64::from(observed) - expected).powi(2) / expected
            })
            .sum();
        // Critical value of chi-square with 3 degrees of freedom at p = 0.001.
        assert!(chi_square < 16.266, "chi-square {chi_square} for counts {counts:?}");
    }

    #[test]
    fn zero_weight_prizes_are_never_drawn() {
        let prizes = parse_prizes("Jackpot|BIG|0; Small|SMALL|1; Tiny|TINY|3").expect("valid");
        let mut random = XorShift(42);
        for _ in 0..20_000 {
            assert_ne!(draw(&prizes, random.next()), Some(0));
        }
        assert_eq!(draw(&prizes, 0), Some(1), "the lowest ticket skips the empty slice");
        assert_eq!(draw(&prizes, u32::MAX), Some(2));
    }
}
