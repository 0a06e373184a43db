//! The frame of every portal page: the whole HTML document with skip link, header (site
//! name, language links, login state), `<main id="main">` and footer, in the platform's one
//! inline style sheet; and the response that carries it (the headers of
//! [`crate::pages::html::respond`]: no caching, the strict Content-Security-Policy).
//!
//! A page builds only its `<main>` content, with one `<h1>`, from texts of
//! [`super::messages`]; every text goes through [`escape`] (or [`prose`]). Nothing is loaded
//! from elsewhere and there is no JavaScript.

use axum::http::StatusCode;
use axum::response::Response;

use super::messages::{Locale, Msg, id, t, t_args};
use super::session::Visitor;
use crate::pages::html::{self, STYLE};

pub use crate::pages::html::escape;

/// Where the login and logout go (served by the session module).
pub const LOGIN_PATH: &str = "/anmelden";
pub const LOGOUT_PATH: &str = "/abmelden";
pub const HOME_PATH: &str = "/";
pub const FAQ_PATH: &str = "/fragen";
pub const VERIFY_PATH: &str = "/pruefen";
/// The eligibility pre-check.
pub const PRECHECK_PATH: &str = "/vorpruefung";
/// Her applications (served by the applicant's pages), linked from the header.
pub const MINE_PATH: &str = "/antraege";

/// The pages that exist in Leichte Sprache; only these offer it among the language links.
pub const EASY_PATHS: [&str; 3] = [HOME_PATH, FAQ_PATH, PRECHECK_PATH];

/// One portal page: what the frame needs besides the `<main>` content.
pub struct PortalPage<'a> {
    pub locale: Locale,
    pub visitor: &'a Visitor,
    /// The page title as plain text (the site name is appended); for a form shown with errors,
    /// [`super::forms::FieldErrors::title`].
    pub title: &'a str,
    /// This page's path, where the language links lead.
    pub path: &'a str,
}

impl PortalPage<'_> {
    /// The whole document around `main` (markup).
    pub fn document(&self, main: &str) -> String {
        let locale = self.locale;
        format!(
            r##"<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – {site}</title>
<style>{STYLE}{PORTAL_STYLE}</style>
</head>
<body>
<a class="skip" href="#main">{skip}</a>
<header>
<div class="bar">
<p class="site"><a href="{home}">{site}</a></p>
<nav class="langs" aria-label="{lang_nav}"><ul>{langs}</ul></nav>
{login}
</div>
</header>
<main id="main" tabindex="-1">
{main}
</main>
<footer>
<p>{privacy}</p>
<p><a href="{faq}">{faq_text}</a> · <a href="{verify}">{verify_text}</a></p>
</footer>
</body>
</html>
"##,
            lang = locale.tag(),
            title = escape(self.title),
            site = escape(&t(locale, id::SITE_NAME)),
            skip = escape(&t(locale, id::SKIP_LINK)),
            home = escape(&locale.href(HOME_PATH)),
            lang_nav = escape(&t(locale, id::LANG_NAV)),
            langs = language_links(locale, self.path),
            login = login_state(locale, self.visitor, self.path),
            privacy = escape(&t(locale, id::FOOTER_PRIVACY)),
            faq = escape(&locale.href(FAQ_PATH)),
            faq_text = escape(&t(locale, id::FOOTER_FAQ)),
            verify = escape(&locale.lang_href(VERIFY_PATH)),
            verify_text = escape(&t(locale, id::FOOTER_VERIFY)),
        )
    }

    /// The page as a response with `status`.
    pub fn respond(&self, status: StatusCode, main: &str) -> Response {
        respond(status, self.locale, self.document(main))
    }
}

/// A whole document as a response: HTML, never cached, nothing but its own inline styles.
pub fn respond(status: StatusCode, locale: Locale, document: String) -> Response {
    html::respond(status, locale.lang(), document)
}

/// The page for an unexpected failure (500): its cause belongs in the log, not here.
pub fn failure(locale: Locale, visitor: &Visitor, path: &str) -> Response {
    let title = t(locale, id::FAILURE_TITLE);
    let main = format!(
        "<h1>{}</h1>\n<p>{}</p>\n",
        escape(&title),
        escape(&t(locale, id::FAILURE_BODY))
    );
    PortalPage {
        locale,
        visitor,
        title: &title,
        path,
    }
    .respond(StatusCode::INTERNAL_SERVER_ERROR, &main)
}

