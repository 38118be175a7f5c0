//! Scores: a confusion matrix over labels, per-label precision, recall and
//! F1, macro-F1, accuracy, and content-vs-boilerplate F1 weighted by blocks
//! and by characters. The comparison with other tools (bench/compare) goes
//! through this same code via `gleaner eval --predicted`.

use crate::labels::LabelSet;
use serde::Serialize;

/// Counts of (gold, predicted) label pairs, by blocks and by characters.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Confusion {
    n: usize,
    blocks: Vec<u64>,
    chars: Vec<u64>,
    content: [[u64; 2]; 2],
    content_chars: [[u64; 2]; 2],
}

/// Precision, recall, F1 and support of one label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelScore {
    /// Label name.
    pub label: String,
    /// Of the blocks predicted with this label, the share right.
    pub precision: f64,
    /// Of the blocks with this gold label, the share found.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Gold blocks with this label.
    pub support: u64,
}

/// All scores of one evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scores {
    /// Scored blocks (gold label not null).
    pub blocks: u64,
    /// Per-label scores, in label order, for labels present in gold or predictions.
    pub labels: Vec<LabelScore>,
    /// Mean F1 over labels that occur in the gold data.
    pub macro_f1: f64,
    /// Share of blocks labeled right.
    pub accuracy: f64,
    /// F1 of content (not boilerplate) vs boilerplate, per block.
    pub content_f1_blocks: f64,
    /// The same, weighted by characters.
    pub content_f1_chars: f64,
    /// Confusion matrix: rows gold, columns predicted, in label order.
    pub confusion: Vec<Vec<u64>>,
}

impl Confusion {
    /// An empty matrix for `labels`.
    pub fn new(labels: &LabelSet) -> Confusion {
        let n = labels.len();
        Confusion {
            n,
            blocks: vec![0; n * n],
            chars: vec![0; n * n],
            ..Default::default()
        }
    }

    /// Counts one block; `chars` is its length in characters.
    pub fn add(&mut self, gold: usize, predicted: usize, chars: usize, labels: &LabelSet) {
        self.blocks[gold * self.n + predicted] += 1;
        self.chars[gold * self.n + predicted] += chars as u64;
        let (g, p) = (
            labels.is_content(gold) as usize,
            labels.is_content(predicted) as usize,
        );
        self.content[g][p] += 1;
        self.content_chars[g][p] += chars as u64;
    }

    /// Adds another matrix's counts.
    pub fn merge(&mut self, other: &Confusion) {
        for (a, b) in self.blocks.iter_mut().zip(&other.blocks) {
            *a += b;
        }
        for (a, b) in self.chars.iter_mut().zip(&other.chars) {
            *a += b;
        }
        for g in 0..2 {
            for p in 0..2 {
                self.content[g][p] += other.content[g][p];
                self.content_chars[g][p] += other.content_chars[g][p];
            }
        }
    }

    /// Number of scored blocks.
    pub fn total(&self) -> u64 {
        self.blocks.iter().sum()
    }

    /// The scores.
    pub fn scores(&self, labels: &LabelSet) -> Scores {
        let n = self.n;
        let cell = |g: usize, p: usize| self.blocks[g * n + p];
        let mut label_scores = Vec::new();
        let mut f1_sum = 0.0;
        let mut present = 0;
        for l in 0..n {
            let tp = cell(l, l);
            let gold: u64 = (0..n).map(|p| cell(l, p)).sum();
            let predicted: u64 = (0..n).map(|g| cell(g, l)).sum();
            if gold == 0 && predicted == 0 {
                continue;
            }
            let (precision, recall, f1) = prf(tp, predicted, gold);
            if gold > 0 {
                f1_sum += f1;
                present += 1;
            }
            label_scores.push(LabelScore {
                label: labels.name(l).to_string(),
                precision,
                recall,
                f1,
                support: gold,
            });
        }
        let total = self.total();
        let right: u64 = (0..n).map(|l| cell(l, l)).sum();
        let content_f1 = |m: &[[u64; 2]; 2]| prf(m[1][1], m[0][1] + m[1][1], m[1][0] + m[1][1]).2;
        Scores {
            blocks: total,
            labels: label_scores,
            macro_f1: if present > 0 {
                f1_sum / present as f64
            } else {
                0.0
            },
            accuracy: if total > 0 {
                right as f64 / total as f64
            } else {
                0.0
            },
            content_f1_blocks: content_f1(&self.content),
            content_f1_chars: content_f1(&self.content_chars),
            confusion: (0..n)
                .map(|g| (0..n).map(|p| cell(g, p)).collect())
                .collect(),
        }
    }
}

/// Precision, recall, F1 from true positives and the predicted and gold totals.
fn prf(tp: u64, predicted: u64, gold: u64) -> (f64, f64, f64) {
    let precision = if predicted > 0 {
        tp as f64 / predicted as f64
    } else {
        0.0
    };
    let recall = if gold > 0 {
        tp as f64 / gold as f64
    } else {
        0.0
    };
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    (precision, recall, f1)
}

impl Scores {
    /// F1 of one label, if it was scored.
    pub fn f1_of(&self, label: &str) -> Option<f64> {
        self.labels
            .iter()
            .find(|s| s.label == label && s.support > 0)
            .map(|s| s.f1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_and_mixed_scores() {
        let labels = LabelSet::standard();
        let mut c = Confusion::new(&labels);
        c.add(2, 2, 100, &labels); // body right
        c.add(4, 4, 10, &labels); // boilerplate right
        c.add(4, 2, 10, &labels); // boilerplate called body
        c.add(0, 2, 20, &labels); // headline called body: content either way
        let s = c.scores(&labels);
        assert_eq!(s.blocks, 4);
        assert!((s.accuracy - 0.5).abs() < 1e-12);
        // content: tp 2, fp 1, fn 0 → P 2/3, R 1 → F1 0.8
        assert!((s.content_f1_blocks - 0.8).abs() < 1e-12);
        // chars: tp 120, fp 10 → P 12/13, R 1
        assert!((s.content_f1_chars - 2.0 * (12.0 / 13.0) / (12.0 / 13.0 + 1.0)).abs() < 1e-12);
        assert_eq!(s.f1_of("headline"), Some(0.0));
        // macro over gold labels present: body P 1/3 R 1 → 0.5, boilerplate P 1 R 0.5 → 2/3, headline 0
        assert!((s.macro_f1 - (0.5 + 2.0 / 3.0 + 0.0) / 3.0).abs() < 1e-12);
    }
}
