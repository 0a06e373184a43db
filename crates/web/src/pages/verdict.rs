//! The result of a check as a page: the verdict in words (genuine, or not and why), the data
//! the QR code's seal vouches for, and what the result does and does not mean.

use axum::http::StatusCode;
use axum::response::Response;

use super::html::{document, escape, respond, tag, tr};
use super::verify::PATH;
use crate::i18n::Lang;
use certificate::Outcome;
use certificate::pdf::{
    english_date, english_moment, english_part_name, german_date, german_moment, german_part_name,
};
use seal::verify::Verdict;

/// What the explanation says the check does and does not tell. (The items are markup: fixed
/// text of ours, no values.)
pub fn meaning(lang: Lang) -> String {
    let items: [&str; 3] = match lang {
        Lang::De => [
            "<strong>„Echt“</strong> heißt: Das genannte Jugendamt hat die Bescheinigung zum \
             angegebenen Zeitpunkt mit genau diesem Inhalt ausgestellt, und sie ist nicht \
             widerrufen.",
            "Die Prüfung sagt nichts darüber, ob sich die elterliche Sorge nach dem \
             angegebenen <strong>„Stand des Sorgeregisters“</strong> geändert hat, zum Beispiel \
             durch spätere Sorgeerklärungen oder eine Gerichtsentscheidung.",
            "Ob die Person, die Ihnen die Bescheinigung vorlegt, die genannte Mutter ist, prüfen \
             Sie bitte anhand eines amtlichen Ausweises.",
        ],
        Lang::En => [
            "<strong>“Genuine”</strong> means: the named youth welfare office (Jugendamt) issued \
             the certificate at the stated time with exactly this content, and has not revoked \
             it.",
            "The check says nothing about changes in parental custody after the stated \
             <strong>“register as of”</strong> time, for example later declarations of joint \
             custody or a court decision.",
            "Whether the person showing you the certificate is the named mother, please check \
             against an official identity document.",
        ],
    };
    let list: String = items
        .iter()
        .map(|item| format!("<li>{item}</li>"))
        .collect();
    format!("<ul>{list}</ul>")
}

/// What was checked, for saying so on the result.
#[derive(Clone, Copy)]
pub enum Checked {
    Pdf,
    QrText,
    /// The certificate number with the child's date of birth.
    Number,
}

