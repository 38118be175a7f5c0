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

/// What a label means to the page rules ([`crate::model::PAGE_RULES`]): a
/// rule that turns boilerplate into a headline must know which label is
/// which, whatever the label set calls them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The article's title and its section headings (`headline`).
    Headline,
    /// The article's running paragraphs (`body`).
    Body,
    /// Quotations, which count as the article's text (`quote`).
    Quote,
    /// Text to drop (`boilerplate`).
    Boilerplate,
}

impl Role {
    /// The standard label that plays this role.
    pub fn label_name(self) -> &'static str {
        match self {
            Role::Headline => "headline",
            Role::Body => "body",
            Role::Quote => "quote",
            Role::Boilerplate => BOILERPLATE,
        }
    }
}

/// The label ids that play each [`Role`] in one label set, resolved once
/// (when a model is built or read) so that the rules compare ids, not names.
/// A label set of its own (`train --labels a,b`) may lack some: the rules
/// that need them do not run, and [`crate::model::Model::unusable_rules`]
/// says which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LabelRoles {
    /// The `headline` label.
    pub headline: Option<usize>,
    /// The `body` label.
    pub body: Option<usize>,
    /// The `quote` label.
    pub quote: Option<usize>,
    /// The `boilerplate` label.
    pub boilerplate: Option<usize>,
}

impl LabelRoles {
    /// The roles of a label set's labels, by their standard names.
    pub fn of(labels: &LabelSet) -> LabelRoles {
        LabelRoles {
            headline: labels.id(Role::Headline.label_name()),
            body: labels.id(Role::Body.label_name()),
            quote: labels.id(Role::Quote.label_name()),
            boilerplate: labels.id(Role::Boilerplate.label_name()),
        }
    }

    /// The label playing `role`, if the set has one.
    pub fn get(&self, role: Role) -> Option<usize> {
        match role {
            Role::Headline => self.headline,
            Role::Body => self.body,
            Role::Quote => self.quote,
            Role::Boilerplate => self.boilerplate,
        }
    }

    /// The roles among `needed` that no label plays.
    pub fn missing(&self, needed: &[Role]) -> Vec<Role> {
        needed
            .iter()
            .copied()
            .filter(|&role| self.get(role).is_none())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_found_by_name_wherever_the_labels_sit() {
        let standard = LabelRoles::of(&LabelSet::standard());
        assert_eq!(standard.headline, Some(0));
        assert_eq!(standard.boilerplate, Some(4));
        let names = ["boilerplate", "body", "ad"].map(String::from).to_vec();
        let own = LabelRoles::of(&LabelSet::new(names).expect("valid labels"));
        assert_eq!(own.body, Some(1));
        assert_eq!(own.boilerplate, Some(0));
        assert_eq!(
            own.missing(&[Role::Headline, Role::Body, Role::Quote]),
            [Role::Headline, Role::Quote]
        );
    }
}
