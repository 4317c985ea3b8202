//! Shopify storefront conventions that need no app on the shop's side.

/// A discount link that applies `code` to the cart and comes back to `redirect`:
/// `{root}discount/{code}?redirect={redirect}`.
pub fn discount_link(root: &str, code: &str, redirect: &str) -> String {
    let mut link = String::from(root);
    if !link.ends_with('/') {
        link.push('/');
    }
    link.push_str("discount/");
    link.push_str(&percent_encode(code));
    link.push_str("?redirect=");
    // Only a path on this shop: an absolute or protocol-relative URL would make an open redirect.
    let redirect = if redirect.starts_with('/') && !redirect.starts_with("//") { redirect } else { "/" };
    link.push_str(&percent_encode(redirect));
    link
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub fn percent_encode(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push('%');
            encoded.push(char::from(HEX[usize::from(byte >> 4)]));
            encoded.push(char::from(HEX[usize::from(byte & 15)]));
        }
    }
    encoded
}

/// Whether `path` is a Shopify order confirmation: the thank-you page of a checkout
/// (`/checkouts/<token>/thank_you`, `/checkouts/c/<token>/thank-you`) or an order's status page
/// (`/<shop id>/orders/<token>`, `/orders/<token>`). A code shown before is used by then.
pub fn is_order_confirmation(path: &str) -> bool {
    let path = path.to_ascii_lowercase();
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let thank_you = segments.first() == Some(&"checkouts") && matches!(segments.last(), Some(&"thank_you" | &"thank-you"));
    let order_status = segments.iter().position(|s| *s == "orders").is_some_and(|at| at + 2 == segments.len());
    thank_you || order_status
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discount_links() {
        let table = [
            ("/", "WELCOME15", "/products/mug?variant=1", "/discount/WELCOME15?redirect=%2Fproducts%2Fmug%3Fvariant%3D1"),
            ("/fr", "WELCOME15", "/", "/fr/discount/WELCOME15?redirect=%2F"),
            ("/", "A B/C", "/", "/discount/A%20B%2FC?redirect=%2F"),
            ("/", "X", "https://evil.example/", "/discount/X?redirect=%2F"),
            ("/", "X", "//evil.example/", "/discount/X?redirect=%2F"),
        ];
        for (root, code, redirect, expected) in table {
            assert_eq!(discount_link(root, code, redirect), expected);
        }
    }

    #[test]
    fn percent_encoding_covers_utf8() {
        assert_eq!(percent_encode("é~"), "%C3%A9~");
    }

    #[test]
    fn order_confirmation_pages_are_recognised() {
        for path in ["/checkouts/abc123/thank_you", "/checkouts/c/abc/thank-you", "/123456/orders/abcdef", "/orders/abcdef", "/Checkouts/X/Thank_You"] {
            assert!(is_order_confirmation(path), "{path}");
        }
        for path in ["/", "/cart", "/checkouts/abc", "/orders", "/pages/orders", "/account/orders/x/y", "/products/thank_you"] {
            assert!(!is_order_confirmation(path), "{path}");
        }
    }
}
