//! From per-block label scores to labels: a numerically stable softmax and
//! Viterbi decoding of the most likely label sequence of a document.

/// `ln(Σ exp(x))`, shifted by the maximum so that it never overflows.
///
/// linfa-bayes 0.8.1's `predict_log_proba` sums `exp(x)` without this shift
/// and returns +inf for blocks longer than ~20-100 tokens; gleaner computes
/// class probabilities here instead.
pub fn log_sum_exp(values: &[f64]) -> f64 {
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !max.is_finite() {
        return max;
    }
    max + values.iter().map(|v| (v - max).exp()).sum::<f64>().ln()
}

/// Turns scores into log-probabilities in place.
pub fn log_normalize(scores: &mut [f64]) {
    let total = log_sum_exp(scores);
    for s in scores.iter_mut() {
        *s -= total;
    }
}

/// One score per label for every block of a page, in one flat array (row
/// `i` is block `i`'s scores). A page of a million blocks then needs one
/// allocation of 8 bytes a label a block, not a `Vec` per block (issue #19).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LabelScores {
    labels: usize,
    values: Vec<f64>,
}

impl LabelScores {
    /// No rows yet, room for `blocks` rows of `labels` scores.
    pub fn with_capacity(labels: usize, blocks: usize) -> LabelScores {
        LabelScores {
            labels,
            values: Vec::with_capacity(labels * blocks),
        }
    }

    /// Scores from one row per block (each of `labels` scores).
    pub fn from_rows(labels: usize, rows: &[Vec<f64>]) -> LabelScores {
        let mut scores = LabelScores::with_capacity(labels, rows.len());
        for row in rows {
            scores.push(row);
        }
        scores
    }

    /// Appends a block's scores.
    ///
    /// # Panics
    /// When `row` does not have one score per label.
    pub fn push(&mut self, row: &[f64]) {
        assert_eq!(row.len(), self.labels, "one score per label");
        self.values.extend_from_slice(row);
    }

    /// The number of labels (scores per block).
    pub fn labels(&self) -> usize {
        self.labels
    }

    /// The number of blocks.
    pub fn len(&self) -> usize {
        self.values.len().checked_div(self.labels).unwrap_or(0)
    }

    /// Whether there is no block.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Keeps the first `blocks` rows.
    pub fn truncate(&mut self, blocks: usize) {
        self.values.truncate(blocks * self.labels);
    }

    /// Block `i`'s scores.
    pub fn row(&self, i: usize) -> &[f64] {
        &self.values[i * self.labels..(i + 1) * self.labels]
    }

    /// Every block's scores, in order.
    pub fn rows(&self) -> std::slice::ChunksExact<'_, f64> {
        self.values.chunks_exact(self.labels.max(1))
    }

    /// Every block's scores, to change in place.
    pub fn rows_mut(&mut self) -> std::slice::ChunksExactMut<'_, f64> {
        self.values.chunks_exact_mut(self.labels.max(1))
    }
}

/// Label-to-label transition log-probabilities, learned from training
/// documents: `start[j]` for the first block, `next[i][j]` from label `i` to `j`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Transitions {
    /// Log-probability of each label on the first block.
    pub start: Vec<f64>,
    /// Log-probability of label `j` after label `i`, row-major (`i * n + j`).
    pub next: Vec<f64>,
}

