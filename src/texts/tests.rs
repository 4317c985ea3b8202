use super::*;

/// `lang`'s table as the build ships it: its file in `src/texts/`, loaded as a page view loads it.
fn shipped(lang: Lang) -> &'static Texts {
    if lang == Lang::En {
        return Lang::En.texts();
    }
    let path = format!("{}/src/texts/{}.json", env!("CARGO_MANIFEST_DIR"), lang.tag());
    let json = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    load(lang, &json).unwrap_or_else(|member| panic!("{path}: {member}"));
    lang.texts()
}

fn every_text(texts: &Texts) -> Vec<&'static str> {
    let mut copy = Texts { ..*texts };
    copy.slots().map(|(_, text)| *text).collect()
}

#[test]
fn merchant_text_running_the_other_way_is_isolated() {
    assert_eq!(isolated("Free shipping", false), "Free shipping");
    assert_eq!(isolated("Free shipping", true), "\u{2068}Free shipping\u{2069}");
    assert_eq!(isolated("10% off", true), "\u{2068}10% off\u{2069}", "digits are not strong; the o is");
    assert_eq!(isolated("שילוח חינם", false), "\u{2068}שילוח חינם\u{2069}");
    assert_eq!(isolated("شحن مجاني", true), "شحن مجاني");
    assert_eq!(isolated("10%", true), "10%", "no strong character: nothing to isolate");
    assert_eq!(isolated("🎁 Ölçek", true), "\u{2068}🎁 Ölçek\u{2069}", "emoji are not strong");
    assert_eq!(isolated("送料無料", true), "\u{2068}送料無料\u{2069}");
}

#[test]
fn the_merchants_own_text_replaces_the_built_in_one_and_keeps_its_direction() {
    assert_eq!(own_or(None, "Spin to win!", false), "Spin to win!");
    assert_eq!(own_or(Some("Join the club"), "Spin to win!", false), "Join the club");
    assert_eq!(own_or(Some("Join the club"), "بچرخان و ببر!", true), "\u{2068}Join the club\u{2069}");
    assert_eq!(own_or(Some("به باشگاه بپیوندید"), "Spin to win!", false), "\u{2068}به باشگاه بپیوندید\u{2069}");
    assert_eq!(own_or(Some("به باشگاه بپیوندید"), "x", true), "به باشگاه بپیوندید");
    assert_eq!(own_or(Some("<b>Hi</b>"), "x", false), "<b>Hi</b>", "text stays text: the dialog never parses it");
}

#[test]
fn a_win_says_the_merchants_words_with_the_prize_in_its_own_direction() {
    assert_eq!(Lang::En.texts().won_message(None, "10% off", false), "You won: 10% off!");
    assert_eq!(Lang::En.texts().won_message(Some("Yours: {prize}. Enjoy!"), "10% off", false), "Yours: 10% off. Enjoy!");
    assert_eq!(Lang::En.texts().won_message(Some("Thanks for playing"), "10% off", false), "Thanks for playing", "{{prize}} is optional");
    // A Hebrew prize in an English sentence is isolated, and the sentence still reads left to
    // right by its own first letter, not by the prize's.
    assert_eq!(Lang::En.texts().won_message(Some("{prize} is yours"), "משלוח חינם", false), "\u{2068}משלוח חינם\u{2069} is yours");
    // An English sentence in an Arabic popup keeps its direction; its English prize needs nothing more.
    assert_eq!(shipped(Lang::Ar).won_message(Some("You won {prize}"), "Free shipping", true), "\u{2068}You won Free shipping\u{2069}");
    assert_eq!(first_strong_rtl("\u{2068}שלום\u{2069} hello"), Some(false), "what sits in an isolate is skipped (P2)");
    assert_eq!(first_strong_rtl("\u{2066}hello\u{2069} שלום"), Some(true));
}

