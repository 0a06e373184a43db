//! The application form's fields as she filled them in: read from a posted form, written
//! back as hidden fields (the page to check the data carries them to the next step), and
//! prefilled from her citizen account.
//!
//! Values stay text here, cut to a bound a little above what any rule allows (so that "too
//! long" is still noticed and reported, but nothing unbounded is kept).

use domain::application::{MAX_PLACE_CHARS, MAX_STREET_CHARS};
use domain::names::MAX_NAME_CHARS;

use super::super::date::DateParts;
use super::super::forms::FormData;
use super::super::place::{PlaceChooser, PlaceInput};
use super::hidden;

pub(super) const STREET: &str = "strasse";
pub(super) const POSTAL_CODE: &str = "plz";
/// The place chooser of her residence (`wohnort-text`, `wohnort-ags`).
pub(super) const HOME: &str = "wohnort";
/// Her own date of birth, asked only when her account does not give it.
pub(super) const OWN_BIRTH: &str = "ihr-geburtsdatum";
pub(super) const CHILD_GIVEN: &str = "kind-vornamen";
pub(super) const CHILD_FAMILY: &str = "kind-familienname";
pub(super) const CHILD_BIRTH: &str = "kind-geburtsdatum";
/// Born in Germany or abroad.
pub(super) const BORN: &str = "geboren";
/// The place chooser of the child's birthplace in Germany.
pub(super) const BIRTH_PLACE: &str = "geburtsort";
pub(super) const COUNTRY: &str = "staat";
pub(super) const ABROAD_PLACE: &str = "auslandsort";
pub(super) const DECLARED: &str = "erklaerung";
/// The value of the checked declaration.
pub(super) const CONFIRMED: &str = "ja";

/// Where the child was born.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Born {
    Germany,
    Abroad,
}

impl Born {
    pub(super) fn value(self) -> &'static str {
        match self {
            Born::Germany => "inland",
            Born::Abroad => "ausland",
        }
    }

    fn parse(raw: &str) -> Option<Born> {
        [Born::Germany, Born::Abroad]
            .into_iter()
            .find(|b| b.value() == raw)
    }
}

/// The form's values as entered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Entered {
    /// Her date of birth; `None` when her account gives it (then it is not on the form).
    pub own_birth: Option<DateParts>,
    pub street: String,
    pub postal_code: String,
    pub home: PlaceInput,
    pub child_given: String,
    pub child_family: String,
    pub child_birth: DateParts,
    pub born: Option<Born>,
    pub birth_place: PlaceInput,
    pub country: String,
    pub abroad_place: String,
    pub declared: bool,
}

/// A chooser with only its prefix: enough to read and write its fields.
pub(super) fn chooser(prefix: &str) -> PlaceChooser<'_> {
    PlaceChooser {
        prefix,
        label: "",
        hint: None,
    }
}

/// At most `max` characters and one more (to notice "too long").
fn bounded(raw: &str, max: usize) -> String {
    raw.chars().take(max + 1).collect()
}

impl Entered {
    /// The values of a posted form; `own_birth_asked` says whether the form asks for her date
    /// of birth (her account lacks it).
    pub(super) fn read(form: &FormData, own_birth_asked: bool) -> Entered {
        let mut entered = Entered::read_as_posted(form, own_birth_asked);
        entered.born = entered.born.or_else(|| entered.born_from_fields());
        entered
    }

    /// Where the child was born when she did not say it but filled in only one of the two
    /// kinds of birthplace: one click less on the usual way, and nothing guessed when both or
    /// neither are filled.
    fn born_from_fields(&self) -> Option<Born> {
        let filled = |text: &str| !text.trim().is_empty();
        let in_germany = filled(&self.birth_place.text) || self.birth_place.chosen.is_some();
        let abroad = filled(&self.country) || filled(&self.abroad_place);
        match (in_germany, abroad) {
            (true, false) => Some(Born::Germany),
            (false, true) => Some(Born::Abroad),
            _ => None,
        }
    }

    fn read_as_posted(form: &FormData, own_birth_asked: bool) -> Entered {
        Entered {
            own_birth: own_birth_asked.then(|| DateParts::from_form(form, OWN_BIRTH)),
            street: bounded(form.get(STREET), MAX_STREET_CHARS),
            postal_code: bounded(form.get(POSTAL_CODE), 10),
            home: chooser(HOME).read(form),
            child_given: bounded(form.get(CHILD_GIVEN), MAX_NAME_CHARS),
            child_family: bounded(form.get(CHILD_FAMILY), MAX_NAME_CHARS),
            child_birth: DateParts::from_form(form, CHILD_BIRTH),
            born: Born::parse(form.get(BORN)),
            birth_place: chooser(BIRTH_PLACE).read(form),
            country: bounded(form.get(COUNTRY), 4),
            abroad_place: bounded(form.get(ABROAD_PLACE), MAX_PLACE_CHARS),
            declared: form.get(DECLARED) == CONFIRMED,
        }
    }

