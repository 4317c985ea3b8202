//! Readable colours from the merchant's accent, by WCAG 2.2's contrast rules.
//!
//! The accent fills buttons, the wheel's slices and the teaser tab, and marks text, dashed code
//! borders and focus rings on the white dialog. Any accent a merchant picks must still meet
//! WCAG 2.2 AA: 4.5:1 for text (SC 1.4.3), 3:1 for focus indicators and UI parts (SC 1.4.11).
//! So the fill keeps the merchant's colour with black or white text, whichever is readable, and
//! the accent used as ink on white is darkened until it reads as text.

/// Contrast WCAG 2.2 requires of normal-size text (SC 1.4.3, level AA).
pub const TEXT_CONTRAST: f64 = 4.5;

/// The dialog's background, against which the accent is used as ink.
const WHITE: Rgb = Rgb(255, 255, 255);
/// Body text colour of the dialog: the dark choice for text on a light accent.
const DARK_TEXT: Rgb = Rgb(17, 24, 39);
const BLACK: Rgb = Rgb(0, 0, 0);

/// An sRGB colour, 8 bits a channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Reads `#rgb`, `#rgba`, `#rrggbb` or `#rrggbbaa` (CSS Color 4 hex notation). A colour with
    /// alpha is what it shows over the white dialog, so it is blended onto white here.
    pub fn from_hex(hex: &str) -> Option<Rgb> {
        let digits = hex.strip_prefix('#')?;
        let nibble = |i: usize| digits.get(i..i + 1).and_then(|d| u8::from_str_radix(d, 16).ok());
        let byte = |i: usize| digits.get(i..i + 2).and_then(|d| u8::from_str_radix(d, 16).ok());
        let (r, g, b, a) = match digits.len() {
            3 | 4 => {
                let short = |i: usize| nibble(i).map(|n| n * 17);
                (short(0)?, short(1)?, short(2)?, if digits.len() == 4 { short(3)? } else { 255 })
            }
            6 | 8 => (byte(0)?, byte(2)?, byte(4)?, if digits.len() == 8 { byte(6)? } else { 255 }),
            _ => return None,
        };
        let over_white = |channel: u8| {
            let alpha = f64::from(a) / 255.0;
            (f64::from(channel) * alpha + 255.0 * (1.0 - alpha)).round() as u8
        };
        Some(Rgb(over_white(r), over_white(g), over_white(b)))
    }

    /// `#rrggbb`, lower case.
    pub fn to_hex(self) -> String {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut hex = String::from("#");
        for channel in [self.0, self.1, self.2] {
            hex.push(char::from(DIGITS[usize::from(channel >> 4)]));
            hex.push(char::from(DIGITS[usize::from(channel & 15)]));
        }
        hex
    }

    /// Relative luminance, 0 (black) to 1 (white), as WCAG 2.2 defines it.
    pub fn luminance(self) -> f64 {
        let linear = |channel: u8| {
            let c = f64::from(channel) / 255.0;
            if c <= 0.040_45 {
                c / 12.92
            } else {
                powf((c + 0.055) / 1.055, 2.4)
            }
        };
        0.2126 * linear(self.0) + 0.7152 * linear(self.1) + 0.0722 * linear(self.2)
    }

    /// Contrast ratio between two colours, 1 to 21 (WCAG 2.2, "contrast ratio").
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (light, dark) = if a > b { (a, b) } else { (b, a) };
        (light + 0.05) / (dark + 0.05)
    }

    /// This colour mixed toward black by `amount` (0 keeps it, 1 is black).
    fn darken(self, amount: f64) -> Rgb {
        let keep = |channel: u8| (f64::from(channel) * (1.0 - amount)).round() as u8;
        Rgb(keep(self.0), keep(self.1), keep(self.2))
    }
}

/// `base^exponent` for `base` in [0, 1]: `f64::powf` needs std's libm, which the core avoids
/// pulling into the wasm for this one use; `exp(exponent * ln(base))` by series is exact enough
/// for colours (tested against `powf` natively).
fn powf(base: f64, exponent: f64) -> f64 {
    if base <= 0.0 {
        return 0.0;
    }
    exp(exponent * ln(base))
}

