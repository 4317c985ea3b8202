//! The script tag as the merchant wrote it: ` || ` alternatives narrowed to the visitor's
//! variant before any attribute is parsed, and names that look like a mistyped or reworded
//! Doorman attribute.

use super::warning::edit_distance;
use super::{Config, Warning, ATTRIBUTES};

impl Config {
    /// Reads the script tag's `data-*` attributes, given as (name without `data-`, value), for the
    /// visitor whose stored random `seed` buckets them into a variant: every Doorman attribute may
    /// list alternatives separated by ` || `, and the alternatives in the same position make one
    /// variant for the whole tag (see [`crate::variant`]). Each value is narrowed to this visitor's
    /// alternative before it is parsed, so every attribute gets variants the same way. Warnings:
    /// those of [`Config::parse`] for every variant's alternatives, naming the variant (so a
    /// merchant in variant a hears of a broken alternative of variant b), one for attributes whose
    /// number of alternatives disagrees, one for a `data-variant-split` without one weight per
    /// variant, and mistyped names.
    ///
    /// A value holding U+FFFD, the replacement character, is left out whole with one warning:
    /// it stands for text lost to an encoding other than UTF-8 (a theme file saved as Latin-1, a
    /// script's lone surrogate), which would show the shopper `Caf�` in the shop's own voice.
    pub fn from_tag(tag: &[(String, String)], seed: u32) -> (Config, Vec<Warning>) {
        let raw = |name: &str| tag.iter().find(|(attribute, _)| attribute == name).map(|(_, value)| value.as_str()).filter(|value| !lost(value));
        let shop_draws = shop_draws(raw);
        let in_effect = in_effect(raw, shop_draws);
        // The attributes whose alternatives make variants (see `in_effect`).
        let varying: Vec<(&str, &str)> = tag
            .iter()
            .filter(|(name, value)| name != "variant-split" && ATTRIBUTES.iter().any(|a| a.name == name) && !blank(value) && !lost(value) && in_effect(name))
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect();
        let (variants, mismatched) = crate::variant::count(varying.iter().copied());
        let written = raw("variant-split").and_then(|value| crate::variant::parse_split(value.trim()));
        // A split written for more variants than run weighs those that do: `100,0,0` for a test
        // whose variant c is off still pauses b (an even split would put half in it).
        let split = written.as_ref().filter(|_| variants > 1).and_then(|weights| {
            let kept = weights.get(..variants)?;
            kept.iter().any(|weight| *weight > 0).then(|| kept.to_vec())
        });
        let index = crate::variant::bucket(seed, variants, split.as_deref());
        // A value of blanks is no value: what a theme's setting left empty renders (Liquid's
        // `data-welcome-pages="{{ settings.pages }}"`) keeps the default, or for a campaign's own
        // attribute the general one, rather than replacing it with "every page", "all devices"
        // or "no skip list". So is one whose every alternative is blank (` || `): it makes no
        // variants either.
        let given = |name: &str| raw(name).filter(|value| !blank(value));
        let parse = |variant| Config::parse(|name| given(name).map(|value| if one_for_all(name, shop_draws) { first(value) } else { crate::variant::pick(value, variant) }.to_string()));
        let (mut config, mut own) = parse(index);
        config.variant = index;
        // Every variant's alternatives are checked, not only this visitor's: a merchant trying
        // their own shop hears of a broken alternative in a variant they are not in. A value
        // without alternatives warns once, whichever variant reads it, and names the variant when
        // variant a did not refuse it (`data-game="wheel"` is off in the variant whose prizes
        // were refused, not in all).
        let mut warnings: Vec<Warning> = Vec::new();
        // How many variants gave each of `warnings`: one variant a gave and another did not is
        // named too (`data-every-slice-wins="on || off"` turns the game off in a alone).
        let mut given_by: Vec<usize> = Vec::new();
        // A value left out is said first, for every variant: what it turns off (the game, for its
        // prizes) says so after.
        for (name, value) in tag.iter().filter(|(_, value)| lost(value)) {
            let Some(attribute) = ATTRIBUTES.iter().find(|a| a.name == name) else { continue };
            given_by.push(variants);
            warnings.push(Warning {
                attribute: name.clone(),
                value: value.clone(),
                expected: Some("text without U+FFFD (\u{fffd}), which stands for characters lost to an encoding other than UTF-8: save the theme or setting as UTF-8"),
                default: super::default_in_words(attribute),
                suggestion: None,
                variant: None,
            });
        }
        for variant in 0..variants {
            let found = if variant == index { std::mem::take(&mut own) } else { parse(variant).1 };
            for mut warning in found {
                let at = warnings.iter().position(|w| w.attribute == warning.attribute && w.value == warning.value);
                let varies = !one_for_all(&warning.attribute, shop_draws) && raw(&warning.attribute).is_some_and(|value| crate::variant::alternatives(value).len() > 1);
                if (variant > 0 && at.is_none()) || varies {
                    warning.variant = Some(crate::variant::name(variant));
                }
                match at {
                    Some(at) => given_by[at] += 1,
                    None => {
                        warnings.push(warning);
                        given_by.push(1);
                    }
                }
            }
            // An empty alternative is left out, and its variant takes the default: said where
            // nothing else about it was (`15% || ` already warns as a wrong value), but not for a
            // page list, where an empty alternative means "left out" for that variant.
            for (name, value) in varying.iter().filter(|(name, _)| !name.ends_with("pages")) {
                let alternatives = crate::variant::alternatives(value);
                let letter = crate::variant::name(variant);
                let said = warnings.iter().any(|w| w.attribute == *name && w.variant == Some(letter));
                if alternatives.len() > 1 && alternatives.get(variant).is_some_and(|a| a.is_empty()) && !said {
                    given_by.push(1);
                    warnings.push(Warning {
                        attribute: name.to_string(),
                        value: value.to_string(),
                        expected: Some("a value in each alternative separated by ||"),
                        default: "its default for this variant",
                        suggestion: None,
                        variant: Some(letter),
                    });
                }
            }
        }
        for (warning, count) in warnings.iter_mut().zip(&given_by) {
            if warning.variant.is_none() && *count < variants {
                warning.variant = Some(crate::variant::name(0));
            }
        }
        // More alternatives than there are variants (letters a to d) is its own mistake, said
        // first: the other attributes' counts only disagree with it. Alternatives beyond the
        // variants every attribute describes are off (see `variant::count`).
        let too_many = |name: &str| crate::variant::alternatives(raw(name).unwrap_or_default()).len() > crate::variant::MAX_VARIANTS;
        for name in mismatched.iter().filter(|name| too_many(name)).chain(mismatched.iter().filter(|name| !too_many(name))) {
            let value = raw(name).unwrap_or_default();
            let too_many = too_many(name);
            warnings.push(Warning {
                attribute: name.to_string(),
                value: value.to_string(),
                expected: Some(if too_many {
                    "at most 4 alternatives separated by || (variants a to d)"
                } else {
                    "as many alternatives separated by || as the tag's other attributes that have them"
                }),
                default: if too_many && variants == crate::variant::MAX_VARIANTS {
                    "the first 4"
                } else {
                    "only the variants that every attribute with alternatives has"
                },
                suggestion: None,
                variant: None,
            });
        }
        // Where reports go is the same for every variant: `data-shop="acme || acme-b"` filed
        // variant b's views under another shop, and made a test of a popup that did not change.
        // So are the prizes the shop draws from its one table: variant b's wheel showed its own
        // label at the index the shop drew from another list.
        for name in REPORT_ONLY.iter().chain(&["game-draw", "prizes"]).filter(|name| one_for_all(name, shop_draws) && given(name).is_some_and(|value| crate::variant::alternatives(value).len() > 1)) {
            warnings.push(Warning {
                attribute: name.to_string(),
                value: raw(name).unwrap_or_default().to_string(),
                expected: Some(match *name {
                    "prizes" => "one prize list for every variant while the shop draws (data-game-draw=\"shop\"), as in its own table",
                    "game-draw" => "one value for every variant, without || alternatives: where the prize is drawn is not a variant",
                    _ => "one value for every variant, without || alternatives: it says where reports go, not what a variant shows",
                }),
                default: "the first alternative given",
                suggestion: None,
                variant: None,
            });
        }
        // Alternatives on an attribute nothing reads make no test, which a merchant expecting one
        // hears of (`data-exit-code="X || Y"` with the exit prompt off, the popup's offer while a
        // game runs: everyone saw variant a, without a word). And `||` without spaces is no
        // separator (a prize's `No luck||10` has an empty code): `15%||10%` is one value.
        for (name, value) in tag.iter().filter(|(name, value)| name != "variant-split" && ATTRIBUTES.iter().any(|a| a.name == name) && !blank(value) && !lost(value)) {
            let said = warnings.iter().any(|w| w.attribute == *name);
            let several = crate::variant::alternatives(value).len() > 1;
            let (expected, default) = if several && !said && !one_for_all(name, shop_draws) && !in_effect(name) {
                ("|| alternatives only on an attribute in use (of a campaign that is on, or an option it reads)", "no variants from it")
            // Bytes, not `str::contains`: its substring search would move into this module.
            } else if !several && name != "prizes" && value.as_bytes().windows(2).any(|pair| pair == b"||") {
                ("alternatives separated by || with a space on each side", "it as one value")
            } else {
                continue;
            };
            warnings.push(Warning { attribute: name.to_string(), value: value.to_string(), expected: Some(expected), default, suggestion: None, variant: None });
        }
        // The split decides the variant, so it cannot vary by variant: each alternative of
        // `100,0 || 100,0` parses on its own, and without this the tag would say nothing.
        if raw("variant-split").is_some_and(|value| crate::variant::alternatives(value).len() > 1) {
            warnings.push(Warning {
                attribute: "variant-split".to_string(),
                value: raw("variant-split").unwrap_or_default().to_string(),
                expected: Some("one split for the whole tag, without || alternatives"),
                default: "an even split",
                suggestion: None,
                variant: None,
            });
        }
        if written.as_ref().is_some_and(|written| written.len() != variants) {
            warnings.push(Warning {
                attribute: "variant-split".to_string(),
                value: raw("variant-split").unwrap_or_default().to_string(),
                expected: Some("one weight per variant that the tag's || alternatives make"),
                default: if split.is_some() { "the weights of the variants that run" } else { "an even split" },
                suggestion: None,
                variant: None,
            });
        }
        warnings.extend(Config::unknown_attributes(tag.iter().map(|(name, value)| (name.as_str(), value.as_str()))));
        (config, warnings)
    }

