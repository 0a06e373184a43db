//! The place chooser: a municipality chosen by name or postal code, without JavaScript.
//!
//! She types a name or a postal code into one text input. On submission [`resolve`] looks it
//! up: five digits as a postal code, anything else as the start of a name. One hit is chosen;
//! several are shown as a radio list with their postal codes and responsible Jugendamt (so
//! that two "Neustadt"s can be told apart), and the form comes back with all other values kept
//! until she picks one; none is a field error. The search itself is the store's
//! ([`store::places`]).
//!
//! A chooser has a field-name prefix, so a form may hold several: prefix `wohnort` has the
//! text input `wohnort-text` and the choice `wohnort-ags`.

use domain::{Ags, PostalCode};
use store::places::Place;
use store::{Store, StoreError};

use super::forms::{Choice, FieldErrors, FormData, RadioGroup, TextField};
use super::frame::escape;
use super::messages::{Locale, Msg, id, t, t_args};

/// The longest input accepted, in characters.
pub const MAX_INPUT_CHARS: usize = 100;
/// The most places a name search offers.
pub const NAME_LIMIT: u32 = 20;
/// Postal codes shown per place in the list (large cities have dozens).
const SHOWN_CODES: usize = 6;

/// What an entered place came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// Exactly one municipality.
    Chosen(Place),
    /// Several: she has to pick one.
    Choose(Vec<Place>),
    /// Nothing to look up, or nothing found: the message for the text input.
    Problem(Msg),
}

/// Looks up `raw_text` (a name or a postal code), honouring `chosen_ags` when it is one of the
/// hits (her pick from an earlier list).
pub async fn resolve(
    store: &Store,
    raw_text: &str,
    chosen_ags: Option<&str>,
) -> Result<Resolved, StoreError> {
    let text = raw_text.trim();
    if text.is_empty() {
        return Ok(Resolved::Problem(id::PLACE_ERROR_EMPTY));
    }
    if text.chars().count() > MAX_INPUT_CHARS {
        return Ok(Resolved::Problem(id::PLACE_ERROR_TOO_LONG));
    }
    let by_code = text.len() == 5 && text.bytes().all(|b| b.is_ascii_digit());
    let places = if by_code {
        match PostalCode::parse(text) {
            Ok(code) => store.places_by_postal_code(&code).await?,
            Err(_) => Vec::new(),
        }
    } else {
        store.places_by_name(text, NAME_LIMIT).await?
    };
    Ok(pick(places, text, chosen_ags, by_code))
}

/// The decision of [`resolve`] once the hits are known.
fn pick(mut places: Vec<Place>, text: &str, chosen_ags: Option<&str>, by_code: bool) -> Resolved {
    let chosen = chosen_ags.and_then(|raw| Ags::parse(raw.trim()).ok());
    if let Some(ags) = chosen
        && let Some(index) = places.iter().position(|p| p.ags == ags)
    {
        return Resolved::Chosen(places.swap_remove(index));
    }
    if !by_code {
        // The whole name typed out ("Bremen" beside "Bremerhaven") decides when only one
        // place bears it; two "Neustadt"s still have to be told apart.
        let key = domain::matching::normal::fold(text);
        let exact: Vec<usize> = places
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                short_key(&p.name) == key || domain::matching::normal::fold(&p.name) == key
            })
            .map(|(i, _)| i)
            .collect();
        if let [only] = exact.as_slice() {
            return Resolved::Chosen(places.swap_remove(*only));
        }
    }
    match places.len() {
        0 => Resolved::Problem(id::PLACE_ERROR_NOT_FOUND),
        1 => places.pop().map_or(
            Resolved::Problem(id::PLACE_ERROR_NOT_FOUND),
            Resolved::Chosen,
        ),
        _ => Resolved::Choose(places),
    }
}

/// The folded name before its comma: "Cuxhaven, Stadt" → "cuxhaven".
fn short_key(name: &str) -> String {
    domain::matching::normal::fold(name.split(',').next().unwrap_or(name))
}

/// One chooser on a form.
pub struct PlaceChooser<'a> {
    /// The field-name prefix.
    pub prefix: &'a str,
    /// The text input's label, e.g. "Wo wohnen Sie? Gemeinde oder Postleitzahl".
    pub label: &'a str,
    /// Its hint; `None` for the standard one ("Zum Beispiel Bremen oder 28195.").
    pub hint: Option<&'a str>,
}

