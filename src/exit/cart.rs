//! The shopper's cart, as the shop reports it, and the link that rebuilds it.

use serde::{Deserialize, Serialize};

use crate::json::{Object, ToJson};
use crate::signup::shopify::percent_encode;

/// The longest cart line title a report carries, in characters (Shopify's titles run to 255).
pub const MAX_TITLE_CHARS: usize = 200;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    pub variant_id: u64,
    pub quantity: u32,
    pub title: String,
    /// Minor units (cents), as Shopify's AJAX cart reports prices.
    pub unit_price: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cart {
    pub items: Vec<CartLine>,
    pub currency: String,
    /// Minor units.
    pub total: u64,
}

impl ToJson for CartLine {
    fn write_json(&self, out: &mut String) {
        Object::new(out)
            .field("variant_id", &self.variant_id)
            .field("quantity", &self.quantity)
            .field("title", &self.title)
            .field("unit_price", &self.unit_price)
            .end();
    }
}

impl ToJson for Cart {
    fn write_json(&self, out: &mut String) {
        Object::new(out).field("items", &self.items).field("currency", &self.currency).field("total", &self.total).end();
    }
}

impl Cart {
    /// A cart of the lines with a quantity, its total computed from them. Titles are kept as the
    /// page shows them ([`crate::texts::plain`]) and to [`MAX_TITLE_CHARS`] ([`crate::texts::cut`]):
    /// what the shop accepts (README, "What the shop receives").
    pub fn new(items: Vec<CartLine>, currency: String) -> Cart {
        let mut items: Vec<CartLine> = items.into_iter().filter(|line| line.quantity > 0).collect();
        for line in &mut items {
            line.title = crate::texts::plain(&line.title);
            crate::texts::cut(&mut line.title, MAX_TITLE_CHARS);
        }
        // Saturating, as a wrapped sum of absurd prices would read as a small total.
        let total = items.iter().fold(0u64, |total, l| total.saturating_add(l.unit_price.saturating_mul(u64::from(l.quantity))));
        Cart { items, currency, total }
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// `VARIANT:QTY,VARIANT:QTY`, the item list of a Shopify cart permalink.
    pub fn permalink_items(&self) -> String {
        let mut items = String::new();
        for (i, line) in self.items.iter().enumerate() {
            if i > 0 {
                items.push(',');
            }
            crate::json::push_decimal(&mut items, line.variant_id);
            items.push(':');
            crate::json::push_decimal(&mut items, u64::from(line.quantity));
        }
        items
    }
}

/// The link that rebuilds `cart`: the merchant's `template` (with `{items}` and `{code}`), or else
/// a Shopify cart permalink under `root`, applying `code` when there is one.
pub fn restore_link(cart: &Cart, root: &str, template: Option<&str>, code: Option<&str>) -> String {
    let code = code.map(percent_encode).unwrap_or_default();
    if let Some(template) = template {
        return template.replace("{items}", &cart.permalink_items()).replace("{code}", &code);
    }
    let mut link = String::from(root);
    if !link.ends_with('/') {
        link.push('/');
    }
    link.push_str("cart/");
    link.push_str(&cart.permalink_items());
    if !code.is_empty() {
        link.push_str("?discount=");
        link.push_str(&code);
    }
    link
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cart() -> Cart {
        Cart::new(
            vec![
                CartLine { variant_id: 40001, quantity: 2, title: "Mug".into(), unit_price: 1900 },
                CartLine { variant_id: 40002, quantity: 0, title: "Gone".into(), unit_price: 100 },
                CartLine { variant_id: 40003, quantity: 1, title: "Board".into(), unit_price: 4500 },
            ],
            "EUR".into(),
        )
    }

    #[test]
    fn empty_lines_are_dropped_and_the_total_computed() {
        let cart = cart();
        assert_eq!(cart.items.len(), 2);
        assert_eq!(cart.total, 2 * 1900 + 4500);
        assert!(Cart::new(Vec::new(), "EUR".into()).is_empty());
    }

    #[test]
    fn titles_are_plain_text_of_at_most_200_characters() {
        let long = "Ä".repeat(250);
        let lines = vec![
            CartLine { variant_id: 1, quantity: 1, title: "Wool\nScarf\t(red)\u{7}".into(), unit_price: 100 },
            CartLine { variant_id: 2, quantity: 1, title: long, unit_price: 100 },
        ];
        let cart = Cart::new(lines, "EUR".into());
        assert_eq!(cart.items[0].title, "Wool Scarf (red)");
        assert_eq!(cart.items[1].title, "Ä".repeat(MAX_TITLE_CHARS));
    }

    #[test]
    fn restore_links() {
        let cart = cart();
        let table = [
            ("/", None, None, "/cart/40001:2,40003:1"),
            ("/fr", None, Some("SAVE5"), "/fr/cart/40001:2,40003:1?discount=SAVE5"),
            ("/", Some("https://shop.example/restore?i={items}&c={code}"), Some("A B"), "https://shop.example/restore?i=40001:2,40003:1&c=A%20B"),
        ];
        for (root, template, code, expected) in table {
            assert_eq!(restore_link(&cart, root, template, code), expected);
        }
    }
}
