//! The QR code as geometry: which modules are dark, merged into rectangles (horizontal runs,
//! stacked where rows repeat) so the page carries a few hundred rectangles rather than
//! thousands. Drawing is the layout's business.

use qrcode::{Color, EcLevel, QrCode};

use super::PdfError;

/// Light modules around the symbol that scanners need (ISO/IEC 18004 asks for four).
pub(crate) const QUIET_ZONE: usize = 4;

/// A QR symbol as rectangles of dark modules.
pub(crate) struct QrRuns {
    /// Modules per side, without the quiet zone.
    pub width: usize,
    /// `(column, row, width, height)` in modules, together covering exactly the dark modules.
    pub rects: Vec<(usize, usize, usize, usize)>,
}

pub(crate) fn qr_runs(text: &str) -> Result<QrRuns, PdfError> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|error| PdfError::Qr(error.to_string()))?;
    let width = code.width();
    let colors = code.to_colors();
    let mut rects: Vec<(usize, usize, usize, usize)> = Vec::new();
    // Rectangles that reach down to the previous row, so an identical run below extends them.
    let mut open: Vec<usize> = Vec::new();
    for (row, modules) in colors.chunks(width).enumerate() {
        let mut still_open = Vec::new();
        let mut column = 0;
        while column < width {
            if modules[column] != Color::Dark {
                column += 1;
                continue;
            }
            let start = column;
            while column < width && modules[column] == Color::Dark {
                column += 1;
            }
            let len = column - start;
            let above = open.iter().copied().find(|&index| {
                let (x, y, w, h) = rects[index];
                x == start && w == len && y + h == row
            });
            match above {
                Some(index) => {
                    rects[index].3 += 1;
                    still_open.push(index);
                }
                None => {
                    still_open.push(rects.len());
                    rects.push((start, row, len, 1));
                }
            }
        }
        open = still_open;
    }
    Ok(QrRuns { width, rects })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_reproduce_the_symbol() {
        let text = "NB1:HELLO-WORLD-0123456789";
        let code = QrCode::with_error_correction_level(text, EcLevel::M).unwrap();
        let runs = qr_runs(text).unwrap();
        assert_eq!(runs.width, code.width());
        let mut dark = vec![false; runs.width * runs.width];
        for (x, y, w, h) in runs.rects {
            for row in y..y + h {
                for column in x..x + w {
                    assert!(!dark[row * runs.width + column], "rectangles overlap");
                    dark[row * runs.width + column] = true;
                }
            }
        }
        let expected: Vec<bool> = code.to_colors().iter().map(|c| *c == Color::Dark).collect();
        assert_eq!(dark, expected);
        assert_eq!(code.error_correction_level(), EcLevel::M);
    }

    #[test]
    fn too_long_a_payload_is_an_error() {
        assert!(matches!(qr_runs(&"x".repeat(5000)), Err(PdfError::Qr(_))));
    }
}
