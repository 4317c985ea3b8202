//! Built-in texts, one table per language.
//!
//! Each table is written whole for its language, never an English sentence with a value pasted
//! in: where a merchant's value stands in a sentence (`{incentive}`, `{prize}`), the sentence is
//! built so the value stays in its base form, since Hungarian and Finnish inflect nouns.

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
    /// Simplified Chinese.
    Zh,
    /// Persian, right to left.
    Fa,
    Hu,
    Fi,
}

/// Every language with built-in texts, in the order the README lists them.
pub const LANGS: [Lang; 11] =
    [Lang::En, Lang::De, Lang::Fr, Lang::Es, Lang::Nl, Lang::Ar, Lang::He, Lang::Zh, Lang::Fa, Lang::Hu, Lang::Fi];

impl Lang {
    /// Reads a BCP 47 tag (`de`, `de-AT`, `FI`, `pt_BR`) by its primary language, in any case
    /// and with `-` or `_`. Chinese is Simplified only: `zh`, `zh-CN`, `zh-SG` and `zh-Hans`
    /// resolve, while `zh-TW`, `zh-HK`, `zh-MO` and `zh-Hant` (Traditional script) do not, so the
    /// next preference is tried rather than showing a reader the script they do not use.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let mut subtags = tag.trim().split(['-', '_']).map(str::to_ascii_lowercase);
        let primary = subtags.next()?;
        match primary.as_str() {
            "en" => Some(Lang::En),
            "de" => Some(Lang::De),
            "fr" => Some(Lang::Fr),
            "es" => Some(Lang::Es),
            "nl" => Some(Lang::Nl),
            "ar" => Some(Lang::Ar),
            "he" | "iw" => Some(Lang::He),
            "zh" => {
                let traditional = subtags.any(|sub| matches!(sub.as_str(), "hant" | "tw" | "hk" | "mo"));
                (!traditional).then_some(Lang::Zh)
            }
            "fa" | "per" | "fas" => Some(Lang::Fa),
            "hu" => Some(Lang::Hu),
            "fi" => Some(Lang::Fi),
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
            Lang::Zh => "zh-CN",
            Lang::Fa => "fa",
            Lang::Hu => "hu",
            Lang::Fi => "fi",
        }
    }

    pub fn is_rtl(self) -> bool {
        matches!(self, Lang::Ar | Lang::He | Lang::Fa)
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
            Lang::Zh => &ZH,
            Lang::Fa => &FA,
            Lang::Hu => &HU,
            Lang::Fi => &FI,
        }
    }

    /// `n` percent as CLDR writes it for this language (`15%`, `15 %` with a no-break space,
    /// `۱۵٪` in Persian). The browser formats with `Intl.NumberFormat`; this is the same result
    /// for where `Intl` is missing, and for the native tests.
    pub fn format_percent(self, n: u8) -> String {
        let digits = n.to_string();
        match self {
            Lang::Fa => {
                let mut text: String = digits.chars().map(|d| native_digit(d, '۰')).collect();
                text.push('٪');
                text
            }
            Lang::Ar => {
                let mut text: String = digits.chars().map(|d| native_digit(d, '٠')).collect();
                // Arabic letter mark after the sign, as CLDR's Arabic pattern has it.
                text.push_str("٪\u{61c}");
                text
            }
            Lang::De | Lang::Es | Lang::Fi => digits + "\u{a0}%",
            Lang::Fr => digits + "\u{202f}%",
            Lang::En | Lang::Nl | Lang::He | Lang::Zh | Lang::Hu => digits + "%",
        }
    }
}

/// `digit` (an ASCII digit) in the script whose zero is `zero`.
fn native_digit(digit: char, zero: char) -> char {
    let offset = digit.to_digit(10).unwrap_or(0);
    char::from_u32(zero as u32 + offset).unwrap_or(digit)
}

