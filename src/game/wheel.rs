//! Wheel geometry: where each slice sits, how far to turn so the chosen slice stops under the
//! pointer, and the easing of the spin. Angles are in turns (1.0 = 360°), measured clockwise;
//! the pointer is fixed at 12 o'clock and slice 0 starts there, before any rotation.

/// How long a full spin takes, and how many whole turns it makes before landing.
pub const SPIN_MS: f64 = 4_500.0;
pub const SPIN_TURNS: u32 = 5;

/// The slice under the pointer once the wheel has turned clockwise by `rotation` turns.
pub fn slice_at(rotation: f64, slices: usize) -> usize {
    let slices = slices.max(1);
    // Turning the wheel clockwise brings the parts counter-clockwise of the pointer under it.
    let under_pointer = (1.0 - rotation.rem_euclid(1.0)).rem_euclid(1.0);
    ((under_pointer * slices as f64) as usize).min(slices - 1)
}

/// The rotation that lands `slice` under the pointer after `turns` whole turns. `offset` in
/// [0, 1) picks where in the slice the pointer stops, kept away from the edges so the result is
/// never ambiguous to the eye.
pub fn landing_rotation(slice: usize, slices: usize, offset: f64, turns: u32) -> f64 {
    let width = 1.0 / slices.max(1) as f64;
    let within = 0.15 + 0.7 * offset.clamp(0.0, 0.999_999);
    let under_pointer = (slice as f64 + within) * width;
    f64::from(turns) + (1.0 - under_pointer)
}

/// Which of three colours slice `slice` of `slices` is painted: 0 and 1 alternate round the
/// wheel, and with an odd count the last slice takes 2, since it touches slice 0 as well as
/// the one before it. No two neighbouring slices share a colour.
pub fn slice_colour(slice: usize, slices: usize) -> usize {
    if slices % 2 == 1 && slice + 1 == slices && slices > 1 {
        return 2;
    }
    slice % 2
}

/// Ease-out quartic: fast at first, settling gently, like a wheel losing momentum.
pub fn ease_out(t: f64) -> f64 {
    let t = t.clamp(0.0, 1.0);
    1.0 - (1.0 - t).powi(4)
}

/// The wheel's rotation `elapsed_ms` into a spin toward `target` that lasts `duration_ms`.
pub fn rotation_at(elapsed_ms: f64, duration_ms: f64, target: f64) -> f64 {
    if duration_ms <= 0.0 {
        return target;
    }
    target * ease_out(elapsed_ms / duration_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_landing_rotation_stops_on_the_chosen_slice_for_2_to_12_slices() {
        for slices in 2..=12 {
            for slice in 0..slices {
                for offset in [0.0, 0.25, 0.5, 0.75, 0.999_999] {
                    for turns in [0, SPIN_TURNS] {
                        let rotation = landing_rotation(slice, slices, offset, turns);
                        assert_eq!(slice_at(rotation, slices), slice, "{slices} slices, slice {slice}, offset {offset}");
                        assert_eq!(slice_at(rotation_at(SPIN_MS, SPIN_MS, rotation), slices), slice);
                    }
                }
            }
        }
    }

    #[test]
    fn the_spin_eases_out_and_ends_exactly_on_target() {
        let target = landing_rotation(3, 8, 0.5, SPIN_TURNS);
        let mut previous = 0.0;
        let mut previous_step = f64::MAX;
        for step in 1..=100 {
            let now = rotation_at(SPIN_MS * f64::from(step) / 100.0, SPIN_MS, target);
            assert!(now >= previous, "never turns back");
            let moved = now - previous;
            assert!(moved <= previous_step + 1e-9, "slows down");
            previous_step = moved;
            previous = now;
        }
        assert_eq!(rotation_at(SPIN_MS, SPIN_MS, target), target);
        assert_eq!(rotation_at(SPIN_MS * 2.0, SPIN_MS, target), target);
        assert_eq!(rotation_at(0.0, 0.0, target), target, "no motion: straight to the result");
    }

    #[test]
    fn neighbouring_slices_never_share_a_colour_for_2_to_12_slices() {
        for slices in 2..=12 {
            for slice in 0..slices {
                let next = (slice + 1) % slices;
                let (this, that) = (slice_colour(slice, slices), slice_colour(next, slices));
                assert_ne!(this, that, "{slices} slices: {slice} and {next}");
                assert!(this <= 2);
            }
            let third = (0..slices).filter(|s| slice_colour(*s, slices) == 2).count();
            assert_eq!(third, slices % 2, "the third colour only where needed");
        }
    }

    #[test]
    fn slice_zero_starts_under_the_pointer() {
        assert_eq!(slice_at(0.0, 4), 0);
        assert_eq!(slice_at(0.1, 4), 3, "turning clockwise brings the last slice under the pointer");
    }
}
