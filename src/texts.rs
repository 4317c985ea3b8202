//! Built-in texts, one table per language.

use crate::config::Offer;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    De,
    Fr,
    Es,
    Nl,
    Ar,
    He,
}

impl Lang {
    /// Reads a BCP 47 tag (`de`, `de-AT`, `pt_BR`) by its primary language.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "de" => Some(Lang::De),
            "fr" => Some(Lang::Fr),
            "es" => Some(Lang::Es),
            "nl" => Some(Lang::Nl),
            "ar" => Some(Lang::Ar),
            "he" | "iw" => Some(Lang::He),
            _ => None,
        }
    }

    /// The first supported tag of the page's and the browser's preferences, else English.
    pub fn negotiate<'a>(preferences: impl IntoIterator<Item = &'a str>) -> Lang {
        preferences.into_iter().find_map(Lang::from_tag).unwrap_or(Lang::En)
    }

    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Fr => "fr",
            Lang::Es => "es",
            Lang::Nl => "nl",
            Lang::Ar => "ar",
            Lang::He => "he",
        }
    }

    pub fn is_rtl(self) -> bool {
        matches!(self, Lang::Ar | Lang::He)
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::En => &EN,
            Lang::De => &DE,
            Lang::Fr => &FR,
            Lang::Es => &ES,
            Lang::Nl => &NL,
            Lang::Ar => &AR,
            Lang::He => &HE,
        }
    }
}

/// Every text the shopper can see. `{n}` stands for the offer's percentage.
pub struct Texts {
    pub percent_title: &'static str,
    pub free_shipping_title: &'static str,
    pub intro: &'static str,
    pub email_label: &'static str,
    pub submit: &'static str,
    pub sending: &'static str,
    pub invalid_email: &'static str,
    pub consent_missing: &'static str,
    pub code_intro: &'static str,
    pub no_code: &'static str,
    pub copy: &'static str,
    pub copied: &'static str,
    /// Shown when the browser offers no clipboard (plain-http shops, some in-app browsers).
    pub copy_by_hand: &'static str,
    pub apply: &'static str,
    pub close: &'static str,
    pub exit_title: &'static str,
    pub exit_intro: &'static str,
    /// `{incentive}` stands for the merchant's `data-exit-incentive`.
    pub exit_incentive: &'static str,
    pub exit_submit: &'static str,
    pub exit_saved: &'static str,
    pub wheel_title: &'static str,
    pub scratch_title: &'static str,
    pub game_intro: &'static str,
    pub wheel_submit: &'static str,
    pub scratch_submit: &'static str,
    pub spin: &'static str,
    pub reveal: &'static str,
    pub scratch_hint: &'static str,
    /// `{prize}` stands for the prize's label.
    pub won: &'static str,
    pub lost: &'static str,
    pub prize_later: &'static str,
}

impl Texts {
    pub fn offer_title(&self, offer: &Offer) -> String {
        match offer {
            Offer::Percent(n) => self.percent_title.replace("{n}", &n.to_string()),
            Offer::FreeShipping | Offer::Off => self.free_shipping_title.to_string(),
        }
    }
}

const EN: Texts = Texts {
    percent_title: "{n}% off your first order",
    free_shipping_title: "Free shipping on your first order",
    intro: "Join our list and we'll give you a code for your first order.",
    email_label: "Email address",
    submit: "Get my code",
    sending: "One moment…",
    invalid_email: "Please enter a valid email address, like name@example.com.",
    consent_missing: "Please tick the box to agree before signing up.",
    code_intro: "You're in! Your code:",
    no_code: "You're in! Your code is on its way to your inbox.",
    copy: "Copy code",
    copied: "Code copied",
    copy_by_hand: "Select the code and copy it.",
    apply: "Apply to my cart",
    close: "Close",
    exit_title: "Save your cart?",
    exit_intro: "We'll email you a link to pick up right where you left off.",
    exit_incentive: "Plus: {incentive} when you come back.",
    exit_submit: "Email me my cart",
    exit_saved: "Saved! Your cart link is on its way to your inbox.",
    wheel_title: "Spin to win!",
    scratch_title: "Scratch & win!",
    game_intro: "Enter your email for a chance to win a prize for your order.",
    wheel_submit: "Spin the wheel",
    scratch_submit: "Get my card",
    spin: "Spin",
    reveal: "Reveal my prize",
    scratch_hint: "Scratch the card to see your prize, or press Reveal.",
    won: "You won: {prize}!",
    lost: "No luck this time. Thanks for joining!",
    prize_later: "Your prize is on its way to your inbox.",
};

