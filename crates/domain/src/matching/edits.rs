//! Edit distance between two short strings: insertions, deletions, substitutions and swaps of
//! neighbours (optimal string alignment), the typos that civil-status data shows.

/// The distance, or `None` when it exceeds `limit` (computed no further than needed).
pub fn within(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let width = b.len() + 1;
    let mut rows = vec![vec![0usize; width]; a.len() + 1];
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows[i][0] = i;
        let mut row_min = rows[i][0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
            row_min = row_min.min(d);
        }
        if row_min > limit {
            return None;
        }
    }
    let d = rows[a.len()][b.len()];
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
    }
}
