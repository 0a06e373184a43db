//! The frame every page shares (document head, skip link, header with the language switch,
//! footer, the one inline style sheet), HTML escaping, and the response headers of a page.
//!
//! Pages are built with `format!`: every interpolated value that is not markup made here goes
//! through [`escape`]. Nothing is loaded from elsewhere — no scripts, style sheets, fonts or
//! images — and the Content-Security-Policy says so to the browser.

use axum::http::header::{
    CACHE_CONTROL, CONTENT_LANGUAGE, CONTENT_SECURITY_POLICY, CONTENT_TYPE, HeaderMap,
    REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::i18n::Lang;

const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; \
                   base-uri 'none'; frame-ancestors 'none'";

/// Text made safe to place in HTML content and in quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The German or the English text.
pub fn tr(lang: Lang, de: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::De => de,
        Lang::En => en,
    }
}

pub fn tag(lang: Lang) -> &'static str {
    tr(lang, "de", "en")
}

/// The page language: `?lang=de|en` when given, else the browser's preference.
pub fn page_lang(query: Option<&str>, headers: &HeaderMap) -> Lang {
    let asked = query
        .into_iter()
        .flat_map(|q| q.split('&'))
        .find_map(|pair| match pair.strip_prefix("lang=")? {
            "de" => Some(Lang::De),
            "en" => Some(Lang::En),
            _ => None,
        });
    asked.unwrap_or_else(|| Lang::from_headers(headers))
}

/// Which part of the platform a page belongs to: its header link, tagline and footer differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame {
    /// The public pages (certificate check): no cookies, nothing stored.
    Public,
    /// The Jugendamt workbench: a login session cookie.
    Workbench,
}

/// A whole document: `title` (plain text) and `main` (markup) in the shared frame. The language
/// link leads to `switch_path` in the other language.
pub fn document(lang: Lang, title: &str, switch_path: &str, main: &str) -> String {
    framed(Frame::Public, lang, title, switch_path, main)
}

/// [`document`] in the frame of `frame`.
pub fn framed(frame: Frame, lang: Lang, title: &str, switch_path: &str, main: &str) -> String {
    let (home, tagline, footer) = match frame {
        Frame::Public => (
            "/pruefen",
            tr(
                lang,
                "Bescheinigungen nach § 58 SGB VIII prüfen",
                "Checking certificates under § 58 SGB VIII",
            ),
            tr(
                lang,
                "Diese Seite verwendet weder Cookies noch JavaScript. Hochgeladene Dateien und \
                 eingegebene Texte werden nur für die Prüfung verwendet und nicht gespeichert.",
                "This page uses neither cookies nor JavaScript. Uploaded files and entered text \
                 are used for the check only and are not stored.",
            ),
        ),
        Frame::Workbench => (
            "/amt",
            tr(
                lang,
                "Arbeitsplatz der Jugendämter",
                "Workbench of the youth welfare offices",
            ),
            tr(
                lang,
                "Der Arbeitsplatz verwendet Cookies nur für Ihre Anmeldung und kein JavaScript. \
                 Nach längerer Zeit ohne Aktivität werden Sie abgemeldet.",
                "The workbench uses cookies for your login only, and no JavaScript. After a \
                 while without activity you are logged out.",
            ),
        ),
    };
    let (other, other_name) = match lang {
        Lang::De => ("en", "English"),
        Lang::En => ("de", "Deutsch"),
    };
    format!(
        r##"<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – {site}</title>
<style>{STYLE}</style>
</head>
<body>
<a class="skip" href="#main">{skip}</a>
<header>
<div class="bar">
<p class="site"><a href="{home}?lang={lang}">{site}</a> <span>{tagline}</span></p>
<p class="switch"><a href="{switch}?lang={other}" lang="{other}" hreflang="{other}">{other_name}</a></p>
</div>
</header>
<main id="main" tabindex="-1">
{main}
</main>
<footer>
<p>{footer}</p>
</footer>
</body>
</html>
"##,
        lang = tag(lang),
        title = escape(title),
        site = escape(tr(lang, "Sorgeregister", "Custody register")),
        skip = escape(tr(lang, "Zum Inhalt springen", "Skip to content")),
        tagline = escape(tagline),
        switch = escape(switch_path),
        other_name = escape(other_name),
        footer = escape(footer),
    )
}

