//! The public page for checking a certificate (`/pruefen`): a form taking the certificate's PDF
//! or the text of its QR code; the result is rendered by [`super::verdict`].
//!
//! The checking itself is [`crate::verification`]'s, shared with the JSON API. This module only
//! reads the form (bounded), and renders. It never shows what was uploaded; the QR text is
//! shown back (escaped) only in the form when it has to be corrected.

use axum::extract::multipart::MultipartError;
use axum::extract::{FromRequest, Multipart, RawQuery, Request, State};
use axum::http::header::{CONTENT_TYPE, HeaderMap, RETRY_AFTER};
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;

use super::html::{described, document, error_summary, escape, field, page_lang, respond, tag, tr};
use super::verdict::{Checked, meaning, result_page};
use crate::i18n::Lang;
use crate::verification::{self, ClientAddress, Presented};
use crate::{ApiError, AppState};

pub const PATH: &str = "/pruefen";

/// The largest request body of the form: a PDF of the largest size we read, and room for the
/// QR text and the multipart framing.
pub const BODY_LIMIT: usize = certificate::MAX_PDF_BYTES + 64 * 1024;

/// The longest QR text accepted (the payload format allows no more).
const MAX_QR_CHARS: usize = seal::qr::MAX_TEXT_LEN;

/// Bytes of QR text read at most: any text within [`MAX_QR_CHARS`] fits, with line breaks.
const MAX_QR_BYTES: usize = MAX_QR_CHARS * 4 + 1024;

/// What the form is shown with: the QR text to put back, and what is wrong with each field.
#[derive(Default)]
struct FormView {
    qr: String,
    qr_error: Option<&'static str>,
    pdf_error: Option<&'static str>,
    number: String,
    number_error: Option<&'static str>,
    birth_date: String,
    birth_date_error: Option<&'static str>,
    /// A problem with the request as a whole (it arrived incomplete).
    form_error: Option<&'static str>,
}

/// A submission sent back: the status and the form with what is wrong.
type Rejected = Box<(StatusCode, FormView)>;

/// What was submitted, read within bounds.
#[derive(Default)]
struct Submitted {
    qr: String,
    qr_too_long: bool,
    pdf: Vec<u8>,
    pdf_too_large: bool,
    /// The short code printed on the certificate and the child's date of birth.
    number: String,
    birth_date: String,
}

/// Bytes read at most of the number and date fields (far more than either needs).
const MAX_SHORT_FIELD: usize = 100;

/// `GET /pruefen`: the empty form.
pub async fn form(RawQuery(query): RawQuery, headers: HeaderMap) -> Response {
    let lang = page_lang(query.as_deref(), &headers);
    form_page(StatusCode::OK, lang, &FormView::default())
}

/// `POST /pruefen`: checks the PDF if one was chosen, else the QR text.
pub async fn submit(
    State(state): State<AppState>,
    address: ClientAddress,
    RawQuery(query): RawQuery,
    request: Request,
) -> Response {
    let lang = page_lang(query.as_deref(), request.headers());
    if let Err(error) = verification::admit(&state, &address) {
        return failure_page(lang, &error);
    }
    if !is_form_data(request.headers()) {
        return unsupported_page(lang);
    }
    let submitted = match Multipart::from_request(request, &state).await {
        Ok(multipart) => read_form(multipart).await,
        Err(_) => Err(ReadError::Broken),
    };
    let submitted = match submitted {
        Ok(submitted) => submitted,
        Err(ReadError::TooLarge) => {
            let view = FormView {
                pdf_error: Some(too_large(lang)),
                ..FormView::default()
            };
            return form_page(StatusCode::PAYLOAD_TOO_LARGE, lang, &view);
        }
        Err(ReadError::Broken) => {
            let view = FormView {
                form_error: Some(tr(
                    lang,
                    "Das Formular ist nicht vollständig angekommen. Bitte senden Sie es noch einmal.",
                    "The form did not arrive complete. Please send it again.",
                )),
                ..FormView::default()
            };
            return form_page(StatusCode::BAD_REQUEST, lang, &view);
        }
    };
    let today = state.pipeline.clock().now().date();
    let (presented, checked) = match choose(submitted, lang, today) {
        Ok(chosen) => chosen,
        Err(rejected) => return form_page(rejected.0, lang, &rejected.1),
    };
    match verification::check(&state, presented).await {
        Ok(verdict) => result_page(lang, &verdict, checked),
        Err(error) => failure_page(lang, &error),
    }
}