#[test]
fn tags_round_trip_and_regions_and_case_are_ignored() {
    for lang in LANGS {
        assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
    }
    let cases = [
        ("de-AT", Some(Lang::De)),
        ("pt_BR", None),
        ("zh", Some(Lang::Zh)),
        ("zh-CN", Some(Lang::Zh)),
        ("zh_CN", Some(Lang::Zh)),
        ("zh-Hans", Some(Lang::Zh)),
        ("zh-Hans-CN", Some(Lang::Zh)),
        ("zh-SG", Some(Lang::Zh)),
        ("ZH-cn", Some(Lang::Zh)),
        ("zh-TW", Some(Lang::ZhTw)),
        ("zh_tw", Some(Lang::ZhTw)),
        ("zh-Hant", Some(Lang::ZhTw)),
        ("zh-Hant-HK", Some(Lang::ZhTw)),
        ("zh-HK", Some(Lang::ZhTw)),
        ("zh-MO", Some(Lang::ZhTw)),
        ("zh-TW-u-ca-roc", Some(Lang::ZhTw)),
        // The script decides before the region: Simplified written in Hong Kong, Taiwan or Macau.
        ("zh-Hans-HK", Some(Lang::Zh)),
        ("zh-Hans-TW", Some(Lang::Zh)),
        ("zh_hans_mo", Some(Lang::Zh)),
        ("zh-Hant-CN", Some(Lang::ZhTw)),
        ("cmn-Hant-TW", Some(Lang::ZhTw)),
        ("cmn", Some(Lang::Zh)),
        ("yue", Some(Lang::ZhTw)),
        ("yue-HK", Some(Lang::ZhTw)),
        ("yue-Hans-CN", Some(Lang::Zh)),
        ("yue-CN", Some(Lang::Zh)),
        ("zh-yue", Some(Lang::ZhTw)),
        ("zh-x-tw", Some(Lang::Zh)),
        ("fa", Some(Lang::Fa)),
        ("fa-IR", Some(Lang::Fa)),
        ("fa-AF", Some(Lang::Fa)),
        ("FA", Some(Lang::Fa)),
        ("hu", Some(Lang::Hu)),
        ("hu-HU", Some(Lang::Hu)),
        ("FI", Some(Lang::Fi)),
        ("fi_FI", Some(Lang::Fi)),
        (" fi ", Some(Lang::Fi)),
        ("fil", None),
        ("", None),
    ];
    for (tag, lang) in cases {
        assert_eq!(Lang::from_tag(tag), lang, "{tag:?}");
    }
}

#[test]
fn negotiation_takes_the_first_supported_preference() {
    assert_eq!(Lang::negotiate(["pt-BR", "fr-CA", "de"]), Lang::Fr);
    assert_eq!(Lang::negotiate(["", "ja"]), Lang::En);
    assert_eq!(Lang::negotiate(["zh-TW", "fi"]), Lang::ZhTw, "Traditional Chinese readers get Traditional Chinese");
    assert_eq!(Lang::negotiate(["zh-HK", "zh-CN"]), Lang::ZhTw, "not the Simplified they list second");
    assert_eq!(Lang::negotiate(["zh-CN", "en"]), Lang::Zh);
}

#[test]
fn every_language_fills_every_text_and_the_offer() {
    for lang in LANGS {
        let texts = shipped(lang);
        assert!(every_text(texts).iter().all(|text| !text.is_empty()), "{lang:?}");
        let title = texts.offer_title(&Offer::Percent(15), |n| lang.format_percent(n));
        assert!(title.contains(&lang.format_percent(15)), "{lang:?}: {title}");
        assert!(!title.contains('{'), "{lang:?}: {title}");
        assert!(texts.exit_incentive.contains("{incentive}"), "{lang:?}");
        assert!(texts.won.contains("{prize}"), "{lang:?}");
        assert!(texts.wheel_label.contains("{prizes}"), "{lang:?}");
        assert!(texts.exit_cart_total.contains("{total}"), "{lang:?}");
        assert!(!texts.copy_by_hand.is_empty() && texts.copy_by_hand != texts.copied, "{lang:?}");
    }
    let rtl: Vec<Lang> = LANGS.into_iter().filter(|lang| lang.is_rtl()).collect();
    assert_eq!(rtl, [Lang::Ar, Lang::He, Lang::Fa]);
}