impl Transitions {
    /// Counts transitions in label sequences and smooths them with add-one.
    ///
    /// Only documents with at least 95% of their blocks labeled count: sets
    /// annotated for body-vs-boilerplate leave headlines and captions
    /// unlabeled, and their broken chains would teach that nothing leads to
    /// a caption but another caption.
    pub fn learn<'a>(
        label_count: usize,
        sequences: impl Iterator<Item = &'a [Option<usize>]>,
    ) -> Transitions {
        let mut start = vec![1.0; label_count];
        let mut next = vec![1.0; label_count * label_count];
        for sequence in sequences {
            let labeled = sequence.iter().filter(|l| l.is_some()).count();
            if labeled * 20 < sequence.len() * 19 {
                continue;
            }
            if let Some(Some(first)) = sequence.iter().find(|l| l.is_some()) {
                start[*first] += 1.0;
            }
            for pair in sequence.windows(2) {
                if let [Some(a), Some(b)] = pair {
                    next[a * label_count + b] += 1.0;
                }
            }
        }
        let start_total: f64 = start.iter().sum();
        let start = start.iter().map(|c| (c / start_total).ln()).collect();
        let next = next
            .chunks(label_count)
            .flat_map(|row| {
                let total: f64 = row.iter().sum();
                row.iter()
                    .map(move |c| (c / total).ln())
                    .collect::<Vec<_>>()
            })
            .collect();
        Transitions { start, next }
    }

    /// The most likely label sequence given per-block emission scores
    /// (log-domain, one row per block), with transition log-probabilities
    /// multiplied by `weight`.
    pub fn viterbi(&self, emissions: &LabelScores, weight: f64) -> Vec<usize> {
        let n = self.start.len();
        if emissions.is_empty() {
            return Vec::new();
        }
        let first = emissions.row(0);
        let mut score: Vec<f64> = (0..n).map(|j| weight * self.start[j] + first[j]).collect();
        let mut next_score = vec![f64::NEG_INFINITY; n];
        // The back pointers of every block after the first, `n` a block.
        let mut back: Vec<u8> = vec![0; (emissions.len() - 1) * n];
        for (emission, pointers) in emissions.rows().skip(1).zip(back.chunks_exact_mut(n)) {
            next_score.fill(f64::NEG_INFINITY);
            for j in 0..n {
                for (i, previous) in score.iter().enumerate() {
                    let s = previous + weight * self.next[i * n + j];
                    if s > next_score[j] {
                        next_score[j] = s;
                        pointers[j] = i as u8;
                    }
                }
                next_score[j] += emission[j];
            }
            std::mem::swap(&mut score, &mut next_score);
        }
        let mut best = argmax(&score);
        let mut path = vec![best; emissions.len()];
        for (t, pointers) in back.chunks_exact(n).enumerate().rev() {
            best = pointers[best] as usize;
            path[t] = best;
        }
        path
    }
}

/// Index of the largest value (the first one on ties).
pub fn argmax(values: &[f64]) -> usize {
    let mut best = 0;
    for (i, v) in values.iter().enumerate() {
        if *v > values[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_sum_exp_does_not_overflow() {
        let v = log_sum_exp(&[1000.0, 1000.0]);
        assert!((v - (1000.0 + 2f64.ln())).abs() < 1e-9);
        let mut scores = vec![-5000.0, -5001.0];
        log_normalize(&mut scores);
        assert!(scores.iter().all(|s| s.is_finite()));
        assert!((scores[0].exp() + scores[1].exp() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn viterbi_prefers_likely_transitions() {
        // Two labels; 0 → 0 is very likely, so an ambiguous middle block follows its neighbours.
        let t = Transitions::learn(
            2,
            [&[Some(0), Some(0), Some(0), Some(1)][..]; 20].into_iter(),
        );
        let rows = [vec![-0.1, -3.0], vec![-0.75, -0.65], vec![-0.1, -3.0]];
        let emissions = LabelScores::from_rows(2, &rows);
        assert_eq!(t.viterbi(&emissions, 1.0), vec![0, 0, 0]);
        assert_eq!(t.viterbi(&emissions, 0.0), vec![0, 1, 0]);
        assert_eq!(argmax(emissions.row(1)), 1);
    }

    #[test]
    fn partially_labeled_documents_teach_no_transitions() {
        let partial = Transitions::learn(2, [&[Some(0), None, Some(1), Some(1)][..]].into_iter());
        let none = Transitions::learn(2, std::iter::empty());
        assert_eq!(partial, none);
    }

    #[test]
    fn transitions_are_probabilities() {
        let t = Transitions::learn(3, [&[Some(0), Some(0), Some(2), Some(1)][..]].into_iter());
        assert!((t.start.iter().map(|p| p.exp()).sum::<f64>() - 1.0).abs() < 1e-12);
        for row in t.next.chunks(3) {
            assert!((row.iter().map(|p| p.exp()).sum::<f64>() - 1.0).abs() < 1e-12);
        }
    }
}