fn is_form_data(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("multipart/form-data"))
}

enum ReadError {
    /// The body is larger than the route allows.
    TooLarge,
    /// Not a well-formed multipart body.
    Broken,
}

fn read_error(error: MultipartError) -> ReadError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ReadError::TooLarge
    } else {
        ReadError::Broken
    }
}

/// Reads the fields `pdf` and `qr`, keeping no more of either than can matter; other fields
/// are skipped.
async fn read_form(mut multipart: Multipart) -> Result<Submitted, ReadError> {
    let mut submitted = Submitted::default();
    while let Some(mut field) = multipart.next_field().await.map_err(read_error)? {
        let (limit, is_pdf) = match field.name() {
            Some("pdf") if submitted.pdf.is_empty() => (certificate::MAX_PDF_BYTES, true),
            Some("qr") if submitted.qr.is_empty() => (MAX_QR_BYTES, false),
            Some(name @ ("number" | "birth_date")) => {
                let name = name.to_owned();
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(read_error)? {
                    let room = MAX_SHORT_FIELD.saturating_sub(bytes.len());
                    bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
                }
                let text = String::from_utf8_lossy(&bytes).trim().to_owned();
                if name == "number" {
                    submitted.number = text;
                } else {
                    submitted.birth_date = text;
                }
                continue;
            }
            _ => continue,
        };
        let mut bytes = Vec::new();
        let mut over = false;
        while let Some(chunk) = field.chunk().await.map_err(read_error)? {
            if bytes.len() + chunk.len() > limit {
                over = true;
                break;
            }
            bytes.extend_from_slice(&chunk);
        }
        if is_pdf {
            submitted.pdf_too_large = over;
            submitted.pdf = if over { Vec::new() } else { bytes };
        } else {
            submitted.qr_too_long = over;
            submitted.qr = String::from_utf8_lossy(&bytes).into_owned();
        }
    }
    if submitted.qr.trim().chars().count() > MAX_QR_CHARS {
        submitted.qr_too_long = true;
    }
    Ok(submitted)
}

/// The PDF when a file was chosen, else the QR text; or the form again with what is wrong.
fn choose(
    submitted: Submitted,
    lang: Lang,
    today: time::Date,
) -> Result<(Presented, Checked), Rejected> {
    let Submitted {
        qr,
        qr_too_long,
        pdf,
        pdf_too_large,
        number,
        birth_date,
    } = submitted;
    if pdf_too_large {
        let view = FormView {
            qr: bounded(qr),
            pdf_error: Some(too_large(lang)),
            ..FormView::default()
        };
        return Err(Box::new((StatusCode::PAYLOAD_TOO_LARGE, view)));
    }
    if !pdf.is_empty() {
        return Ok((Presented::Pdf(pdf), Checked::Pdf));
    }
    if qr.trim().is_empty() && !(number.is_empty() && birth_date.is_empty()) {
        return by_number(number, birth_date, lang, today);
    }
    if qr.trim().is_empty() {
        let view = FormView {
            qr: String::new(),
            qr_error: Some(tr(
                lang,
                "Bitte fügen Sie den Text des QR-Codes ein oder wählen Sie die PDF-Datei der \
                 Bescheinigung aus.",
                "Please paste the text of the QR code or choose the certificate's PDF file.",
            )),
            pdf_error: Some(tr(
                lang,
                "Oder wählen Sie hier die PDF-Datei der Bescheinigung aus.",
                "Or choose the certificate's PDF file here.",
            )),
            ..FormView::default()
        };
        return Err(Box::new((StatusCode::UNPROCESSABLE_ENTITY, view)));
    }
    if qr_too_long {
        let view = FormView {
            qr: bounded(qr),
            qr_error: Some(tr(
                lang,
                "Der Text ist länger als 4096 Zeichen. So lang ist der Text des QR-Codes einer \
                 Bescheinigung nie – bitte prüfen Sie, was Sie eingefügt haben.",
                "The text is longer than 4096 characters. The QR code of a certificate never \
                 holds that much – please check what you pasted.",
            )),
            ..FormView::default()
        };
        return Err(Box::new((StatusCode::UNPROCESSABLE_ENTITY, view)));
    }
    Ok((Presented::QrText(qr), Checked::QrText))
}