#[test]
fn the_new_languages_are_translated_not_english() {
    let english = every_text(Lang::En.texts());
    for lang in [Lang::Zh, Lang::ZhTw, Lang::Fa, Lang::Hu, Lang::Fi] {
        let texts = every_text(shipped(lang));
        for (text, english) in texts.iter().zip(english.iter().copied()) {
            // The separator ", " is shared by Latin-script languages; every sentence differs.
            if english != ", " {
                assert_ne!(*text, english, "{lang:?} still has English: {text}");
            }
        }
        // Written in their own script: Han, Arabic-script Persian letters, or the Hungarian and
        // Finnish letters English lacks somewhere in the table.
        let all: String = texts.concat();
        let own_script = match lang {
            Lang::Zh | Lang::ZhTw => all.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            Lang::Fa => all.contains('گ') && all.contains('پ') && all.contains('ی'),
            Lang::Hu => all.contains('ő') && all.contains('é'),
            _ => all.contains('ä') && all.contains('ö'),
        };
        assert!(own_script, "{lang:?}");
    }
}

#[test]
fn traditional_chinese_is_written_in_the_traditional_script() {
    let traditional: String = every_text(shipped(Lang::ZhTw)).concat();
    let simplified: String = every_text(shipped(Lang::Zh)).concat();
    // Characters the two scripts write differently, as each of the two tables uses them.
    for (simple, full) in [('优', '優'), ('码', '碼'), ('邮', '郵'), ('车', '車'), ('订', '訂'), ('阅', '閱'), ('奖', '獎'), ('谢', '謝'), ('请', '請'), ('转', '轉')] {
        assert!(simplified.contains(simple), "zh-CN uses {simple}");
        assert!(!traditional.contains(simple), "zh-TW has the Simplified {simple}");
        assert!(traditional.contains(full), "zh-TW writes {full}");
    }
}

#[test]
fn percentages_follow_each_languages_conventions() {
    let cases = [
        (Lang::En, "15%"),
        (Lang::De, "15\u{a0}%"),
        (Lang::Fr, "15\u{a0}%"),
        (Lang::Fi, "15\u{a0}%"),
        (Lang::Hu, "15%"),
        (Lang::Zh, "15%"),
        (Lang::ZhTw, "15%"),
        (Lang::Fa, "۱۵٪"),
        (Lang::Ar, "15\u{200e}%\u{200e}"),
    ];
    for (lang, expected) in cases {
        assert_eq!(lang.format_percent(15), expected, "{lang:?}");
    }
    assert_eq!(Lang::Fa.format_percent(100), "۱۰۰٪");
}

#[test]
fn the_wheel_is_described_in_the_readers_language() {
    let labels = ["10% off".to_string(), "Free shipping".to_string()];
    assert_eq!(Lang::En.texts().wheel_description(&labels), "Prize wheel: 10% off, Free shipping");
    assert_eq!(shipped(Lang::Zh).wheel_description(&labels), "奖品转盘：10% off、Free shipping");
    assert_eq!(shipped(Lang::ZhTw).wheel_description(&labels), "獎品轉盤：10% off、Free shipping");
    assert_eq!(shipped(Lang::Fa).wheel_description(&labels), "گردونهٔ جایزه: 10% off، Free shipping");
}

