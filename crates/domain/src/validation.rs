//! Field-level validation problems, collected so that every bad field is reported at once.
//!
//! The problems are codes with parameters, not sentences: the web edge turns them into German or
//! English text. Paths use dots and indices as the JSON API names them (`child.birth_date`).

use serde::Serialize;

/// What is wrong with one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Problem {
    Missing,
    TooLong {
        max: usize,
    },
    Empty,
    InvalidCharacters,
    InvalidFormat {
        expected: &'static str,
    },
    InvalidDate,
    InFuture,
    Implausible,
    UnknownMunicipality,
    PostalCodeNotInMunicipality,
    UnknownCountry,
    CountryIsGermany,
    /// The value contradicts a rule (of law or of the API) that involves other fields too.
    NotAllowed {
        rule: Rule,
    },
    OneOf {
        allowed: &'static [&'static str],
    },
}

/// Rules that relate several fields; each has its own message at the edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Sorgeerklärungen and Art. 224 replacements always cover custody as a whole.
    WholeCustodyOnly,
    /// A court decision is notified by the court or a Jugendamt, not a notary.
    CourtOrJugendamtSource,
    /// Replacements under Art. 224 § 2 Abs. 3 EGBGB predate 19 May 2013.
    Art224BeforeReform,
    /// `parts` go with a partial scope only.
    PartsOnlyWhenPartial,
    /// A birthplace is a municipality or abroad, not both, not neither.
    EitherMunicipalityOrAbroad,
    /// The mother was born before her child.
    MotherOlderThanChild,
    /// A court decision about a child takes effect after its birth.
    DecisionAfterBirth,
    /// Declarations and joint custody name both parents.
    BothParentsNamed,
    /// A correction cannot move an entry to another register office's register.
    SameRegisterOffice,
    /// A child of declarations made before the birth is born in the span a pregnancy lasts
    /// after them (see [`crate::prenatal`]).
    BirthWithinPregnancy,
}

/// A problem at a path of the request body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(field: impl Into<String>, problem: Problem) -> Self {
        FieldError {
            field: field.into(),
            problem,
        }
    }
}

/// Collects field errors while a request is parsed, and the parsed values that succeeded.
#[derive(Debug, Default)]
pub struct Errors(Vec<FieldError>);

impl Errors {
    pub fn push(&mut self, field: impl Into<String>, problem: Problem) {
        self.0.push(FieldError::new(field, problem));
    }

    /// Records the outcome of a parse: the value on success, the problem under `field` otherwise.
    pub fn take<T>(&mut self, field: &str, result: Result<T, Problem>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(problem) => {
                self.push(field, problem);
                None
            }
        }
    }

    /// Like [`Errors::take`] for a field that must be present.
    pub fn required<R, T>(
        &mut self,
        field: &str,
        raw: Option<R>,
        parse: impl FnOnce(R) -> Result<T, Problem>,
    ) -> Option<T> {
        match raw {
            Some(raw) => self.take(field, parse(raw)),
            None => {
                self.push(field, Problem::Missing);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_vec(self) -> Vec<FieldError> {
        self.0
    }

    /// `Ok(value)` when no error was collected, else all errors.
    pub fn finish<T>(self, value: Option<T>) -> Result<T, Vec<FieldError>> {
        if !self.0.is_empty() {
            return Err(self.0);
        }
        // A parser that produced no value must have recorded why; guard anyway.
        value.ok_or_else(|| vec![FieldError::new("", Problem::Missing)])
    }
}

/// Checks a free-text field: trimmed, non-empty, at most `max` characters, no control characters.
pub fn bounded_text(raw: &str, max: usize) -> Result<String, Problem> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(Problem::Empty);
    }
    if text.chars().count() > max {
        return Err(Problem::TooLong { max });
    }
    if text.chars().any(char::is_control) {
        return Err(Problem::InvalidCharacters);
    }
    Ok(text.to_owned())
}