/// The certificate number with the child's date of birth (`TT.MM.JJJJ` or `JJJJ-MM-TT`).
fn by_number(
    number: String,
    birth_date: String,
    lang: Lang,
    today: time::Date,
) -> Result<(Presented, Checked), Rejected> {
    let parsed_number = domain::CertificateNumber::parse(&number).ok();
    let parsed_date = german_or_iso_date(&birth_date)
        .and_then(|iso| domain::application::parse_past_date(&iso, today).ok());
    match (parsed_number, parsed_date) {
        (Some(number), Some(child_birth_date)) => Ok((
            Presented::Number {
                number,
                child_birth_date,
            },
            Checked::Number,
        )),
        (parsed_number, parsed_date) => {
            let view = FormView {
                number_error: parsed_number.is_none().then(|| {
                    tr(
                        lang,
                        "Bitte geben Sie die Bescheinigungsnummer so ein, wie sie auf der \
                         Bescheinigung steht, z. B. NB-2026-7K3M-Q9TX-8.",
                        "Please enter the certificate number as printed on the certificate, \
                         e.g. NB-2026-7K3M-Q9TX-8.",
                    )
                }),
                birth_date_error: parsed_date.is_none().then(|| {
                    tr(
                        lang,
                        "Bitte geben Sie das Geburtsdatum des Kindes so ein: TT.MM.JJJJ, \
                         z. B. 04.05.2020.",
                        "Please enter the child's date of birth as DD.MM.YYYY, e.g. 04.05.2020.",
                    )
                }),
                number: bounded(number),
                birth_date: bounded(birth_date),
                ..FormView::default()
            };
            Err(Box::new((StatusCode::UNPROCESSABLE_ENTITY, view)))
        }
    }
}

/// `04.05.2020` or `2020-05-04` as `2020-05-04`.
fn german_or_iso_date(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let parts: Vec<&str> = raw.split('.').collect();
    match parts.as_slice() {
        [day, month, year]
            if (1..=2).contains(&day.len())
                && (1..=2).contains(&month.len())
                && year.len() == 4 =>
        {
            let day: u8 = day.parse().ok()?;
            let month: u8 = month.parse().ok()?;
            Some(format!("{year}-{month:02}-{day:02}"))
        }
        _ => Some(raw.to_owned()),
    }
}

/// The QR text cut to what the form accepts, for showing it back.
fn bounded(qr: String) -> String {
    qr.chars().take(MAX_QR_CHARS).collect()
}

fn too_large(lang: Lang) -> &'static str {
    tr(
        lang,
        "Die Datei ist größer als 2 MB. Die PDF-Datei einer Bescheinigung ist viel kleiner \
         (etwa 30 KB) – bitte wählen Sie die richtige Datei.",
        "The file is larger than 2 MB. A certificate's PDF file is much smaller (about 30 KB) – \
         please choose the right file.",
    )
}