const DE: Texts = Texts {
    percent_title: "{n} % Rabatt auf Ihre erste Bestellung",
    free_shipping_title: "Gratisversand für Ihre erste Bestellung",
    intro: "Melden Sie sich an und erhalten Sie einen Code für Ihre erste Bestellung.",
    email_label: "E-Mail-Adresse",
    submit: "Code anfordern",
    sending: "Einen Moment…",
    invalid_email: "Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@example.com.",
    consent_missing: "Bitte setzen Sie das Häkchen, um zuzustimmen.",
    code_intro: "Geschafft! Ihr Code:",
    no_code: "Geschafft! Ihr Code ist unterwegs in Ihr Postfach.",
    copy: "Code kopieren",
    copied: "Code kopiert",
    copy_by_hand: "Markieren Sie den Code und kopieren Sie ihn.",
    apply: "Im Warenkorb einlösen",
    close: "Schließen",
    exit_title: "Warenkorb speichern?",
    exit_intro: "Wir schicken Ihnen einen Link, mit dem Sie genau hier weitermachen.",
    exit_incentive: "Dazu: {incentive}, wenn Sie zurückkommen.",
    exit_submit: "Warenkorb per E-Mail senden",
    exit_saved: "Gespeichert! Der Link zu Ihrem Warenkorb ist unterwegs.",
    wheel_title: "Drehen & gewinnen!",
    scratch_title: "Rubbeln & gewinnen!",
    game_intro: "Geben Sie Ihre E-Mail ein und gewinnen Sie einen Preis für Ihre Bestellung.",
    wheel_submit: "Rad drehen",
    scratch_submit: "Los rubbeln",
    spin: "Drehen",
    reveal: "Preis aufdecken",
    scratch_hint: "Rubbeln Sie das Los frei oder drücken Sie Aufdecken.",
    won: "Gewonnen: {prize}!",
    lost: "Diesmal kein Glück. Danke fürs Mitmachen!",
    prize_later: "Ihr Preis ist unterwegs in Ihr Postfach.",
};

const FR: Texts = Texts {
    percent_title: "{n} % de réduction sur votre première commande",
    free_shipping_title: "Livraison offerte sur votre première commande",
    intro: "Inscrivez-vous et recevez un code pour votre première commande.",
    email_label: "Adresse e-mail",
    submit: "Recevoir mon code",
    sending: "Un instant…",
    invalid_email: "Veuillez saisir une adresse e-mail valide, par exemple nom@example.com.",
    consent_missing: "Veuillez cocher la case pour accepter.",
    code_intro: "C'est fait ! Votre code :",
    no_code: "C'est fait ! Votre code arrive dans votre boîte mail.",
    copy: "Copier le code",
    copied: "Code copié",
    copy_by_hand: "Sélectionnez le code et copiez-le.",
    apply: "Appliquer à mon panier",
    close: "Fermer",
    exit_title: "Enregistrer votre panier ?",
    exit_intro: "Nous vous envoyons un lien pour reprendre exactement où vous en étiez.",
    exit_incentive: "En plus : {incentive} à votre retour.",
    exit_submit: "M'envoyer mon panier",
    exit_saved: "Enregistré ! Le lien vers votre panier arrive par e-mail.",
    wheel_title: "Tournez et gagnez !",
    scratch_title: "Grattez et gagnez !",
    game_intro: "Saisissez votre e-mail pour tenter de gagner un cadeau sur votre commande.",
    wheel_submit: "Tourner la roue",
    scratch_submit: "Obtenir mon ticket",
    spin: "Tourner",
    reveal: "Découvrir mon lot",
    scratch_hint: "Grattez le ticket pour voir votre lot, ou appuyez sur Découvrir.",
    won: "Gagné : {prize} !",
    lost: "Pas de chance cette fois. Merci de votre inscription !",
    prize_later: "Votre lot arrive dans votre boîte mail.",
};

const ES: Texts = Texts {
    percent_title: "{n} % de descuento en tu primer pedido",
    free_shipping_title: "Envío gratis en tu primer pedido",
    intro: "Suscríbete y te daremos un código para tu primer pedido.",
    email_label: "Correo electrónico",
    submit: "Quiero mi código",
    sending: "Un momento…",
    invalid_email: "Introduce un correo válido, por ejemplo nombre@example.com.",
    consent_missing: "Marca la casilla para aceptar antes de suscribirte.",
    code_intro: "¡Listo! Tu código:",
    no_code: "¡Listo! Tu código va camino de tu bandeja de entrada.",
    copy: "Copiar código",
    copied: "Código copiado",
    copy_by_hand: "Selecciona el código y cópialo.",
    apply: "Aplicar a mi carrito",
    close: "Cerrar",
    exit_title: "¿Guardamos tu carrito?",
    exit_intro: "Te enviamos un enlace para seguir justo donde lo dejaste.",
    exit_incentive: "Además: {incentive} cuando vuelvas.",
    exit_submit: "Enviarme mi carrito",
    exit_saved: "¡Guardado! El enlace a tu carrito va camino de tu correo.",
    wheel_title: "¡Gira y gana!",
    scratch_title: "¡Rasca y gana!",
    game_intro: "Introduce tu correo y gana un premio para tu pedido.",
    wheel_submit: "Girar la ruleta",
    scratch_submit: "Quiero mi tarjeta",
    spin: "Girar",
    reveal: "Ver mi premio",
    scratch_hint: "Rasca la tarjeta para ver tu premio o pulsa Ver.",
    won: "¡Has ganado: {prize}!",
    lost: "Esta vez no hubo suerte. ¡Gracias por unirte!",
    prize_later: "Tu premio va camino de tu correo.",
};

