//! Fonts and lines of text: the embedded Noto Sans faces, their glyphs and advance widths, and
//! greedy word wrapping. krilla has no line breaking and we use no shaping engine, so what is
//! measured here is exactly what is drawn. Knows nothing about the certificate's wording.

use std::ops::Range;

use krilla::text::{Font, GlyphId, KrillaGlyph};
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, MetadataProvider};
use unicode_normalization::UnicodeNormalization;

use super::PdfError;

/// A no-break space: joins words that must stay on one line ("§ 58"); drawn as a normal space.
pub(crate) const NBSP: char = '\u{a0}';

/// One font face, both as krilla embeds it and as we measure it.
pub(crate) struct Face {
    font: Font,
    charmap: skrifa::charmap::Charmap<'static>,
    metrics: GlyphMetrics<'static>,
    units_per_em: f32,
}

impl Face {
    fn load(bytes: &'static [u8], name: &'static str) -> Result<Face, PdfError> {
        let font = Font::new(bytes.into(), 0).ok_or(PdfError::Font(name))?;
        let font_ref = FontRef::new(bytes).map_err(|_| PdfError::Font(name))?;
        let units_per_em = f32::from(
            font_ref
                .metrics(Size::unscaled(), LocationRef::default())
                .units_per_em,
        );
        if units_per_em <= 0.0 {
            return Err(PdfError::Font(name));
        }
        Ok(Face {
            font,
            charmap: font_ref.charmap(),
            metrics: font_ref.glyph_metrics(Size::unscaled(), LocationRef::default()),
            units_per_em,
        })
    }

    pub(crate) fn font(&self) -> Font {
        self.font.clone()
    }

    fn advance(&self, ch: char) -> Result<(GlyphId, f32), PdfError> {
        // A character the font cannot show must never print as an empty box on a legal document.
        let glyph = self.charmap.map(ch).ok_or(PdfError::MissingGlyph(ch))?;
        let advance = self.metrics.advance_width(glyph).unwrap_or(0.0) / self.units_per_em;
        Ok((GlyphId::new(glyph.to_u32()), advance))
    }

    /// The width of `text` at `size`, in points.
    pub(crate) fn width(&self, text: &str, size: f32) -> Result<f32, PdfError> {
        text.nfc()
            .map(|ch| self.advance(draw_char(ch)).map(|(_, advance)| advance))
            .sum::<Result<f32, PdfError>>()
            .map(|em| em * size)
    }

    /// The glyphs for one line, each mapped back to its characters (for text extraction and
    /// PDF/A's Unicode mapping), and the text they stand for (no-break spaces as spaces).
    pub(crate) fn glyphs(&self, text: &str) -> Result<(Vec<KrillaGlyph>, String), PdfError> {
        // Composed characters: we place glyphs without a shaping engine, so a combining accent
        // would not sit on its letter.
        let drawn: String = text.nfc().map(draw_char).collect();
        let mut glyphs = Vec::with_capacity(drawn.len());
        for (start, ch) in drawn.char_indices() {
            let (id, advance) = self.advance(ch)?;
            let range: Range<usize> = start..start + ch.len_utf8();
            glyphs.push(KrillaGlyph::new(id, advance, 0.0, 0.0, 0.0, range, None));
        }
        Ok((glyphs, drawn))
    }
}

fn draw_char(ch: char) -> char {
    if ch == NBSP { ' ' } else { ch }
}

/// The two faces the certificate uses, both from the `notosans` crate (no system fonts).
pub(crate) struct Fonts {
    pub regular: Face,
    pub bold: Face,
}

impl Fonts {
    pub(crate) fn load() -> Result<Fonts, PdfError> {
        Ok(Fonts {
            regular: Face::load(notosans::REGULAR_TTF, "Noto Sans Regular")?,
            bold: Face::load(notosans::BOLD_TTF, "Noto Sans Bold")?,
        })
    }
}

/// Breaks `text` into lines no wider than `max_width` points: at spaces where possible, inside
/// a word only when the word alone is too wide (a long URL). Explicit newlines are kept.
pub(crate) fn wrap(
    face: &Face,
    size: f32,
    text: &str,
    max_width: f32,
) -> Result<Vec<String>, PdfError> {
    let space = face.width(" ", size)?;
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0.0;
        for word in paragraph.split(' ').filter(|word| !word.is_empty()) {
            let word_width = face.width(word, size)?;
            if !line.is_empty() {
                if line_width + space + word_width <= max_width {
                    line.push(' ');
                    line.push_str(word);
                    line_width += space + word_width;
                    continue;
                }
                lines.push(std::mem::take(&mut line));
            }
            if word_width <= max_width {
                line.push_str(word);
                line_width = word_width;
            } else {
                let mut pieces = break_word(face, size, word, max_width)?;
                let last = pieces.pop().unwrap_or_default();
                lines.extend(pieces);
                line_width = face.width(&last, size)?;
                line = last;
            }
        }
        lines.push(line);
    }
    Ok(lines)
}