fn form_page(status: StatusCode, lang: Lang, view: &FormView) -> Response {
    let mut errors: Vec<(&str, &str)> = Vec::new();
    if let Some(message) = view.form_error {
        errors.push(("qr", message));
    }
    if let Some(message) = view.qr_error {
        errors.push(("qr", message));
    }
    // A message that only points to the other field is not repeated in the summary.
    if let Some(message) = view.pdf_error
        && view.qr_error.is_none()
    {
        errors.push(("pdf", message));
    }
    if let Some(message) = view.number_error {
        errors.push(("number", message));
    }
    if let Some(message) = view.birth_date_error {
        errors.push(("birth_date", message));
    }
    let summary = error_summary(lang, &errors);
    let qr_field = field(
        "qr",
        tr(lang, "Text des QR-Codes", "Text of the QR code"),
        tr(
            lang,
            "Scannen Sie den QR-Code der Bescheinigung mit einer QR-Code-App und fügen Sie den \
             Text hier ein. Er beginnt mit „NB1:“.",
            "Scan the certificate's QR code with a QR code app and paste the text here. It \
             starts with “NB1:”.",
        ),
        view.qr_error,
        &format!(
            "<textarea id=\"qr\" name=\"qr\" rows=\"6\" maxlength=\"{MAX_QR_CHARS}\" \
             spellcheck=\"false\" autocomplete=\"off\" autocapitalize=\"off\"{}>{}</textarea>",
            described("qr", view.qr_error.is_some()),
            escape(&view.qr)
        ),
    );
    let pdf_field = field(
        "pdf",
        tr(
            lang,
            "PDF-Datei der Bescheinigung",
            "PDF file of the certificate",
        ),
        tr(
            lang,
            "Die Datei, die Sie per E-Mail oder zum Herunterladen erhalten haben. Wenn Sie eine \
             Datei wählen, wird nur die Datei geprüft.",
            "The file you received by email or as a download. If you choose a file, only the \
             file is checked.",
        ),
        view.pdf_error,
        &format!(
            "<input type=\"file\" id=\"pdf\" name=\"pdf\" accept=\"application/pdf,.pdf\"{}>",
            described("pdf", view.pdf_error.is_some())
        ),
    );
    let number_field = field(
        "number",
        tr(lang, "Bescheinigungsnummer", "Certificate number"),
        tr(
            lang,
            "Ohne QR-Code-App: die Nummer, die unter dem QR-Code steht (beginnt mit „NB-“) …",
            "Without a QR code app: the number printed below the QR code (starts with “NB-”) …",
        ),
        view.number_error,
        &format!(
            "<input type=\"text\" id=\"number\" name=\"number\" maxlength=\"30\" \
             autocomplete=\"off\" autocapitalize=\"characters\" spellcheck=\"false\" \
             value=\"{}\"{}>",
            escape(&view.number),
            described("number", view.number_error.is_some())
        ),
    );
    let birth_date_field = field(
        "birth_date",
        tr(lang, "Geburtsdatum des Kindes", "Child's date of birth"),
        tr(
            lang,
            "… und das Geburtsdatum des Kindes, wie es auf der Bescheinigung steht (TT.MM.JJJJ).",
            "… and the child's date of birth as printed on the certificate (DD.MM.YYYY).",
        ),
        view.birth_date_error,
        &format!(
            "<input type=\"text\" id=\"birth_date\" name=\"birth_date\" maxlength=\"10\" \
             inputmode=\"numeric\" autocomplete=\"off\" value=\"{}\"{}>",
            escape(&view.birth_date),
            described("birth_date", view.birth_date_error.is_some())
        ),
    );
    let title = tr(lang, "Bescheinigung prüfen", "Check a certificate");
    let main = format!(
        "{summary}<h1>{title}</h1>\n\
         <p class=\"lead\">{lead}</p>\n\
         <form method=\"post\" action=\"{PATH}?lang={lang_tag}\" enctype=\"multipart/form-data\" \
         novalidate>\n{qr_field}<p class=\"or\">{or}</p>\n{pdf_field}\
         <p class=\"or\">{or}</p>\n{number_field}{birth_date_field}\
         <button type=\"submit\">{submit}</button>\n</form>\n\
         <h2>{what}</h2>\n{meaning}\n",
        title = escape(title),
        lead = escape(tr(
            lang,
            "Prüfen Sie, ob eine Bescheinigung über die alleinige elterliche Sorge \
             (Negativbescheinigung nach § 58 SGB VIII) echt ist: mit dem Text ihres QR-Codes, \
             mit ihrer PDF-Datei oder mit ihrer Nummer und dem Geburtsdatum des Kindes.",
            "Check whether a certificate of sole parental custody (Negativbescheinigung under \
             § 58 SGB VIII) is genuine: with the text of its QR code, with its PDF file, or with \
             its number and the child's date of birth.",
        )),
        lang_tag = tag(lang),
        or = escape(tr(lang, "oder", "or")),
        submit = escape(tr(lang, "Prüfen", "Check")),
        what = escape(tr(lang, "Was die Prüfung sagt", "What the check tells you")),
        meaning = meaning(lang),
    );
    let title = if errors.is_empty() {
        title.to_owned()
    } else {
        format!("{}{title}", tr(lang, "Fehler: ", "Error: "))
    };
    respond(status, lang, document(lang, &title, PATH, &main))
}

