//! The page of one review case (`GET /amt/pruefungen/{application_id}`): the query's child,
//! and while the case is open every candidate entry beside it with the matcher's reasons and
//! the form that settles it; once settled, the settlement and the application's outcome.

use std::collections::{BTreeMap, BTreeSet};

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::http::header::HeaderMap;
use axum::response::Response;

use super::prenatal::{self, PrenatalProblem};
use super::{REVIEWS_PATH, case_path};
use crate::AppState;
use crate::i18n::Lang;
use crate::pages::html::{error_summary, escape, page_lang, tag, tr};
use crate::workbench::explain;
use crate::workbench::session::Staff;
use crate::workbench::{casework, page, query, trail, words};
use domain::application::ChildIdentity;
use domain::matching::MatchClass;
use domain::review::Verdict;
use store::reviews::{Candidate, CaseView, Settlement};

/// The longest note accepted.
pub(super) const MAX_NOTE_CHARS: usize = 2000;

/// What a refused form is shown again with.
#[derive(Debug, Default)]
pub(super) struct Submitted {
    /// The verdict chosen per entry id.
    pub verdicts: BTreeMap<String, Verdict>,
    /// The entries the form was made for (it carries their versions).
    pub shown: BTreeSet<String>,
    /// The verdict chosen per prenatal notification id.
    pub prenatal: BTreeMap<String, Verdict>,
    pub note: String,
}