const NL: Texts = Texts {
    percent_title: "{n}% korting op je eerste bestelling",
    free_shipping_title: "Gratis verzending op je eerste bestelling",
    intro: "Schrijf je in en ontvang een code voor je eerste bestelling.",
    email_label: "E-mailadres",
    submit: "Stuur mijn code",
    sending: "Een moment…",
    invalid_email: "Vul een geldig e-mailadres in, zoals naam@example.com.",
    consent_missing: "Vink het vakje aan om akkoord te gaan.",
    code_intro: "Gelukt! Je code:",
    no_code: "Gelukt! Je code komt naar je inbox.",
    copy: "Code kopiëren",
    copied: "Code gekopieerd",
    copy_by_hand: "Selecteer de code en kopieer hem.",
    apply: "Toepassen op mijn winkelwagen",
    close: "Sluiten",
    exit_title: "Winkelwagen bewaren?",
    exit_intro: "We mailen je een link om verder te gaan waar je gebleven was.",
    exit_incentive: "Plus: {incentive} als je terugkomt.",
    exit_submit: "Mail mijn winkelwagen",
    exit_saved: "Bewaard! De link naar je winkelwagen komt naar je inbox.",
    wheel_title: "Draai en win!",
    scratch_title: "Kras en win!",
    game_intro: "Vul je e-mail in en maak kans op een prijs voor je bestelling.",
    wheel_submit: "Draai aan het rad",
    scratch_submit: "Geef mij een kaart",
    spin: "Draaien",
    reveal: "Toon mijn prijs",
    scratch_hint: "Kras de kaart open of druk op Toon.",
    won: "Gewonnen: {prize}!",
    lost: "Deze keer geen geluk. Bedankt voor je aanmelding!",
    prize_later: "Je prijs komt naar je inbox.",
};

const AR: Texts = Texts {
    percent_title: "خصم {n}% على طلبك الأول",
    free_shipping_title: "شحن مجاني لطلبك الأول",
    intro: "اشترك في قائمتنا واحصل على رمز لطلبك الأول.",
    email_label: "البريد الإلكتروني",
    submit: "أرسل رمزي",
    sending: "لحظة من فضلك…",
    invalid_email: "يرجى إدخال بريد إلكتروني صالح، مثل name@example.com.",
    consent_missing: "يرجى تحديد المربع للموافقة قبل الاشتراك.",
    code_intro: "تم! رمزك:",
    no_code: "تم! رمزك في طريقه إلى بريدك.",
    copy: "نسخ الرمز",
    copied: "تم نسخ الرمز",
    copy_by_hand: "حدد الرمز وانسخه.",
    apply: "طبّقه على سلتي",
    close: "إغلاق",
    exit_title: "هل نحفظ سلتك؟",
    exit_intro: "سنرسل لك رابطًا لتكمل من حيث توقفت.",
    exit_incentive: "وأيضًا: {incentive} عند عودتك.",
    exit_submit: "أرسل سلتي إلى بريدي",
    exit_saved: "تم الحفظ! رابط سلتك في طريقه إلى بريدك.",
    wheel_title: "أدر واربح!",
    scratch_title: "اخدش واربح!",
    game_intro: "أدخل بريدك الإلكتروني لفرصة الفوز بجائزة لطلبك.",
    wheel_submit: "أدر العجلة",
    scratch_submit: "أعطني بطاقتي",
    spin: "أدر",
    reveal: "اكشف جائزتي",
    scratch_hint: "اخدش البطاقة لرؤية جائزتك أو اضغط اكشف.",
    won: "ربحت: {prize}!",
    lost: "لا حظ هذه المرة. شكرًا لانضمامك!",
    prize_later: "جائزتك في طريقها إلى بريدك.",
};

