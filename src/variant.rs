//! A/B variants written in the tag itself: any campaign attribute may list alternatives
//! separated by ` || ` (`data-welcome="15% || 10%"`), and the alternatives in the same position
//! form one variant, named `a`, `b`, …. Each visitor is bucketed once, stably, from a random
//! seed stored with the visitor, weighted by `data-variant-split`.

/// At most this many variants: more cannot reach significance in a small shop's traffic.
pub const MAX_VARIANTS: usize = 4;

/// The separator between alternatives: `||` with whitespace on both sides. Without the spaces it
/// is part of the value, so a "no luck" prize in `data-prizes` (`No luck||10`, an empty code) is
/// never taken for two alternatives.
pub const SEPARATOR: &str = " || ";

/// The alternatives of one attribute's value, trimmed. A value without ` || ` is one alternative.
pub fn alternatives(value: &str) -> Vec<&str> {
    let bytes = value.as_bytes();
    let mut parts = Vec::new();
    let mut start = 0;
    let mut i = 1;
    while i + 3 <= bytes.len() {
        // `||` at i, i+1 with whitespace before and after.
        if &bytes[i..i + 2] == b"||" && bytes[i - 1].is_ascii_whitespace() && bytes.get(i + 2).is_some_and(u8::is_ascii_whitespace) {
            parts.push(value[start..i].trim());
            start = i + 2;
            i += 3;
        } else {
            i += 1;
        }
    }
    parts.push(value[start..].trim());
    parts
}

/// The value of variant `index`: its own alternative, or the value itself when the attribute has
/// only one (it is shared by every variant).
pub fn pick(value: &str, index: usize) -> &str {
    let all = alternatives(value);
    if all.len() == 1 {
        return all[0];
    }
    all.get(index).copied().unwrap_or_else(|| all.last().copied().unwrap_or(""))
}

/// The letter that names variant `index` in reports and events: `a`, `b`, `c`, `d`.
pub fn name(index: usize) -> &'static str {
    ["a", "b", "c", "d"].get(index).copied().unwrap_or("a")
}

/// How many variants the tag's attributes describe, with the attributes whose alternatives go
/// beyond them (they are warned about). A variant is one that every attribute with alternatives
/// describes: where the counts disagree, the fewest decide (at most [`MAX_VARIANTS`]), so that a
/// forgotten code never pairs variant c's 5% with variant b's code; the extra alternatives are off.
pub fn count<'a>(values: impl IntoIterator<Item = (&'a str, &'a str)>) -> (usize, Vec<&'a str>) {
    let counted: Vec<(&str, usize)> = values.into_iter().map(|(name, value)| (name, alternatives(value).len())).filter(|(_, n)| *n > 1).collect();
    let variants = counted.iter().map(|(_, n)| *n).min().unwrap_or(1).min(MAX_VARIANTS);
    let mismatched = counted.iter().filter(|(_, n)| *n != variants).map(|(name, _)| *name).collect();
    (variants, mismatched)
}

/// Reads `data-variant-split` such as `70,30` or `50 / 50`: one whole weight per variant, at most
/// 10,000 each; a weight of 0 pauses its variant (its visitors see the others), as long as one
/// variant is left. Digits, signs and separators as [`crate::config::ascii_number`] reads them:
/// `۷۰،۳۰` and `６０／４０` are `70,30` and `60/40`; a `%` may follow a weight after a space, as
/// Finnish writes one (`70 %, 30 %`).
pub fn parse_split(value: &str) -> Option<Vec<u32>> {
    let weights: Vec<u32> = crate::config::ascii_number(value)
        .split([',', '/', ' '])
        .filter(|part| !part.is_empty() && *part != "%")
        .map(|part| part.trim_end_matches('%').parse().ok())
        .collect::<Option<_>>()?;
    let valid = (2..=MAX_VARIANTS).contains(&weights.len()) && weights.iter().all(|w| *w <= 10_000) && weights.iter().any(|w| *w > 0);
    valid.then_some(weights)
}