/// What was entered into a chooser.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlaceInput {
    /// The text, cut to a bound (more than [`MAX_INPUT_CHARS`], so too long is still noticed).
    pub text: String,
    /// The place picked from a list, if any.
    pub chosen: Option<String>,
}

impl PlaceChooser<'_> {
    /// The text input's id and name.
    pub fn text_field(&self) -> String {
        format!("{}-text", self.prefix)
    }

    /// The choice's id and name.
    pub fn choice_field(&self) -> String {
        format!("{}-ags", self.prefix)
    }

    /// This chooser's values in a posted form.
    pub fn read(&self, form: &FormData) -> PlaceInput {
        PlaceInput {
            text: form
                .get(&self.text_field())
                .chars()
                .take(MAX_INPUT_CHARS + 1)
                .collect(),
            chosen: form
                .given(&self.choice_field())
                .map(|s| s.chars().take(8).collect()),
        }
    }

    /// Looks the input up ([`resolve`]).
    pub async fn resolve(&self, store: &Store, input: &PlaceInput) -> Result<Resolved, StoreError> {
        resolve(store, &input.text, input.chosen.as_deref()).await
    }

    /// Records at the form's fields what keeps the form from being complete: a problem at the
    /// text input, or a list still to pick from.
    pub fn record(&self, locale: Locale, resolved: &Resolved, errors: &mut FieldErrors) {
        match resolved {
            Resolved::Chosen(_) => {}
            Resolved::Choose(_) => {
                errors.add(&self.choice_field(), t(locale, id::PLACE_ERROR_CHOOSE))
            }
            Resolved::Problem(msg) => errors.add(&self.text_field(), t(locale, *msg)),
        }
    }

    /// The chooser as markup: the text input with `input`'s text, and, after a resolution,
    /// the list to pick from or the place chosen (kept in a hidden field).
    pub fn render(
        &self,
        locale: Locale,
        input: &PlaceInput,
        resolved: Option<&Resolved>,
        errors: &FieldErrors,
    ) -> String {
        let default_hint = t(locale, id::PLACE_HINT);
        let text_id = self.text_field();
        let choice_id = self.choice_field();
        let mut out = TextField {
            id: &text_id,
            label: self.label,
            hint: Some(self.hint.unwrap_or(&default_hint)),
            value: &input.text,
            attributes: " maxlength=\"100\" autocomplete=\"off\" spellcheck=\"false\"",
        }
        .render(errors);
        match resolved {
            Some(Resolved::Choose(places)) => {
                let choices: Vec<Choice<'_>> = places
                    .iter()
                    .map(|place| Choice {
                        value: place.ags.as_str(),
                        label: place.name.clone(),
                        detail: Some(details(locale, place)),
                    })
                    .collect();
                out.push_str(
                    &RadioGroup {
                        id: &choice_id,
                        legend: &t(locale, id::PLACE_CHOOSE_LEGEND),
                        hint: Some(&t(locale, id::PLACE_CHOOSE_HINT)),
                        choices: &choices,
                        chosen: input.chosen.as_deref(),
                    }
                    .render(errors),
                );
            }
            Some(Resolved::Chosen(place)) => {
                out.push_str(&format!(
                    "<p class=\"notice\" role=\"status\">{}</p>\n\
                     <input type=\"hidden\" name=\"{}\" value=\"{}\">\n",
                    escape(&chosen_text(locale, place)),
                    escape(&choice_id),
                    escape(place.ags.as_str()),
                ));
            }
            Some(Resolved::Problem(_)) | None => {}
        }
        out
    }
}

/// "Gewählt: Bremen, Stadt (Jugendamt Bremen)".
pub fn chosen_text(locale: Locale, place: &Place) -> String {
    t_args(
        locale,
        id::PLACE_CHOSEN,
        &[
            ("place", place.name.as_str().into()),
            ("office", place.office.name.as_str().into()),
        ],
    )
}

/// The line under a place in the list: its postal codes and its Jugendamt.
fn details(locale: Locale, place: &Place) -> String {
    let mut codes: Vec<&str> = place
        .postal_codes
        .iter()
        .take(SHOWN_CODES)
        .map(PostalCode::as_str)
        .collect();
    if place.postal_codes.len() > SHOWN_CODES {
        codes.push("…");
    }
    let office = t_args(
        locale,
        id::PLACE_OFFICE,
        &[("office", place.office.name.as_str().into())],
    );
    if codes.is_empty() {
        office
    } else {
        let codes = t_args(
            locale,
            id::PLACE_POSTAL_CODES,
            &[("codes", codes.join(", ").into())],
        );
        format!("{codes} · {office}")
    }
}

