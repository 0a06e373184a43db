//! Every text of the citizen portal, in Fluent files compiled into the binary
//! (`crates/web/locales/<tag>/portal.ftl`), and the portal's three page languages.
//!
//! Page code never holds text: it names a message by one of the [`id`] constants and asks
//! [`t`] or [`t_args`] for it in the page's [`Locale`]. A [`Msg`] can only be made by the
//! [`messages!`] list below, so every id a page can use is in [`ALL`]; the tests check that
//! each of them exists in German and English and that both files hold exactly these ids.
//!
//! # Adding a text
//! 1. Add `NAME = "kebab-id";` to the list below (grouped by page).
//! 2. Add `kebab-id = …` to `locales/de/portal.ftl` and `locales/en/portal.ftl`, and to
//!    `locales/de-leicht/portal.ftl` if the text belongs to a page offered in Leichte Sprache.
//!
//! # Leichte Sprache
//! Its locale is `de-leicht`: the language `de` with the variant subtag `leicht` (variants are
//! 5–8 letters or digits, so this is a valid BCP 47 tag that unic-langid parses; there is no
//! registered subtag for Leichte Sprache). The file holds only the texts of the pages offered in
//! Leichte Sprache (`frame::EASY_PATHS`: start, questions, the whole pre-check);
//! any other id falls back to standard German. Pages declare `lang="de"`, since it is German.
//!
//! # Prose messages
//! Longer texts are written one paragraph per line; a line starting with `- ` is a list item
//! (see [`super::frame::prose`]). Messages never contain markup: everything is escaped.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use axum::http::HeaderMap;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, langid};

use crate::i18n::Lang;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "de",
        // Unicode isolation marks around placeables would end up in the HTML.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static DE: LanguageIdentifier = langid!("de");
static EN: LanguageIdentifier = langid!("en");
// A variant subtag makes the identifier heap-allocated, so it cannot be a plain static.
static EASY: LazyLock<LanguageIdentifier> = LazyLock::new(|| langid!("de-leicht"));

/// The language of a portal page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    /// Standard German, the default.
    De,
    En,
    /// Leichte Sprache (easy-to-read German), only when asked for with `?lang=ls`.
    Easy,
}

impl Locale {
    /// Every locale, in the order of the language links.
    pub const ALL: [Locale; 3] = [Locale::De, Locale::En, Locale::Easy];

    /// The value of the HTML `lang` (and `hreflang`) attribute: Leichte Sprache is German.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::De | Locale::Easy => "de",
            Locale::En => "en",
        }
    }

    /// The value of `?lang=` that selects this locale.
    pub fn query_value(self) -> &'static str {
        match self {
            Locale::De => "de",
            Locale::En => "en",
            Locale::Easy => "ls",
        }
    }

    /// The language of the rest of the platform (problem pages, shared helpers).
    pub fn lang(self) -> Lang {
        match self {
            Locale::De | Locale::Easy => Lang::De,
            Locale::En => Lang::En,
        }
    }

    /// The page locale: `?lang=de|en|ls` when given, else the browser's preference between
    /// German and English. Leichte Sprache only when asked for explicitly.
    pub fn from_query(query: Option<&str>, headers: &HeaderMap) -> Locale {
        let asked = query
            .into_iter()
            .flat_map(|q| q.split('&'))
            .find_map(|pair| match pair.strip_prefix("lang=")? {
                "de" => Some(Locale::De),
                "en" => Some(Locale::En),
                "ls" => Some(Locale::Easy),
                _ => None,
            });
        asked.unwrap_or_else(|| match Lang::from_headers(headers) {
            Lang::De => Locale::De,
            Lang::En => Locale::En,
        })
    }

    /// `path` in this locale: `/fragen?lang=en`.
    pub fn href(self, path: &str) -> String {
        let separator = if path.contains('?') { '&' } else { '?' };
        format!("{path}{separator}lang={}", self.query_value())
    }
}

/// The id of one portal message; only the list in this module makes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Msg(&'static str);

impl Msg {
    pub fn id(self) -> &'static str {
        self.0
    }
}

/// The text of `msg` in `locale`.
pub fn t(locale: Locale, msg: Msg) -> String {
    lookup(locale, msg, None)
}