/// Every text the shopper can see. `{percent}` stands for the offer's percentage, formatted for
/// the language (see [`Lang::format_percent`]).
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
    /// After a sign-up without a code when no destination will send an email.
    pub no_code_no_email: &'static str,
    /// A saved cart when no destination will email its link: the link is shown instead.
    pub exit_saved_here: &'static str,
    /// The link that rebuilds the saved cart.
    pub open_cart: &'static str,
    /// The tab and dialog that show a revealed code again on later pages.
    pub reminder: &'static str,
    pub reminder_intro: &'static str,
    /// The saved cart's total in the exit prompt; `{total}` is the amount in the cart's currency.
    pub exit_cart_total: &'static str,
    /// The wheel's name for screen readers; `{prizes}` stands for its prizes, listed.
    pub wheel_label: &'static str,
    /// Between the items of a list: `, `, `、` in Chinese, `، ` in Arabic script.
    pub list_separator: &'static str,
}

impl Texts {
    /// The offer's headline, with `percent` as the formatted percentage (`15%`, `15 %`, `۱۵٪`).
    pub fn offer_title(&self, offer: &Offer, percent: impl FnOnce(u8) -> String) -> String {
        match offer {
            Offer::Percent(n) => self.percent_title.replace("{percent}", &percent(*n)),
            Offer::FreeShipping | Offer::Off => self.free_shipping_title.to_string(),
        }
    }

    /// What a screen reader hears for the wheel: its name and every prize on it.
    pub fn wheel_description(&self, labels: &[String]) -> String {
        self.wheel_label.replace("{prizes}", &labels.join(self.list_separator))
    }
}

const EN: Texts = Texts {
    percent_title: "{percent} off your first order",
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
    no_code_no_email: "You're in! Thanks for signing up.",
    exit_saved_here: "Saved! Copy or bookmark this link to get your cart back:",
    open_cart: "Open my saved cart",
    reminder: "Your code",
    reminder_intro: "Here is your code again:",
    exit_cart_total: "Your cart: {total}.",
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
    wheel_label: "Prize wheel: {prizes}",
    list_separator: ", ",
};

const DE: Texts = Texts {
    percent_title: "{percent} Rabatt auf Ihre erste Bestellung",
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
    no_code_no_email: "Geschafft! Danke für Ihre Anmeldung.",
    exit_saved_here: "Gespeichert! Kopieren Sie diesen Link oder setzen Sie ein Lesezeichen, um Ihren Warenkorb wiederzubekommen:",
    open_cart: "Gespeicherten Warenkorb öffnen",
    reminder: "Ihr Code",
    reminder_intro: "Hier ist Ihr Code noch einmal:",
    exit_cart_total: "Ihr Warenkorb: {total}.",
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
    wheel_label: "Glücksrad: {prizes}",
    list_separator: ", ",
};

const FR: Texts = Texts {
    percent_title: "{percent} de réduction sur votre première commande",
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
    no_code_no_email: "C'est fait ! Merci de votre inscription.",
    exit_saved_here: "Enregistré ! Copiez ce lien ou ajoutez-le à vos favoris pour retrouver votre panier :",
    open_cart: "Ouvrir mon panier enregistré",
    reminder: "Votre code",
    reminder_intro: "Voici à nouveau votre code :",
    exit_cart_total: "Votre panier : {total}.",
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
    wheel_label: "Roue des lots : {prizes}",
    list_separator: ", ",
};

const ES: Texts = Texts {
    percent_title: "{percent} de descuento en tu primer pedido",
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
    no_code_no_email: "¡Listo! Gracias por suscribirte.",
    exit_saved_here: "¡Guardado! Copia este enlace o guárdalo en marcadores para recuperar tu carrito:",
    open_cart: "Abrir mi carrito guardado",
    reminder: "Tu código",
    reminder_intro: "Aquí tienes tu código otra vez:",
    exit_cart_total: "Tu carrito: {total}.",
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
    wheel_label: "Ruleta de premios: {prizes}",
    list_separator: ", ",
};

