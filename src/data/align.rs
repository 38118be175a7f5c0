//! Carrying a labeled record's labels over to the blocks a reader cut from
//! the page itself. A record that comes with its HTML is labeled block by
//! block; gleaner reads the HTML again (so that each block gets its markup
//! evidence), and the two block lists agree but for the few places where
//! two HTML parsers build different trees. Blocks are matched by their text,
//! in order, as a longest common subsequence: a reader block without a
//! partner gets no label (it is neither trained on nor scored), a record
//! block without one is counted.

/// How the record's blocks map onto the reader's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alignment {
    /// For each reader block, the record block with the same text, if any.
    pub partner: Vec<Option<usize>>,
    /// Record blocks that no reader block matched.
    pub unmatched: usize,
}

/// Beyond this many cells (reader blocks × record blocks, after the common
/// head and tail are taken off) the table of the longest common subsequence
/// would cost too much memory: the rest is matched greedily, each record
/// block with the next reader block of the same text.
const MAX_TABLE_CELLS: usize = 16 << 20;

/// Matches `reader` blocks with `record` blocks of equal text, in order.
pub fn align<R: AsRef<str>, L: AsRef<str>>(reader: &[R], record: &[L]) -> Alignment {
    let equal = |i: usize, j: usize| reader[i].as_ref() == record[j].as_ref();
    let mut partner = vec![None; reader.len()];
    // The common head and tail: on most pages, everything.
    let mut head = 0;
    while head < reader.len() && head < record.len() && equal(head, head) {
        partner[head] = Some(head);
        head += 1;
    }
    let mut tail = 0;
    while tail < reader.len() - head
        && tail < record.len() - head
        && equal(reader.len() - 1 - tail, record.len() - 1 - tail)
    {
        partner[reader.len() - 1 - tail] = Some(record.len() - 1 - tail);
        tail += 1;
    }
    let (rows, columns) = (head..reader.len() - tail, head..record.len() - tail);
    let pairs = if rows.len() * columns.len() <= MAX_TABLE_CELLS {
        longest_common_subsequence(rows, columns, &equal)
    } else {
        greedy(rows, columns, &equal)
    };
    for &(i, j) in &pairs {
        partner[i] = Some(j);
    }
    let matched = head + tail + pairs.len();
    Alignment {
        partner,
        unmatched: record.len() - matched,
    }
}

/// The pairs of a longest common subsequence of two index ranges, by the
/// textbook table filled from the end.
fn longest_common_subsequence(
    rows: std::ops::Range<usize>,
    columns: std::ops::Range<usize>,
    equal: &impl Fn(usize, usize) -> bool,
) -> Vec<(usize, usize)> {
    let (n, m) = (rows.len(), columns.len());
    let width = m + 1;
    // lengths[i * width + j]: the LCS of rows[i..] and columns[j..].
    let mut lengths = vec![0u32; (n + 1) * width];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lengths[i * width + j] = if equal(rows.start + i, columns.start + j) {
                lengths[(i + 1) * width + j + 1] + 1
            } else {
                lengths[(i + 1) * width + j].max(lengths[i * width + j + 1])
            };
        }
    }
    let mut pairs = Vec::with_capacity(lengths[0] as usize);
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if equal(rows.start + i, columns.start + j) {
            pairs.push((rows.start + i, columns.start + j));
            i += 1;
            j += 1;
        } else if lengths[(i + 1) * width + j] >= lengths[i * width + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    pairs
}

/// Each record block matched with the next reader block of the same text.
fn greedy(
    rows: std::ops::Range<usize>,
    columns: std::ops::Range<usize>,
    equal: &impl Fn(usize, usize) -> bool,
) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut next_row = rows.start;
    for j in columns {
        if let Some(i) = (next_row..rows.end).find(|&i| equal(i, j)) {
            pairs.push((i, j));
            next_row = i + 1;
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_lists_match_one_to_one() {
        let blocks = ["Title", "Menu", "Text"];
        let alignment = align(&blocks, &blocks);
        assert_eq!(alignment.partner, vec![Some(0), Some(1), Some(2)]);
        assert_eq!(alignment.unmatched, 0);
    }

    #[test]
    fn a_block_split_in_two_leaves_both_halves_unlabeled() {
        // One parser closed a <p> early: the reader has two blocks where
        // the record has one.
        let reader = ["Title", "First half", "second half", "Footer"];
        let record = ["Title", "First half second half", "Footer"];
        let alignment = align(&reader, &record);
        assert_eq!(alignment.partner, vec![Some(0), None, None, Some(2)]);
        assert_eq!(alignment.unmatched, 1);
    }

    #[test]
    fn repeated_texts_keep_their_order() {
        let reader = ["Share", "Title", "Body", "Share", "Extra", "Footer"];
        let record = ["Share", "Title", "Body", "Share", "Footer"];
        let alignment = align(&reader, &record);
        assert_eq!(
            alignment.partner,
            vec![Some(0), Some(1), Some(2), Some(3), None, Some(4)]
        );
        assert_eq!(alignment.unmatched, 0);
    }

    #[test]
    fn the_greedy_fallback_matches_in_order() {
        let pairs = greedy(0..4, 0..3, &|i, j| [0, 9, 1, 2][i] == [0, 1, 2][j]);
        assert_eq!(pairs, vec![(0, 0), (2, 1), (3, 2)]);
    }

    #[test]
    fn empty_lists() {
        let none: [&str; 0] = [];
        assert_eq!(align(&none, &["a"]).unmatched, 1);
        assert_eq!(align(&["a"], &none).partner, vec![None]);
    }
}