#[test]
fn plain_text_is_what_the_page_shows_without_control_characters() {
    assert_eq!(plain("Yes, email me\noffers.\r\n\tUnsubscribe  any time. "), "Yes, email me offers. Unsubscribe any time.");
    assert_eq!(plain("\u{7}bell\u{85}next\u{0}"), "bell next");
    // No-break and ideographic spaces are the merchant's, as the page keeps them.
    assert_eq!(plain("15\u{a0}% 優惠\u{3000}券"), "15\u{a0}% 優惠\u{3000}券");
    assert_eq!(plain("\n\t "), "");
    // A merchant's trial: an override reversed a prize's digits, a stray PDI closed the widget's
    // isolate around a prize early. Embeddings, overrides and isolates go; marks stay inside a
    // text, and go at its ends with the white space (a prize label with them was not the shop's).
    assert_eq!(plain("\u{202e}ویژه ۳۰٪"), "ویژه ۳۰٪");
    assert_eq!(plain("Free\u{2069} shipping 🚚"), "Free shipping 🚚");
    assert_eq!(plain("\u{202a}a\u{202c} \u{202b}b\u{202c} \u{202d}c"), "a b c");
    assert_eq!(plain("10% \u{2068}ویژه\u{2069} off \u{2066}x\u{2067}"), "10% ویژه off x");
    assert_eq!(plain("x\u{200f}ویژه\u{200e} \u{61c}x"), "x\u{200f}ویژه\u{200e} \u{61c}x");
    assert_eq!(plain("\u{200f} ۱۵٪ تخفیف \u{200f}\u{61c} "), "۱۵٪ تخفیف");
    assert_eq!(plain("\u{200e}\u{200f}"), "");
    // Every character that draws nothing goes at the ends alike: a byte order mark, a zero-width
    // space, a non-joiner, a word joiner, a soft hyphen (a trial's labels lost their sign-ups).
    assert_eq!(plain("\u{feff}۱۵٪ تخفیف\u{200c}\u{200b}\u{2060}\u{ad}"), "۱۵٪ تخفیف");
    assert_eq!(plain("می\u{200c}خواهم"), "می\u{200c}خواهم", "a non-joiner inside a word stays");
    assert_eq!(plain("\u{2066} \u{202e} y"), "y");
}

#[test]
fn each_file_names_its_language_and_holds_every_text_and_nothing_else() {
    let fields: Vec<String> = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&english_as_file("en")).unwrap().into_iter().map(|(k, _)| k).collect();
    assert_eq!(fields.len(), 46, "lang and 45 texts");
    for lang in LANGS.into_iter().filter(|lang| *lang != Lang::En) {
        let path = format!("{}/src/texts/{}.json", env!("CARGO_MANIFEST_DIR"), lang.tag());
        let file: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let names: Vec<&String> = file.keys().collect();
        assert_eq!(names, fields.iter().collect::<Vec<_>>(), "{path}: the members of en, in its order");
        assert_eq!(file["lang"], lang.tag(), "{path}");
        assert!(file.values().all(serde_json::Value::is_string), "{path}");
    }
}

/// English's table in the shape of a language file that says it is `tag`'s, members in the
/// order of the fields.
fn english_as_file(tag: &str) -> String {
    let mut map = serde_json::Map::new();
    map.insert("lang".into(), tag.into());
    let mut english = Texts { ..*Lang::En.texts() };
    for (name, text) in english.slots() {
        map.insert(name.into(), (*text).into());
    }
    serde_json::to_string(&map).unwrap()
}

#[test]
fn a_language_reads_english_until_its_file_is_loaded_and_keeps_the_first_load() {
    assert!(Lang::En.has_texts());
    assert!(!Lang::Fi.has_texts());
    assert_eq!(Lang::Fi.texts().submit, "Get my code");
    assert_eq!(Lang::Fi.file_name(), "doorman-fi.json");
    assert_eq!(Lang::Zh.file_name(), "doorman-zh-CN.json");
    assert_eq!(Lang::ZhTw.file_name(), "doorman-zh-TW.json");
    let finnish = shipped(Lang::Fi);
    assert!(Lang::Fi.has_texts());
    assert_ne!(finnish.submit, "Get my code");
    assert_eq!(load(Lang::Fi, &english_as_file("fi")), Ok(()));
    assert_eq!(Lang::Fi.texts().submit, finnish.submit, "a second load keeps the first");
    assert_eq!(Lang::Hu.texts().submit, "Get my code", "another language is still English");
}

