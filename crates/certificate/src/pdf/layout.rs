//! Where everything goes on an A4 page, and the tags that tell assistive technology what it is.
//! One page per language, laid out the same way: letterhead, title, statement, the data blocks,
//! the note on the seal, and the verification box with the QR code anchored above the footer.

use std::num::NonZeroU16;

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Transform};
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, FillRule};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, BBox, ContentTag, Identifier, ListNumbering, Node, SpanTag, Tag,
    TagGroup,
};

use super::PdfError;
use super::qr::{QUIET_ZONE, QrRuns};
use super::text::{Face, Fonts, wrap};
use super::wording::{Lang, PageText};
use crate::content::CertificateContent;

pub(crate) const PAGE_WIDTH: f32 = 595.28;
pub(crate) const PAGE_HEIGHT: f32 = 841.89;

const MM: f32 = 72.0 / 25.4;
const LEFT: f32 = 25.0 * MM;
const RIGHT: f32 = PAGE_WIDTH - 20.0 * MM;
const WIDTH: f32 = RIGHT - LEFT;
const TOP: f32 = 17.0 * MM;
const LABEL_WIDTH: f32 = 50.0 * MM;
/// The reference block (number, date) at the top right.
const REFERENCE_WIDTH: f32 = 48.0 * MM;
const REFERENCE_X: f32 = RIGHT - REFERENCE_WIDTH;
/// The QR symbol itself, without its quiet zone: large enough for a phone at arm's length.
const QR_SYMBOL: f32 = 36.0 * MM;
/// Room kept free around the symbol whatever its module count, so that the layout does not
/// depend on the payload. Four modules fit into it from 36 modules (version 5) up; a smaller
/// symbol's wider quiet zone still stays clear of the rules and text around the box.
const QUIET_SPACE: f32 = 4.0 * MM;
const FOOTER_BASELINE: f32 = PAGE_HEIGHT - 10.0 * MM;
const FOOTER_RULE: f32 = FOOTER_BASELINE - 11.0;

const H1: NonZeroU16 = NonZeroU16::MIN;
const H2: NonZeroU16 = NonZeroU16::MIN.saturating_add(1);

fn ink() -> rgb::Color {
    rgb::Color::new(0, 0, 0)
}

fn muted() -> rgb::Color {
    rgb::Color::new(80, 80, 80)
}

fn accent() -> rgb::Color {
    rgb::Color::new(30, 60, 100)
}

fn hairline() -> rgb::Color {
    rgb::Color::new(170, 170, 170)
}

/// A typographic style: face, size and line distance.
#[derive(Clone, Copy)]
struct Style<'f> {
    face: &'f Face,
    size: f32,
    leading: f32,
    color: fn() -> rgb::Color,
}

fn style<'f>(face: &'f Face, size: f32, leading: f32, color: fn() -> rgb::Color) -> Style<'f> {
    Style {
        face,
        size,
        leading,
        color,
    }
}

/// Every style on the page.
struct Styles<'f> {
    office: Style<'f>,
    address: Style<'f>,
    reference_label: Style<'f>,
    reference_value: Style<'f>,
    title: Style<'f>,
    subtitle: Style<'f>,
    note: Style<'f>,
    body: Style<'f>,
    heading: Style<'f>,
    label: Style<'f>,
    value: Style<'f>,
    footer: Style<'f>,
}

impl<'f> Styles<'f> {
    fn new(fonts: &'f Fonts) -> Styles<'f> {
        let (regular, bold) = (&fonts.regular, &fonts.bold);
        Styles {
            office: style(bold, 13.0, 17.0, accent),
            address: style(regular, 9.0, 12.0, muted),
            reference_label: style(regular, 8.0, 10.5, muted),
            reference_value: style(bold, 10.0, 13.5, ink),
            title: style(bold, 15.0, 20.0, ink),
            subtitle: style(regular, 10.5, 15.0, ink),
            note: style(regular, 9.0, 12.5, muted),
            body: style(regular, 10.5, 15.0, ink),
            heading: style(bold, 11.0, 16.0, accent),
            label: style(regular, 10.0, 14.0, muted),
            value: style(regular, 10.0, 14.0, ink),
            footer: style(regular, 8.0, 10.0, muted),
        }
    }
}

impl Style<'_> {
    /// The baseline of a line whose box starts at `top`, leaving room for descenders.
    fn baseline(&self, top: f32) -> f32 {
        top + self.leading - 0.3 * self.size
    }
}