/// Why a form was refused, by field.
#[derive(Debug, Default)]
pub(super) struct Problems {
    pub note: Option<NoteProblem>,
    pub entries: BTreeMap<String, EntryProblem>,
    pub prenatal: BTreeMap<String, PrenatalProblem>,
    /// Problems of the form as a whole.
    pub general: Vec<General>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NoteProblem {
    Missing,
    TooLong,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum EntryProblem {
    /// No verdict; `new` when the entry was not on the page the form came from.
    Missing {
        new: bool,
    },
    Duplicate,
    /// Changed since the page was opened; `current` is its version now.
    Changed {
        current: i64,
    },
    CertainDisputed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum General {
    /// A judged entry is no candidate any more (cancelled or corrected meanwhile).
    NoLongerCandidate,
    /// The verdicts leave the answer in doubt.
    StillInDoubt,
}

impl Problems {
    pub(super) fn is_empty(&self) -> bool {
        self.note.is_none()
            && self.entries.is_empty()
            && self.prenatal.is_empty()
            && self.general.is_empty()
    }
}

/// `GET /amt/pruefungen/{application_id}`.
pub async fn page(
    staff: Staff,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let lang = page_lang(query.as_deref(), &headers);
    let Some(id) = casework::record_id(&id) else {
        return not_found(lang);
    };
    if let Err(refused) = locate(&staff, &state, id, lang).await {
        return refused;
    }
    if let Err(refused) = casework::require(&staff, &state, "review_case", id, lang).await {
        return refused;
    }
    let view = match state
        .pipeline
        .review_case(&staff.actor(), &staff.office, id)
        .await
    {
        Ok(Some(view)) => view,
        Ok(None) => return not_found(lang),
        Err(error) => return page::failure(lang, &error),
    };
    let notice = match query::value(query.as_deref(), "hinweis").as_deref() {
        Some("entschieden") if view.case.received => Some(tr(
            lang,
            "Ihre Entscheidung ist gespeichert. Das anfragende Jugendamt erhält die Antwort \
             Ihres Registers, sobald es die Anfrage wiederholt (das geschieht von selbst), und \
             entscheidet damit den Antrag.",
            "Your decision is saved. The asking office receives your register's answer when it \
             repeats the query (which it does by itself), and decides the application with it.",
        )),
        Some("entschieden") => Some(tr(
            lang,
            "Ihre Entscheidung ist gespeichert. Der Antrag wurde damit automatisch fortgesetzt \
             und entschieden; die Antragstellerin erfährt das Ergebnis über ihr Jugendamt.",
            "Your decision is saved. The application was resumed and decided with it; the \
             applicant learns the outcome through her office.",
        )),
        Some("bereits") => Some(tr(
            lang,
            "Dieser Prüfauftrag war bereits entschieden. Ihre Angaben wurden nicht gespeichert; \
             unten sehen Sie die gespeicherte Entscheidung.",
            "This review task had been decided already. Your answers were not saved; the saved \
             decision is shown below.",
        )),
        _ => None,
    };
    render(
        &state,
        &staff,
        lang,
        StatusCode::OK,
        &view,
        &Submitted::default(),
        &Problems::default(),
        notice,
    )
    .await
}

/// Whether `id` may be a case of the member's office: the 404 page when there is no such
/// application or received query, the 403 page (audited) when it is another office's — also the issuing
/// office's, which learns the outcome but never sees the entries.
pub(super) async fn locate(
    staff: &Staff,
    state: &AppState,
    id: &str,
    lang: Lang,
) -> Result<(), Response> {
    let register = match state.store().application_offices(id).await {
        Ok(Some(offices)) => Some(offices.register),
        // A query received over federation has no application here.
        Ok(None) => match state.store().received_query(id).await {
            Ok(received) => received.map(|q| q.register_office),
            Err(error) => return Err(page::failure(lang, &error)),
        },
        Err(error) => return Err(page::failure(lang, &error)),
    };
    match register {
        Some(register) => staff.require_office(state, &register, id, lang).await,
        None => Err(not_found(lang)),
    }
}

pub(super) fn not_found(lang: Lang) -> Response {
    casework::not_found(
        lang,
        (
            REVIEWS_PATH,
            tr(lang, "Zu den Prüfaufträgen", "To the review tasks"),
        ),
    )
}

/// The case page, with a refused form's answers and problems when there are any.
#[allow(clippy::too_many_arguments)]
pub(super) async fn render(
    state: &AppState,
    staff: &Staff,
    lang: Lang,
    status: StatusCode,
    view: &CaseView,
    submitted: &Submitted,
    problems: &Problems,
    notice: Option<&str>,
) -> Response {
    match body(state, staff, lang, view, submitted, problems, notice).await {
        Ok((title, main)) => {
            let path = case_path(&view.case.application_id);
            page::workbench_page(status, lang, &title, &path, &main)
        }
        Err(error) => page::failure(lang, &error),
    }
}

async fn body(
    state: &AppState,
    staff: &Staff,
    lang: Lang,
    view: &CaseView,
    submitted: &Submitted,
    problems: &Problems,
    notice: Option<&str>,
) -> Result<(String, String), store::StoreError> {
    let case = &view.case;
    let child = &case.child;
    let query_place = words::place(state, lang, &child.birth_place).await?;
    let issuing = words::office(state, &case.issuing_office).await?;
    let mut facts = vec![
        (
            if case.received {
                tr(lang, "Anfrage (Verbund)", "Query (federation)")
            } else {
                tr(lang, "Antrag", "Application")
            },
            escape(&case.application_id),
        ),
        (
            tr(lang, "Anfragendes Jugendamt", "Asking office"),
            escape(&issuing),
        ),
        (
            tr(lang, "Anfrage eingegangen", "Query received"),
            escape(&words::moment(lang, case.received_at)),
        ),
    ];
    if let Some(referred) = case.referred_at {
        facts.push((
            tr(lang, "Zur Prüfung verwiesen", "Referred to review"),
            escape(&words::moment(lang, referred)),
        ));
    }
    facts.push((
        tr(lang, "Bearbeitungsstand", "Status"),
        escape(words::status(lang, case.status)),
    ));
    let facts = data_list(&facts);
    let child_facts = data_list(&[
        (
            tr(lang, "Vornamen", "Given names"),
            escape(child.given_names.as_str()),
        ),
        (
            tr(lang, "Familienname bei Geburt", "Family name at birth"),
            escape(child.family_name_at_birth.as_str()),
        ),
        (
            tr(lang, "Geburtsdatum", "Date of birth"),
            escape(&words::date(lang, child.birth_date)),
        ),
        (
            tr(lang, "Geburtsort", "Place of birth"),
            escape(&query_place),
        ),
    ]);

    let (summary, work) = match &view.settlement {
        Some(settlement) => (
            String::new(),
            settled(state, staff, lang, view, settlement).await?,
        ),
        None => {
            let form = form(state, staff, lang, view, &query_place, submitted, problems).await?;
            let items = summary_items(lang, view, problems);
            let items: Vec<(&str, &str)> = items
                .iter()
                .map(|(field, message)| (field.as_str(), message.as_str()))
                .collect();
            (error_summary(lang, &items), form)
        }
    };
    let notice = notice
        .map(|text| format!("<p class=\"notice\" role=\"status\">{}</p>\n", escape(text)))
        .unwrap_or_default();
    let trail_link = trail::href(&case.application_id, lang)
        .map(|href| {
            format!(
                "<p><a href=\"{}\">{}</a></p>\n",
                escape(&href),
                escape(tr(
                    lang,
                    "Protokoll dieses Antrags bei Ihrem Jugendamt",
                    "Your office's audit trail of this application",
                ))
            )
        })
        .unwrap_or_default();
    let heading = match lang {
        Lang::De => format!(
            "Prüfauftrag: {} {}",
            child.given_names, child.family_name_at_birth
        ),
        Lang::En => format!(
            "Review task: {} {}",
            child.given_names, child.family_name_at_birth
        ),
    };
    let main = format!(
        "<p><a href=\"{back}\">{back_text}</a></p>\n{summary}{notice}<h1>{h1}</h1>\n{facts}\
         <h2>{child_title}</h2>\n<p>{child_lead}</p>\n{child_facts}{work}{trail_link}",
        back = escape(&page::with_lang(REVIEWS_PATH, lang)),
        back_text = escape(tr(lang, "Zu den Prüfaufträgen", "To the review tasks")),
        h1 = escape(&heading),
        child_title = escape(tr(lang, "Kind laut Anfrage", "The child as queried")),
        child_lead = escape(if view.mother.is_some() {
            tr(
                lang,
                "So nennt die Anfrage das Kind. Von der Antragstellerin sehen Sie nur Namen und \
                 Geburtsdatum, weil eine vorgeburtliche Mitteilung zu prüfen ist (unten).",
                "This is how the query names the child. Of the applicant you see only her name \
                 and date of birth, because a prenatal notification must be judged (below).",
            )
        } else if view
            .settlement
            .as_ref()
            .is_some_and(|s| !s.prenatal_verdicts.is_empty())
        {
            tr(
                lang,
                "So nennt die Anfrage das Kind. Von der Antragstellerin sahen Sie nur Namen und \
                 Geburtsdatum, um eine vorgeburtliche Mitteilung zu prüfen.",
                "This is how the query names the child. Of the applicant you saw only her name \
                 and date of birth, to judge a prenatal notification.",
            )
        } else {
            tr(
                lang,
                "So nennt die Anfrage das Kind. Andere Angaben der Antragstellerin erhält das \
                 Registeramt nicht.",
                "This is how the query names the child. The register office receives nothing \
                 else of the application.",
            )
        }),
    );
    let title = if problems.is_empty() {
        heading
    } else {
        format!("{}{heading}", tr(lang, "Fehler: ", "Error: "))
    };
    Ok((title, main))
}

/// The error summary's items: each problem linked to its field.
fn summary_items(lang: Lang, view: &CaseView, problems: &Problems) -> Vec<(String, String)> {
    let mut items = Vec::new();
    for general in &problems.general {
        items.push(("eintraege".to_owned(), general_text(lang, *general)));
    }
    for (index, candidate) in view.candidates.iter().enumerate() {
        if let Some(problem) = problems.entries.get(&candidate.entry.id) {
            items.push((anchor(index), entry_text(lang, index, *problem)));
        }
    }
    for (index, record) in view.prenatal.iter().enumerate() {
        if let Some(problem) = problems.prenatal.get(&record.id) {
            items.push((
                prenatal::anchor(index),
                prenatal::problem_text(lang, index, *problem),
            ));
        }
    }
    // A problem of an entry no longer on the page: said once, in general.
    if problems
        .entries
        .keys()
        .any(|id| !view.candidates.iter().any(|c| &c.entry.id == id))
        && !problems.general.contains(&General::NoLongerCandidate)
    {
        items.push((
            "eintraege".to_owned(),
            general_text(lang, General::NoLongerCandidate),
        ));
    }
    if let Some(problem) = problems.note {
        items.push(("note".to_owned(), note_text(lang, problem)));
    }
    items
}

/// The id of candidate `index`'s first control (and the target of its summary link).
fn anchor(index: usize) -> String {
    format!("k{}", index + 1)
}

fn general_text(lang: Lang, general: General) -> String {
    match general {
        General::NoLongerCandidate => tr(
            lang,
            "Ein beurteilter Eintrag oder eine beurteilte vorgeburtliche Mitteilung gehört \
             nicht mehr zu diesem Prüfauftrag (inzwischen berichtigt, aufgehoben oder \
             vervollständigt). Bitte prüfen Sie die Angaben unten erneut.",
            "A judged entry or prenatal notification no longer belongs to this review task \
             (corrected, cancelled or completed meanwhile). Please check the data below again.",
        ),
        General::StillInDoubt => tr(
            lang,
            "Mit diesen Entscheidungen bleibt die Antwort des Registers offen, weil ein Eintrag \
             unvollständig ist (z. B. eine Teilentscheidung ohne Teilbereiche). Bitte \
             berichtigen Sie den Eintrag im Register; der Prüfauftrag bleibt so lange offen.",
            "With these verdicts the register's answer stays in doubt, because an entry is \
             incomplete (e.g. a partial decision naming no part). Please correct the entry in \
             the register; the review task stays open until then.",
        ),
    }
    .to_owned()
}

fn entry_text(lang: Lang, index: usize, problem: EntryProblem) -> String {
    let n = index + 1;
    match (lang, problem) {
        (Lang::De, EntryProblem::Missing { new: false }) => format!(
            "Bitte entscheiden Sie, ob Eintrag {n} dasselbe Kind ist wie das Kind der Anfrage."
        ),
        (Lang::En, EntryProblem::Missing { new: false }) => {
            format!("Please decide whether entry {n} is the child asked about.")
        }
        (Lang::De, EntryProblem::Missing { new: true }) => format!(
            "Eintrag {n} ist neu hinzugekommen, seit Sie die Seite geöffnet haben. Bitte \
             entscheiden Sie auch über ihn."
        ),
        (Lang::En, EntryProblem::Missing { new: true }) => {
            format!("Entry {n} was added since you opened the page. Please decide on it too.")
        }
        (Lang::De, EntryProblem::Duplicate) => format!(
            "Für Eintrag {n} kam mehr als eine Entscheidung an. Bitte wählen Sie genau eine."
        ),
        (Lang::En, EntryProblem::Duplicate) => {
            format!("More than one verdict arrived for entry {n}. Please choose exactly one.")
        }
        (Lang::De, EntryProblem::Changed { current }) => format!(
            "Eintrag {n} wurde geändert, seit Sie die Seite geöffnet haben (jetzt Version \
             {current}). Bitte prüfen Sie ihn erneut und entscheiden Sie dann."
        ),
        (Lang::En, EntryProblem::Changed { current }) => format!(
            "Entry {n} was changed since you opened the page (now version {current}). Please \
             check it again, then decide."
        ),
        (Lang::De, EntryProblem::CertainDisputed) => format!(
            "Eintrag {n} stimmt in Vornamen, Familienname, Geburtsdatum und Geburtsort mit der \
             Anfrage überein und kann nicht als anderes Kind beurteilt werden. Betrifft er ein \
             anderes Kind, muss der Eintrag im Register berichtigt oder aufgehoben werden."
        ),
        (Lang::En, EntryProblem::CertainDisputed) => format!(
            "Entry {n} agrees with the query in given names, family name, date and place of \
             birth and cannot be judged another child. If it concerns another child, the \
             register entry must be corrected or cancelled."
        ),
    }
}

fn note_text(lang: Lang, problem: NoteProblem) -> String {
    match problem {
        NoteProblem::Missing => tr(
            lang,
            "Bitte begründen Sie Ihre Entscheidung in der Notiz, z. B. welche Unterlagen Sie \
             geprüft haben.",
            "Please give the reason for your decision in the note, e.g. which records you \
             checked.",
        )
        .to_owned(),
        NoteProblem::TooLong => match lang {
            Lang::De => format!(
                "Die Notiz ist länger als {MAX_NOTE_CHARS} Zeichen. Bitte fassen Sie sie kürzer."
            ),
            Lang::En => {
                format!("The note is longer than {MAX_NOTE_CHARS} characters. Please shorten it.")
            }
        },
    }
}

/// The open case: every candidate with its choice, the note, the button.
async fn form(
    state: &AppState,
    staff: &Staff,
    lang: Lang,
    view: &CaseView,
    query_place: &str,
    submitted: &Submitted,
    problems: &Problems,
) -> Result<String, store::StoreError> {
    let total = view.candidates.len();
    let mut sections = String::new();
    for (index, candidate) in view.candidates.iter().enumerate() {
        let problem = problems.entries.get(&candidate.entry.id).copied();
        // A changed entry is judged afresh: its earlier choice is not shown back.
        let chosen = match problem {
            Some(EntryProblem::Changed { .. }) => None,
            _ => submitted.verdicts.get(&candidate.entry.id).copied(),
        };
        sections.push_str(
            &candidate_section(
                state,
                lang,
                &view.case.child,
                query_place,
                index,
                total,
                candidate,
                chosen,
                problem.map(|p| entry_text(lang, index, p)),
            )
            .await?,
        );
    }
    let mut prenatal_sections = String::new();
    if let Some(mother) = &view.mother {
        prenatal_sections.push_str(&prenatal::lead(lang, mother, view.prenatal.len()));
        for (index, record) in view.prenatal.iter().enumerate() {
            let problem = problems.prenatal.get(&record.id).copied();
            prenatal_sections.push_str(
                &prenatal::section(
                    state,
                    lang,
                    index,
                    view.prenatal.len(),
                    record,
                    submitted.prenatal.get(&record.id).copied(),
                    problem.map(|p| prenatal::problem_text(lang, index, p)),
                )
                .await?,
            );
        }
    }
    let intro = if total == 0 && view.prenatal.is_empty() {
        format!(
            "<p class=\"notice\">{}</p>\n",
            escape(tr(
                lang,
                "Die Suche findet zurzeit keinen Eintrag mehr, der dieses Kind sein könnte \
                 (z. B. weil ein Eintrag inzwischen aufgehoben wurde). Mit Ihrer Begründung wird \
                 die Anfrage als „keine Eintragungen“ beantwortet.",
                "The search no longer finds an entry that could be this child (e.g. because an \
                 entry was cancelled meanwhile). With your reason the query is answered \
                 “no entries”.",
            ))
        )
    } else if total == 0 {
        format!(
            "<p>{}</p>\n",
            escape(tr(
                lang,
                "Die Suche im Register findet keinen Eintrag, der dieses Kind sein könnte.",
                "The register search finds no entry that could be this child.",
            ))
        )
    } else {
        let text = match lang {
            Lang::De => format!(
                "Stand der Suche im Register: {}. Sie findet {}. Bitte entscheiden Sie für \
                 jeden Eintrag, ob er das Kind der Anfrage betrifft.",
                words::moment(lang, view.assessed_at),
                if total == 1 {
                    "einen Eintrag".to_owned()
                } else {
                    format!("{total} Einträge")
                }
            ),
            Lang::En => format!(
                "Register searched as of {}. The search finds {}. Please decide for every \
                 entry whether it concerns the child asked about.",
                words::moment(lang, view.assessed_at),
                if total == 1 {
                    "one entry".to_owned()
                } else {
                    format!("{total} entries")
                }
            ),
        };
        format!("<p>{}</p>\n", escape(&text))
    };
    let note_error = problems.note.map(|p| note_text(lang, p));
    let note_field = crate::pages::html::field(
        "note",
        tr(lang, "Begründung (Pflichtangabe)", "Reason (required)"),
        tr(
            lang,
            "Warum Sie so entschieden haben, z. B. „Zwillingsschwester laut Geburtenregister“. \
             Die Notiz bleibt beim Registeramt.",
            "Why you decided so, e.g. “twin sister according to the birth register”. The note \
             stays with the register office.",
        ),
        note_error.as_deref(),
        &format!(
            "<textarea id=\"note\" name=\"note\" rows=\"5\" maxlength=\"{MAX_NOTE_CHARS}\" \
             class=\"prose\" required{}>{}</textarea>",
            crate::pages::html::described("note", note_error.is_some()),
            escape(&submitted.note),
        ),
    );
    Ok(format!(
        "<form method=\"post\" action=\"{action}\" novalidate>\n{hidden}\n\
         <h2 id=\"eintraege\" tabindex=\"-1\">{title}</h2>\n{intro}{sections}\
         {prenatal_sections}<h2>{decision}</h2>\n{note_field}<p>{then}</p>\n\
         <button type=\"submit\">{submit}</button>\n</form>\n",
        action = escape(&format!(
            "{}?lang={}",
            case_path(&view.case.application_id),
            tag(lang)
        )),
        hidden = staff.csrf_field(),
        title = escape(tr(
            lang,
            "Einträge, die dieses Kind betreffen könnten",
            "Entries that might concern this child",
        )),
        decision = escape(tr(lang, "Entscheidung", "Decision")),
        then = escape(tr(
            lang,
            "Nach dem Speichern wird der Antrag automatisch fortgesetzt: Aus den Einträgen, die \
             dasselbe Kind betreffen, folgt die Antwort des Registers und daraus die \
             Bescheinigung oder der Bescheid. Die Entscheidung kann danach nicht mehr geändert \
             werden.",
            "Once saved, the application resumes on its own: the entries that concern the same \
             child give the register's answer, and that the certificate or notice. The decision \
             cannot be changed afterwards.",
        )),
        submit = escape(tr(lang, "Entscheidung speichern", "Save the decision")),
    ))
}

/// One candidate: the comparison with the query, the entry's other data, and its choice.
#[allow(clippy::too_many_arguments)]
async fn candidate_section(
    state: &AppState,
    lang: Lang,
    query: &ChildIdentity,
    query_place: &str,
    index: usize,
    total: usize,
    candidate: &Candidate,
    chosen: Option<Verdict>,
    error: Option<String>,
) -> Result<String, store::StoreError> {
    let entry = &candidate.entry;
    let notification = &entry.notification;
    let record = &notification.child;
    let why = &candidate.explanation;
    let anchor = anchor(index);
    let entry_place = words::place(state, lang, &record.birth_place).await?;
    let rows = [
        (
            tr(lang, "Vornamen", "Given names"),
            query.given_names.to_string(),
            record.given_names.to_string(),
            explain::name(lang, why.given_names),
        ),
        (
            tr(lang, "Familienname bei Geburt", "Family name at birth"),
            query.family_name_at_birth.to_string(),
            record.family_name_at_birth.to_string(),
            explain::name(lang, why.family_name),
        ),
        (
            tr(lang, "Geburtsdatum", "Date of birth"),
            words::date(lang, query.birth_date),
            words::date(lang, record.birth_date),
            explain::date(lang, why.birth_date),
        ),
        (
            tr(lang, "Geburtsort", "Place of birth"),
            query_place.to_owned(),
            entry_place,
            explain::place(lang, why.birth_place),
        ),
    ];
    let rows: String = rows
        .iter()
        .map(|(field, asked, recorded, how)| {
            format!(
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                escape(field),
                escape(asked),
                escape(recorded),
                escape(how)
            )
        })
        .collect();
    let source = &notification.source;
    let trail_link = trail::href(&entry.id, lang)
        .map(|href| {
            format!(
                " (<a href=\"{}\">{}</a>)",
                escape(&href),
                escape(tr(lang, "Protokoll", "audit trail"))
            )
        })
        .unwrap_or_default();
    let details = data_list(&[
        (
            tr(lang, "Art des Eintrags", "Kind of entry"),
            escape(words::entry_kind(lang, notification.kind)),
        ),
        (
            tr(lang, "Umfang", "Scope"),
            escape(&words::scope(lang, &notification.scope)),
        ),
        (
            tr(lang, "Wirksam seit", "Effective since"),
            escape(&words::date(lang, notification.effective_date)),
        ),
        (
            tr(lang, "Mitgeteilt von", "Notified by"),
            escape(&format!(
                "{}: {}",
                words::source_kind(lang, source.kind),
                source.name
            )),
        ),
        (
            tr(lang, "Aktenzeichen / Urkunde", "Reference"),
            escape(&source.reference),
        ),
        (
            tr(lang, "Status des Eintrags", "Status of the entry"),
            escape(words::entry_status(lang, entry.status)),
        ),
        (
            tr(lang, "Version", "Version"),
            escape(&match lang {
                Lang::De => format!(
                    "{}, zuletzt geändert {}",
                    entry.version,
                    words::moment(lang, entry.updated_at)
                ),
                Lang::En => format!(
                    "{}, last changed {}",
                    entry.version,
                    words::moment(lang, entry.updated_at)
                ),
            }),
        ),
        (
            tr(lang, "Kennung", "Id"),
            format!("{}{trail_link}", escape(&entry.id)),
        ),
    ]);
    let version_field = format!(
        "<input type=\"hidden\" name=\"version.{}\" value=\"{}\">",
        escape(&entry.id),
        entry.version
    );
    let error_html = error
        .as_deref()
        .map(|m| {
            format!(
                "<p class=\"error\" id=\"{anchor}-error\">{}</p>\n",
                escape(m)
            )
        })
        .unwrap_or_default();
    let field_class = if error.is_some() {
        "field invalid"
    } else {
        "field"
    };
    let choice = if candidate.class == MatchClass::Match {
        // Certainty is not disputable here (`domain::review::admissible`): the verdict is
        // fixed and sent along, and the page says why and what to do instead.
        format!(
            "<div class=\"{field_class}\">\n{error_html}<p class=\"fixed\" id=\"{anchor}\" \
             tabindex=\"-1\"><strong>{fixed}</strong> {why}</p>\n\
             <input type=\"hidden\" name=\"verdict.{id}\" value=\"same_child\">\n</div>\n",
            fixed = escape(tr(
                lang,
                "Festgelegt: dasselbe Kind.",
                "Fixed: the same child.",
            )),
            why = escape(tr(
                lang,
                "Ein sicher übereinstimmender Eintrag kann nicht als anderes Kind beurteilt \
                 werden. Ist er falsch, berichtigen oder heben Sie ihn im Register auf.",
                "A certainly matching entry cannot be judged another child. If it is wrong, \
                 correct or cancel it in the register.",
            )),
            id = escape(&entry.id),
        )
    } else {
        verdict_choice(
            &anchor,
            &format!("verdict.{}", entry.id),
            chosen,
            &ChoiceTexts {
                legend: &match lang {
                    Lang::De => format!("Betrifft Eintrag {} das Kind der Anfrage?", index + 1),
                    Lang::En => {
                        format!("Does entry {} concern the child asked about?", index + 1)
                    }
                },
                hint: tr(
                    lang,
                    "Pflichtangabe. „Dasselbe Kind“ heißt: Der Eintrag zählt für die Antwort.",
                    "Required. “The same child” means: the entry counts for the answer.",
                ),
                same: tr(lang, "Ja, dasselbe Kind", "Yes, the same child"),
                not: tr(
                    lang,
                    "Nein, nicht dasselbe Kind (z. B. Zwilling oder Geschwisterkind)",
                    "No, not the same child (e.g. a twin or a sibling)",
                ),
            },
            error.as_deref(),
        )
    };
    let heading = match lang {
        Lang::De => format!(
            "Eintrag {} von {total}: {}",
            index + 1,
            explain::class_name(lang, candidate.class)
        ),
        Lang::En => format!(
            "Entry {} of {total}: {}",
            index + 1,
            explain::class_name(lang, candidate.class)
        ),
    };
    Ok(format!(
        "<section class=\"candidate\" aria-labelledby=\"{anchor}-title\">\n\
         <h3 id=\"{anchor}-title\">{heading}</h3>\n<p>{meaning}</p>\n\
         <table>\n<caption>{caption}</caption>\n<thead><tr><th scope=\"col\">{field}</th>\
         <th scope=\"col\">{asked}</th><th scope=\"col\">{recorded}</th>\
         <th scope=\"col\">{how}</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n\
         {details}{version_field}\n{choice}</section>\n",
        heading = escape(&heading),
        meaning = escape(explain::class_meaning(lang, candidate.class)),
        caption = escape(tr(
            lang,
            "Anfrage und Eintrag im Vergleich",
            "The query and the entry compared",
        )),
        field = escape(tr(lang, "Angabe", "Field")),
        asked = escape(tr(lang, "Anfrage", "Query")),
        recorded = escape(tr(lang, "Eintrag", "Entry")),
        how = escape(tr(lang, "Abgleich", "Comparison")),
    ))
}

/// A settled case: who decided what, why, and what followed.
async fn settled(
    state: &AppState,
    staff: &Staff,
    lang: Lang,
    view: &CaseView,
    settlement: &Settlement,
) -> Result<String, store::StoreError> {
    let colleagues = state.store().staff_users(Some(&staff.office)).await?;
    let by = words::actor(lang, &colleagues, &settlement.settled_by);
    let outcome = view
        .case
        .outcome
        .as_ref()
        .map(|o| words::outcome(lang, o))
        .unwrap_or_else(|| tr(lang, "Noch offen", "Still open").to_owned());
    let facts = data_list(&[
        (tr(lang, "Entschieden von", "Decided by"), escape(&by)),
        (
            tr(lang, "Entschieden am", "Decided on"),
            escape(&words::moment(lang, settlement.settled_at)),
        ),
        (
            tr(lang, "Stand des Registers", "Register as of"),
            escape(&words::moment(lang, settlement.register_as_of)),
        ),
        (
            tr(lang, "Antwort des Registers", "The register's answer"),
            escape(&words::answer(lang, &settlement.answer)),
        ),
        (
            if view.case.received {
                tr(
                    lang,
                    "Ergebnis beim anfragenden Jugendamt",
                    "Outcome at the asking office",
                )
            } else {
                tr(lang, "Ergebnis des Antrags", "Outcome of the application")
            },
            escape(&outcome),
        ),
        (
            tr(lang, "Begründung", "Reason"),
            escape(&settlement.note).replace('\n', "<br>"),
        ),
    ]);
    let verdicts = if settlement.verdicts.is_empty() && !settlement.prenatal_verdicts.is_empty() {
        String::new()
    } else if settlement.verdicts.is_empty() {
        format!(
            "<p>{}</p>\n",
            escape(tr(
                lang,
                "Es war kein Eintrag zu beurteilen.",
                "There was no entry to judge.",
            ))
        )
    } else {
        let rows: String = settlement
            .verdicts
            .iter()
            .map(|v| {
                let entry = match trail::href(&v.entry_id, lang) {
                    Some(href) => {
                        format!("<a href=\"{}\">{}</a>", escape(&href), escape(&v.entry_id))
                    }
                    None => escape(&v.entry_id),
                };
                format!(
                    "<tr><td>{entry}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                    v.entry_version,
                    escape(explain::class_name(lang, v.class)),
                    escape(words::verdict(lang, v.verdict)),
                )
            })
            .collect();
        format!(
            "<table>\n<caption>{caption}</caption>\n<thead><tr><th scope=\"col\">{entry}</th>\
             <th scope=\"col\">{version}</th><th scope=\"col\">{class}</th>\
             <th scope=\"col\">{verdict}</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n",
            caption = escape(tr(lang, "Beurteilte Einträge", "Judged entries")),
            entry = escape(tr(lang, "Eintrag (Protokoll)", "Entry (audit trail)")),
            version = escape(tr(lang, "Version", "Version")),
            class = escape(tr(lang, "Abgleich", "Matcher")),
            verdict = escape(tr(lang, "Entscheidung", "Verdict")),
        )
    };
    Ok(format!(
        "<h2>{title}</h2>\n{facts}{verdicts}{prenatal}",
        title = escape(tr(lang, "Entscheidung", "Decision")),
        prenatal = prenatal::settled(lang, &settlement.prenatal_verdicts),
    ))
}

/// The texts of a "same child?" choice (plain text).
pub(super) struct ChoiceTexts<'a> {
    pub legend: &'a str,
    pub hint: &'a str,
    pub same: &'a str,
    pub not: &'a str,
}

/// A required choice between "the same child" and "not the same child" for form field `name`,
/// its first radio `anchor` (the target of the error summary's link), with `error` beside it.
pub(super) fn verdict_choice(
    anchor: &str,
    name: &str,
    chosen: Option<Verdict>,
    texts: &ChoiceTexts<'_>,
    error: Option<&str>,
) -> String {
    let checked = |verdict: Verdict| {
        if chosen == Some(verdict) {
            " checked"
        } else {
            ""
        }
    };
    let (field_class, described, error_html) = match error {
        Some(message) => (
            "field invalid",
            format!("{anchor}-hint {anchor}-error"),
            format!(
                "<p class=\"error\" id=\"{anchor}-error\">{}</p>\n",
                escape(message)
            ),
        ),
        None => ("field", format!("{anchor}-hint"), String::new()),
    };
    format!(
        "<div class=\"{field_class}\">\n<fieldset aria-describedby=\"{described}\">\n\
         <legend>{legend}</legend>\n<p class=\"hint\" id=\"{anchor}-hint\">{hint}</p>\n\
         {error_html}<div class=\"choice\"><input type=\"radio\" id=\"{anchor}\" \
         name=\"{name}\" value=\"same_child\" required{same}> \
         <label for=\"{anchor}\">{same_text}</label></div>\n\
         <div class=\"choice\"><input type=\"radio\" id=\"{anchor}-nicht\" \
         name=\"{name}\" value=\"not_same_child\"{not}> \
         <label for=\"{anchor}-nicht\">{not_text}</label></div>\n</fieldset>\n</div>\n",
        legend = escape(texts.legend),
        hint = escape(texts.hint),
        name = escape(name),
        same = checked(Verdict::SameChild),
        not = checked(Verdict::NotSameChild),
        same_text = escape(texts.same),
        not_text = escape(texts.not),
    )
}

/// A `<dl class="data">` of labels (plain text) and values (markup, already escaped).
pub(super) fn data_list(items: &[(&str, String)]) -> String {
    let items: String = items
        .iter()
        .map(|(label, value)| format!("<dt>{}</dt><dd>{value}</dd>\n", escape(label)))
        .collect();
    format!("<dl class=\"data\">\n{items}</dl>\n")
}