pub fn result_page(lang: Lang, verdict: &Verdict, checked: Checked) -> Response {
    let genuine = verdict.genuine();
    let what = match (checked, lang) {
        (Checked::Pdf, Lang::De) => "Geprüft wurde die PDF-Datei.",
        (Checked::Pdf, Lang::En) => "The PDF file was checked.",
        (Checked::QrText, Lang::De) => "Geprüft wurde der Text des QR-Codes.",
        (Checked::QrText, Lang::En) => "The text of the QR code was checked.",
        (Checked::Number, Lang::De) => {
            "Geprüft wurde die Bescheinigung mit dieser Nummer und diesem Geburtsdatum, wie sie \
             das Jugendamt ausgestellt hat. Vergleichen Sie jede Angabe mit dem Papier."
        }
        (Checked::Number, Lang::En) => {
            "The certificate with this number and date of birth was checked as the youth \
             welfare office issued it. Compare every detail with the paper."
        }
    };
    let verdict_box = if genuine {
        format!(
            "<div class=\"verdict ok\">\n<h1><span class=\"mark\" aria-hidden=\"true\">✓</span> \
             {}</h1>\n<p>{}</p>\n</div>\n",
            escape(tr(
                lang,
                "Echt: Diese Bescheinigung ist gültig.",
                "Genuine: this certificate is valid.",
            )),
            escape(what)
        )
    } else {
        let reasons: String = verdict
            .findings
            .iter()
            .map(|finding| {
                let text = match lang {
                    Lang::De => finding.german(),
                    Lang::En => finding.english(),
                };
                format!("<li>{}</li>", escape(&text))
            })
            .collect();
        format!(
            "<div class=\"verdict bad\">\n<h1><span class=\"mark\" aria-hidden=\"true\">✗</span> \
             {}</h1>\n<p>{} {}</p>\n<ul>{reasons}</ul>\n</div>\n",
            escape(tr(
                lang,
                "Nicht gültig: Auf diese Bescheinigung können Sie sich nicht verlassen.",
                "Not valid: you cannot rely on this certificate.",
            )),
            escape(what),
            escape(tr(lang, "Gründe:", "Reasons:")),
        )
    };
    let data = verdict
        .claims
        .as_ref()
        .map(|claims| sealed_data(lang, verdict, claims, genuine))
        .unwrap_or_default();
    let next = if genuine {
        meaning(lang)
    } else {
        let hint = match checked {
            Checked::QrText => tr(
                lang,
                "Haben Sie den Text des QR-Codes abgetippt oder kopiert, prüfen Sie bitte, ob er \
                 vollständig ist – oder prüfen Sie die PDF-Datei.",
                "If you typed or copied the text of the QR code, please check that it is \
                 complete – or check the PDF file instead.",
            ),
            Checked::Number => tr(
                lang,
                "Prüfen Sie, ob Nummer und Geburtsdatum genau so eingegeben sind, wie sie auf \
                 der Bescheinigung stehen – oder prüfen Sie den QR-Code.",
                "Check that number and date of birth were entered exactly as printed on the \
                 certificate – or check the QR code instead.",
            ),
            Checked::Pdf => tr(
                lang,
                "Wurde die Datei neu gespeichert, bearbeitet oder umgewandelt, ist ihr Siegel \
                 nicht mehr gültig. Prüfen Sie dann die Originaldatei oder den QR-Code.",
                "If the file was saved again, edited or converted, its seal is no longer valid. \
                 Check the original file or the QR code instead.",
            ),
        };
        format!(
            "<ul><li>{}</li><li>{}</li></ul>",
            escape(tr(
                lang,
                "Verlassen Sie sich nicht auf diese Bescheinigung. Die Person, die sie Ihnen \
                 vorlegt, kann beim Jugendamt eine neue Bescheinigung beantragen.",
                "Do not rely on this certificate. The person showing it to you can apply to the \
                 youth welfare office (Jugendamt) for a new one.",
            )),
            escape(hint),
        )
    };
    let main = format!(
        "{verdict_box}{data}<h2>{meaning_title}</h2>\n{next}\n\
         <p><a href=\"{PATH}?lang={lang_tag}\">{again}</a></p>\n",
        meaning_title = escape(tr(
            lang,
            "Was das Ergebnis bedeutet",
            "What the result means"
        )),
        lang_tag = tag(lang),
        again = escape(tr(
            lang,
            "Weitere Bescheinigung prüfen",
            "Check another certificate"
        )),
    );
    let title = if genuine {
        tr(lang, "Echt – Prüfergebnis", "Genuine – result of the check")
    } else {
        tr(
            lang,
            "Nicht gültig – Prüfergebnis",
            "Not valid – result of the check",
        )
    };
    respond(StatusCode::OK, lang, document(lang, title, PATH, &main))
}