/// A page surface with a cursor running down it.
struct Pen<'s, 'p> {
    surface: &'s mut Surface<'p>,
    y: f32,
}

impl Pen<'_, '_> {
    fn fill(&mut self, color: rgb::Color) {
        self.surface.set_stroke(None);
        self.surface.set_fill(Some(Fill {
            paint: color.into(),
            opacity: NormalizedF32::ONE,
            rule: FillRule::NonZero,
        }));
    }

    /// One line of text, tagged as a span so that it can be placed in the structure tree.
    fn line(
        &mut self,
        style: Style,
        x: f32,
        baseline: f32,
        text: &str,
    ) -> Result<Identifier, PdfError> {
        // Everything that can fail happens before the marked content opens: krilla panics on a
        // surface left with an open tag.
        let (glyphs, drawn) = style.face.glyphs(text)?;
        self.fill((style.color)());
        let id = self
            .surface
            .start_tagged(ContentTag::Span(SpanTag::empty()));
        self.surface.draw_glyphs(
            Point::from_xy(x, baseline),
            &glyphs,
            style.face.font(),
            &drawn,
            style.size,
            false,
        );
        self.surface.end_tagged();
        Ok(id)
    }

    /// Wrapped text from the cursor down; returns the lines' identifiers in reading order.
    fn paragraph(
        &mut self,
        style: Style,
        x: f32,
        width: f32,
        text: &str,
    ) -> Result<Vec<Identifier>, PdfError> {
        let mut ids = Vec::new();
        for line in wrap(style.face, style.size, text, width)? {
            if !line.is_empty() {
                ids.push(self.line(style, x, style.baseline(self.y), &line)?);
            }
            self.y += style.leading;
        }
        Ok(ids)
    }

    /// A filled rectangle that carries no meaning (rules, frames).
    fn decoration(&mut self, rect: Rect, color: rgb::Color) -> Result<(), PdfError> {
        let mut path = PathBuilder::new();
        path.push_rect(rect);
        let path = path.finish().ok_or(PdfError::Layout("empty decoration"))?;
        self.fill(color);
        self.surface
            .start_tagged(ContentTag::Artifact(Artifact::with_kind(
                ArtifactType::Layout,
            )));
        self.surface.draw_path(&path);
        self.surface.end_tagged();
        Ok(())
    }

    fn rule(&mut self, y: f32, thickness: f32, color: rgb::Color) -> Result<(), PdfError> {
        let rect = Rect::from_xywh(LEFT, y, WIDTH, thickness).ok_or(PdfError::Layout("rule"))?;
        self.decoration(rect, color)
    }
}

fn group(tag: impl Into<krilla::tagging::TagKind>, ids: Vec<Identifier>) -> TagGroup {
    TagGroup::with_children(tag, ids.into_iter().map(Node::from).collect())
}

