//! Measuring labels against gold labels: per file, overall, per language,
//! with a confusion matrix and the worst mistakes. It only measures:
//! cross-validation, which trains, is in [`crate::train`].

mod metrics;

pub use metrics::{Confusion, LabelScore, Scores};

use crate::data::LabeledDocument;
use crate::labels::LabelSet;
use crate::model::Prediction;
use serde::Serialize;

/// Scores of one group of documents (a file, a language, everything).
#[derive(Debug, Clone, Serialize)]
pub struct GroupScores {
    /// The group's name: a file path, a language code, or "overall".
    pub name: String,
    /// Documents in the group.
    pub documents: usize,
    /// The scores.
    pub scores: Scores,
}

/// A misclassified block, for `--errors`.
#[derive(Debug, Clone, Serialize)]
pub struct BlockError {
    /// The document's id.
    pub document: String,
    /// The block's index in its document.
    pub block: usize,
    /// The gold label.
    pub gold: String,
    /// The predicted label.
    pub predicted: String,
    /// The probability the model gave its (wrong) label; `None` when a page
    /// rule set it (see [`Prediction::probability`]).
    pub probability: Option<f64>,
    /// The page rule that set the label, if one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<&'static str>,
    /// The block's element, for a page read from HTML.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// The block element's DOM path, for a page read from HTML.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dom_path: Option<String>,
    /// The block's length in characters (what a mistake costs in
    /// character-weighted scores).
    pub chars: usize,
    /// The block's text.
    pub text: String,
}

/// The full evaluation report.
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    /// The label names, in the confusion matrices' order.
    pub labels: Vec<String>,
    /// All documents together.
    pub overall: GroupScores,
    /// One entry per input file.
    pub files: Vec<GroupScores>,
    /// One entry per document language (`lang` of the record, or "unknown").
    pub languages: Vec<GroupScores>,
    /// The most confident mistakes, most confident first.
    pub errors: Vec<BlockError>,
    /// When some pages were read with their HTML: the same pages scored as
    /// plain text (the text factor alone), to compare the two inputs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_plain_text: Option<Box<EvalReport>>,
}

/// One scored document: its gold labels, its predictions, and the group (file) it belongs to.
pub struct ScoredDocument<'a> {
    /// The gold document.
    pub gold: &'a LabeledDocument,
    /// The file it came from.
    pub file: String,
    /// Predicted labels, one per block.
    pub predictions: Vec<Prediction>,
}

/// Builds the report from scored documents; `max_errors` limits the error list.
pub fn report(labels: &LabelSet, documents: &[ScoredDocument], max_errors: usize) -> EvalReport {
    let mut overall = (0, Confusion::new(labels));
    let mut files: Vec<(String, usize, Confusion)> = Vec::new();
    let mut languages: Vec<(String, usize, Confusion)> = Vec::new();
    let mut errors = Vec::new();
    for scored in documents {
        let confusion = document_confusion(labels, scored, &mut errors);
        overall.0 += 1;
        overall.1.merge(&confusion);
        let lang = scored.gold.lang.clone().unwrap_or_else(|| "unknown".into());
        for (groups, key) in [(&mut files, scored.file.clone()), (&mut languages, lang)] {
            match groups.iter_mut().find(|(name, _, _)| *name == key) {
                Some((_, n, c)) => {
                    *n += 1;
                    c.merge(&confusion);
                }
                None => groups.push((key, 1, confusion.clone())),
            }
        }
    }
    languages.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    errors.sort_by(|a: &BlockError, b| {
        // A rule's mistakes, which have no probability, come last.
        let confidence = |e: &BlockError| e.probability.unwrap_or(-1.0);
        confidence(b)
            .total_cmp(&confidence(a))
            .then(a.document.cmp(&b.document))
            .then(a.block.cmp(&b.block))
    });
    errors.truncate(max_errors);
    let group = |(name, documents, confusion): (String, usize, Confusion)| GroupScores {
        name,
        documents,
        scores: confusion.scores(labels),
    };
    EvalReport {
        labels: labels.names().to_vec(),
        overall: group(("overall".into(), overall.0, overall.1)),
        files: files.into_iter().map(group).collect(),
        languages: languages.into_iter().map(group).collect(),
        errors,
        as_plain_text: None,
    }
}

fn document_confusion(
    labels: &LabelSet,
    scored: &ScoredDocument,
    errors: &mut Vec<BlockError>,
) -> Confusion {
    let mut confusion = Confusion::new(labels);
    for (index, (gold, prediction)) in scored
        .gold
        .labels
        .iter()
        .zip(&scored.predictions)
        .enumerate()
    {
        let Some(gold) = *gold else { continue };
        let block = &scored.gold.document.blocks[index];
        let text = &block.text;
        let chars = text.chars().count();
        confusion.add(gold, prediction.label, chars, labels);
        if gold != prediction.label {
            errors.push(BlockError {
                document: scored.gold.document.id.clone(),
                block: index,
                gold: labels.name(gold).to_string(),
                predicted: labels.name(prediction.label).to_string(),
                probability: prediction.probability,
                rule: prediction.rule.map(|rule| rule.name),
                tag: block.evidence.as_ref().map(|e| e.tag.clone()),
                dom_path: block.evidence.as_ref().map(|e| e.dom_path.clone()),
                chars,
                text: text.clone(),
            });
        }
    }
    confusion
}