/// A page as a response: HTML, never cached, nothing but its own inline styles allowed.
pub fn respond(status: StatusCode, lang: Lang, html: String) -> Response {
    let mut response = (status, html).into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(CONTENT_LANGUAGE, HeaderValue::from_static(tag(lang)));
    response
}

/// The `aria-describedby` (and `aria-invalid`) attributes of the field `id`, whose hint has the
/// id `{id}-hint` and whose error, if any, `{id}-error`.
pub fn described(id: &str, invalid: bool) -> String {
    if invalid {
        format!(" aria-describedby=\"{id}-hint {id}-error\" aria-invalid=\"true\"")
    } else {
        format!(" aria-describedby=\"{id}-hint\"")
    }
}

/// A labelled form field with its hint and, if any, its error message.
pub fn field(id: &str, label: &str, hint: &str, error: Option<&str>, control: &str) -> String {
    let (class, error) = match error {
        Some(message) => (
            "field invalid",
            format!(
                "<p class=\"error\" id=\"{id}-error\">{}</p>\n",
                escape(message)
            ),
        ),
        None => ("field", String::new()),
    };
    format!(
        "<div class=\"{class}\">\n<label for=\"{id}\">{}</label>\n\
         <p class=\"hint\" id=\"{id}-hint\">{}</p>\n{error}{control}\n</div>\n",
        escape(label),
        escape(hint)
    )
}

/// The box above a form that lists what is wrong, each item linked to its field; empty when
/// nothing is.
pub fn error_summary(lang: Lang, errors: &[(&str, &str)]) -> String {
    if errors.is_empty() {
        return String::new();
    }
    let items: String = errors
        .iter()
        .map(|(field, message)| format!("<li><a href=\"#{field}\">{}</a></li>", escape(message)))
        .collect();
    format!(
        "<div class=\"summary\" role=\"alert\" aria-labelledby=\"summary-title\">\n\
         <h2 id=\"summary-title\">{}</h2>\n<ul>{items}</ul>\n</div>\n",
        escape(tr(lang, "Bitte korrigieren Sie:", "Please correct:"))
    )
}