/// The variant for a visitor: `seed` is the visitor's stored random number, `weights` one per
/// variant (an even split when `None` or of the wrong length). The same seed always gives the
/// same variant, so a shopper sees one offer on every page and visit.
pub fn bucket(seed: u32, variants: usize, weights: Option<&[u32]>) -> usize {
    if variants <= 1 {
        return 0;
    }
    let even = vec![1; variants];
    let weights = match weights {
        Some(weights) if weights.len() == variants => weights,
        _ => &even,
    };
    let total: u64 = weights.iter().map(|w| u64::from(*w)).sum();
    // The seed is uniform in u32, so scaling it onto the total keeps the split exact to 1 in 2^32.
    let mut point = (u64::from(seed) * total) >> 32;
    for (index, weight) in weights.iter().enumerate() {
        let weight = u64::from(*weight);
        if point < weight {
            return index;
        }
        point -= weight;
    }
    variants - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternatives_split_on_double_bars_only() {
        assert_eq!(alternatives("15% || 10%"), ["15%", "10%"]);
        assert_eq!(alternatives("15%  ||\t10%"), ["15%", "10%"]);
        assert_eq!(alternatives("15%||10%"), ["15%||10%"], "without spaces, || is part of the value");
        assert_eq!(alternatives("No luck this time||10"), ["No luck this time||10"]);
        assert_eq!(alternatives("A|X|1; B||1 || C|Y|1; D||1"), ["A|X|1; B||1", "C|Y|1; D||1"]);
        assert_eq!(alternatives(" || "), ["", ""]);
        assert_eq!(alternatives("||"), ["||"]);
        assert_eq!(alternatives("10% off|SPIN10|30; Free|FREE|70"), ["10% off|SPIN10|30; Free|FREE|70"]);
        assert_eq!(pick("WELCOME15 || WELCOME10", 1), "WELCOME10");
        assert_eq!(pick("shared", 1), "shared");
        assert_eq!(pick("a || b", 2), "b", "past the last alternative: the last (count keeps every variant within them)");
    }

    #[test]
    fn the_variant_count_comes_from_the_attributes_and_mismatches_are_named() {
        let (n, mismatched) = count([("welcome", "15% || 10%"), ("welcome-code", "WELCOME15 || WELCOME10"), ("accent", "#f60")]);
        assert_eq!((n, mismatched), (2, vec![]));
        // The fewest alternatives decide: variant c of 15% || 10% || 5% has no code, and is off
        // rather than offering 5% with B (which the shop made for 10%).
        let (n, mismatched) = count([("welcome", "15% || 10% || 5%"), ("welcome-code", "A || B")]);
        assert_eq!((n, mismatched), (2, vec!["welcome"]));
        let (n, mismatched) = count([("welcome", "15% || 10%"), ("welcome-code", "A || B || C"), ("welcome-title", "X || Y || Z || W")]);
        assert_eq!((n, mismatched), (2, vec!["welcome-code", "welcome-title"]));
        assert_eq!(count([("welcome", "15%")]).0, 1);
        assert_eq!(count([("welcome", "1 || 2 || 3 || 4 || 5")]), (MAX_VARIANTS, vec!["welcome"]));
        assert_eq!(count([("welcome", "1 || 2 || 3 || 4 || 5"), ("accent", "red || blue || green")]), (3, vec!["welcome"]));
    }

    #[test]
    fn splits_parse_relaxed_and_refuse_nonsense() {
        assert_eq!(parse_split("70,30"), Some(vec![70, 30]));
        assert_eq!(parse_split("50 / 50"), Some(vec![50, 50]));
        assert_eq!(parse_split("60%, 20%, 20%"), Some(vec![60, 20, 20]));
        // Found by a merchant's trial: the losing variant could not be paused.
        assert_eq!(parse_split("100,0"), Some(vec![100, 0]));
        assert_eq!(parse_split("0, 100"), Some(vec![0, 100]));
        for bad in ["100", "0,0", "0,0,0", "a,b", "", "1,2,3,4,5", "10001,1", "-1,101"] {
            assert_eq!(parse_split(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_paused_variant_gets_no_one() {
        for i in 0..10_000u32 {
            let seed = i.wrapping_mul(429_497);
            assert_eq!(bucket(seed, 2, Some(&[100, 0])), 0);
            assert_eq!(bucket(seed, 2, Some(&[0, 100])), 1);
            assert_ne!(bucket(seed, 3, Some(&[1, 0, 1])), 1);
        }
        assert_eq!(bucket(u32::MAX, 2, Some(&[100, 0])), 0, "the last seed too");
    }

    #[test]
    fn buckets_are_stable_and_follow_the_split() {
        assert_eq!(bucket(12345, 2, None), bucket(12345, 2, None));
        assert_eq!(bucket(u32::MAX, 1, None), 0);
        // Seeds spread evenly over u32: the shares match the weights.
        let mut counts = [0u32; 2];
        for i in 0..10_000u32 {
            counts[bucket(i.wrapping_mul(429_497), 2, Some(&[70, 30]))] += 1;
        }
        assert!((6_900..=7_100).contains(&counts[0]), "{counts:?}");
        let mut even = [0u32; 3];
        for i in 0..9_000u32 {
            even[bucket(i.wrapping_mul(477_218), 3, Some(&[1, 1]))] += 1;
        }
        assert!(even.iter().all(|n| (2_900..=3_100).contains(n)), "a split of the wrong length is even: {even:?}");
        assert_eq!(bucket(0, 2, Some(&[70, 30])), 0);
        assert_eq!(bucket(u32::MAX, 2, Some(&[70, 30])), 1);
    }
}