/// Draws one page of the certificate and returns its structure (a section in the page's
/// language).
pub(crate) fn compose(
    surface: &mut Surface,
    fonts: &Fonts,
    page_index: usize,
    text: &PageText,
    content: &CertificateContent,
    qr: &QrRuns,
) -> Result<TagGroup, PdfError> {
    let st = Styles::new(fonts);
    let mut pen = Pen { surface, y: TOP };
    let mut section = TagGroup::new(match text.lang {
        // The document's language is German; only the translation overrides it.
        Lang::De => Tag::Section,
        Lang::En => Tag::Section.with_lang(Some(text.lang.tag().to_owned())),
    });

    // Letterhead: the issuing office in its own name, and the reference block beside it.
    let letterhead_width = REFERENCE_X - LEFT - 6.0 * MM;
    let mut letterhead = pen.paragraph(st.office, LEFT, letterhead_width, &content.issuer.name)?;
    if !content.issuer.address.is_empty() {
        pen.y += 1.0;
        // Break between the address lines, never inside one ("Telefon 0211 | 89-0").
        let address_line = content
            .issuer
            .address
            .iter()
            .map(|line| line.replace(' ', "\u{a0}"))
            .collect::<Vec<_>>()
            .join(" · ");
        letterhead.extend(pen.paragraph(st.address, LEFT, letterhead_width, &address_line)?);
    }
    section.push(group(Tag::P, letterhead));
    let letterhead_bottom = pen.y;
    pen.y = TOP + 1.5;
    for row in &text.reference {
        let mut ids = pen.paragraph(st.reference_label, REFERENCE_X, REFERENCE_WIDTH, row.label)?;
        ids.extend(pen.paragraph(st.reference_value, REFERENCE_X, REFERENCE_WIDTH, &row.value)?);
        section.push(group(Tag::P, ids));
        pen.y += 2.0;
    }
    pen.y = pen.y.max(letterhead_bottom) + 5.0;
    pen.rule(pen.y, 1.2, accent())?;
    pen.y += 8.5 * MM;

    // Title and legal basis.
    let ids = pen.paragraph(st.title, LEFT, WIDTH, &text.title)?;
    section.push(group(Tag::Hn(H1, Some(text.title.clone())), ids));
    pen.y += 2.0;
    let ids = pen.paragraph(st.subtitle, LEFT, WIDTH, &text.subtitle)?;
    section.push(group(Tag::P, ids));
    if let Some(translation_note) = text.translation_note {
        pen.y += 2.0;
        let ids = pen.paragraph(st.note, LEFT, WIDTH, translation_note)?;
        section.push(group(Tag::P, ids));
    }

    // What the register says.
    pen.y += 4.5 * MM;
    let ids = pen.paragraph(st.body, LEFT, WIDTH, &text.statement)?;
    section.push(group(Tag::P, ids));
    if !text.parts.is_empty() {
        pen.y += 3.0;
        section.push(parts_list(&mut pen, st.body, &text.parts)?);
        pen.y += 3.0;
    }
    if let Some(after_parts) = text.after_parts {
        let ids = pen.paragraph(st.body, LEFT, WIDTH, after_parts)?;
        section.push(group(Tag::P, ids));
    }

    // Child, mother, the certificate itself.
    for block in &text.blocks {
        pen.y += 3.5 * MM;
        let ids = pen.paragraph(st.heading, LEFT, WIDTH, block.heading)?;
        section.push(group(Tag::Hn(H2, Some(block.heading.to_owned())), ids));
        pen.y += 1.0;
        for row in &block.rows {
            let top = pen.y;
            let mut ids = pen.paragraph(st.label, LEFT, LABEL_WIDTH - 3.0 * MM, row.label)?;
            let label_bottom = pen.y;
            pen.y = top;
            ids.extend(pen.paragraph(
                st.value,
                LEFT + LABEL_WIDTH,
                WIDTH - LABEL_WIDTH,
                &row.value,
            )?);
            pen.y = pen.y.max(label_bottom);
            section.push(group(Tag::P, ids));
        }
    }

    pen.y += 4.5 * MM;
    let ids = pen.paragraph(st.body, LEFT, WIDTH, text.seal_note)?;
    section.push(group(Tag::P, ids));

    // Verification box, anchored above the footer.
    let QrPlacement {
        x: symbol_x,
        y: symbol_y,
        module,
    } = qr_placement(qr);
    let quiet = QUIET_ZONE as f32 * module;
    let box_top = symbol_y - QUIET_SPACE;
    let overflow = pen.y + 7.0 * MM - box_top;
    if overflow > 0.0 {
        return Err(PdfError::DoesNotFit { overflow });
    }
    pen.rule(box_top - 3.5 * MM, 0.5, hairline())?;
    let text_x = symbol_x + QR_SYMBOL + QUIET_SPACE + 6.0 * MM;

    pen.y = symbol_y - 3.0;
    let ids = pen.paragraph(st.heading, text_x, RIGHT - text_x, text.verify_heading)?;
    section.push(group(
        Tag::Hn(H2, Some(text.verify_heading.to_owned())),
        ids,
    ));
    pen.y += 2.0;
    let ids = pen.paragraph(st.body, text_x, RIGHT - text_x, &text.verify_caption)?;
    section.push(group(Tag::P, ids));
    let overflow = pen.y - (FOOTER_RULE - 2.0 * MM);
    if overflow > 0.0 {
        return Err(PdfError::DoesNotFit { overflow });
    }

    let qr_id = draw_qr(pen.surface, qr, symbol_x, symbol_y, module)?;
    let quiet_box = Rect::from_xywh(
        symbol_x - quiet,
        symbol_y - quiet,
        QR_SYMBOL + 2.0 * quiet,
        QR_SYMBOL + 2.0 * quiet,
    )
    .ok_or(PdfError::Layout("QR box"))?;
    let figure =
        Tag::Figure(Some(text.qr_alt.clone())).with_bbox(Some(BBox::new(page_index, quiet_box)));
    section.push(group(figure, vec![qr_id]));

    // Footer: pagination, not content.
    pen.rule(FOOTER_RULE, 0.5, hairline())?;
    let footer = st.footer;
    let (glyphs, drawn) = footer.face.glyphs(&text.footer)?;
    pen.fill(muted());
    pen.surface
        .start_tagged(ContentTag::Artifact(Artifact::with_kind(
            ArtifactType::Footer,
        )));
    pen.surface.draw_glyphs(
        Point::from_xy(LEFT, FOOTER_BASELINE),
        &glyphs,
        footer.face.font(),
        &drawn,
        footer.size,
        false,
    );
    pen.surface.end_tagged();

    Ok(section)
}