    /// Warnings for `data-*` attributes on the tag, given as (name without `data-`, value), whose
    /// name looks like a mistyped or reworded Doorman attribute; each names the value as written
    /// and the nearest real attribute. Other scripts' attributes (`data-cfasync`, ...) are left
    /// alone, but not one named for a campaign (`data-welcome-…`), which can only be meant for
    /// Doorman: it warns with or without a nearest attribute.
    pub fn unknown_attributes<'a>(attributes: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<Warning> {
        attributes
            .into_iter()
            .filter(|(name, _)| !ATTRIBUTES.iter().any(|a| a.name == *name))
            .filter_map(|(name, value)| {
                let suggestion = nearest_attribute(name);
                let ours = ["welcome-", "exit-", "game-"].iter().any(|campaign| name.starts_with(campaign));
                (suggestion.is_some() || ours).then(|| Warning {
                    attribute: name.to_string(),
                    value: value.to_string(),
                    expected: None,
                    default: "",
                    suggestion,
                    variant: None,
                })
            })
            .collect()
    }
}

/// Attributes that say where reports go, not what a shopper sees: one value for every variant
/// (the first, when a tag gives alternatives), so a variant's sign-ups and views are counted
/// with the others'.
const REPORT_ONLY: [&str; 6] = ["shop", "endpoint", "views", "klaviyo-key", "klaviyo-list", "klaviyo-revision"];

