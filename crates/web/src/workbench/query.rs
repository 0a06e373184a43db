//! Reading the workbench pages' own query values (`seite=`, `hinweis=`, `amt=`): decoded, the
//! first of a repeated key counts. Anything unexpected reads as absent; it never makes a page
//! fail.

/// The last page of a list that can be asked for.
const MAX_PAGE: i64 = 100_000;

/// The first value of `key` in a query string, decoded.
pub(super) fn value(query: Option<&str>, key: &str) -> Option<String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query.unwrap_or(""))
        .ok()?
        .into_iter()
        .find(|(name, _)| name == key)
        .map(|(_, value)| value)
}

/// The page of a list asked for: `seite=n` (1-based); anything else is the first page.
pub(super) fn page_number(query: Option<&str>) -> i64 {
    value(query, "seite")
        .and_then(|n| n.parse::<i64>().ok())
        .filter(|n| (1..=MAX_PAGE).contains(n))
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_one_query_value() {
        assert_eq!(
            value(Some("lang=de&amt=ja-04011"), "amt").as_deref(),
            Some("ja-04011")
        );
        assert_eq!(value(Some("lang=de"), "amt"), None);
        assert_eq!(value(None, "amt"), None);
        assert_eq!(
            value(Some("seite=2&seite=3"), "seite").as_deref(),
            Some("2")
        );
    }

    #[test]
    fn page_numbers_default_to_the_first() {
        assert_eq!(page_number(None), 1);
        assert_eq!(page_number(Some("lang=de&seite=3")), 3);
        assert_eq!(page_number(Some("seite=0")), 1);
        assert_eq!(page_number(Some("seite=-2")), 1);
        assert_eq!(page_number(Some("seite=zwei")), 1);
        assert_eq!(page_number(Some("seite=99999999999")), 1);
    }
}