    /// Every value as hidden fields, to be read again by [`Entered::read`].
    pub(super) fn hidden_fields(&self) -> String {
        let mut out = String::new();
        let date = |out: &mut String, group: &str, parts: &DateParts| {
            for (part, value) in [
                ("day", &parts.day),
                ("month", &parts.month),
                ("year", &parts.year),
            ] {
                out.push_str(&hidden(&format!("{group}-{part}"), value));
            }
        };
        let place = |out: &mut String, prefix: &str, input: &PlaceInput| {
            let chooser = chooser(prefix);
            out.push_str(&hidden(&chooser.text_field(), &input.text));
            if let Some(chosen) = &input.chosen {
                out.push_str(&hidden(&chooser.choice_field(), chosen));
            }
        };
        if let Some(own) = &self.own_birth {
            date(&mut out, OWN_BIRTH, own);
        }
        out.push_str(&hidden(STREET, &self.street));
        out.push_str(&hidden(POSTAL_CODE, &self.postal_code));
        place(&mut out, HOME, &self.home);
        out.push_str(&hidden(CHILD_GIVEN, &self.child_given));
        out.push_str(&hidden(CHILD_FAMILY, &self.child_family));
        date(&mut out, CHILD_BIRTH, &self.child_birth);
        if let Some(born) = self.born {
            out.push_str(&hidden(BORN, born.value()));
        }
        place(&mut out, BIRTH_PLACE, &self.birth_place);
        out.push_str(&hidden(COUNTRY, &self.country));
        out.push_str(&hidden(ABROAD_PLACE, &self.abroad_place));
        if self.declared {
            out.push_str(&hidden(DECLARED, CONFIRMED));
        }
        out
    }

    /// The empty form for a citizen: her address as her account gives it, the place of
    /// residence as her postal code (or else her locality), to be looked up and replaced by the
    /// municipality's name (see `form::show`).
    pub(super) fn prefilled(identity: &oidc::Identity, own_birth_asked: bool) -> Entered {
        let text = identity
            .postal_code
            .as_deref()
            .or(identity.locality.as_deref())
            .unwrap_or("");
        Entered {
            own_birth: own_birth_asked.then(DateParts::default),
            street: bounded(identity.street.as_deref().unwrap_or(""), MAX_STREET_CHARS),
            postal_code: bounded(identity.postal_code.as_deref().unwrap_or(""), 10),
            home: PlaceInput {
                text: bounded(text, super::super::place::MAX_INPUT_CHARS),
                chosen: None,
            },
            ..Entered::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_fields_read_back_as_the_same_values() {
        let entered = Entered {
            own_birth: Some(DateParts {
                day: "17".into(),
                month: "2".into(),
                year: "1993".into(),
            }),
            street: "Am Markt 1 & \"2\"".into(),
            postal_code: "28195".into(),
            home: PlaceInput {
                text: "Bremen".into(),
                chosen: Some("04011000".into()),
            },
            child_given: "Charlotte".into(),
            child_family: "Berger".into(),
            child_birth: DateParts {
                day: "4".into(),
                month: "5".into(),
                year: "2020".into(),
            },
            born: Some(Born::Abroad),
            birth_place: PlaceInput::default(),
            country: "AT".into(),
            abroad_place: "Wien".into(),
            declared: true,
        };
        let html = entered.hidden_fields();
        // What a browser would post: the hidden inputs' names and (unescaped) values.
        let mut pairs = Vec::new();
        for input in html.lines() {
            let attr = |name: &str| {
                let start = input.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                let end = start + input[start..].find('"').unwrap();
                input[start..end]
                    .replace("&quot;", "\"")
                    .replace("&amp;", "&")
            };
            pairs.push((attr("name"), attr("value")));
        }
        let body = serde_urlencoded::to_string(&pairs).unwrap();
        let read = Entered::read(&FormData::parse(body.as_bytes()), true);
        assert_eq!(read, entered);
    }

    #[test]
    fn the_birth_country_follows_from_the_one_kind_of_place_filled_in() {
        let born = |body: &str| Entered::read(&FormData::parse(body.as_bytes()), false).born;
        assert_eq!(born("geburtsort-text=Cuxhaven"), Some(Born::Germany));
        assert_eq!(born("staat=AT&auslandsort=Wien"), Some(Born::Abroad));
        assert_eq!(born("geburtsort-text=Cuxhaven&staat=AT"), None, "both: ask");
        assert_eq!(born("geburtsort-text=+"), None, "nothing: ask");
        assert_eq!(
            born("geboren=ausland&geburtsort-text=Cuxhaven"),
            Some(Born::Abroad),
            "her own choice wins"
        );
    }

    #[test]
    fn values_are_bounded_and_unknown_choices_ignored() {
        let long = "a".repeat(5000);
        let body = format!("strasse={long}&geboren=mond&erklaerung=vielleicht");
        let read = Entered::read(&FormData::parse(body.as_bytes()), false);
        assert_eq!(read.street.chars().count(), MAX_STREET_CHARS + 1);
        assert_eq!(read.born, None);
        assert!(!read.declared);
        assert_eq!(read.own_birth, None);
    }
}