/// Splits one over-long word into pieces that fit, preferring to break after `/`, `-` or `.`.
fn break_word(face: &Face, size: f32, word: &str, max_width: f32) -> Result<Vec<String>, PdfError> {
    let mut pieces = Vec::new();
    let mut rest = word;
    while !rest.is_empty() {
        let mut fit_end = 0;
        let mut preferred_end = None;
        let mut width = 0.0;
        for (index, ch) in rest.char_indices() {
            width += face.width(ch.encode_utf8(&mut [0; 4]), size)?;
            if width > max_width && fit_end > 0 {
                break;
            }
            fit_end = index + ch.len_utf8();
            if matches!(ch, '/' | '-' | '.' | '?' | '&') {
                preferred_end = Some(fit_end);
            }
        }
        let end = match preferred_end {
            Some(end) if end < fit_end && fit_end < rest.len() => end,
            _ => fit_end,
        };
        pieces.push(rest[..end].to_owned());
        rest = &rest[end..];
    }
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_fit_and_keep_every_word() {
        let fonts = Fonts::load().unwrap();
        let text = "Im Sorgeregister sind für dieses Kind keine Eintragungen über abgegebene oder \
                    ersetzte Sorgeerklärungen vorhanden: https://sorgeregister.example/pruefen/ein/sehr/langer/pfad/der/nicht/passt";
        let lines = wrap(&fonts.regular, 10.0, text, 150.0).unwrap();
        assert!(lines.len() > 3, "{lines:?}");
        for line in &lines {
            assert!(
                fonts.regular.width(line, 10.0).unwrap() <= 150.0,
                "too wide: {line}"
            );
        }
        let rejoined: String = lines.concat().split_whitespace().collect();
        let original: String = text.split_whitespace().collect();
        assert_eq!(rejoined, original);
    }

    #[test]
    fn no_break_space_holds_words_together_and_draws_as_space() {
        let fonts = Fonts::load().unwrap();
        let text = format!("aaaa aaaa §{NBSP}58 Abs.{NBSP}2");
        let narrow = fonts.regular.width("aaaa aaaa §", 10.0).unwrap() + 1.0;
        let lines = wrap(&fonts.regular, 10.0, &text, narrow).unwrap();
        let held = lines.iter().find(|line| line.starts_with('§')).unwrap();
        assert!(held.contains(NBSP), "{lines:?}");
        let (glyphs, drawn) = fonts.regular.glyphs(held).unwrap();
        assert!(!drawn.contains(NBSP));
        assert_eq!(glyphs.len(), drawn.chars().count());
    }

    /// Every letter and mark a name may contain (see `domain::PersonName`) can be printed, so
    /// that no accepted application fails at its certificate.
    #[test]
    fn every_character_a_name_may_hold_is_in_both_fonts() {
        let fonts = Fonts::load().unwrap();
        let mut missing = Vec::new();
        for c in (0u32..0x3_0000).filter_map(char::from_u32) {
            let name = format!("A{c}");
            let Ok(parsed) = domain::PersonName::parse(&name) else {
                continue;
            };
            for face in [&fonts.regular, &fonts.bold] {
                if face.glyphs(parsed.as_str()).is_err() {
                    missing.push(c);
                }
            }
        }
        missing.dedup();
        assert!(
            missing.is_empty(),
            "{} characters accepted in names have no glyph: {:?}",
            missing.len(),
            missing
                .iter()
                .take(300)
                .map(|c| format!("U+{:04X}", u32::from(*c)))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_character_outside_the_font_is_an_error_not_a_box() {
        let fonts = Fonts::load().unwrap();
        assert!(matches!(
            fonts.regular.glyphs("王"),
            Err(PdfError::MissingGlyph('王'))
        ));
        assert!(
            fonts
                .regular
                .glyphs("Łódź Ærøskøbing Ørsted Şahin Ðorđević")
                .is_ok()
        );
    }
}