/// The language links of `path`: Leichte Sprache only where the page has it (elsewhere a page
/// asked for in Leichte Sprache is standard German, so that link is the current one).
fn language_links(current: Locale, path: &str) -> String {
    let easy_offered = EASY_PATHS.contains(&path);
    let current = if current == Locale::Easy && !easy_offered {
        Locale::De
    } else {
        current
    };
    Locale::ALL
        .iter()
        .filter(|&&locale| locale != Locale::Easy || easy_offered)
        .map(|&locale| {
            let (name, attrs) = match locale {
                Locale::De => (id::LANG_DE, "lang=\"de\" hreflang=\"de\""),
                Locale::En => (id::LANG_EN, "lang=\"en\" hreflang=\"en\""),
                Locale::Easy => (id::LANG_EASY, "lang=\"de\" hreflang=\"de\""),
            };
            let current = if locale == current {
                " aria-current=\"true\""
            } else {
                ""
            };
            format!(
                "<li><a href=\"{}\" {attrs}{current}>{}</a></li>",
                escape(&locale.href(path)),
                escape(&t(locale, name))
            )
        })
        .collect()
}

/// The header's account area: for a signed-in citizen the way to her applications, her name and
/// the logout; else the login.
fn login_state(locale: Locale, visitor: &Visitor, path: &str) -> String {
    match &visitor.signed_in {
        Some(signed_in) => format!(
            "<div class=\"account\"><p><a href=\"{}\"{}>{}</a></p>\n<p>{}</p>\n\
             <form method=\"post\" action=\"{}\">\
             <input type=\"hidden\" name=\"csrf\" value=\"{}\">\
             <button type=\"submit\" class=\"link\">{}</button></form></div>",
            escape(&locale.href(MINE_PATH)),
            if path == MINE_PATH {
                " aria-current=\"page\""
            } else {
                ""
            },
            escape(&t(locale, id::NAV_MINE)),
            escape(&t_args(
                locale,
                id::SIGNED_IN_AS,
                &[("name", signed_in.display_name.as_str().into())]
            )),
            escape(&locale.href(LOGOUT_PATH)),
            escape(&signed_in.csrf),
            escape(&t(locale, id::LOGOUT)),
        ),
        None => format!(
            "<p class=\"account\"><a href=\"{}\">{}</a></p>",
            escape(&locale.href(LOGIN_PATH)),
            escape(&t(locale, id::LOGIN))
        ),
    }
}

/// A prose message as markup: one paragraph per line, consecutive lines starting with `- `
/// as one list. Everything is escaped.
pub fn prose(text: &str) -> String {
    let mut out = String::new();
    let mut in_list = false;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match line.strip_prefix("- ") {
            Some(item) => {
                if !in_list {
                    out.push_str("<ul>\n");
                    in_list = true;
                }
                out.push_str(&format!("<li>{}</li>\n", escape(item)));
            }
            None => {
                if in_list {
                    out.push_str("</ul>\n");
                    in_list = false;
                }
                out.push_str(&format!("<p>{}</p>\n", escape(line)));
            }
        }
    }
    if in_list {
        out.push_str("</ul>\n");
    }
    out
}

/// The prose message `msg` in `locale`, as markup.
pub fn prose_of(locale: Locale, msg: Msg) -> String {
    prose(&t(locale, msg))
}

/// A link styled as the page's main button (for a step that is a plain GET).
pub fn button_link(href: &str, text: &str) -> String {
    format!("<p>{}</p>\n", button_anchor("button", href, text))
}

/// A link styled as a secondary button: as large, but white with a green outline.
pub fn secondary_button_link(href: &str, text: &str) -> String {
    format!("<p>{}</p>\n", button_anchor("button secondary", href, text))
}

/// The main step and a second one side by side (wrapping on narrow screens): `(href, text)`
/// each.
pub fn button_links(primary: (&str, &str), secondary: (&str, &str)) -> String {
    format!(
        "<p class=\"actions\">{} {}</p>\n",
        button_anchor("button", primary.0, primary.1),
        button_anchor("button secondary", secondary.0, secondary.1)
    )
}

fn button_anchor(class: &str, href: &str, text: &str) -> String {
    format!(
        "<a class=\"{class}\" href=\"{}\">{}</a>",
        escape(href),
        escape(text)
    )
}