/// Whether attribute `name` takes one value for every variant: where reports go
/// ([`REPORT_ONLY`]), where the prize is drawn (`data-game-draw`: a test of page against shop
/// drew from the wrong list), and the prizes while the shop draws (`shop_draws`), since the shop
/// draws from its one table and the page shows its label at the index drawn.
fn one_for_all(name: &str, shop_draws: bool) -> bool {
    REPORT_ONLY.contains(&name) || name == "game-draw" || (name == "prizes" && shop_draws)
}

/// Whether `data-game-draw` (its first alternative: it is one for every variant) has the shop
/// draw the prize, as [`Config::parse`] decides it: with an endpoint to draw it among
/// `data-endpoint`'s destinations, or the page draws; `raw` gives an attribute's value as written.
fn shop_draws<'a>(raw: impl Fn(&str) -> Option<&'a str>) -> bool {
    let endpoint = || {
        let (destinations, _) = super::values::parse_destinations(first(raw("endpoint").unwrap_or_default()));
        destinations.iter().any(|d| super::values::is_endpoint(d))
    };
    super::values::parse_draw(first(raw("game-draw").unwrap_or_default())) == Some(true) && endpoint()
}

/// The value one for every variant takes from `value`: its first alternative that is not empty
/// (`data-views=" || /apps/doorman/views"` sent no views).
fn first(value: &str) -> &str {
    (0..crate::variant::MAX_VARIANTS).map(|index| crate::variant::pick(value, index)).find(|alternative| !alternative.is_empty()).unwrap_or_default()
}