fn ln(x: f64) -> f64 {
    // ln(x) = 2 artanh((x - 1) / (x + 1)), after scaling x into [0.5, 2) by powers of two.
    let (mut x, mut twos) = (x, 0i32);
    while x < 0.5 {
        x *= 2.0;
        twos -= 1;
    }
    while x >= 2.0 {
        x /= 2.0;
        twos += 1;
    }
    let y = (x - 1.0) / (x + 1.0);
    let (mut term, mut sum) = (y, 0.0);
    for k in 0..40 {
        sum += term / f64::from(2 * k + 1);
        term *= y * y;
    }
    2.0 * sum + f64::from(twos) * core::f64::consts::LN_2
}

fn exp(x: f64) -> f64 {
    // e^x = (e^(x / 2^k))^(2^k), with the series on a small argument.
    let mut halvings = 0;
    let mut small = x;
    while small.abs() > 0.5 {
        small /= 2.0;
        halvings += 1;
    }
    let (mut term, mut sum) = (1.0, 1.0);
    for k in 1..30 {
        term *= small / f64::from(k);
        sum += term;
    }
    for _ in 0..halvings {
        sum *= sum;
    }
    sum
}

/// The colours the views use, all derived from the merchant's accent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Palette {
    /// The merchant's colour as given: button, slice and tab fills.
    pub accent: String,
    /// Text on the accent fill: white, or dark text when white would not read.
    pub on_accent: String,
    /// The accent as text, dashed border or focus ring on the white dialog: the merchant's colour,
    /// darkened just enough to read as text when it is too light.
    pub ink: String,
    /// Whether `ink` had to differ from the merchant's colour (the merchant is told once).
    pub adjusted: bool,
}

impl Palette {
    /// The palette for a valid hex accent (see [`Rgb::from_hex`]); `None` for anything else.
    pub fn from_accent(accent: &str) -> Option<Palette> {
        let fill = Rgb::from_hex(accent)?;
        Some(Palette {
            accent: accent.to_string(),
            on_accent: readable_on(fill).to_hex(),
            ink: ink_on_white(fill).to_hex(),
            adjusted: fill.contrast(WHITE) < TEXT_CONTRAST,
        })
    }
}

impl Palette {
    /// The one console line telling the merchant their accent was too light to read as text on
    /// white, and what is used instead; `None` when nothing was changed.
    pub fn notice(&self) -> Option<String> {
        if !self.adjusted {
            return None;
        }
        let mut text = String::from("Doorman: data-accent=\"");
        text.push_str(&self.accent);
        text.push_str("\" is too light for text on white (WCAG AA asks 4.5:1); buttons keep it with ");
        text.push_str(if self.on_accent == "#ffffff" { "white" } else { "dark" });
        text.push_str(" text, and links, code borders and focus rings use ");
        text.push_str(&self.ink);
        text.push('.');
        Some(text)
    }
}

/// Text colour for a fill: white when it reads, else the dialog's dark text, else black. One of
/// white and black always reaches 4.58:1, the worst case being a fill of luminance ~0.18.
pub fn readable_on(fill: Rgb) -> Rgb {
    if fill.contrast(WHITE) >= TEXT_CONTRAST {
        WHITE
    } else if fill.contrast(DARK_TEXT) >= TEXT_CONTRAST {
        DARK_TEXT
    } else {
        BLACK
    }
}

