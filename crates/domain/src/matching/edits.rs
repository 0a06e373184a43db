//! Edit distance between two short strings: insertions, deletions, substitutions and swaps of
//! neighbours (optimal string alignment), the typos that civil-status data shows.

/// The distance, or `None` when it exceeds `limit` (computed no further than needed).
pub fn within(a: &str, b: &str, limit: usize) -> Option<usize> {
    if a.is_ascii() && b.is_ascii() {
        return distance(a.as_bytes(), b.as_bytes(), limit);
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    distance(&a, &b, limit)
}

/// Strings shorter than this (every folded name token, nearly every name) are compared in rows
/// on the stack.
const SHORT: usize = 48;

fn distance<T: PartialEq>(a: &[T], b: &[T], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    if b.len() < SHORT {
        let mut rows = [[0usize; SHORT]; 3];
        return rolling(a, b, limit, &mut rows);
    }
    let row = vec![0usize; b.len() + 1];
    rolling(a, b, limit, &mut [row.clone(), row.clone(), row])
}

/// Optimal string alignment over three rows: row `i` of the table needs rows `i - 1` and
/// `i - 2` (for a swap of neighbours) only.
fn rolling<T: PartialEq, R: AsMut<[usize]>>(
    a: &[T],
    b: &[T],
    limit: usize,
    rows: &mut [R; 3],
) -> Option<usize> {
    for (j, cell) in rows[0].as_mut()[..=b.len()].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        let [r0, r1, r2] = rows;
        // Rows i - 2, i - 1 and i, by i modulo 3.
        let (before, previous, current) = match i % 3 {
            0 => (r1.as_mut(), r2.as_mut(), r0.as_mut()),
            1 => (r2.as_mut(), r0.as_mut(), r1.as_mut()),
            _ => (r0.as_mut(), r1.as_mut(), r2.as_mut()),
        };
        current[0] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            current[j] = d;
            row_min = row_min.min(d);
        }
        if row_min > limit {
            return None;
        }
    }
    let d = rows[a.len() % 3].as_mut()[b.len()];
    (d <= limit).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::within;

    #[test]
    fn counts_the_usual_typos() {
        assert_eq!(within("berger", "berger", 2), Some(0));
        assert_eq!(within("berger", "bereger", 2), Some(1));
        assert_eq!(within("berger", "beger", 2), Some(1));
        assert_eq!(within("berger", "bergre", 2), Some(1));
        assert_eq!(within("berger", "burger", 2), Some(1));
        assert_eq!(within("berger", "schulz", 2), None);
        assert_eq!(within("mia", "lia", 1), Some(1));
        assert_eq!(within("", "ab", 1), None);
        assert_eq!(within("müller", "muller", 1), Some(1));
        let long = "a".repeat(60);
        assert_eq!(within(&long, &format!("{long}b"), 1), Some(1));
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_the_corpus_distance(
            a in "[abcü]{0,8}|[ab]{40,60}",
            b in "[abcü]{0,8}|[ab]{40,60}",
            limit in 0usize..4,
        ) {
            // The corpus's distance, written apart from this one.
            let full = corpus::edit_distance(&a, &b);
            proptest::prop_assert_eq!(within(&a, &b, limit), (full <= limit).then_some(full));
        }
    }
}