/// Whether `value` is blanks, or alternatives that are all blanks.
fn blank(value: &str) -> bool {
    crate::variant::alternatives(value).iter().all(|alternative| alternative.is_empty())
}

/// Which attributes can change what a variant shows, so that their ` || ` alternatives make
/// variants, as a test of an attribute's name: a campaign's own attributes count only where that
/// campaign runs in some variant (the exit prompt and the game are off unless the tag turns them
/// on, a game runs only with prizes, and while a game runs the welcome popup's attributes do
/// nothing but its cap, README "Games"), an option only where what it sets is used (the card's
/// threshold, the teaser's place), and none that is one for every variant ([`one_for_all`]).
/// `data-exit-code="A || B"` with the exit prompt off would otherwise split one welcome popup
/// into two variants, or cut a test of three to two. `raw` gives an attribute's value as written;
/// `draws` is [`shop_draws`]. What the campaigns do is read once, not once per attribute: this
/// runs as the widget loads.
fn in_effect<'a>(raw: impl Fn(&str) -> Option<&'a str>, draws: bool) -> impl Fn(&str) -> bool {
    use super::values::{is_off, parse_exit, parse_game, parse_switch, read_prize_list};
    use super::Game;
    let alternative = |switch: &str, index: usize| {
        let value = raw(switch).unwrap_or_default();
        if one_for_all(switch, draws) { first(value) } else { crate::variant::pick(value, index) }
    };
    // Whether something is so in some alternative and in every one (positions past an
    // attribute's last alternative read its last, as `variant::pick` does).
    let some_every = |so: &dyn Fn(usize) -> bool| {
        let all: Vec<bool> = (0..crate::variant::MAX_VARIANTS).map(so).collect();
        (all.contains(&true), !all.contains(&false))
    };
    // As `Config::parse` decides it: a kind, 2 to 12 prizes, and with every slice winning (the
    // page drawing), a code for each.
    let game_is = |index: usize, kind: Option<Game>| {
        let game = parse_game(alternative("game", index)).flatten();
        let all_win = !draws && parse_switch(alternative("every-slice-wins", index)) == Some(true);
        let (prizes, _, _, _) = read_prize_list(alternative("prizes", index), draws);
        game.is_some() && (kind.is_none() || game == kind) && !prizes.is_empty() && (!all_win || prizes.iter().all(|p| p.wins()))
    };
    let game = some_every(&|index| game_is(index, None));
    let scratch = game.0 && some_every(&|index| game_is(index, Some(Game::Scratch))).0;
    let teaser = game.0 && some_every(&|index| !is_off(alternative("game-teaser", index))).0;
    let welcome = some_every(&|index| {
        let offer = alternative("welcome", index);
        offer.is_empty() || !is_off(offer)
    });
    let exit = some_every(&|index| parse_exit(alternative("exit", index)) == Some(true)).0;
    move |name| match name {
        _ if one_for_all(name, draws) => false,
        "welcome-cap" => welcome.0 || game.0,
        "prizes" | "every-slice-wins" => game.0,
        "game-threshold" => scratch,
        "teaser-position" => teaser,
        "cart-restore" => exit,
        "welcome" => !game.1,
        "exit" | "game" => true,
        _ if name.starts_with("welcome-") => welcome.0 && !game.1,
        _ if name.starts_with("exit-") => exit,
        _ if name.starts_with("game-") => game.0,
        _ => true,
    }
}