/// The lightest shade of `colour` (mixed toward black in 2 % steps) that reads as text on white.
fn ink_on_white(colour: Rgb) -> Rgb {
    (0..=50)
        .map(|step| colour.darken(f64::from(step) / 50.0))
        .find(|shade| shade.contrast(WHITE) >= TEXT_CONTRAST)
        .unwrap_or(BLACK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_the_published_ratios() {
        // Reference values from the WCAG definition: black on white is 21:1, a colour on itself 1:1.
        assert!((BLACK.contrast(WHITE) - 21.0).abs() < 1e-9);
        assert!((WHITE.contrast(WHITE) - 1.0).abs() < 1e-9);
        // White on #f60 is 2.93:1, the failing case the README's own example produced.
        let orange = Rgb::from_hex("#f60").unwrap();
        assert!((orange.contrast(WHITE) - 2.94).abs() < 0.01, "{}", orange.contrast(WHITE));
        // #767676 is the well-known lightest grey that passes 4.5:1 on white.
        assert!(Rgb::from_hex("#767676").unwrap().contrast(WHITE) >= 4.5);
        assert!(Rgb::from_hex("#777777").unwrap().contrast(WHITE) < 4.5);
    }

    #[test]
    fn the_power_series_agrees_with_std() {
        for i in 0..=100 {
            let base = f64::from(i) / 100.0;
            assert!((powf(base, 2.4) - base.powf(2.4)).abs() < 1e-12, "{base}");
        }
    }

    #[test]
    fn hex_forms_read_alike() {
        assert_eq!(Rgb::from_hex("#f60"), Some(Rgb(255, 102, 0)));
        assert_eq!(Rgb::from_hex("#FF6600"), Some(Rgb(255, 102, 0)));
        assert_eq!(Rgb::from_hex("#ff6600ff"), Some(Rgb(255, 102, 0)));
        assert_eq!(Rgb::from_hex("#0000"), Some(WHITE), "fully transparent shows the white dialog");
        assert_eq!(Rgb::from_hex("#00000080"), Some(Rgb(127, 127, 127)));
        for bad in ["f60", "#12345", "#ggg", "", "#", "#ff66001"] {
            assert_eq!(Rgb::from_hex(bad), None, "{bad}");
        }
        assert_eq!(Rgb(11, 122, 117).to_hex(), "#0b7a75");
    }

    #[test]
    fn every_accent_gives_aa_text_and_ink() {
        // Every 4-bit-per-channel colour, so the light, dark, saturated and grey corners are all in.
        for r in 0..16u8 {
            for g in 0..16u8 {
                for b in 0..16u8 {
                    let hex = Rgb(r * 17, g * 17, b * 17).to_hex();
                    let palette = Palette::from_accent(&hex).unwrap();
                    let fill = Rgb::from_hex(&palette.accent).unwrap();
                    let text = Rgb::from_hex(&palette.on_accent).unwrap();
                    let ink = Rgb::from_hex(&palette.ink).unwrap();
                    assert!(fill.contrast(text) >= TEXT_CONTRAST, "{hex}: text on fill");
                    assert!(ink.contrast(WHITE) >= TEXT_CONTRAST, "{hex}: ink on white");
                    assert_eq!(palette.adjusted, palette.ink != hex, "{hex}");
                }
            }
        }
    }

    #[test]
    fn readable_accents_are_kept_and_light_ones_adjusted() {
        let default = Palette::from_accent("#0b7a75").unwrap();
        assert_eq!((default.on_accent.as_str(), default.ink.as_str(), default.adjusted), ("#ffffff", "#0b7a75", false));
        let orange = Palette::from_accent("#f60").unwrap();
        assert_eq!(orange.accent, "#f60", "the fill stays the merchant's colour");
        assert_eq!(orange.on_accent, "#111827", "dark text on orange: 6.1:1");
        assert!(orange.adjusted);
        assert_ne!(orange.ink, "#ff6600");
        assert_eq!(
            orange.notice().unwrap(),
            format!("Doorman: data-accent=\"#f60\" is too light for text on white (WCAG AA asks 4.5:1); buttons keep it with dark text, and links, code borders and focus rings use {}.", orange.ink)
        );
        assert_eq!(default.notice(), None);
        let yellow = Palette::from_accent("#ffeb3b").unwrap();
        assert_eq!(yellow.on_accent, "#111827");
        assert_eq!(Palette::from_accent("red"), None);
    }
}