const NL: Texts = Texts {
    percent_title: "{percent} korting op je eerste bestelling",
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
    no_code_no_email: "Gelukt! Bedankt voor je aanmelding.",
    exit_saved_here: "Bewaard! Kopieer deze link of zet er een bladwijzer op om je winkelwagen terug te krijgen:",
    open_cart: "Open mijn bewaarde winkelwagen",
    reminder: "Je code",
    reminder_intro: "Hier is je code nog een keer:",
    exit_cart_total: "Je winkelwagen: {total}.",
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
    wheel_label: "Prijzenrad: {prizes}",
    list_separator: ", ",
};

const AR: Texts = Texts {
    percent_title: "خصم {percent} على طلبك الأول",
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
    no_code_no_email: "تم! شكرًا لاشتراكك.",
    exit_saved_here: "تم الحفظ! انسخ هذا الرابط أو احفظه في المفضلة لتستعيد سلتك:",
    open_cart: "افتح سلتي المحفوظة",
    reminder: "رمزك",
    reminder_intro: "إليك رمزك مرة أخرى:",
    exit_cart_total: "سلتك: {total}.",
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
    wheel_label: "عجلة الجوائز: {prizes}",
    list_separator: "، ",
};

const HE: Texts = Texts {
    percent_title: "{percent} הנחה על ההזמנה הראשונה",
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
    no_code_no_email: "נרשמת! תודה שהצטרפת.",
    exit_saved_here: "נשמר! העתיקו את הקישור או שמרו אותו במועדפים כדי לחזור לעגלה:",
    open_cart: "פתיחת העגלה השמורה",
    reminder: "הקוד שלך",
    reminder_intro: "הנה הקוד שלך שוב:",
    exit_cart_total: "העגלה שלך: {total}.",
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
    wheel_label: "גלגל הפרסים: {prizes}",
    list_separator: ", ",
};

const ZH: Texts = Texts {
    percent_title: "首单立减{percent}",
    free_shipping_title: "首单免运费",
    intro: "订阅我们的邮件，即可获得首单优惠码。",
    email_label: "电子邮箱",
    submit: "领取优惠码",
    sending: "请稍候…",
    invalid_email: "请输入有效的电子邮箱地址，例如 name@example.com。",
    consent_missing: "请先勾选同意框再订阅。",
    code_intro: "订阅成功！您的优惠码：",
    no_code: "订阅成功！优惠码将发送到您的邮箱。",
    copy: "复制优惠码",
    copied: "已复制优惠码",
    copy_by_hand: "选中优惠码后手动复制。",
    apply: "用于我的购物车",
    close: "关闭",
    exit_title: "要保存您的购物车吗？",
    exit_intro: "我们会把购物车链接发到您的邮箱，您随时可以回来继续购物。",
    exit_incentive: "回来下单还可享受：{incentive}。",
    exit_submit: "把购物车发到我的邮箱",
    exit_saved: "已保存！购物车链接正在发往您的邮箱。",
    no_code_no_email: "订阅成功！感谢您的订阅。",
    exit_saved_here: "已保存！复制或收藏此链接，随时找回您的购物车：",
    open_cart: "打开我保存的购物车",
    reminder: "您的优惠码",
    reminder_intro: "再次为您显示优惠码：",
    exit_cart_total: "您的购物车：{total}。",
    wheel_title: "转一转，赢好礼！",
    scratch_title: "刮一刮，赢好礼！",
    game_intro: "输入您的邮箱，就有机会为本次订单赢取奖品。",
    wheel_submit: "转动转盘",
    scratch_submit: "领取刮刮卡",
    spin: "转动",
    reveal: "揭晓奖品",
    scratch_hint: "刮开卡片查看奖品，或点击“揭晓奖品”。",
    won: "恭喜您获得：{prize}！",
    lost: "很遗憾，这次没有中奖。感谢您的订阅！",
    prize_later: "奖品将发送到您的邮箱。",
    wheel_label: "奖品转盘：{prizes}",
    list_separator: "、",
};

