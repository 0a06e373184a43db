//! The matcher's reasons in words staff can check against the documents: for each field,
//! whether the query and the entry agree and how (`domain::matching::Explanation`), the class of
//! a candidate and what it means for the decision. One vocabulary for the register search and
//! the review case pages.
//!
//! The words follow the matcher's own categories (`domain::matching`) one to one, so that a
//! person sees exactly what the automatic answer rested on.

use domain::matching::dates::DateAgreement;
use domain::matching::{MatchClass, NameAgreement, PlaceAgreement};

use crate::i18n::Lang;
use crate::pages::html::tr;

/// How a pair of dates of birth compares.
pub(super) fn date(lang: Lang, agreement: DateAgreement) -> &'static str {
    match agreement {
        DateAgreement::Exact => tr(lang, "Gleich", "The same"),
        DateAgreement::DayMonthSwapped => tr(
            lang,
            "Tag und Monat vertauscht – eine Abweichung",
            "Day and month swapped – one slip",
        ),
        DateAgreement::OneDigit => tr(
            lang,
            "Eine Ziffer anders – eine Abweichung",
            "One digit differs – one slip",
        ),
        DateAgreement::DigitsSwapped => tr(
            lang,
            "Zwei benachbarte Ziffern vertauscht – eine Abweichung",
            "Two neighbouring digits swapped – one slip",
        ),
        DateAgreement::Different => tr(lang, "Verschieden", "Different"),
    }
}

/// How a pair of names (family names, or given names) compares.
pub(super) fn name(lang: Lang, agreement: NameAgreement) -> &'static str {
    match agreement {
        NameAgreement::Exact => tr(
            lang,
            "Gleich (Groß- und Kleinschreibung, Umlaute, Akzente und Bindestriche nicht \
             berücksichtigt)",
            "The same (ignoring case, umlauts, accents and hyphens)",
        ),
        NameAgreement::Reordered => tr(
            lang,
            "Dieselben Namen in anderer Reihenfolge, zusammen- oder getrennt geschrieben oder \
             ohne Namenszusatz (von, van, de)",
            "The same names in another order, written together or apart, or without a \
             particle (von, van, de)",
        ),
        NameAgreement::Subset => tr(
            lang,
            "Ein Name fehlt oder ist hinzugekommen (z. B. ein zweiter Vorname oder ein Teil \
             eines Doppelnamens)",
            "A name is missing or added (e.g. a second given name or one part of a double \
             name)",
        ),
        NameAgreement::Spelling => tr(
            lang,
            "Andere Schreibweise: Umlaut als einfacher Vokal oder eine andere Umschrift \
             (z. B. Serhii / Sergei)",
            "Another spelling: an umlaut as a plain vowel, or another transliteration \
             (e.g. Serhii / Sergei)",
        ),
        NameAgreement::Sound => tr(
            lang,
            "Klingt gleich (Kölner Phonetik), anders geschrieben – eine Abweichung",
            "Sounds the same (Kölner Phonetik), written differently – one slip",
        ),
        NameAgreement::Overlap => tr(
            lang,
            "Teilweise gleich: ein Name stimmt überein, ein anderer nicht – eine Abweichung",
            "Partly the same: one name agrees, another does not – one slip",
        ),
        NameAgreement::Typo => tr(
            lang,
            "Ein Tippfehler Unterschied – eine Abweichung",
            "A typo apart – one slip",
        ),
        NameAgreement::Different => tr(lang, "Verschieden", "Different"),
    }
}

/// How a pair of places of birth compares.
pub(super) fn place(lang: Lang, agreement: PlaceAgreement) -> &'static str {
    match agreement {
        PlaceAgreement::Same => tr(lang, "Gleich", "The same"),
        PlaceAgreement::SameCountry => tr(
            lang,
            "Beide im selben Land im Ausland, der Ort anders geschrieben (z. B. Wien / Vienna)",
            "Both abroad in the same country, the place spelt differently (e.g. Wien / Vienna)",
        ),
        PlaceAgreement::Different => tr(
            lang,
            "Verschieden – eine Abweichung",
            "Different – one slip",
        ),
    }
}

/// The class of a candidate in a few words, for headings and lists.
pub(super) fn class_name(lang: Lang, class: MatchClass) -> &'static str {
    match class {
        MatchClass::Match => tr(lang, "Gleiches Kind", "Same child"),
        MatchClass::Possible => tr(
            lang,
            "Möglicherweise dasselbe Kind",
            "Possibly the same child",
        ),
        MatchClass::None => tr(lang, "Anderes Kind", "Another child"),
    }
}

/// What the class means for the reviewer.
pub(super) fn class_meaning(lang: Lang, class: MatchClass) -> &'static str {
    match class {
        MatchClass::Match => tr(
            lang,
            "Vornamen, Familienname, Geburtsdatum und Geburtsort stimmen mit der Anfrage \
             überein. Dieser Eintrag betrifft das Kind der Anfrage und zählt in jedem Fall; er \
             kann hier nicht als anderes Kind beurteilt werden. Betrifft er tatsächlich ein \
             anderes Kind, muss der Eintrag im Register berichtigt oder aufgehoben werden \
             (Vier-Augen-Prinzip); danach gilt er bei einer erneuten Prüfung nicht mehr als \
             sicher.",
            "Given names, family name, date and place of birth agree with the query. This \
             entry concerns the child asked about and counts in any case; it cannot be judged \
             another child here. If it really concerns another child, the register entry must \
             be corrected or cancelled (under four eyes); a new review then no longer sees it \
             as certain.",
        ),
        MatchClass::Possible => tr(
            lang,
            "Der Eintrag weicht höchstens in einem Punkt so ab, wie es bei Personenstandsdaten \
             vorkommt (Schreibweise, Tippfehler, Zahlendreher) – oder es ist ein anderes Kind, \
             etwa ein Zwilling oder ein Geschwisterkind. Bitte prüfen Sie anhand Ihrer \
             Unterlagen (z. B. der Mitteilung oder des Geburtenregisters), ob er das Kind der \
             Anfrage betrifft.",
            "The entry differs in at most one point in a way civil-status data do (spelling, a \
             typo, swapped digits) – or it is another child, such as a twin or a sibling. \
             Please check against your records (e.g. the notification or the birth register) \
             whether it concerns the child asked about.",
        ),
        MatchClass::None => tr(
            lang,
            "Der Eintrag betrifft ein anderes Kind.",
            "The entry concerns another child.",
        ),
    }
}