/// The text of `msg` in `locale` with its placeables filled from `args`.
pub fn t_args(locale: Locale, msg: Msg, args: &[(&str, FluentValue)]) -> String {
    let args: HashMap<Cow<'static, str>, FluentValue> = args
        .iter()
        .map(|(name, value)| (Cow::Owned((*name).to_owned()), value.clone()))
        .collect();
    lookup(locale, msg, Some(&args))
}

fn lookup(
    locale: Locale,
    msg: Msg,
    args: Option<&HashMap<Cow<'static, str>, FluentValue>>,
) -> String {
    let chain: &[&LanguageIdentifier] = match locale {
        Locale::Easy => &[&*EASY, &DE],
        Locale::En => &[&EN, &DE],
        Locale::De => &[&DE],
    };
    for lang in chain {
        if let Ok(text) = LOCALES.lookup_single_language(lang, msg.0, args) {
            return text;
        }
    }
    // The tests make this unreachable for ids of the list; say so in the log, not the page.
    tracing::error!(id = msg.0, "portal message missing or not formattable");
    msg.0.to_owned()
}

macro_rules! messages {
    ($($(#[$doc:meta])* $name:ident = $id:literal;)*) => {
        /// The portal's message ids.
        pub mod id {
            use super::Msg;
            $($(#[$doc])* pub const $name: Msg = Msg($id);)*
        }
        /// Every message id, for the completeness tests.
        pub const ALL: &[Msg] = &[$(id::$name),*];
    };
}

messages! {
    // Login and logout (portal::login, portal::session).
    LOGIN_TITLE = "login-title";
    LOGIN_INTRO = "login-intro";
    LOGIN_TEST_PROVIDER = "login-test-provider";
    LOGIN_BUTTON = "login-button";
    LOGIN_UNAVAILABLE = "login-unavailable";
    /// `$seconds`: how long to wait.
    LOGIN_TOO_MANY = "login-too-many";
    LOGIN_PROVIDER_DOWN = "login-provider-down";
    LOGIN_EXPIRED = "login-expired";
    LOGIN_CANCELLED = "login-cancelled";
    LOGIN_LOW_ASSURANCE = "login-low-assurance";
    LOGIN_FAILED = "login-failed";
    LOGIN_PROBLEM_TITLE = "login-problem-title";
    LOGIN_AGAIN = "login-again";
    LOGGED_OUT_TITLE = "logged-out-title";
    LOGGED_OUT_BODY = "logged-out-body";
    LOGGED_OUT_HOME = "logged-out-home";
    FORBIDDEN_TITLE = "forbidden-title";
    FORBIDDEN_BODY = "forbidden-body";

    // The frame.
    SITE_NAME = "site-name";
    SKIP_LINK = "skip-link";
    LANG_NAV = "lang-nav";
    LANG_DE = "lang-de";
    LANG_EN = "lang-en";
    LANG_EASY = "lang-easy";
    /// `$name`: the signed-in person's name.
    SIGNED_IN_AS = "signed-in-as";
    LOGOUT = "logout";
    /// The header's link to her applications (signed in only).
    NAV_MINE = "nav-mine";
    LOGIN = "login";
    FOOTER_PRIVACY = "footer-privacy";
    FOOTER_FAQ = "footer-faq";
    FOOTER_VERIFY = "footer-verify";
    /// `$title`: the page's own title.
    ERROR_TITLE = "error-title";
    ERROR_SUMMARY_TITLE = "error-summary-title";
    FAILURE_TITLE = "failure-title";
    FAILURE_BODY = "failure-body";

    // Form helpers.
    ANSWER_YES = "answer-yes";
    ANSWER_NO = "answer-no";
    DATE_DAY = "date-day";
    DATE_MONTH = "date-month";
    DATE_YEAR = "date-year";
    DATE_ERROR_MISSING = "date-error-missing";
    DATE_ERROR_DAY = "date-error-day";
    DATE_ERROR_MONTH = "date-error-month";
    DATE_ERROR_YEAR = "date-error-year";
    DATE_ERROR_IMPOSSIBLE = "date-error-impossible";
    DATE_ERROR_FUTURE = "date-error-future";

    // The place chooser.
    PLACE_HINT = "place-hint";
    PLACE_CHOOSE_LEGEND = "place-choose-legend";
    PLACE_CHOOSE_HINT = "place-choose-hint";
    /// `$codes`: the place's postal codes, comma-separated.
    PLACE_POSTAL_CODES = "place-postal-codes";
    /// `$office`: the responsible Jugendamt.
    PLACE_OFFICE = "place-office";
    /// `$place`, `$office`.
    PLACE_CHOSEN = "place-chosen";
    PLACE_ERROR_EMPTY = "place-error-empty";
    PLACE_ERROR_TOO_LONG = "place-error-too-long";
    PLACE_ERROR_NOT_FOUND = "place-error-not-found";
    PLACE_ERROR_CHOOSE = "place-error-choose";

    // The start page `/`.
    START_TITLE = "start-title";
    START_LEAD = "start-lead";
    START_WHAT_HEADING = "start-what-heading";
    START_WHAT_BODY = "start-what-body";
    START_WHO_HEADING = "start-who-heading";
    START_WHO_BODY = "start-who-body";
    START_COST_HEADING = "start-cost-heading";
    START_COST_BODY = "start-cost-body";
    START_READY_HEADING = "start-ready-heading";
    START_READY_BODY = "start-ready-body";
    START_AFTER_HEADING = "start-after-heading";
    START_AFTER_BODY = "start-after-body";
    START_PRECHECK_CTA = "start-precheck-cta";
    START_APPLY_CTA = "start-apply-cta";
    START_MORE = "start-more";

    // The questions page `/fragen`.
    FAQ_TITLE = "faq-title";
    FAQ_LEAD = "faq-lead";
    FAQ_SECONDS_Q = "faq-seconds-q";
    FAQ_SECONDS_A = "faq-seconds-a";
    FAQ_SPELLING_Q = "faq-spelling-q";
    FAQ_SPELLING_A = "faq-spelling-a";
    FAQ_PARTIAL_Q = "faq-partial-q";
    FAQ_PARTIAL_A = "faq-partial-a";
    FAQ_PENDING_Q = "faq-pending-q";
    FAQ_PENDING_A = "faq-pending-a";
    FAQ_FATHER_Q = "faq-father-q";
    FAQ_FATHER_A = "faq-father-a";
    FAQ_AUTHENTIC_Q = "faq-authentic-q";
    FAQ_AUTHENTIC_A = "faq-authentic-a";
    FAQ_AUTHENTIC_LINK = "faq-authentic-link";
    FAQ_PRIVACY_Q = "faq-privacy-q";
    FAQ_PRIVACY_A = "faq-privacy-a";
    FAQ_COST_Q = "faq-cost-q";
    FAQ_COST_A = "faq-cost-a";
    FAQ_NOT_ELIGIBLE_Q = "faq-not-eligible-q";
    FAQ_NOT_ELIGIBLE_A = "faq-not-eligible-a";
    FAQ_NOT_ELIGIBLE_LINK = "faq-not-eligible-link";
    FAQ_ABROAD_Q = "faq-abroad-q";
    FAQ_ABROAD_A = "faq-abroad-a";
    FAQ_AGAIN_Q = "faq-again-q";
    FAQ_AGAIN_A = "faq-again-a";
    FAQ_ACCOUNT_Q = "faq-account-q";
    FAQ_ACCOUNT_A = "faq-account-a";

    // The pre-check `/vorpruefung`.
    PRECHECK_TITLE = "precheck-title";
    PRECHECK_LEAD = "precheck-lead";
    PRECHECK_MOTHER_LEGEND = "precheck-mother-legend";
    PRECHECK_MOTHER_HINT = "precheck-mother-hint";
    PRECHECK_MOTHER_ERROR = "precheck-mother-error";
    PRECHECK_MARRIED_FATHER_LEGEND = "precheck-married-father-legend";
    PRECHECK_MARRIED_FATHER_HINT = "precheck-married-father-hint";
    PRECHECK_MARRIED_FATHER_ERROR = "precheck-married-father-error";
    PRECHECK_MARRIED_OTHER_LEGEND = "precheck-married-other-legend";
    PRECHECK_MARRIED_OTHER_HINT = "precheck-married-other-hint";
    PRECHECK_MARRIED_OTHER_ERROR = "precheck-married-other-error";
    PRECHECK_COURT_LEGEND = "precheck-court-legend";
    PRECHECK_COURT_HINT = "precheck-court-hint";
    PRECHECK_COURT_ERROR = "precheck-court-error";
    PRECHECK_BIRTH_LEGEND = "precheck-birth-legend";
    PRECHECK_BIRTH_HINT = "precheck-birth-hint";
    PRECHECK_PLACE_LABEL = "precheck-place-label";
    PRECHECK_PLACE_HINT = "precheck-place-hint";
    PRECHECK_SUBMIT = "precheck-submit";
    PRECHECK_NOTHING_STORED = "precheck-nothing-stored";
    PRECHECK_CHANGE_HEADING = "precheck-change-heading";
    PRECHECK_ELIGIBLE_TITLE = "precheck-eligible-title";
    PRECHECK_ELIGIBLE_BODY = "precheck-eligible-body";
    PRECHECK_LOGIN_CTA = "precheck-login-cta";
    /// `$office`: the name of the Jugendamt.
    PRECHECK_OFFICE = "precheck-office";
    PRECHECK_NOT_ELIGIBLE_TITLE = "precheck-not-eligible-title";
    PRECHECK_NOT_ELIGIBLE_LEAD = "precheck-not-eligible-lead";
    PRECHECK_REASON_NOT_MOTHER_HEADING = "precheck-reason-not-mother-heading";
    PRECHECK_REASON_NOT_MOTHER_BODY = "precheck-reason-not-mother-body";
    PRECHECK_REASON_MARRIED_FATHER_HEADING = "precheck-reason-married-father-heading";
    PRECHECK_REASON_MARRIED_FATHER_BODY = "precheck-reason-married-father-body";
    PRECHECK_REASON_MARRIED_OTHER_HEADING = "precheck-reason-married-other-heading";
    PRECHECK_REASON_MARRIED_OTHER_BODY = "precheck-reason-married-other-body";
    PRECHECK_REASON_COURT_HEADING = "precheck-reason-court-heading";
    PRECHECK_REASON_COURT_BODY = "precheck-reason-court-body";
    PRECHECK_REASON_OF_AGE_HEADING = "precheck-reason-of-age-heading";
    PRECHECK_REASON_OF_AGE_BODY = "precheck-reason-of-age-body";
    PRECHECK_CONTACT_HEADING = "precheck-contact-heading";
    PRECHECK_CONTACT_BODY = "precheck-contact-body";
    PRECHECK_BRING_BODY = "precheck-bring-body";

    // The applicant's pages after login (`apply/`): form, check, status, her applications.
    APPLY_TITLE = "apply-title";
    APPLY_LEAD = "apply-lead";
    APPLY_YOU_HEADING = "apply-you-heading";
    APPLY_YOU_FROM_ACCOUNT = "apply-you-from-account";
    APPLY_YOU_NAME = "apply-you-name";
    APPLY_YOU_BIRTH_NAME = "apply-you-birth-name";
    APPLY_YOU_BIRTH_DATE = "apply-you-birth-date";
    APPLY_OWN_BIRTH_LEGEND = "apply-own-birth-legend";
    APPLY_OWN_BIRTH_HINT = "apply-own-birth-hint";
    APPLY_ADDRESS_HEADING = "apply-address-heading";
    APPLY_ADDRESS_HINT = "apply-address-hint";
    APPLY_STREET = "apply-street";
    APPLY_POSTAL_CODE = "apply-postal-code";
    APPLY_HOME_LABEL = "apply-home-label";
    APPLY_CHILD_HEADING = "apply-child-heading";
    APPLY_CHILD_GIVEN = "apply-child-given";
    APPLY_CHILD_GIVEN_HINT = "apply-child-given-hint";
    APPLY_CHILD_FAMILY = "apply-child-family";
    APPLY_CHILD_FAMILY_HINT = "apply-child-family-hint";
    APPLY_CHILD_BIRTH = "apply-child-birth";
    APPLY_CHILD_BIRTH_HINT = "apply-child-birth-hint";
    APPLY_BORN_LEGEND = "apply-born-legend";
    APPLY_BORN_GERMANY = "apply-born-germany";
    APPLY_BORN_ABROAD = "apply-born-abroad";
    APPLY_BIRTH_PLACE_LABEL = "apply-birth-place-label";
    APPLY_BIRTH_PLACE_HINT = "apply-birth-place-hint";
    APPLY_COUNTRY = "apply-country";
    APPLY_COUNTRY_HINT = "apply-country-hint";
    APPLY_ABROAD_PLACE = "apply-abroad-place";
    APPLY_ABROAD_PLACE_HINT = "apply-abroad-place-hint";
    APPLY_DECLARATION_HEADING = "apply-declaration-heading";
    APPLY_DECLARATION_INTRO = "apply-declaration-intro";
    APPLY_DECLARATION_STATEMENTS = "apply-declaration-statements";
    APPLY_DECLARATION_CHECK = "apply-declaration-check";
    APPLY_DECLARATION_NOT_TRUE = "apply-declaration-not-true";
    APPLY_DECLARATION_PRECHECK_LINK = "apply-declaration-precheck-link";
    APPLY_CONTINUE = "apply-continue";
    APPLY_ERROR_ACCOUNT = "apply-error-account";
    APPLY_ERROR_OWN_BIRTH = "apply-error-own-birth";
    APPLY_ERROR_STREET_MISSING = "apply-error-street-missing";
    APPLY_ERROR_POSTAL_CODE_MISSING = "apply-error-postal-code-missing";
    APPLY_ERROR_POSTAL_CODE_FORMAT = "apply-error-postal-code-format";
    APPLY_ERROR_POSTAL_CODE_PLACE = "apply-error-postal-code-place";
    APPLY_ERROR_PLACE_UNKNOWN = "apply-error-place-unknown";
    APPLY_ERROR_CHILD_GIVEN_MISSING = "apply-error-child-given-missing";
    APPLY_ERROR_CHILD_FAMILY_MISSING = "apply-error-child-family-missing";
    APPLY_ERROR_MOTHER_OLDER = "apply-error-mother-older";
    APPLY_ERROR_BORN_MISSING = "apply-error-born-missing";
    APPLY_ERROR_COUNTRY_MISSING = "apply-error-country-missing";
    APPLY_ERROR_COUNTRY_UNKNOWN = "apply-error-country-unknown";
    APPLY_ERROR_COUNTRY_GERMANY = "apply-error-country-germany";
    APPLY_ERROR_ABROAD_PLACE_MISSING = "apply-error-abroad-place-missing";
    APPLY_ERROR_DECLARATION = "apply-error-declaration";
    APPLY_ERROR_CHARACTERS = "apply-error-characters";
    APPLY_ERROR_TOO_LONG = "apply-error-too-long";
    APPLY_ERROR_INVALID = "apply-error-invalid";
    APPLY_REVIEW_TITLE = "apply-review-title";
    APPLY_REVIEW_LEAD = "apply-review-lead";
    APPLY_REVIEW_ADDRESS = "apply-review-address";
    APPLY_REVIEW_BIRTH_PLACE = "apply-review-birth-place";
    APPLY_REVIEW_ABROAD = "apply-review-abroad";
    APPLY_REVIEW_DECLARATION = "apply-review-declaration";
    APPLY_REVIEW_OFFICE_HEADING = "apply-review-office-heading";
    APPLY_REVIEW_SUBMIT = "apply-review-submit";
    APPLY_REVIEW_CHANGE = "apply-review-change";
    APPLY_STATUS_ABOUT = "apply-status-about";
    APPLY_STATUS_RECEIVED = "apply-status-received";
    APPLY_STATUS_WAITING_HEADING = "apply-status-waiting-heading";
    APPLY_STATUS_WAITING_REGISTER = "apply-status-waiting-register";
    APPLY_STATUS_WAITING_REVIEW = "apply-status-waiting-review";
    APPLY_STATUS_WAITING_REFRESH = "apply-status-waiting-refresh";
    APPLY_STATUS_REFRESH = "apply-status-refresh";
    APPLY_STATUS_ISSUED_HEADING = "apply-status-issued-heading";
    APPLY_STATUS_ISSUED_BODY = "apply-status-issued-body";
    APPLY_STATUS_PARTIAL_HEADING = "apply-status-partial-heading";
    APPLY_STATUS_PARTIAL_BODY = "apply-status-partial-body";
    APPLY_STATUS_PARTIAL_REST = "apply-status-partial-rest";
    APPLY_STATUS_NUMBER = "apply-status-number";
    APPLY_STATUS_AS_OF = "apply-status-as-of";
    APPLY_STATUS_ISSUED_BY = "apply-status-issued-by";
    APPLY_STATUS_DOWNLOAD = "apply-status-download";
    APPLY_STATUS_NEXT_HEADING = "apply-status-next-heading";
    APPLY_STATUS_NEXT_BODY = "apply-status-next-body";
    APPLY_STATUS_VERIFY = "apply-status-verify";
    APPLY_STATUS_VERIFY_LINK = "apply-status-verify-link";
    APPLY_STATUS_REVOKED = "apply-status-revoked";
    APPLY_STATUS_NO_DOCUMENT = "apply-status-no-document";
    APPLY_STATUS_CONTACT_HEADING = "apply-status-contact-heading";
    APPLY_STATUS_NO_HEADING = "apply-status-no-heading";
    APPLY_STATUS_NO_BODY = "apply-status-no-body";
    APPLY_STATUS_NO_CONTACT = "apply-status-no-contact";
    APPLY_STATUS_NOT_ELIGIBLE_HEADING = "apply-status-not-eligible-heading";
    APPLY_STATUS_NOT_ELIGIBLE_CONTACT = "apply-status-not-eligible-contact";
    APPLY_STATE_WAITING = "apply-state-waiting";
    APPLY_STATE_REVIEW = "apply-state-review";
    APPLY_STATE_NEGATIVE = "apply-state-negative";
    APPLY_STATE_PARTIAL = "apply-state-partial";
    APPLY_STATE_NO = "apply-state-no";
    APPLY_STATE_NOT_ELIGIBLE = "apply-state-not-eligible";
    APPLY_MINE_TITLE = "apply-mine-title";
    APPLY_MINE_CAPTION = "apply-mine-caption";
    APPLY_MINE_CHILD = "apply-mine-child";
    APPLY_MINE_STATE = "apply-mine-state";
    APPLY_MINE_EMPTY = "apply-mine-empty";
    APPLY_MINE_LINK = "apply-mine-link";
    APPLY_NEW_LINK = "apply-new-link";
    APPLY_NOT_FOUND_TITLE = "apply-not-found-title";
    APPLY_NOT_FOUND_BODY = "apply-not-found-body";
    APPLY_CONFLICT_TITLE = "apply-conflict-title";
    APPLY_CONFLICT_BODY = "apply-conflict-body";
    APPLY_SUBMIT_TOO_MANY = "apply-submit-too-many";
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use axum::http::HeaderValue;
    use axum::http::header::ACCEPT_LANGUAGE;

    use super::id::*;
    use super::*;

    const DE_FTL: &str = include_str!("../../locales/de/portal.ftl");
    const EN_FTL: &str = include_str!("../../locales/en/portal.ftl");
    const EASY_FTL: &str = include_str!("../../locales/de-leicht/portal.ftl");

    /// The message ids a Fluent file defines: identifiers at the start of a line before `=`
    /// (terms start with `-` and comments with `#`, so neither counts).
    fn ids(ftl: &str) -> BTreeSet<&str> {
        ftl.lines()
            .filter(|line| line.starts_with(|c: char| c.is_ascii_alphabetic()))
            .filter_map(|line| line.split_once('='))
            .map(|(id, _)| id.trim())
            .collect()
    }

    fn all() -> BTreeSet<&'static str> {
        ALL.iter().map(|m| m.id()).collect()
    }

    #[test]
    fn german_and_english_hold_exactly_the_ids_of_the_list() {
        let all = all();
        assert_eq!(all.len(), ALL.len(), "an id is listed twice");
        for (name, ftl) in [("de", DE_FTL), ("en", EN_FTL)] {
            let found = ids(ftl);
            let missing: Vec<_> = all.difference(&found).collect();
            let unused: Vec<_> = found.difference(&all).collect();
            assert!(
                missing.is_empty(),
                "missing in {name}/portal.ftl: {missing:?}"
            );
            assert!(unused.is_empty(), "not in the list, in {name}: {unused:?}");
        }
    }

    #[test]
    fn leichte_sprache_holds_only_listed_ids() {
        let found = ids(EASY_FTL);
        let all = all();
        let unknown: Vec<_> = found.difference(&all).collect();
        assert!(unknown.is_empty(), "unknown ids in de-leicht: {unknown:?}");
        assert!(found.contains(START_TITLE.id()) && found.contains(FAQ_SECONDS_A.id()));
    }

    #[test]
    fn the_pre_check_is_whole_in_leichte_sprache() {
        // The pre-check is offered in Leichte Sprache: none of its texts may fall back.
        let found = ids(EASY_FTL);
        let missing: Vec<_> = ALL
            .iter()
            .map(|m| m.id())
            .filter(|id| id.starts_with("precheck-") && !found.contains(id))
            .collect();
        assert!(missing.is_empty(), "missing in de-leicht: {missing:?}");
        assert_ne!(
            t(Locale::Easy, PRECHECK_MOTHER_LEGEND),
            t(Locale::De, PRECHECK_MOTHER_LEGEND)
        );
    }

    #[test]
    fn every_message_formats_in_every_locale() {
        // Every variable any message uses; a message missing one would not format.
        let args: Vec<(&str, FluentValue)> = [
            "name", "title", "codes", "office", "place", // the applicant's pages:
            "field", "max", "country", "date", "issuing", "register", "seconds",
        ]
        .into_iter()
        .map(|name| (name, FluentValue::from("X")))
        .collect();
        for locale in Locale::ALL {
            for msg in ALL {
                let text = t_args(locale, *msg, &args);
                assert_ne!(text, msg.id(), "{} in {locale:?}", msg.id());
                assert!(!text.trim().is_empty(), "{} in {locale:?}", msg.id());
            }
        }
    }

    #[test]
    fn leichte_sprache_has_its_own_text_and_falls_back_to_german() {
        assert_ne!(t(Locale::Easy, START_TITLE), t(Locale::De, START_TITLE));
        assert_eq!(t(Locale::Easy, DATE_DAY), t(Locale::De, DATE_DAY));
        assert_ne!(t(Locale::En, START_TITLE), t(Locale::De, START_TITLE));
    }

    #[test]
    fn placeables_have_no_isolation_marks() {
        let text = t_args(
            Locale::De,
            SIGNED_IN_AS,
            &[("name", "Sophia Berger".into())],
        );
        assert!(text.contains("Sophia Berger"), "{text}");
        assert!(
            !text.contains('\u{2068}') && !text.contains('\u{2069}'),
            "{text:?}"
        );
    }

    #[test]
    fn the_leichte_sprache_tag_is_valid() {
        let parsed: LanguageIdentifier = "de-leicht".parse().unwrap();
        assert_eq!(parsed, *EASY);
        assert_eq!(parsed.language.as_str(), "de");
    }

    #[test]
    fn the_query_chooses_and_the_browser_never_gets_easy_language() {
        let mut headers = HeaderMap::new();
        assert_eq!(Locale::from_query(None, &headers), Locale::De);
        assert_eq!(Locale::from_query(Some("lang=ls"), &headers), Locale::Easy);
        assert_eq!(
            Locale::from_query(Some("a=1&lang=en"), &headers),
            Locale::En
        );
        headers.insert(ACCEPT_LANGUAGE, HeaderValue::from_static("en, de;q=0.5"));
        assert_eq!(Locale::from_query(None, &headers), Locale::En);
        assert_eq!(Locale::from_query(Some("lang=xx"), &headers), Locale::En);
        assert_eq!(Locale::from_query(Some("lang=de"), &headers), Locale::De);
        assert_eq!(Locale::Easy.tag(), "de");
        assert_eq!(Locale::Easy.href("/fragen"), "/fragen?lang=ls");
        assert_eq!(
            Locale::En.href("/anmelden?weiter=/antrag"),
            "/anmelden?weiter=/antrag&lang=en"
        );
    }
}