const FA: Texts = Texts {
    percent_title: "{percent} تخفیف برای اولین سفارش شما",
    free_shipping_title: "ارسال رایگان برای اولین سفارش شما",
    intro: "عضو خبرنامهٔ ما شوید تا کد تخفیف اولین سفارشتان را بگیرید.",
    email_label: "نشانی ایمیل",
    submit: "دریافت کد تخفیف",
    sending: "لطفاً کمی صبر کنید…",
    invalid_email: "لطفاً یک نشانی ایمیل معتبر وارد کنید، مثل name@example.com.",
    consent_missing: "برای عضویت، لطفاً گزینهٔ موافقت را علامت بزنید.",
    code_intro: "عضویت شما انجام شد! کد شما:",
    no_code: "عضویت شما انجام شد! کد تخفیف به ایمیلتان فرستاده می‌شود.",
    copy: "کپی کد",
    copied: "کد کپی شد",
    copy_by_hand: "کد را انتخاب و کپی کنید.",
    apply: "اعمال روی سبد خرید من",
    close: "بستن",
    exit_title: "سبد خریدتان را نگه داریم؟",
    exit_intro: "پیوندی برایتان ایمیل می‌کنیم تا خریدتان را درست از همین‌جا ادامه دهید.",
    exit_incentive: "به‌علاوه هنگام بازگشت: {incentive}.",
    exit_submit: "سبد خریدم را ایمیل کنید",
    exit_saved: "ذخیره شد! پیوند سبد خریدتان به ایمیلتان فرستاده می‌شود.",
    no_code_no_email: "عضویت شما انجام شد! از همراهی‌تان سپاسگزاریم.",
    exit_saved_here: "ذخیره شد! این پیوند را کپی کنید یا نشانک بگذارید تا سبد خریدتان را دوباره داشته باشید:",
    open_cart: "باز کردن سبد خرید ذخیره‌شده",
    reminder: "کد شما",
    reminder_intro: "کد شما، یک بار دیگر:",
    exit_cart_total: "سبد خرید شما: {total}.",
    wheel_title: "بچرخان و ببر!",
    scratch_title: "بخراش و ببر!",
    game_intro: "ایمیلتان را وارد کنید و شانس بردن جایزه‌ای برای سفارشتان را داشته باشید.",
    wheel_submit: "چرخاندن گردونه",
    scratch_submit: "دریافت کارت",
    spin: "بچرخان",
    reveal: "نمایش جایزه",
    scratch_hint: "کارت را بخراشید تا جایزه‌تان را ببینید، یا «نمایش جایزه» را بزنید.",
    won: "برنده شدید: {prize}!",
    lost: "این بار شانس با شما نبود. از عضویتتان سپاسگزاریم!",
    prize_later: "جایزه‌تان به ایمیلتان فرستاده می‌شود.",
    wheel_label: "گردونهٔ جایزه: {prizes}",
    list_separator: "، ",
};