impl Locale {
    /// A page outside the portal (the certificate check knows `de` and `en` only).
    fn lang_href(self, path: &str) -> String {
        format!("{path}?lang={}", html::tag(self.lang()))
    }
}

/// What the portal adds to the shared style sheet: the header's language list and account
/// area, links as (secondary) buttons, radio buttons and checkboxes drawn large with a dark
/// border (WCAG 1.4.11: at least 3:1 against white; the label beside each stays clickable),
/// the date group.
///
/// Contrast: white on #00703c 6.2:1; the secondary button's #00703c on white 6.2:1, on hover
/// #005a30 on #e8f1ec 7.3:1; focus is the shared black outline with the yellow ring.
const PORTAL_STYLE: &str = "
.langs ul{list-style:none;margin:.75rem 0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
.langs a[aria-current]{font-weight:700;text-decoration-thickness:3px}
.account{margin:.75rem 0;display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:baseline}
.account p,.account form{margin:0}
button.link{font:inherit;font-weight:400;font-size:1rem;background:none;border:0;box-shadow:none;
color:#fff;text-decoration:underline;padding:0;cursor:pointer}
button.link:hover{background:none}
a.button{display:inline-block;max-width:100%;font-weight:700;font-size:1.15rem;color:#fff;
background:#00703c;border:2px solid #00703c;padding:.6rem 1.4rem;text-decoration:none;
box-shadow:0 2px 0 #002d18}
a.button:visited{color:#fff}
a.button:hover{background:#005a30;border-color:#005a30}
a.button.secondary,a.button.secondary:visited{color:#00703c;background:#fff;border-color:#00703c;
box-shadow:0 2px 0 #002d18}
a.button.secondary:hover{color:#005a30;background:#e8f1ec;border-color:#005a30}
a.button:focus-visible,a.button.secondary:focus-visible{outline:3px solid #0b0c0c;outline-offset:2px;
box-shadow:0 0 0 6px #ffdd00}
.actions{display:flex;flex-wrap:wrap;align-items:center;gap:1rem}
input[type=radio],input[type=checkbox]{-webkit-appearance:none;appearance:none;flex:none;
width:1.5rem;height:1.5rem;margin:0;border:2px solid #0b0c0c;background:#fff;color:#0b0c0c;
display:inline-grid;place-content:center;vertical-align:middle;cursor:pointer}
input[type=radio]{border-radius:50%}
input[type=radio]::before{content:\"\";width:.75rem;height:.75rem;border-radius:50%;
background:#0b0c0c;transform:scale(0)}
input[type=checkbox]::before{content:\"\";width:1rem;height:1rem;background:#0b0c0c;transform:scale(0);
clip-path:polygon(14% 44%,0 65%,50% 100%,100% 16%,80% 0,43% 62%)}
input[type=radio]:checked::before,input[type=checkbox]:checked::before{transform:scale(1)}
input[type=radio][aria-invalid=true],input[type=checkbox][aria-invalid=true]{border-color:#b10e1e}
@media (forced-colors:active){input[type=radio]::before,input[type=checkbox]::before{background:CanvasText}}
.choice{display:grid;grid-template-columns:1.5rem 1fr;gap:0 .75rem;align-items:start;margin:.75rem 0}
.choice input{margin-top:.1rem}
.choice label{font-size:1.1rem;cursor:pointer}
.choice .detail{grid-column:2;display:block;margin:0;color:#383f43}
.dategroup{display:flex;flex-wrap:wrap;gap:1rem}
.dategroup label{font-weight:400;font-size:1rem}
.dategroup input{display:block;font:inherit;border:2px solid #0b0c0c;padding:.5rem;width:4.5rem}
.dategroup .year input{width:6.5rem}
.result{border:6px solid #00703c;padding:1rem 1.25rem;margin:0 0 1.5rem}
.result.no{border-color:#b10e1e}
.result h1{margin-bottom:.5rem}
.result h2{font-size:1.3rem;margin:1.25rem 0 .5rem}
.result > :last-child{margin-bottom:0}
dl.faq dt{font-weight:700;font-size:1.2rem;margin-top:1.5rem}
dl.faq dd{margin:0}
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_makes_paragraphs_and_lists_and_escapes() {
        assert_eq!(
            prose("Eins <b>\n- a\n- b & c\nZwei"),
            "<p>Eins &lt;b&gt;</p>\n<ul>\n<li>a</li>\n<li>b &amp; c</li>\n</ul>\n<p>Zwei</p>\n"
        );
    }

    #[test]
    fn the_frame_shows_the_login_state_and_marks_the_language() {
        let anonymous = Visitor::anonymous();
        let page = PortalPage {
            locale: Locale::Easy,
            visitor: &anonymous,
            title: "T",
            path: "/fragen",
        };
        let html = page.document("<h1>T</h1>");
        assert!(html.contains("<html lang=\"de\">"));
        assert!(html.contains(
            "href=\"/fragen?lang=ls\" lang=\"de\" hreflang=\"de\" aria-current=\"true\""
        ));
        assert!(html.contains("href=\"/anmelden?lang=ls\""));
        let signed_in = Visitor {
            signed_in: Some(super::super::session::SignedIn {
                display_name: "Sophia <Berger>".into(),
                csrf: "tok\"en".into(),
            }),
        };
        let page = PortalPage {
            locale: Locale::De,
            visitor: &signed_in,
            title: "T",
            path: "/",
        };
        let html = page.document("");
        assert!(
            html.contains("Angemeldet als Sophia &lt;Berger&gt;"),
            "{html}"
        );
        assert!(html.contains("name=\"csrf\" value=\"tok&quot;en\""));
        assert!(html.contains("action=\"/abmelden?lang=de\""));
        assert!(!html.contains("href=\"/anmelden"));
        // Her applications come first in the account area, then her name, then the logout.
        let mine = html
            .find("<a href=\"/antraege?lang=de\">Meine Anträge</a>")
            .expect(&html);
        assert!(mine < html.find("Angemeldet als").unwrap());
        assert!(html.find("Angemeldet als").unwrap() < html.find(">Abmelden</button>").unwrap());

        let page = PortalPage {
            locale: Locale::En,
            visitor: &signed_in,
            title: "T",
            path: MINE_PATH,
        };
        let html = page.document("");
        assert!(
            html.contains(
                "<a href=\"/antraege?lang=en\" aria-current=\"page\">My applications</a>"
            ),
            "{html}"
        );
        assert!(html.contains("Logged in as Sophia"));
        assert!(html.contains(">Log out</button>"), "{html}");
    }

    #[test]
    fn leichte_sprache_is_offered_only_where_the_page_has_it() {
        let anonymous = Visitor::anonymous();
        for path in EASY_PATHS {
            let html = PortalPage {
                locale: Locale::De,
                visitor: &anonymous,
                title: "T",
                path,
            }
            .document("");
            assert!(
                html.contains(&format!(
                    "href=\"{path}?lang=ls\" lang=\"de\" hreflang=\"de\">Leichte Sprache</a>"
                )),
                "{path}: {html}"
            );
        }
        for path in ["/antrag", "/antraege", "/anmelden"] {
            for locale in Locale::ALL {
                let html = PortalPage {
                    locale,
                    visitor: &anonymous,
                    title: "T",
                    path,
                }
                .document("");
                assert!(!html.contains("Leichte Sprache"), "{path}: {html}");
                assert!(html.contains(&format!("href=\"{path}?lang=de\"")), "{path}");
                assert!(html.contains(&format!("href=\"{path}?lang=en\"")), "{path}");
                // Asked for in Leichte Sprache, such a page is German and says so.
                if locale != Locale::En {
                    assert!(html.contains(&format!(
                        "href=\"{path}?lang=de\" lang=\"de\" hreflang=\"de\" aria-current=\"true\""
                    )));
                }
            }
        }
    }

    #[test]
    fn button_links_are_one_primary_and_one_secondary() {
        let html = button_links(
            ("/antrag?lang=de", "Antrag stellen"),
            ("/vorpruefung?lang=de", "Vorab <prüfen>"),
        );
        assert_eq!(
            html,
            "<p class=\"actions\"><a class=\"button\" href=\"/antrag?lang=de\">Antrag stellen</a> \
             <a class=\"button secondary\" href=\"/vorpruefung?lang=de\">Vorab &lt;prüfen&gt;</a></p>\n"
        );
        assert!(PORTAL_STYLE.contains(
            "a.button.secondary,a.button.secondary:visited{color:#00703c;background:#fff"
        ));
    }
}
