//! The page rules: corrections that run after decoding, in the order of
//! [`PAGE_RULES`]. Naive Bayes judges each block by its own features and a
//! few neighbours'; a rule sees the decoded page (where the paragraphs are,
//! which blocks repeat a headline) and changes labels the model was unsure
//! of. Each rule is named, can be switched off in the model's settings
//! ([`RuleSwitches`]) or for one run, and the prediction of a block whose
//! label it set names it ([`crate::model::Prediction::rule`]).
//!
//! A new correction is one more entry in [`PAGE_RULES`]: its name, what it
//! does, the label roles it needs and its function.

use super::{ArticleExtent, DecoderSettings};
use crate::document::BlockOutline;
use crate::error::{Error, Result};
use crate::labels::{LabelRoles, Role};
use serde::{Deserialize, Serialize};

/// One page rule.
pub struct PageRule {
    /// Its stable, kebab-case name (flags, model files, output).
    pub name: &'static str,
    /// What it does and why, in one line.
    pub summary: &'static str,
    /// The label roles it needs; with one missing from the label set it
    /// does not run.
    pub roles: &'static [Role],
    /// Its setting in the given decoder settings, as text, or `None` when
    /// it has none (cross-validation turned it off), so it does not run.
    setting: fn(&DecoderSettings) -> Option<String>,
    /// Changes the page's labels.
    apply: fn(&mut Page<'_>),
}

impl PartialEq for PageRule {
    /// Rules are one table's entries, told apart by their names.
    fn eq(&self, other: &PageRule) -> bool {
        self.name == other.name
    }
}

impl std::fmt::Debug for PageRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

impl PageRule {
    /// The rule of this name.
    pub fn by_name(name: &str) -> Option<&'static PageRule> {
        PAGE_RULES.iter().find(|rule| rule.name == name)
    }

    /// Its setting in `settings` (margin, window …), or `None` when it has
    /// none and so does not run.
    pub fn setting(&self, settings: &DecoderSettings) -> Option<String> {
        (self.setting)(settings)
    }
}

/// The page rules, in the order they run.
pub static PAGE_RULES: &[PageRule] = &[
    PageRule {
        name: "section-headings",
        summary: "a heading-shaped block between two paragraphs (or with a section anchor such as [edit]) becomes a headline",
        roles: &[Role::Headline, Role::Body],
        setting: |s| s.heading_margin.map(|m| format!("margin {m} nats")),
        apply: rescue_headings,
    },
    PageRule {
        name: "article-extent",
        summary: "body blocks after the stretch of the page with the most content (comments, related stories) become boilerplate",
        roles: &[Role::Body, Role::Boilerplate],
        setting: |s| {
            s.article_extent.map(|e| {
                format!(
                    "boilerplate cost {}, keep probability {}",
                    e.boilerplate_cost, e.keep_probability
                )
            })
        },
        apply: prune_after_article,
    },
    PageRule {
        name: "missed-title",
        summary: "with no headline above the article's first paragraph, the likeliest one there becomes the headline",
        roles: &[Role::Headline, Role::Body],
        setting: |s| s.title_margin.map(|m| format!("margin {m} nats")),
        apply: rescue_title,
    },
    PageRule {
        name: "headline-copy",
        summary: "a block with the same text as a headline next to it becomes a headline too",
        roles: &[Role::Headline],
        setting: |_| Some(format!("window {HEADLINE_COPY_WINDOW} blocks")),
        apply: copy_headlines,
    },
];

/// Whether a page rule runs with a model, and if not, why.
#[derive(Debug, Clone, PartialEq)]
pub enum RuleStatus {
    /// It runs, with this setting.
    On(String),
    /// The decoder settings switch it off.
    SwitchedOff,
    /// It has no setting: cross-validation found the model better without it.
    NoSetting,
    /// The label set has no label for these roles, so it cannot run.
    MissingRoles(Vec<Role>),
}

impl RuleStatus {
    /// Whether the rule runs.
    pub fn is_on(&self) -> bool {
        matches!(self, RuleStatus::On(_))
    }
}