const HU: Texts = Texts {
    percent_title: "{percent} kedvezmény az első rendelésedből",
    free_shipping_title: "Ingyenes szállítás az első rendelésedre",
    intro: "Iratkozz fel a hírlevelünkre, és küldünk egy kódot az első rendelésedhez.",
    email_label: "E-mail-cím",
    submit: "Kérem a kódot",
    sending: "Egy pillanat…",
    invalid_email: "Adj meg egy érvényes e-mail-címet, például: name@example.com.",
    consent_missing: "A feliratkozáshoz jelöld be a jelölőnégyzetet.",
    code_intro: "Sikerült! A kódod:",
    no_code: "Sikerült! A kódodat hamarosan megkapod e-mailben.",
    copy: "Kód másolása",
    copied: "Kód kimásolva",
    copy_by_hand: "Jelöld ki a kódot, és másold ki.",
    apply: "Beváltom a kosaramban",
    close: "Bezárás",
    exit_title: "Elmentsük a kosaradat?",
    exit_intro: "Küldünk egy linket e-mailben, hogy ott folytathasd, ahol abbahagytad.",
    exit_incentive: "Ráadás, ha visszatérsz: {incentive}.",
    exit_submit: "Kérem e-mailben a kosaram",
    exit_saved: "Elmentve! A kosarad linkjét hamarosan megkapod e-mailben.",
    no_code_no_email: "Sikerült! Köszönjük, hogy feliratkoztál.",
    exit_saved_here: "Elmentve! Másold ki vagy tedd könyvjelzőbe ezt a linket, hogy visszakapd a kosaradat:",
    open_cart: "Mentett kosár megnyitása",
    reminder: "A kódod",
    reminder_intro: "Itt a kódod még egyszer:",
    exit_cart_total: "A kosarad: {total}.",
    wheel_title: "Pörgess és nyerj!",
    scratch_title: "Kaparj és nyerj!",
    game_intro: "Add meg az e-mail-címed, és nyerj ajándékot a rendelésedhez!",
    wheel_submit: "Megpörgetem a kereket",
    scratch_submit: "Kérem a kaparós sorsjegyet",
    spin: "Pörgetés",
    reveal: "Mutasd a nyereményt",
    scratch_hint: "Kapard le a sorsjegyet, vagy nyomd meg a „Mutasd a nyereményt” gombot.",
    won: "A nyereményed: {prize}!",
    lost: "Most nem volt szerencséd. Köszönjük, hogy feliratkoztál!",
    prize_later: "A nyereményedet hamarosan megkapod e-mailben.",
    wheel_label: "Nyereménykerék: {prizes}",
    list_separator: ", ",
};

