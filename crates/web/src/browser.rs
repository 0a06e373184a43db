//! What a browser's request says besides its body, read the same way by the workbench and the
//! citizen portal: a cookie by name, and whether the request came from another site (Fetch
//! Metadata).

use axum::http::header::{COOKIE, HeaderMap};

/// The value of the cookie `name` the browser sent, if any.
pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(found, _)| *found == name)
        .map(|(_, value)| value.trim())
}

/// Whether the browser says the request came from another origin. A request typed or
/// bookmarked by the user (`none`) and one from our own pages (`same-origin`) pass; one without
/// the header (older browsers, other programs) is left to the CSRF token.
pub(crate) fn cross_site(headers: &HeaderMap) -> bool {
    headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|site| !matches!(site, "same-origin" | "none"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn reads_the_named_cookie_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            HeaderValue::from_static("a=1; sr_amt=abc ; __Host-sr_amt=def"),
        );
        headers.append(COOKIE, HeaderValue::from_static("sr_login=xyz"));
        assert_eq!(cookie(&headers, "sr_amt"), Some("abc"));
        assert_eq!(cookie(&headers, "__Host-sr_amt"), Some("def"));
        assert_eq!(cookie(&headers, "sr_login"), Some("xyz"));
        assert_eq!(cookie(&headers, "sr_buerger"), None);
    }

    #[test]
    fn fetch_metadata_refuses_other_sites_only() {
        let mut headers = HeaderMap::new();
        assert!(!cross_site(&headers));
        for (site, refused) in [
            ("same-origin", false),
            ("none", false),
            ("same-site", true),
            ("cross-site", true),
        ] {
            headers.insert("sec-fetch-site", HeaderValue::from_static(site));
            assert_eq!(cross_site(&headers), refused, "{site}");
        }
    }
}