/// A short page with a heading, one paragraph and the way back to the form.
fn message_page(status: StatusCode, lang: Lang, title: &str, text: &str) -> Response {
    let main = format!(
        "<h1>{}</h1>\n<p>{}</p>\n<p><a href=\"{PATH}?lang={}\">{}</a></p>\n",
        escape(title),
        escape(text),
        tag(lang),
        escape(tr(lang, "Zum Prüfformular", "Back to the form")),
    );
    respond(status, lang, document(lang, title, PATH, &main))
}

fn unsupported_page(lang: Lang) -> Response {
    message_page(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        lang,
        tr(lang, "Falsches Format", "Wrong format"),
        tr(
            lang,
            "Diese Adresse nimmt nur das Prüfformular entgegen (multipart/form-data). \
             Programme verwenden bitte die Schnittstelle POST /api/v1/certificates/verify.",
            "This address accepts the check form only (multipart/form-data). Programs please \
             use the interface POST /api/v1/certificates/verify.",
        ),
    )
}

/// The rate limit's page, or an opaque page for an unexpected failure (whose cause is logged).
fn failure_page(lang: Lang, error: &ApiError) -> Response {
    if let ApiError::TooManyRequests { retry_after } = error {
        let text = match lang {
            Lang::De => format!(
                "Von Ihrem Anschluss kamen in der letzten Minute zu viele Prüfungen. Bitte warten \
                 Sie {retry_after} Sekunden und versuchen Sie es dann noch einmal."
            ),
            Lang::En => format!(
                "Too many checks came from your connection in the last minute. Please wait \
                 {retry_after} seconds and then try again."
            ),
        };
        let mut response = message_page(
            StatusCode::TOO_MANY_REQUESTS,
            lang,
            tr(lang, "Bitte warten Sie kurz", "Please wait a moment"),
            &text,
        );
        if let Ok(value) = HeaderValue::from_str(&retry_after.to_string()) {
            response.headers_mut().insert(RETRY_AFTER, value);
        }
        return response;
    }
    tracing::error!(?error, "certificate check on the page failed");
    let status = match error {
        ApiError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    message_page(
        status,
        lang,
        tr(
            lang,
            "Prüfung gerade nicht möglich",
            "The check is not possible right now",
        ),
        tr(
            lang,
            "Bei der Prüfung ist ein Fehler aufgetreten. Bitte versuchen Sie es später noch \
             einmal.",
            "An error occurred during the check. Please try again later.",
        ),
    )
}