impl std::fmt::Display for RuleStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RuleStatus::On(setting) => write!(f, "on ({setting})"),
            RuleStatus::SwitchedOff => f.write_str("off (switched off)"),
            RuleStatus::NoSetting => f.write_str("off (turned off by cross-validation)"),
            RuleStatus::MissingRoles(roles) => {
                let names: Vec<&str> = roles.iter().map(|r| r.label_name()).collect();
                write!(f, "unusable (no {} label)", names.join(" or "))
            }
        }
    }
}

impl PageRule {
    /// Whether this rule runs with these settings and label roles.
    pub fn status(&self, settings: &DecoderSettings, roles: &LabelRoles) -> RuleStatus {
        let missing = roles.missing(self.roles);
        if !missing.is_empty() {
            RuleStatus::MissingRoles(missing)
        } else if !settings.rules.is_on(self) {
            RuleStatus::SwitchedOff
        } else {
            self.setting(settings)
                .map_or(RuleStatus::NoSetting, RuleStatus::On)
        }
    }
}

/// Which page rules the settings switch off, by name. A rule not named
/// runs (when it has a setting and its label roles): a rule added to
/// gleaner later is on in every model that does not say otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RuleSwitches {
    /// Names of the rules switched off, in [`PAGE_RULES`] order.
    off: Vec<String>,
}

impl RuleSwitches {
    /// Every rule on.
    pub fn all_on() -> RuleSwitches {
        RuleSwitches::default()
    }

    /// Whether the rule is switched on.
    pub fn is_on(&self, rule: &PageRule) -> bool {
        !self.off.iter().any(|name| name == rule.name)
    }

    /// Switches the rule of this name on or off.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] for a name that is no rule's.
    pub fn set(&mut self, name: &str, on: bool) -> Result<()> {
        if PageRule::by_name(name).is_none() {
            return Err(Error::InvalidSetting(format!(
                "unknown page rule {name:?} (rules: {})",
                rule_names()
            )));
        }
        let mut off: Vec<&str> = self.off.iter().map(String::as_str).collect();
        off.retain(|n| *n != name);
        if !on {
            off.push(name);
        }
        // Table order, so that equal switches serialize to equal bytes.
        self.off = PAGE_RULES
            .iter()
            .filter(|rule| off.contains(&rule.name))
            .map(|rule| rule.name.to_string())
            .collect();
        Ok(())
    }

    /// The names of the rules switched off.
    pub fn off(&self) -> &[String] {
        &self.off
    }

    /// Checks that every name is a rule's (a model file could say anything).
    pub(crate) fn validate(&self) -> std::result::Result<(), String> {
        match self.off.iter().find(|n| PageRule::by_name(n).is_none()) {
            Some(name) => Err(format!(
                "unknown page rule {name:?} in the decoder settings"
            )),
            None => Ok(()),
        }
    }
}

