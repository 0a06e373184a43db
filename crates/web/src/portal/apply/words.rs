//! How the applicant's pages say dates, moments, places and the state of an application, in
//! the page's language. Dates and the names of the parts of custody are the certificate's own
//! words, so that the page and the PDF agree. Plain text: callers escape.

use certificate::pdf::{
    english_date, english_moment, english_part_name, german_date, german_moment, german_part_name,
};
use domain::application::{BirthPlace, ChildIdentity};
use domain::decision::Outcome;
use domain::register::CustodyPart;
use store::applications::{ApplicationRecord, Status};

use super::super::messages::{Locale, Msg, id, t, t_args};
use crate::AppState;
use crate::i18n::Lang;

/// `04.05.2020` / `4 May 2020`.
pub(super) fn date(locale: Locale, date: time::Date) -> String {
    match locale.lang() {
        Lang::De => german_date(date),
        Lang::En => english_date(date),
    }
}

/// A moment as a clock in Germany shows it, with the zone named.
pub(super) fn moment(locale: Locale, at: time::OffsetDateTime) -> String {
    match locale.lang() {
        Lang::De => german_moment(at),
        Lang::En => english_moment(at),
    }
}

/// A part of custody, as the certificate names it.
pub(super) fn part(locale: Locale, part: CustodyPart) -> &'static str {
    match locale.lang() {
        Lang::De => german_part_name(part),
        Lang::En => english_part_name(part),
    }
}

/// The child's name: given names and the name at birth registration.
pub(super) fn child_name(child: &ChildIdentity) -> String {
    format!("{} {}", child.given_names, child.family_name_at_birth)
}

/// A birthplace: the municipality's name, or the place abroad with its country code.
pub(super) async fn birth_place(
    state: &AppState,
    locale: Locale,
    place: &BirthPlace,
) -> Result<String, store::StoreError> {
    Ok(match place {
        BirthPlace::Municipality(ags) => state
            .store()
            .municipality_name(*ags)
            .await?
            .unwrap_or_else(|| ags.to_string()),
        BirthPlace::Abroad { country, place } => t_args(
            locale,
            id::APPLY_REVIEW_ABROAD,
            &[
                ("place", place.as_str().into()),
                ("country", country.as_str().into()),
            ],
        ),
    })
}

/// Where an application stands, in a few words (for the list of her applications).
pub(super) fn state(locale: Locale, record: &ApplicationRecord) -> String {
    let msg: Msg = match (&record.outcome, record.status) {
        (Some(Outcome::NegativeCertificate), _) => id::APPLY_STATE_NEGATIVE,
        (Some(Outcome::PartialCertificate { .. }), _) => id::APPLY_STATE_PARTIAL,
        (Some(Outcome::NoCertificate), _) => id::APPLY_STATE_NO,
        (Some(Outcome::NotEligible { .. }), _) => id::APPLY_STATE_NOT_ELIGIBLE,
        (None, Status::InReview) => id::APPLY_STATE_REVIEW,
        (None, _) => id::APPLY_STATE_WAITING,
    };
    t(locale, msg)
}
