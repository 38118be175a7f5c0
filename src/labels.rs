//! Labels. gleaner's standard set is headline, caption, body, quote and
//! boilerplate, but labels come from the training data: a model carries its
//! own [`LabelSet`], and a label is an index into it.

use serde::{Deserialize, Serialize};

/// The standard labels, in the order of the default label set.
pub const STANDARD_LABELS: [&str; 5] = ["headline", "caption", "body", "quote", "boilerplate"];

/// The label that marks text to drop. Content is every other label.
pub const BOILERPLATE: &str = "boilerplate";

/// An ordered set of label names. Label ids are indexes into it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelSet {
    names: Vec<String>,
}

impl LabelSet {
    /// The standard five labels.
    pub fn standard() -> LabelSet {
        LabelSet {
            names: STANDARD_LABELS.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// A label set from names, in the given order, without duplicates.
    ///
    /// # Errors
    /// Returns an error for an empty set, an empty or duplicate name.
    pub fn new(names: Vec<String>) -> crate::Result<LabelSet> {
        if names.len() < 2 {
            return Err(crate::Error::InvalidSetting(
                "a label set needs at least two labels".into(),
            ));
        }
        for (i, name) in names.iter().enumerate() {
            if name.is_empty() || name.chars().any(char::is_whitespace) {
                return Err(crate::Error::InvalidSetting(format!(
                    "invalid label name {name:?}"
                )));
            }
            if names[..i].contains(name) {
                return Err(crate::Error::InvalidSetting(format!(
                    "label {name:?} given twice"
                )));
            }
        }
        Ok(LabelSet { names })
    }

    /// The id of a label name.
    pub fn id(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// The name of a label id.
    ///
    /// # Panics
    /// Panics if `id` is not a label of this set.
    pub fn name(&self, id: usize) -> &str {
        &self.names[id]
    }

    /// All names, in id order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Number of labels.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether the set is empty (never true for a valid set).
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The names joined with commas, for messages.
    pub fn joined(&self) -> String {
        self.names.join(", ")
    }

    /// Whether the label is content (anything but boilerplate).
    pub fn is_content(&self, id: usize) -> bool {
        self.names[id] != BOILERPLATE
    }
}