/// All rule names, comma-separated, for messages.
pub fn rule_names() -> String {
    PAGE_RULES
        .iter()
        .map(|rule| rule.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// How many blocks before the first body block may hold a missed title. On
/// the dev pages, 90% of titles sit at most 12 blocks above the first
/// paragraph of 25 words or more (bylines, dates and share buttons come between).
pub const TITLE_WINDOW: usize = 12;

/// How far below its label's log-probability a heading with a section
/// anchor ([`BlockOutline::anchored`]) may put its headline one and still
/// become a headline. The page marks such headings itself, so the margin is
/// wide; it is fixed rather than tuned, since few pages have them (3 of the
/// 503 dev pages). On readability-en (3-fold cross-validation, one fixed
/// decoder), headline F1 0.437 at the heading rescue's margin (4 nats),
/// 0.500 at 8, 0.507 at 16, 0.509 with no limit; 49 of the 50 blocks
/// ending in `[edit]` there are headlines.
pub const ANCHORED_HEADING_MARGIN: f64 = 16.0;

/// The `headline-copy` rule: a block with the same text (its outline's
/// `text_key`) as a headline at most this many blocks away becomes a
/// headline too.
pub const HEADLINE_COPY_WINDOW: usize = 2;

/// A decoded page as the rules see it.
pub(crate) struct Page<'a> {
    /// The current labels, one per block.
    labels: Vec<usize>,
    /// Each block's log-posteriors, from the decoder's scores.
    log_posteriors: &'a [Box<[f64]>],
    /// Each block's outline (may be shorter than `labels`: a missing
    /// outline counts as an empty block).
    outlines: &'a [BlockOutline],
    settings: &'a DecoderSettings,
    roles: &'a LabelRoles,
    /// Where the article's stretch starts, once `article-extent` found it.
    article_start: Option<usize>,
}

/// Runs the rules the settings switch on (and the label roles allow), in
/// order, over decoded `labels`. Returns the final labels and, per block,
/// the rule that set its label: the last one that changed it, or none when
/// the block ends with the label the decoder gave it.
pub(crate) fn apply_page_rules(
    settings: &DecoderSettings,
    roles: &LabelRoles,
    log_posteriors: &[Box<[f64]>],
    outlines: &[BlockOutline],
    decoded: Vec<usize>,
) -> (Vec<usize>, Vec<Option<&'static PageRule>>) {
    let mut set_by: Vec<Option<&'static PageRule>> = vec![None; decoded.len()];
    let mut page = Page {
        labels: decoded.clone(),
        log_posteriors,
        outlines,
        settings,
        roles,
        article_start: None,
    };
    for rule in PAGE_RULES {
        if !rule.status(settings, roles).is_on() {
            continue;
        }
        let before = page.labels.clone();
        (rule.apply)(&mut page);
        for (i, (now, was)) in page.labels.iter().zip(&before).enumerate() {
            if now != was {
                set_by[i] = (*now != decoded[i]).then_some(rule);
            }
        }
    }
    (page.labels, set_by)
}

/// `section-headings`: see [`DecoderSettings::heading_margin`].
///
/// A one-line heading looks like a menu item to the features (short, no
/// full stop), and naive Bayes adds that evidence up once per feature;
/// the two body blocks around it are one cue among dozens. With the
/// neighbours' decoded labels known, a modest headline probability is
/// enough, for a block shaped like a heading: on readability-en (out of
/// fold), most blocks between two paragraphs that end like a sentence or
/// a clause ("or in matrix form:", "No answer.") are body, and the
/// shape lets the margin grow (see [`HEADING_WORDS`]).
///
/// It runs first: a heading taken for boilerplate would cost the article's
/// stretch as much as a menu item, and a short paragraph after it would
/// then fall outside the article. Tried and dropped: undoing a rescue
/// between two paragraphs that then fall after the stretch (taken for
/// comments). 5-fold, headline F1 0.636 -> 0.627, trafilatura-half 0.613
/// -> 0.584, at the same decoder settings: it undid more right headlines
/// than wrong ones.
///
/// [`HEADING_WORDS`]: crate::document::HEADING_WORDS
fn rescue_headings(page: &mut Page<'_>) {
    let (Some(margin), Some(headline), Some(body)) = (
        page.settings.heading_margin,
        page.roles.headline,
        page.roles.body,
    ) else {
        return;
    };
    let labels = &mut page.labels;
    for i in 0..labels.len() {
        let label = labels[i];
        let Some(outline) = page.outlines.get(i).filter(|o| o.heading_shaped) else {
            continue;
        };
        // A heading with a section anchor needs no paragraphs around it:
        // the next block is often a "Main article: …" line or a table.
        let between_paragraphs = i > 0 && labels[i - 1] == body && labels.get(i + 1) == Some(&body);
        let gap = page.log_posteriors[i][label] - page.log_posteriors[i][headline];
        if (between_paragraphs && gap <= margin)
            || (outline.anchored && gap <= ANCHORED_HEADING_MARGIN)
        {
            labels[i] = headline;
        }
    }
}

/// `article-extent`: body blocks after the article's stretch; see
/// [`ArticleExtent`]. Records where the stretch starts, for
/// `missed-title`.
fn prune_after_article(page: &mut Page<'_>) {
    let (Some(extent), Some(body), Some(boilerplate)) = (
        page.settings.article_extent,
        page.roles.body,
        page.roles.boilerplate,
    ) else {
        return;
    };
    let ArticleExtent {
        boilerplate_cost,
        keep_probability,
    } = extent;
    let quote = page.roles.quote;
    let labels = &mut page.labels;
    let outlines = page.outlines;
    let is_text = |labels: &[usize], i: usize| {
        labels
            .get(i)
            .is_some_and(|&l| l == body || Some(l) == quote)
    };
    let worth = |labels: &[usize], i: usize| {
        let label = labels[i];
        if is_text(labels, i) {
            outlines.get(i).map_or(0, |o| o.chars) as f64
        } else if label != boilerplate {
            0.0
        } else if i > 0 && is_text(labels, i - 1) && is_text(labels, i + 1) {
            // An "Advertisement" or "Read more" between two paragraphs
            // interrupts the article, it does not end it: at a cost, a
            // news story of short paragraphs with one after each was cut
            // after its first. Between comments come two or more
            // (the name, the date, "Reply").
            0.0
        } else {
            -boilerplate_cost
        }
    };
    // The stretch of the largest total worth (Kadane's maximum subarray).
    let (mut best, mut stretch) = (0.0, None);
    let (mut running, mut start) = (0.0, 0);
    for i in 0..labels.len() {
        if running <= 0.0 {
            running = 0.0;
            start = i;
        }
        running += worth(labels, i);
        if running > best {
            best = running;
            stretch = Some(start..=i);
        }
    }
    let Some(stretch) = stretch else {
        return;
    };
    let keep = keep_probability.ln();
    for (i, label) in labels.iter_mut().enumerate() {
        if *label == body && i > *stretch.end() && page.log_posteriors[i][body] < keep {
            *label = boilerplate;
        }
    }
    page.article_start = Some(*stretch.start());
}

/// `missed-title`: see [`DecoderSettings::title_margin`].
///
/// Naive Bayes judges a title by what it shares with the blocks around
/// it, and a title set between a menu and a byline shares their shape
/// (short, no full stop, boilerplate neighbours); on the dev pages most
/// missed titles came out boilerplate at > 0.9. Asking which block of the
/// head is the likeliest headline compares the candidates with each
/// other instead of with the menu.
fn rescue_title(page: &mut Page<'_>) {
    let (Some(margin), Some(headline), Some(body)) = (
        page.settings.title_margin,
        page.roles.headline,
        page.roles.body,
    ) else {
        return;
    };
    let labels = &mut page.labels;
    // The article's first body block: a teaser paragraph in the page's
    // header is not where the title is.
    let from = page.article_start.unwrap_or(0);
    let Some(first_body) = labels[from..]
        .iter()
        .position(|&l| l == body)
        .map(|i| from + i)
    else {
        return;
    };
    let head = first_body.saturating_sub(TITLE_WINDOW)..first_body;
    if labels[head.clone()].contains(&headline) {
        return;
    }
    let log_posteriors = page.log_posteriors;
    let gap = |i: usize| log_posteriors[i][labels[i]] - log_posteriors[i][headline];
    if let Some(best) = head.min_by(|&a, &b| gap(a).total_cmp(&gap(b)))
        && gap(best) <= margin
    {
        labels[best] = headline;
    }
}

/// `headline-copy`: a block with the same text as a headline at most
/// [`HEADLINE_COPY_WINDOW`] blocks away is a headline too: a page that
/// prints its title twice (the page's title, then the article's, or a
/// title above and below the lead photo) has two headlines, as the
/// user's reference article is labeled. Naive Bayes scores the copies
/// alike, and sequence decoding, which has seldom seen a headline follow
/// a headline, keeps only one; on trafilatura-half's pages the one kept
/// was often the copy its labels leave out. Out of fold (5-fold dump of
/// the default training data), headline F1 on trafilatura-half 0.627 ->
/// 0.638, on the authored pages 0.861 -> 0.868, on aeb 0.323 -> 0.319
/// (whose labels call a title's first copy boilerplate); a window of 3
/// or more took readability-en's from 0.480 to 0.479 and lower (its
/// tables of contents repeat its section headings). Fixed, not tuned.
fn copy_headlines(page: &mut Page<'_>) {
    let Some(headline) = page.roles.headline else {
        return;
    };
    let (labels, outlines) = (&mut page.labels, page.outlines);
    // Blocks without an outline (lengths that do not match) are left alone.
    let n = labels.len().min(outlines.len());
    let headlines: Vec<usize> = (0..n).filter(|&i| labels[i] == headline).collect();
    for i in headlines {
        let near = i.saturating_sub(HEADLINE_COPY_WINDOW)..(i + HEADLINE_COPY_WINDOW + 1).min(n);
        for j in near {
            if outlines[j].text_key == outlines[i].text_key && outlines[j].chars > 0 {
                labels[j] = headline;
            }
        }
    }
}

#[cfg(test)]
mod tests;