const HE: Texts = Texts {
    percent_title: "{n}% הנחה על ההזמנה הראשונה",
    free_shipping_title: "משלוח חינם בהזמנה הראשונה",
    intro: "הצטרפו לרשימה שלנו וקבלו קוד להזמנה הראשונה.",
    email_label: "כתובת אימייל",
    submit: "שלחו לי קוד",
    sending: "רגע אחד…",
    invalid_email: "נא להזין כתובת אימייל תקינה, למשל name@example.com.",
    consent_missing: "נא לסמן את התיבה כדי לאשר.",
    code_intro: "נרשמת! הקוד שלך:",
    no_code: "נרשמת! הקוד בדרך לתיבת הדואר שלך.",
    copy: "העתקת הקוד",
    copied: "הקוד הועתק",
    copy_by_hand: "סמנו את הקוד והעתיקו אותו.",
    apply: "החלה על העגלה שלי",
    close: "סגירה",
    exit_title: "לשמור את העגלה?",
    exit_intro: "נשלח לך קישור כדי להמשיך בדיוק מאיפה שעצרת.",
    exit_incentive: "ובנוסף: {incentive} כשתחזרו.",
    exit_submit: "שלחו לי את העגלה",
    exit_saved: "נשמר! הקישור לעגלה בדרך לתיבת הדואר שלך.",
    wheel_title: "סובבו וזכו!",
    scratch_title: "גרדו וזכו!",
    game_intro: "הזינו אימייל והשתתפו בהגרלה על פרס להזמנה.",
    wheel_submit: "לסובב את הגלגל",
    scratch_submit: "לקבל כרטיס",
    spin: "סובבו",
    reveal: "לחשוף את הפרס",
    scratch_hint: "גרדו את הכרטיס או לחצו על חשיפה.",
    won: "זכית: {prize}!",
    lost: "הפעם לא הצליח. תודה שהצטרפת!",
    prize_later: "הפרס בדרך לתיבת הדואר שלך.",
};

/// The merchant's `text` ready to sit inside a sentence of ours: when its first strong
/// character runs the other way than the popup (`rtl`), it is wrapped in Unicode's first-strong
/// isolate, the plain-text `dir="auto"`, so an English prize reads right inside an Arabic
/// sentence and the other way round. Text that already runs the popup's way is left as it is.
pub fn isolated(text: &str, rtl: bool) -> String {
    let first_strong_rtl = text.chars().find_map(|c| {
        let code = u32::from(c);
        // Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic and their presentation forms.
        let right_to_left = (0x0590..=0x08FF).contains(&code) || (0xFB1D..=0xFDFF).contains(&code) || (0xFE70..=0xFEFF).contains(&code);
        // Letters of the left-to-right scripts a shop writes in: Latin, Greek, Cyrillic, Indic
        // and the rest below U+2000 (but for × and ÷), and CJK and Hangul. A range test rather
        // than `char::is_alphabetic`, whose Unicode tables would cost the wasm ~5 KB.
        let left_to_right = c.is_ascii_alphabetic()
            || ((0xC0..0x2000).contains(&code) && code != 0xD7 && code != 0xF7)
            || (0x3040..=0xD7FF).contains(&code);
        (right_to_left || left_to_right).then_some(right_to_left)
    });
    match first_strong_rtl {
        Some(text_rtl) if text_rtl != rtl => {
            let mut isolated = String::from('\u{2068}');
            isolated.push_str(text);
            isolated.push('\u{2069}');
            isolated
        }
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Lang; 7] = [Lang::En, Lang::De, Lang::Fr, Lang::Es, Lang::Nl, Lang::Ar, Lang::He];

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
    fn tags_round_trip_and_regions_are_ignored() {
        for lang in ALL {
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        }
        assert_eq!(Lang::from_tag("de-AT"), Some(Lang::De));
        assert_eq!(Lang::from_tag("pt_BR"), None);
    }

    #[test]
    fn negotiation_takes_the_first_supported_preference() {
        assert_eq!(Lang::negotiate(["pt-BR", "fr-CA", "de"]), Lang::Fr);
        assert_eq!(Lang::negotiate(["", "ja"]), Lang::En);
    }

    #[test]
    fn every_language_fills_every_text_and_the_offer() {
        for lang in ALL {
            let texts = lang.texts();
            assert!(texts.offer_title(&Offer::Percent(15)).contains("15"), "{lang:?}");
            assert!(!texts.percent_title.is_empty() && !texts.close.is_empty());
            assert!(texts.exit_incentive.contains("{incentive}"), "{lang:?}");
            assert!(texts.won.contains("{prize}"), "{lang:?}");
            assert!(!texts.copy_by_hand.is_empty() && texts.copy_by_hand != texts.copied, "{lang:?}");
        }
        assert!(Lang::Ar.is_rtl() && Lang::He.is_rtl() && !Lang::En.is_rtl());
    }
}