/// Plain and high-contrast; one column that reflows down to 320 px; visible focus everywhere.
pub(crate) const STYLE: &str = "
*,*::before,*::after{box-sizing:border-box}
html{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif;
font-size:100%;line-height:1.5;color:#0b0c0c;background:#fff}
body{margin:0}
a{color:#1d4ed8;text-decoration:underline;text-underline-offset:.15em}
a:visited{color:#5b21b6}
a:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible{
outline:3px solid #0b0c0c;outline-offset:2px;box-shadow:0 0 0 6px #ffdd00}
.skip{position:absolute;left:-999em;top:0;background:#ffdd00;color:#0b0c0c;padding:.5rem 1rem}
.skip:focus{left:0}
header{background:#0b0c0c;color:#fff}
header a,header a:visited{color:#fff}
.bar,main,footer{max-width:46rem;margin:0 auto;padding:0 1rem}
.bar{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:baseline;gap:0 1.5rem}
.bar p{margin:.75rem 0}
.site a{font-weight:700;font-size:1.25rem;text-decoration:none}
.site span{display:inline-block}
main{padding-top:1.5rem;padding-bottom:2rem}
main:focus{outline:none}
h1{font-size:2rem;line-height:1.2;margin:0 0 1rem}
h2{font-size:1.5rem;line-height:1.25;margin:2rem 0 .75rem}
h3{font-size:1.2rem;margin:1.5rem 0 .5rem}
.lead{font-size:1.2rem}
.field{margin:1.5rem 0}
label{display:block;font-weight:700;font-size:1.1rem}
.hint{color:#383f43;margin:.25rem 0 .5rem}
.error{color:#b10e1e;font-weight:700;margin:.25rem 0 .5rem}
.field.invalid{border-left:5px solid #b10e1e;padding-left:1rem}
textarea,input[type=file]{display:block;width:100%;max-width:100%;font:inherit;
border:2px solid #0b0c0c;padding:.5rem;background:#fff;color:#0b0c0c}
textarea{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:1rem}
input[type=text],input[type=password]{display:block;width:100%;max-width:20rem;font:inherit;border:2px solid #0b0c0c;
padding:.5rem;background:#fff;color:#0b0c0c}
[aria-invalid=true]{border-color:#b10e1e;border-width:3px}
.or{font-weight:700;margin:1rem 0}
button{font:inherit;font-weight:700;font-size:1.15rem;color:#fff;background:#00703c;
border:2px solid #00703c;padding:.6rem 1.4rem;cursor:pointer;box-shadow:0 2px 0 #002d18}
button:hover{background:#005a30}
.summary{border:5px solid #b10e1e;padding:1rem 1.25rem;margin:0 0 1.5rem}
.summary h2{margin-top:0;font-size:1.3rem}
.summary a{color:#b10e1e;font-weight:700}
.verdict{border:6px solid;padding:1rem 1.25rem;margin:0 0 1.5rem}
.verdict h1{margin-bottom:.5rem}
.verdict.ok{border-color:#00703c}
.verdict.bad{border-color:#b10e1e}
.mark{display:inline-block;min-width:1.2em}
.ok .mark{color:#00703c}
.bad .mark{color:#b10e1e}
dl.data{margin:0;display:grid;grid-template-columns:16.5rem 1fr;gap:.4rem 1.5rem}
dl.data dt{font-weight:700}
dl.data dd{margin:0;overflow-wrap:anywhere}
@media (max-width:36rem){dl.data{display:block}dl.data dd{margin:0 0 .75rem}h1{font-size:1.6rem}}
.note{border-left:5px solid #505a5f;padding-left:1rem}
.notice{border-left:5px solid #1d4ed8;padding:.25rem 0 .25rem 1rem;margin:0 0 1.5rem}
.flag{border-left:5px solid #b45309;padding:.25rem 0 .25rem 1rem;margin:0 0 1.5rem}
.flag h2{margin-top:0}
ul.areas{padding-left:1.25rem}
ul.areas li{margin:.4rem 0}
.later{color:#383f43}
button.secondary{color:#0b0c0c;background:#f3f2f1;border-color:#0b0c0c;box-shadow:0 2px 0 #505a5f}
button.secondary:hover{background:#dbdad9}
form.inline{margin:1.5rem 0}
table{border-collapse:collapse;width:100%;margin:1rem 0 1.5rem}
caption{text-align:left;font-weight:700;margin-bottom:.5rem}
th,td{text-align:left;vertical-align:top;padding:.4rem .6rem .4rem 0;border-bottom:1px solid #b1b4b6;
overflow-wrap:break-word}
thead th{border-bottom:2px solid #0b0c0c}
fieldset{border:0;margin:0;padding:0}
legend{font-weight:700;font-size:1.1rem;padding:0}
.choice{margin:.5rem 0}
.choice label{display:inline;font-weight:400}
input[type=radio]{width:1.4rem;height:1.4rem;vertical-align:middle;margin:0 .5rem 0 0}
input[type=checkbox]{width:1.4rem;height:1.4rem;vertical-align:middle;margin:0 .5rem 0 0}
input.date{max-width:9em}
section.candidate{border-top:3px solid #0b0c0c;margin-top:2rem}
.fixed{border-left:5px solid #00703c;padding-left:1rem}
textarea.prose{font-family:inherit}
footer{border-top:1px solid #b1b4b6;padding-top:1rem;padding-bottom:2rem;color:#383f43}
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<script>alert("x&y")</script>'"#),
            "&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt;&#39;"
        );
        assert_eq!(escape("Schäfer – ✓"), "Schäfer – ✓");
    }

    #[test]
    fn the_query_overrides_the_browser_language() {
        let mut headers = HeaderMap::new();
        assert_eq!(page_lang(None, &headers), Lang::De);
        assert_eq!(page_lang(Some("lang=en"), &headers), Lang::En);
        headers.insert(
            axum::http::header::ACCEPT_LANGUAGE,
            HeaderValue::from_static("en"),
        );
        assert_eq!(page_lang(None, &headers), Lang::En);
        assert_eq!(page_lang(Some("x=1&lang=de"), &headers), Lang::De);
        assert_eq!(page_lang(Some("lang=fr"), &headers), Lang::En);
    }
}