#[test]
fn a_broken_file_is_refused_saying_what_is_wrong_with_it() {
    let hungarian = english_as_file("hu");
    let cases = [
        (String::new(), "it is not a JSON object: a page in its place, or a file of another kind"),
        ("<!doctype html><title>Not found</title>".into(), "it is not a JSON object: a page in its place, or a file of another kind"),
        ("[]".into(), "it is not a JSON object: a page in its place, or a file of another kind"),
        (hungarian.replace("Get my code", "Get my c\u{fffd}de"), "it is not UTF-8 text"),
        (english_as_file("de"), "it holds the texts of \"de\", not of \"hu\""),
        (hungarian.replace(r#""lang":"hu","#, ""), "it names no language: a file of another release, or an edit that lost it"),
        ("{}".into(), "it names no language: a file of another release, or an edit that lost it"),
        (hungarian.replace(r#""spin":"Spin","#, ""), "its \"spin\" is missing, empty or not text: a file of another release, or an edit that lost it"),
        (hungarian.replace(r#""spin":"Spin""#, r#""spin":7"#), "its \"spin\" is missing, empty or not text: a file of another release, or an edit that lost it"),
        (hungarian.replace(r#""spin":"Spin""#, r#""spin":null"#), "its \"spin\" is missing, empty or not text: a file of another release, or an edit that lost it"),
        (hungarian.replace(r#""submit":"Get my code""#, r#""submit":"  ""#), "its \"submit\" is missing, empty or not text: a file of another release, or an edit that lost it"),
        (hungarian.replace("{percent} off", "Big savings on"), "its \"percent_title\" lacks {percent}: a file of another release, or an edit that lost it"),
        (hungarian.replace("You won: {prize}!", "You won!"), "its \"won\" lacks {prize}: a file of another release, or an edit that lost it"),
        (hungarian.replace("Your cart: {total}.", "Your cart."), "its \"exit_cart_total\" lacks {total}: a file of another release, or an edit that lost it"),
    ];
    for (file, fault) in cases {
        assert_eq!(load(Lang::Hu, &file), Err(fault.to_string()), "{file}");
        assert!(!Lang::Hu.has_texts(), "nothing refused is installed");
    }
    let later = hungarian.replacen('{', r#"{"later_text":"y","#, 1);
    assert_eq!(load(Lang::Hu, &later), Ok(()), "a member a later release adds is ignored");
    assert_eq!(Lang::Hu.texts().spin, "Spin");
}

#[test]
fn a_languages_file_sits_beside_the_wasm_with_its_query() {
    assert_eq!(Lang::Fi.file_url("https://cdn.example/a/doorman.wasm?v=3"), "https://cdn.example/a/doorman-fi.json?v=3");
    assert_eq!(
        Lang::Fa.file_url("https://shop.example/cdn/shop/t/4/assets/doorman.wasm?v=1712#x"),
        "https://shop.example/cdn/shop/t/4/assets/doorman-fa.json?v=1712"
    );
    assert_eq!(Lang::Hu.file_url("https://cdn.example/x/y/doorman.3f2a.wasm"), "https://cdn.example/x/y/doorman-hu.json");
    assert_eq!(Lang::Zh.file_url("https://cdn.example/a/doorman.wasm?next=/b/c"), "https://cdn.example/a/doorman-zh-CN.json?next=/b/c");
    assert_eq!(Lang::Fi.file_url(""), "doorman-fi.json", "no wasm URL: the page's folder");
}

#[test]
fn graphemes_count_what_the_shopper_sees_as_one_character() {
    let cases = [
        ("", 0),
        ("Hello", 5),
        ("Hyvää päivää", 12),
        ("e\u{301}te\u{301}", 3),
        // Persian: a zero-width non-joiner inside a word and a mark on a letter join what precedes.
        ("می\u{200c}خواهید", 8),
        ("تَخفیف", 5),
        ("שָׁלוֹם", 4),
        ("🎁 15%", 5),
        ("🇫🇮🇭🇺🇨🇳", 3),
        ("🇫🇮🇭", 2),
        ("👍\u{1f3fd}👍", 2),
        ("❤\u{fe0f}", 1),
        ("1\u{fe0f}\u{20e3}", 1),
        ("👨\u{200d}👩\u{200d}👧\u{200d}👦", 1),
        ("👨\u{1f3fd}\u{200d}💻 dev", 5),
        ("🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}!", 2),
        // A joiner after a letter stays with the letter; the pictograph after it is its own.
        ("a\u{200d}👩", 2),
        ("新年快乐", 4),
    ];
    for (text, count) in cases {
        assert_eq!(graphemes(text), count, "{text:?}");
        assert_eq!(grapheme_ends(text).last().unwrap_or(0), text.len(), "{text:?} ends where the text does");
    }
}

#[test]
fn a_cut_keeps_a_persian_or_hebrew_letter_with_its_marks() {
    let cases = [("تَخفیف", 1, ""), ("تَخفیف", 2, "تَ"), ("می\u{200c}خواهید", 2, "م"), ("می\u{200c}خواهید", 3, "می\u{200c}"), ("שָׁלוֹם", 2, ""), ("שָׁלוֹם", 3, "שָׁ")];
    for (text, max, expected) in cases {
        let mut cut_text = text.to_string();
        assert!(cut(&mut cut_text, max), "{text:?}");
        assert_eq!(cut_text, expected, "{text:?} cut at {max}");
    }
}

#[test]
fn a_cut_leaves_no_half_of_a_flag_keycap_or_tag_sequence() {
    // Two regional indicators make one flag: cut by code point, "🇫🇷🇩🇪" kept "🇫🇷🇩", a lone 🇩
    // box (a tester's trial, in a shortened console line). What is cut inside a sequence goes
    // whole, a family of four (👨‍👩‍👧‍👦) too; a joiner after a letter joins nothing.
    let cases = [
        ("🇫🇷🇩🇪", 3, "🇫🇷"),
        ("🇫🇷🇩🇪", 2, "🇫🇷"),
        ("ab🇫🇷🇩🇪", 5, "ab🇫🇷"),
        ("1\u{fe0f}\u{20e3}2", 2, ""),
        ("ok👍\u{1f3fd}", 3, "ok"),
        ("1\u{fe0f}\u{20e3}2", 3, "1\u{fe0f}\u{20e3}"),
        ("x🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f} x", 4, "x"),
        ("x🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f} x", 8, "x🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}"),
        ("e\u{301}e\u{301}", 3, "e\u{301}"),
        ("A👨\u{200d}👩\u{200d}👧\u{200d}👦", 2, "A"),
        ("A👨\u{200d}👩\u{200d}👧\u{200d}👦", 3, "A"),
        ("A👨\u{200d}👩\u{200d}👧\u{200d}👦", 6, "A"),
        ("A👨\u{1f3fd}\u{200d}💻 dev", 3, "A"),
        ("A👨\u{200d}👩\u{200d}👧\u{200d}👦 x", 8, "A👨\u{200d}👩\u{200d}👧\u{200d}👦"),
        ("a\u{200d}👩", 2, "a"),
    ];
    for (text, max, expected) in cases {
        let mut cut_text = text.to_string();
        assert!(cut(&mut cut_text, max), "{text:?}");
        assert_eq!(cut_text, expected, "{text:?} cut at {max}");
    }
    assert_eq!(shortened("🇫🇷🇩🇪🇮🇹", 5), "🇫🇷🇩🇪…");
    assert_eq!(shortened("short", 5), "short");
}