#[cfg(test)]
mod tests {
    use domain::OfficeId;
    use store::directory::OfficeRecord;

    use super::*;

    fn place(ags: &str, name: &str, office: &str) -> Place {
        Place {
            ags: Ags::parse(ags).unwrap(),
            name: name.into(),
            postal_codes: vec![PostalCode::parse("27568").unwrap()],
            office: OfficeRecord {
                id: OfficeId::parse(&format!("ja-{}", &ags[..5])).unwrap(),
                name: office.into(),
                abroad_register: false,
            },
        }
    }

    fn bremen() -> Place {
        place("04011000", "Bremen, Stadt", "Jugendamt Bremen")
    }

    fn bremerhaven() -> Place {
        place("04012000", "Bremerhaven, Stadt", "Jugendamt Bremerhaven")
    }

    #[test]
    fn one_hit_is_chosen_several_are_offered_none_is_a_problem() {
        assert_eq!(
            pick(vec![bremen()], "brem", None, false),
            Resolved::Chosen(bremen())
        );
        assert_eq!(
            pick(vec![bremen(), bremerhaven()], "27568", None, true),
            Resolved::Choose(vec![bremen(), bremerhaven()])
        );
        assert_eq!(
            pick(Vec::new(), "Atlantis", None, false),
            Resolved::Problem(id::PLACE_ERROR_NOT_FOUND)
        );
    }

    #[test]
    fn her_pick_decides_when_it_is_among_the_hits() {
        assert_eq!(
            pick(
                vec![bremen(), bremerhaven()],
                "27568",
                Some("04012000"),
                true
            ),
            Resolved::Chosen(bremerhaven())
        );
        // A pick from an earlier list that the new text no longer finds counts for nothing.
        assert_eq!(
            pick(
                vec![bremen(), bremerhaven()],
                "27568",
                Some("03352011"),
                true
            ),
            Resolved::Choose(vec![bremen(), bremerhaven()])
        );
        assert_eq!(
            pick(vec![bremen(), bremerhaven()], "27568", Some("junk"), true),
            Resolved::Choose(vec![bremen(), bremerhaven()])
        );
    }

    #[test]
    fn a_whole_name_decides_unless_two_places_bear_it() {
        assert_eq!(
            pick(vec![bremen(), bremerhaven()], "bremen", None, false),
            Resolved::Chosen(bremen())
        );
        let neustadt_a = place("07337063", "Neustadt an der Weinstraße", "Jugendamt A");
        let neustadt_b = place("09575153", "Neustadt, Stadt", "Jugendamt B");
        let neustadt_c = place("03252001", "Neustadt, Stadt", "Jugendamt C");
        assert!(matches!(
            pick(vec![neustadt_a, neustadt_b, neustadt_c], "Neustadt", None, false),
            Resolved::Choose(list) if list.len() == 3
        ));
    }

    #[test]
    fn the_list_tells_places_apart_and_keeps_other_choosers_apart() {
        let chooser = PlaceChooser {
            prefix: "geburtsort",
            label: "Geburtsort",
            hint: None,
        };
        let input = PlaceInput {
            text: "27568".into(),
            chosen: None,
        };
        let resolved = Resolved::Choose(vec![bremen(), bremerhaven()]);
        let mut errors = FieldErrors::default();
        chooser.record(Locale::De, &resolved, &mut errors);
        let html = chooser.render(Locale::De, &input, Some(&resolved), &errors);
        assert!(
            html.contains("name=\"geburtsort-text\" value=\"27568\""),
            "{html}"
        );
        assert!(html.contains("id=\"geburtsort-ags\" name=\"geburtsort-ags\" value=\"04011000\""));
        assert!(html.contains("Zuständig: Jugendamt Bremerhaven"));
        assert!(html.contains("Postleitzahlen: 27568"));
        assert!(
            errors
                .summary(Locale::De)
                .contains("href=\"#geburtsort-ags\"")
        );

        let form =
            FormData::parse(b"wohnort-text=Bremen&geburtsort-text=Cuxhaven&wohnort-ags=04011000");
        let wohnort = PlaceChooser {
            prefix: "wohnort",
            label: "Wohnort",
            hint: None,
        };
        assert_eq!(
            wohnort.read(&form),
            PlaceInput {
                text: "Bremen".into(),
                chosen: Some("04011000".into())
            }
        );
        assert_eq!(chooser.read(&form).chosen, None);
    }
}