/// Whether `value` holds U+FFFD, text lost to another encoding (see [`Config::from_tag`]). By
/// characters, not `str::contains`, whose searcher would move into this module; and once, not
/// inlined into each of the tag's lookups.
#[inline(never)]
fn lost(value: &str) -> bool {
    value.chars().any(|c| c == '\u{fffd}')
}

/// Words merchants reach for where Doorman's names say otherwise, as (their word, Doorman's):
/// the names other tools give a popup's texts, and the campaigns' other names.
const SYNONYMS: &[(&str, &str)] = &[
    ("headline", "title"),
    ("heading", "title"),
    ("header", "title"),
    ("subtitle", "text"),
    ("description", "text"),
    ("body", "text"),
    ("message", "text"),
    ("cta", "button"),
    ("submit", "button"),
    ("thanks", "success"),
    ("thank", "success"),
    ("confirmation", "success"),
    ("img", "image"),
    ("picture", "image"),
    ("banner", "image"),
    ("photo", "image"),
    ("popup", "welcome"),
    ("wheel", "game"),
    ("spin", "game"),
    ("scratch", "game"),
    ("color", "accent"),
    ("colour", "accent"),
    ("language", "lang"),
    // Targeting and testing in other tools' words: `exclude-pages`, `welcome-frequency`,
    // `audience`, `split` and `ab-split` (`ab` adds nothing).
    ("exclude", "skip"),
    ("excluded", "skip"),
    ("frequency", "cap"),
    ("audience", "visitors"),
    ("split", "variant-split"),
    ("ab", ""),
];

/// The real attribute an unknown `name` most likely meant: the same words in Doorman's terms
/// (`welcome-headline` is `welcome-title`, `button-text` is `welcome-button`: a text without a
/// campaign is the welcome popup's), else a name at most two edits away.
fn nearest_attribute(name: &str) -> Option<&'static str> {
    let mut reworded = String::new();
    let mut last = "";
    for word in name.split(['-', '_']) {
        let word = SYNONYMS.iter().find(|(theirs, _)| *theirs == word).map_or(word, |(_, ours)| *ours);
        // `button-text`, `success-message`, `image-url`, `font-family`, `thank-you`: the second
        // word adds nothing.
        let filler = word.is_empty()
            || (matches!(word, "text" | "label" | "url" | "src" | "family")
            && matches!(last, "title" | "button" | "success" | "image" | "incentive" | "font"))
            || (word, last) == ("you", "success");
        if !filler {
            if !reworded.is_empty() {
                reworded.push('-');
            }
            reworded.push_str(word);
            last = word;
        }
    }
    let known = |candidate: &str| ATTRIBUTES.iter().find(|a| a.name == candidate).map(|a| a.name);
    let mut welcome = String::from("welcome-");
    welcome.push_str(&reworded);
    // `exclude` is `skip-pages`, `welcome-split` the tag's one `variant-split`.
    let mut pages = reworded.clone();
    pages.push_str("-pages");
    let general = reworded.split_once('-').filter(|(campaign, _)| matches!(*campaign, "welcome" | "exit" | "game")).map(|(_, rest)| rest);
    known(&reworded).or_else(|| known(&welcome)).or_else(|| known(&pages)).or_else(|| general.and_then(known)).or_else(|| {
        let closest = ATTRIBUTES
            .iter()
            .map(|a| (edit_distance(name, a.name).min(edit_distance(&reworded, a.name)), a.name))
            .min()?;
        (closest.0 <= 2).then_some(closest.1)
    })
}
