//! Links and origins as the browser reads them: the shop's own origin, where a redirect may send
//! the shopper, and which links a sign-up may carry. Every check parses with the `url` crate, which
//! implements the WHATWG URL Standard the browser follows — so `/\evil.example`, `/%09/evil.example`
//! (tab removed) or `//evil.example` resolve here to the same host they would in the browser.

use axum::http::header::{HOST, ORIGIN};
use axum::http::HeaderMap;
use url::Url;

/// The shop's own origin as this request reached it: `http://` and its `Host` header (the preview
/// shop serves plain HTTP); `None` when `Host` is missing or not a bare `host[:port]`.
pub fn own_origin(headers: &HeaderMap) -> Option<Url> {
    headers
        .get(HOST)
        .and_then(|host| host.to_str().ok())
        .filter(|host| !host.is_empty() && !host.contains(['/', '\\', '@', '?', '#']))
        .and_then(|host| Url::parse(&format!("http://{host}/")).ok())
        .filter(|url| url.path() == "/" && url.username().is_empty())
}

/// Whether `own` (see [`own_origin`]) is an address, an IP or `localhost`, as the preview shop
/// is reached when nobody named it. A name in `Host` is whatever the client sent (any script
/// outside a browser names `evil.example`): a shop served under a name lists it in `--origins`.
pub fn addressed(own: &Url) -> bool {
    matches!(own.host(), Some(url::Host::Ipv4(_) | url::Host::Ipv6(_))) || own.host_str() == Some("localhost")
}

/// `scheme://host[:port]` of an absolute `http:`/`https:` link, as browsers serialise origins
/// (default port omitted, host lower-cased); `None` for anything else.
pub fn origin_of(link: &str) -> Option<String> {
    let url = Url::parse(link).ok()?;
    matches!(url.scheme(), "http" | "https").then(|| url.origin().ascii_serialization())
}

/// Where a redirect asked for with `target` may go: `target` resolved against the shop as the
/// browser would, kept (as path, query and fragment) only when it stays on the shop's origin;
/// anything else — another host, another scheme, `javascript:`, a path that reads as a host — is `/`.
pub fn local_redirect(own: &Url, target: &str) -> String {
    let Ok(url) = own.join(target) else { return "/".into() };
    if url.origin() != own.origin() {
        return "/".into();
    }
    let mut local = url.path().to_string();
    if let Some(query) = url.query() {
        local.push('?');
        local.push_str(query);
    }
    if let Some(fragment) = url.fragment() {
        local.push('#');
        local.push_str(fragment);
    }
    // The relative form must lead back to the very same URL: a normalised path such as `//x`
    // (from `/.//x`) would otherwise be read by the browser as the host `x`.
    match own.join(&local) {
        Ok(again) if again == url => local,
        _ => "/".into(),
    }
}

/// Whether a link a sign-up carries may be stored and shown: an absolute `http:`/`https:` link
/// without credentials, on the shop's own host (either scheme) or on one of `allowed` origins.
pub fn allowed_link(link: &str, own: Option<&Url>, allowed: &[String]) -> bool {
    let Ok(url) = Url::parse(link) else { return false };
    if !matches!(url.scheme(), "http" | "https") || !url.username().is_empty() || url.password().is_some() {
        return false;
    }
    let origin = url.origin().ascii_serialization();
    let own_host = own.is_some_and(|own| {
        own.host_str().is_some_and(|host| url.host_str() == Some(host)) && url.port_or_known_default() == own.port_or_known_default()
    });
    own_host || allowed.contains(&origin)
}

/// Whether a browser request comes from the shop's own pages: `Sec-Fetch-Site` when the browser
/// sends it (`same-origin`, or `none` for a typed address), else `Origin` compared with the shop's.
/// A request with neither is not from a modern browser's page, so no visitor's browser can be
/// made to send it (the CSRF case); it is allowed, as for scripts and tests.
pub fn same_origin_request(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    match headers.get(ORIGIN).map(|v| v.to_str()) {
        None => true,
        Some(Ok(origin)) => own_origin(headers).is_some_and(|own| origin == own.origin().ascii_serialization()),
        Some(Err(_)) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shop() -> Url {
        Url::parse("http://127.0.0.1:8080/").expect("a URL")
    }

    #[test]
    fn redirects_stay_on_the_shop() {
        let table = [
            ("/products/mug", "/products/mug"),
            ("/products/mug?variant=1#top", "/products/mug?variant=1#top"),
            ("/fr/", "/fr/"),
            ("http://127.0.0.1:8080/cart", "/cart"),
            ("cart", "/cart"),
            ("/%5C%5Cevil.example/", "/%5C%5Cevil.example/"),
            ("//evil.example", "/"),
            ("///evil.example", "/"),
            ("/\\evil.example", "/"),
            ("\\\\evil.example", "/"),
            ("/\\/evil.example/", "/"),
            ("/\t/evil.example/", "/"),
            ("/\n/evil.example/", "/"),
            ("\t//evil.example", "/"),
            (" //evil.example", "/"),
            ("/.//evil.example", "/"),
            ("https://evil.example", "/"),
            ("HTTPS://evil.example", "/"),
            ("https:evil.example", "/"),
            ("http:\\\\evil.example", "/"),
            ("https://127.0.0.1:8080@evil.example/", "/"),
            ("http://127.0.0.1:8081/", "/"),
            ("javascript:alert(1)", "/"),
            ("JaVaScRiPt:alert(1)", "/"),
            ("java\tscript:alert(1)", "/"),
            ("data:text/html,<script>alert(1)</script>", "/"),
            ("http://[", "/"),
        ];
        for (target, expected) in table {
            assert_eq!(local_redirect(&shop(), target), expected, "{target:?}");
        }
    }

    #[test]
    fn links_must_be_http_on_the_shop_or_allowed() {
        let allowed = vec!["https://shop.example".to_string()];
        let table = [
            ("http://127.0.0.1:8080/cart/40001:1", true),
            ("https://127.0.0.1:8080/cart/40001:1", true),
            ("http://127.0.0.1:8081/cart/40001:1", false),
            ("https://shop.example/restore?items=1:1", true),
            ("https://SHOP.example:443/restore", true),
            ("https://shop.example:444/restore", false),
            ("http://shop.example/restore", false),
            ("https://evil.example/cart/1:1", false),
            ("https://shop.example@evil.example/", false),
            ("https://user:pw@shop.example/", false),
            ("javascript:window.x=1", false),
            ("data:text/html,<script>1</script>", false),
            ("/cart/40001:1", false),
            ("//evil.example/", false),
        ];
        for (link, expected) in table {
            assert_eq!(allowed_link(link, Some(&shop()), &allowed), expected, "{link:?}");
        }
    }
}