/// The parts of custody as a bulleted list; more than three go into two columns, filled row by
/// row so that the reading order is the visual one.
fn parts_list(pen: &mut Pen, style: Style, parts: &[&str]) -> Result<TagGroup, PdfError> {
    let columns = if parts.len() > 3 { 2 } else { 1 };
    let column_width = (WIDTH - 3.0 * MM) / columns as f32;
    let mut list = TagGroup::new(Tag::L(ListNumbering::Disc));
    for row in parts.chunks(columns) {
        let top = pen.y;
        let mut bottom = top;
        for (column, part) in row.iter().enumerate() {
            let x = LEFT + 3.0 * MM + column as f32 * column_width;
            pen.y = top;
            let bullet = pen.paragraph(style, x, 5.0 * MM, "•")?;
            pen.y = top;
            let item = pen.paragraph(style, x + 5.0 * MM, column_width - 7.0 * MM, part)?;
            bottom = bottom.max(pen.y);
            list.push(TagGroup::with_children(
                Tag::LI,
                vec![
                    group(Tag::Lbl, bullet).into(),
                    group(Tag::LBody, item).into(),
                ],
            ));
        }
        pen.y = bottom;
    }
    Ok(list)
}

/// Where the QR symbol's top left dark-module corner sits, and the size of one module, in
/// points from the page's top left corner.
pub(crate) struct QrPlacement {
    pub x: f32,
    pub y: f32,
    pub module: f32,
}

pub(crate) fn qr_placement(qr: &QrRuns) -> QrPlacement {
    QrPlacement {
        x: LEFT,
        y: FOOTER_RULE - 4.5 * MM - QUIET_SPACE - QR_SYMBOL,
        module: QR_SYMBOL / qr.width as f32,
    }
}

/// The dark modules as one filled path, tagged as the content of the QR figure. The path is
/// drawn in module units under a scaling transform: whole numbers keep the content stream small.
fn draw_qr(
    surface: &mut Surface,
    qr: &QrRuns,
    x: f32,
    y: f32,
    module: f32,
) -> Result<Identifier, PdfError> {
    let mut path = PathBuilder::new();
    for &(column, row, width, height) in &qr.rects {
        let rect = Rect::from_xywh(column as f32, row as f32, width as f32, height as f32)
            .ok_or(PdfError::Layout("QR module"))?;
        path.push_rect(rect);
    }
    let path = path.finish().ok_or(PdfError::Layout("empty QR code"))?;
    surface.set_stroke(None);
    surface.set_fill(Some(Fill {
        paint: ink().into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }));
    let id = surface.start_tagged(ContentTag::Other);
    surface.push_transform(&Transform::from_row(module, 0.0, 0.0, module, x, y));
    surface.draw_path(&path);
    surface.pop();
    surface.end_tagged();
    Ok(id)
}