/// The data the QR code's seal vouches for, as a description list.
fn sealed_data(
    lang: Lang,
    verdict: &Verdict,
    claims: &seal::qr::QrClaims,
    genuine: bool,
) -> String {
    let date = |d| match lang {
        Lang::De => german_date(d),
        Lang::En => english_date(d),
    };
    let moment = |m| match lang {
        Lang::De => german_moment(m),
        Lang::En => english_moment(m),
    };
    let kind = match &claims.outcome {
        Outcome::NegativeCertificate => tr(
            lang,
            "Negativbescheinigung: keine Eintragungen im Sorgeregister",
            "Negative certificate: no entries in the custody register",
        )
        .to_owned(),
        Outcome::PartialCertificate { parts } => {
            let mut parts = parts.clone();
            parts.sort();
            parts.dedup();
            let names: Vec<&str> = parts
                .into_iter()
                .map(|part| match lang {
                    Lang::De => german_part_name(part),
                    Lang::En => english_part_name(part),
                })
                .collect();
            let (before, after) = match lang {
                Lang::De => (
                    "Teilbescheinigung: Eintragungen nur für",
                    "; für alle übrigen Bereiche der elterlichen Sorge keine Eintragungen",
                ),
                Lang::En => (
                    "Partial certificate: entries only for",
                    "; no entries for any other part of parental custody",
                ),
            };
            format!("{before} {}{after}", names.join(", "))
        }
    };
    let issuer = match &verdict.issuer_name {
        Some(name) => format!("{name} ({})", claims.issuer),
        None => claims.issuer.clone(),
    };
    let child_place = claims
        .child
        .birth_place
        .clone()
        .unwrap_or_else(|| "–".into());
    let certificate_rows = [
        (
            tr(lang, "Bescheinigungsnummer", "Certificate number"),
            claims.number.clone(),
        ),
        (tr(lang, "Art", "Kind of certificate"), kind),
        (
            tr(lang, "Ausstellendes Jugendamt", "Issuing office"),
            issuer,
        ),
        (
            tr(lang, "Ausgestellt am", "Issued on"),
            moment(claims.issued_at),
        ),
        (
            tr(lang, "Stand des Sorgeregisters", "Register as of"),
            moment(claims.register_as_of),
        ),
    ];
    let child_rows = [
        (
            tr(lang, "Vornamen", "Given names"),
            claims.child.given_names.clone(),
        ),
        (
            tr(lang, "Familienname bei Geburt", "Family name at birth"),
            claims.child.family_name.clone(),
        ),
        (
            tr(lang, "Geboren am", "Date of birth"),
            date(claims.child.birth_date),
        ),
        (tr(lang, "Geboren in", "Place of birth"), child_place),
    ];
    let mother_rows = [
        (
            tr(lang, "Vornamen", "Given names"),
            claims.mother.given_names.clone(),
        ),
        (
            tr(lang, "Familienname", "Family name"),
            claims.mother.family_name.clone(),
        ),
        (
            tr(lang, "Geboren am", "Date of birth"),
            date(claims.mother.birth_date),
        ),
    ];
    let intro = if genuine {
        tr(
            lang,
            "Diese Angaben bestätigt das elektronische Siegel des ausstellenden Jugendamts. \
             Vergleichen Sie sie mit der Bescheinigung, die Ihnen vorliegt: Es gilt nur, was hier \
             steht.",
            "The issuing office's electronic seal vouches for these details. Compare them with \
             the certificate in front of you: only what is shown here counts.",
        )
    } else {
        tr(
            lang,
            "Diese Angaben stehen gesiegelt im QR-Code. Die Bescheinigung ist trotzdem aus den \
             oben genannten Gründen nicht gültig.",
            "These details are sealed in the QR code. The certificate is nevertheless not valid, \
             for the reasons above.",
        )
    };
    format!(
        "<h2>{title}</h2>\n<p>{intro}</p>\n{certificate}<h3>{child}</h3>\n{child_list}\
         <h3>{mother}</h3>\n{mother_list}",
        title = escape(tr(
            lang,
            "Angaben der Bescheinigung",
            "Details of the certificate"
        )),
        intro = escape(intro),
        certificate = description_list(&certificate_rows),
        child = escape(tr(lang, "Kind", "Child")),
        child_list = description_list(&child_rows),
        mother = escape(tr(lang, "Mutter", "Mother")),
        mother_list = description_list(&mother_rows),
    )
}

fn description_list(rows: &[(&str, String)]) -> String {
    let items: String = rows
        .iter()
        .map(|(term, value)| format!("<dt>{}</dt><dd>{}</dd>\n", escape(term), escape(value)))
        .collect();
    format!("<dl class=\"data\">\n{items}</dl>\n")
}