const FI: Texts = Texts {
    percent_title: "{percent} alennusta ensimmäisestä tilauksestasi",
    free_shipping_title: "Ilmainen toimitus ensimmäiseen tilaukseesi",
    intro: "Liity postituslistallemme, niin saat koodin ensimmäiseen tilaukseesi.",
    email_label: "Sähköpostiosoite",
    submit: "Haluan koodin",
    sending: "Hetkinen…",
    invalid_email: "Anna kelvollinen sähköpostiosoite, esimerkiksi name@example.com.",
    consent_missing: "Hyväksy valitsemalla ruutu ennen kuin liityt.",
    code_intro: "Tervetuloa mukaan! Koodisi:",
    no_code: "Tervetuloa mukaan! Koodisi on matkalla sähköpostiisi.",
    copy: "Kopioi koodi",
    copied: "Koodi kopioitu",
    copy_by_hand: "Valitse koodi ja kopioi se.",
    apply: "Käytä ostoskorissani",
    close: "Sulje",
    exit_title: "Tallennetaanko ostoskorisi?",
    exit_intro: "Lähetämme sinulle linkin, jolla jatkat suoraan siitä, mihin jäit.",
    exit_incentive: "Lisäksi palatessasi: {incentive}.",
    exit_submit: "Lähetä ostoskori sähköpostiini",
    exit_saved: "Tallennettu! Linkki ostoskoriisi on matkalla sähköpostiisi.",
    no_code_no_email: "Tervetuloa mukaan! Kiitos liittymisestä.",
    exit_saved_here: "Tallennettu! Kopioi tämä linkki tai tallenna se kirjanmerkiksi, niin saat ostoskorisi takaisin:",
    open_cart: "Avaa tallennettu ostoskori",
    reminder: "Koodisi",
    reminder_intro: "Tässä koodisi uudelleen:",
    exit_cart_total: "Ostoskorisi: {total}.",
    wheel_title: "Pyöräytä ja voita!",
    scratch_title: "Raaputa ja voita!",
    game_intro: "Anna sähköpostiosoitteesi, niin voit voittaa palkinnon tilaukseesi.",
    wheel_submit: "Pyöräytä onnenpyörää",
    scratch_submit: "Haluan raaputusarvan",
    spin: "Pyöräytä",
    reveal: "Näytä palkinto",
    scratch_hint: "Raaputa arpa nähdäksesi palkintosi tai paina Näytä palkinto.",
    won: "Voitit: {prize}!",
    lost: "Ei onnea tällä kertaa. Kiitos, että liityit!",
    prize_later: "Palkintosi on matkalla sähköpostiisi.",
    wheel_label: "Onnenpyörä: {prizes}",
    list_separator: ", ",
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

    fn every_text(texts: &Texts) -> [&'static str; 39] {
        [
            texts.percent_title, texts.free_shipping_title, texts.intro, texts.email_label, texts.submit,
            texts.sending, texts.invalid_email, texts.consent_missing, texts.code_intro, texts.no_code,
            texts.copy, texts.copied, texts.apply, texts.close, texts.exit_title, texts.exit_intro,
            texts.exit_incentive, texts.exit_submit, texts.exit_saved, texts.wheel_title, texts.scratch_title,
            texts.game_intro, texts.wheel_submit, texts.scratch_submit, texts.spin, texts.reveal,
            texts.scratch_hint, texts.won, texts.lost, texts.prize_later, texts.wheel_label, texts.list_separator,
            texts.copy_by_hand, texts.exit_cart_total, texts.no_code_no_email, texts.exit_saved_here, texts.open_cart,
            texts.reminder, texts.reminder_intro,
        ]
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
            ("zh-TW", None),
            ("zh-Hant", None),
            ("zh-Hant-HK", None),
            ("zh-HK", None),
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
        assert_eq!(Lang::negotiate(["zh-TW", "fi"]), Lang::Fi, "Traditional Chinese readers get their next choice");
        assert_eq!(Lang::negotiate(["zh-CN", "en"]), Lang::Zh);
    }

    #[test]
    fn every_language_fills_every_text_and_the_offer() {
        for lang in LANGS {
            let texts = lang.texts();
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
        let english = every_text(&EN);
        for lang in [Lang::Zh, Lang::Fa, Lang::Hu, Lang::Fi] {
            let texts = every_text(lang.texts());
            for (text, english) in texts.iter().zip(english) {
                // The separator ", " is shared by Latin-script languages; every sentence differs.
                if english != ", " {
                    assert_ne!(*text, english, "{lang:?} still has English: {text}");
                }
            }
            // Written in their own script: Han, Arabic-script Persian letters, or the Hungarian and
            // Finnish letters English lacks somewhere in the table.
            let all: String = texts.concat();
            let own_script = match lang {
                Lang::Zh => all.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                Lang::Fa => all.contains('گ') && all.contains('پ') && all.contains('ی'),
                Lang::Hu => all.contains('ő') && all.contains('é'),
                _ => all.contains('ä') && all.contains('ö'),
            };
            assert!(own_script, "{lang:?}");
        }
    }

    #[test]
    fn percentages_follow_each_languages_conventions() {
        let cases = [
            (Lang::En, "15%"),
            (Lang::De, "15\u{a0}%"),
            (Lang::Fr, "15\u{202f}%"),
            (Lang::Fi, "15\u{a0}%"),
            (Lang::Hu, "15%"),
            (Lang::Zh, "15%"),
            (Lang::Fa, "۱۵٪"),
            (Lang::Ar, "١٥٪\u{61c}"),
        ];
        for (lang, expected) in cases {
            assert_eq!(lang.format_percent(15), expected, "{lang:?}");
        }
        assert_eq!(Lang::Fa.format_percent(100), "۱۰۰٪");
    }

    #[test]
    fn the_wheel_is_described_in_the_readers_language() {
        let labels = ["10% off".to_string(), "Free shipping".to_string()];
        assert_eq!(EN.wheel_description(&labels), "Prize wheel: 10% off, Free shipping");
        assert_eq!(ZH.wheel_description(&labels), "奖品转盘：10% off、Free shipping");
        assert_eq!(FA.wheel_description(&labels), "گردونهٔ جایزه: 10% off، Free shipping");
    }
}
