//! The markup's evidence → sparse features for the model's HTML factor.
//!
//! A page read from HTML says much of what its text leaves open: a heading
//! is an `<h1>`, a caption a `<figcaption>`, a menu sits in `<nav>`. These
//! features live in a hash space of their own and feed a naive-Bayes factor
//! of their own, added to the text factor with a tuned weight: plain text,
//! which has no markup, is scored by the text factor alone, exactly as a
//! model without HTML would score it.

use super::families::{Axis, Family, Group as G, Weight as W};
use super::{FeatureSink, NamedFeature, SparseFeatures};
use crate::document::Document;
use crate::html::{AncestorFlags, HtmlEvidence, PageMetadata};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How the markup's evidence becomes features. Stored in the model file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HtmlFeatureSettings {
    /// Features are hashed into `2^hash_bits` buckets.
    pub hash_bits: u8,
    /// Weight of each feature of the block's own markup.
    pub block_weight: f32,
    /// Weight of each feature of a neighbour's markup.
    pub context_weight: f32,
}

impl Default for HtmlFeatureSettings {
    fn default() -> Self {
        HtmlFeatureSettings {
            hash_bits: 14,
            block_weight: 1.0,
            context_weight: 0.5,
        }
    }
}

impl HtmlFeatureSettings {
    /// Number of feature buckets.
    pub fn dimension(&self) -> usize {
        1usize << self.hash_bits
    }

    /// Checks the settings.
    ///
    /// # Errors
    /// [`crate::Error::InvalidSetting`] for a value out of range.
    pub fn validate(&self) -> crate::Result<()> {
        if !(8..=20).contains(&self.hash_bits) {
            return Err(crate::Error::InvalidSetting(format!(
                "html hash_bits must be 8..=20, not {}",
                self.hash_bits
            )));
        }
        super::check_weights(&[
            ("html block_weight", self.block_weight),
            ("html context_weight", self.context_weight),
        ])
    }
}

/// The markup's feature families, for `gleaner features` and `--explain`.
pub(super) const FAMILIES: &[Family] = &[
    Family::new("html.tag", G::Html, W::HtmlBlock, &[], "The block's element: <h1> is a title, <figcaption> a caption, <li> a list item or a menu entry."),
    Family::new("html.parent", G::Html, W::HtmlBlock, &[], "The element around the block element: a <p> in a <div> of its own is a caption more often than one among others."),
    Family::new("html.inside", G::Html, W::HtmlBlock, &[], "Each kind of element the block sits in: article, main, header, footer, nav, aside, figure, figcaption, blockquote, heading, li, cell, form, a."),
    Family::new("html.links", G::Html, W::HtmlBlock, &[], "How much of the block is link text (none, some, most, all): menus and related links are all links."),
    Family::new("html.tag×links", G::Html, W::HtmlBlock, &[Axis::text("tag"), Axis::text("links")], "The element with its link share: an <li> of links is a menu entry, an <li> of text a list item."),
    Family::new("html.depth", G::Html, W::HtmlBlock, &[], "How deep the block element sits, by fours: chrome tends to sit deep in wrappers."),
    Family::new("html.media", G::Html, W::HtmlBlock, &[], "An image, picture, figure or video in or next to the block: captions sit by them."),
    Family::new("html.tag×media", G::Html, W::HtmlBlock, &[Axis::text("tag"), Axis::text("media")], "The element next to media: a <p> under an image is a caption, an <a> a teaser."),
    Family::new("html.title", G::Html, W::HtmlBlock, &[], "How the block's text matches the page's own titles (<title>, og:title, twitter:title, JSON-LD headline): same, part (site name set off), within, no, untitled."),
    Family::new("html.tag×title", G::Html, W::HtmlBlock, &[Axis::text("tag"), Axis::text("title")], "The element with the title match: an <h1> that is the page's title is the headline."),
    Family::new("html.class", G::Html, W::HtmlTokens, &[], "The words of the class, id and itemprop values of the block element and its ancestors (split and lower-cased): nav, footer, caption, byline, related, comment …"),
    Family::new("html.main", G::Html, W::HtmlBlock, &[], "Whether the block sits in the page's main text container (the element whose paragraphs hold the most running text, scored as reader modes score candidates): in, beside (in its parent), out, none."),
    Family::new("html.tag×main", G::Html, W::HtmlBlock, &[Axis::text("tag"), Axis::text("main")], "The element with its place against the main container: an <li> in it is a list item of the article, one outside a menu entry; a <p> outside it a teaser or a comment."),
    Family::new("html.links×main", G::Html, W::HtmlBlock, &[Axis::text("links"), Axis::text("main")], "The link share with the place against the main container: links inside the text are citations, outside it navigation."),
    Family::new("html.main_position", G::Html, W::HtmlBlock, &[], "Where the block lies against the main container's first and last blocks: before or after it (near: within three blocks), or within: the title and byline sit just before the text, related links and comments after."),
    Family::new("html.container_links", G::Html, W::HtmlBlock, &[], "How much of the text of the block's enclosing element is link text (none, some, most, all): a menu's list is all links, an article's body hardly any."),
    Family::new("html.container_text", G::Html, W::HtmlBlock, &[], "The enclosing element's share of the page's text, by ranges: the article's body holds much of it, a widget little."),
    Family::new("html.class_near", G::Html, W::HtmlTokens, &[], "The first four class, id and itemprop words, the block element's and its nearest ancestors': a comment, caption or footer wrapper says most when it is close; far ones share html.class's small weight."),
    Family::new("html.prev_tag", G::Html, W::HtmlContext, &[], "The previous block's element (^ at the start)."),
    Family::new("html.next_tag", G::Html, W::HtmlContext, &[], "The next block's element ($ at the end)."),
    Family::new("html.tag×prev_tag", G::Html, W::HtmlContext, &[Axis::text("tag"), Axis::text("prev_tag")], "The element after the previous one: a <p> after an <h2> starts a section."),
    Family::new("html.tag×next_tag", G::Html, W::HtmlContext, &[Axis::text("tag"), Axis::text("next_tag")], "The element before the next one: an <h2> before a <p> is a section heading."),
    Family::new("html.prev_links×next_links", G::Html, W::HtmlContext, &[Axis::text("prev_links"), Axis::text("next_links")], "The neighbours' link shares: a block between links is in a menu or a list of teasers."),
];

/// Every block's markup features, or `None` for a document without markup
/// (plain text, or a labeled record without its page).
pub fn html_document_features(
    document: &Document,
    settings: &HtmlFeatureSettings,
) -> Option<Vec<SparseFeatures>> {
    compute(document, settings, false)
        .map(|blocks| blocks.into_iter().map(|(features, _)| features).collect())
}

/// [`html_document_features`] with each feature's name, for explaining a
/// prediction.
pub fn named_html_document_features(
    document: &Document,
    settings: &HtmlFeatureSettings,
) -> Option<Vec<Vec<NamedFeature>>> {
    compute(document, settings, true).map(|blocks| {
        blocks
            .into_iter()
            .map(|(_, names)| names.unwrap_or_default())
            .collect()
    })
}

fn compute(
    document: &Document,
    settings: &HtmlFeatureSettings,
    with_names: bool,
) -> Option<Vec<(SparseFeatures, Option<Vec<NamedFeature>>)>> {
    let metadata = document.metadata.as_deref()?;
    let evidence: Vec<Option<&HtmlEvidence>> =
        document.blocks.iter().map(|b| b.evidence.as_deref()).collect();
    let titles = TitleParts::of(metadata);
    let clusters = TextClusters::of(&evidence, &document.blocks);
    let mut sink = FeatureSink::with_dimension(settings.dimension(), with_names);
    Some(
        (0..evidence.len())
            .map(|i| {
                add_block(&mut sink, &document.blocks[i].text, evidence[i], &titles, settings);
                add_container(&mut sink, &clusters, evidence[i], i, settings.block_weight);
                add_neighbours(&mut sink, &evidence, i, settings.context_weight);
                sink.finish()
            })
            .collect(),
    )
}

/// The features of a block's own markup.
fn add_block(
    sink: &mut FeatureSink,
    text: &str,
    evidence: Option<&HtmlEvidence>,
    titles: &TitleParts,
    settings: &HtmlFeatureSettings,
) {
    let weight = settings.block_weight;
    let Some(evidence) = evidence else {
        // A block the reader did not cut (a labeled record's block that the
        // page no longer has): its own kind of evidence.
        sink.add(kind!("html.tag"), "?", weight);
        return;
    };
    let tag = evidence.tag.as_str();
    sink.add(kind!("html.tag"), tag, weight);
    sink.add(kind!("html.parent"), parent_tag(&evidence.dom_path), weight);
    for (flag, name) in ANCESTOR_NAMES {
        if evidence.ancestors.has(flag) {
            sink.add(kind!("html.inside"), name, weight);
        }
    }
    let links = link_share(evidence.link_density());
    sink.add(kind!("html.links"), links, weight);
    sink.add_joined(kind!("html.tag×links"), &[tag, "|", links], weight);
    sink.add(kind!("html.depth"), depth_range(evidence.depth), weight);
    if evidence.near_media {
        sink.add(kind!("html.media"), "near", weight);
        sink.add_joined(kind!("html.tag×media"), &[tag, "|near"], weight);
    }
    let title = titles.match_of(text);
    sink.add(kind!("html.title"), title, weight);
    sink.add_joined(kind!("html.tag×title"), &[tag, "|", title], weight);
    // Class and id words add up to at most the weight of two features, so
    // that a block deep in a page with many classes does not drown its tag.
    // The nearest words also count on their own, each at half a feature.
    for token in evidence.tokens.iter().take(4) {
        sink.add(kind!("html.class_near"), token, weight * 0.5);
    }
    if !evidence.tokens.is_empty() {
        let token_weight = weight * (2.0 / evidence.tokens.len() as f32).min(1.0);
        for token in &evidence.tokens {
            sink.add(kind!("html.class"), token, token_weight);
        }
    }
}

/// Where the block sits against the page's text clusters.
fn add_container(
    sink: &mut FeatureSink,
    clusters: &TextClusters,
    evidence: Option<&HtmlEvidence>,
    i: usize,
    weight: f32,
) {
    let Some(evidence) = evidence else { return };
    let main = clusters.main_relation(evidence);
    sink.add(kind!("html.main"), main, weight);
    sink.add_joined(kind!("html.tag×main"), &[&evidence.tag, "|", main], weight);
    let links = link_share(evidence.link_density());
    sink.add_joined(kind!("html.links×main"), &[links, "|", main], weight);
    sink.add(kind!("html.main_position"), clusters.main_position(i), weight);
    let containers = &evidence.containers;
    // The enclosing element: the block element's parent, or the block
    // element itself at the top.
    let Some(&container) = containers.iter().rev().nth(1).or(containers.last()) else {
        return;
    };
    let (chars, link_chars) = clusters.text_of(container);
    let density = if chars == 0 { 0.0 } else { link_chars as f32 / chars as f32 };
    sink.add(kind!("html.container_links"), link_share(density), weight);
    let share = chars as f32 / clusters.page_chars.max(1) as f32;
    sink.add(kind!("html.container_text"), text_share(share), weight);
}

/// The neighbours' tags and link shares: a caption follows a figure, a
/// section heading sits between paragraphs, a menu item among links.
fn add_neighbours(
    sink: &mut FeatureSink,
    evidence: &[Option<&HtmlEvidence>],
    i: usize,
    weight: f32,
) {
    let describe = |j: Option<usize>| -> (&str, &str) {
        match j.map(|j| evidence.get(j).copied().flatten()) {
            None => ("^", "^"),
            Some(None) => ("?", "?"),
            Some(Some(e)) => (e.tag.as_str(), link_share(e.link_density())),
        }
    };
    let (own_tag, _) = describe(Some(i));
    let (previous_tag, previous_links) = describe(i.checked_sub(1));
    let (next_tag, next_links) = if i + 1 < evidence.len() {
        describe(Some(i + 1))
    } else {
        ("$", "$")
    };
    sink.add(kind!("html.prev_tag"), previous_tag, weight);
    sink.add(kind!("html.next_tag"), next_tag, weight);
    sink.add_joined(kind!("html.tag×prev_tag"), &[own_tag, "|", previous_tag], weight);
    sink.add_joined(kind!("html.tag×next_tag"), &[own_tag, "|", next_tag], weight);
    sink.add_joined(
        kind!("html.prev_links×next_links"),
        &[previous_links, "|", next_links],
        weight,
    );
}

/// The ancestor kinds, by the names the features give them.
const ANCESTOR_NAMES: [(u32, &str); 14] = [
    (AncestorFlags::ARTICLE, "article"),
    (AncestorFlags::MAIN, "main"),
    (AncestorFlags::HEADER, "header"),
    (AncestorFlags::FOOTER, "footer"),
    (AncestorFlags::NAV, "nav"),
    (AncestorFlags::ASIDE, "aside"),
    (AncestorFlags::FIGURE, "figure"),
    (AncestorFlags::FIGCAPTION, "figcaption"),
    (AncestorFlags::BLOCKQUOTE, "blockquote"),
    (AncestorFlags::HEADING, "heading"),
    (AncestorFlags::LIST_ITEM, "li"),
    (AncestorFlags::TABLE_CELL, "cell"),
    (AncestorFlags::FORM, "form"),
    (AncestorFlags::LINK, "a"),
];

/// An element depth in words: the block element's depth below `<html>`,
/// by fours (a menu sits deep in wrappers, a `<p>` of a simple blog does not).
fn depth_range(depth: usize) -> &'static str {
    const RANGES: [&str; 8] = ["0-3", "4-7", "8-11", "12-15", "16-19", "20-23", "24-27", "28+"];
    RANGES[(depth / 4).min(RANGES.len() - 1)]
}

/// A link share in words: none, some (under a third), most, all (nine
/// tenths or more: a menu item, a related link).
fn link_share(density: f32) -> &'static str {
    if density <= 0.0 {
        "none"
    } else if density < 0.33 {
        "some"
    } else if density < 0.9 {
        "most"
    } else {
        "all"
    }
}

/// A share of the page's text in words.
fn text_share(share: f32) -> &'static str {
    if share < 0.02 {
        "<2%"
    } else if share < 0.1 {
        "2-10%"
    } else if share < 0.3 {
        "10-30%"
    } else if share < 0.6 {
        "30-60%"
    } else {
        "60%+"
    }
}

/// The page's text summed per block-level element, and its main text
/// container: each paragraph-like block (at least 25 characters, under a
/// third links) scores `1 + commas + min(chars / 100, 3)` for its parent,
/// half that for its grandparent and a sixth for the one above (the
/// candidate scoring of reader modes such as Readability); an element's
/// score is then discounted by its own link share, and the best is the
/// main container. Expressed as features, not as a cut: the model weighs
/// being inside it against everything else it knows.
struct TextClusters {
    /// Characters and link characters per element id.
    text: HashMap<usize, (usize, usize)>,
    page_chars: usize,
    /// The main container and its parent, if the page has running text.
    main: Option<(usize, Option<usize>)>,
    /// Index of the first and last block inside the main container.
    main_span: Option<(usize, usize)>,
}

impl TextClusters {
    fn of(evidence: &[Option<&HtmlEvidence>], blocks: &[crate::document::Block]) -> TextClusters {
        let mut text: HashMap<usize, (usize, usize)> = HashMap::new();
        let mut scores: HashMap<usize, f64> = HashMap::new();
        let mut page_chars = 0;
        for (e, block) in evidence.iter().zip(blocks) {
            let Some(e) = e else { continue };
            page_chars += e.chars;
            for &id in &e.containers {
                let entry = text.entry(id).or_default();
                entry.0 += e.chars;
                entry.1 += e.link_chars;
            }
            if e.chars < 25 || e.link_density() >= 0.33 {
                continue;
            }
            let commas = block
                .text
                .chars()
                .filter(|c| matches!(c, ',' | '，' | '、' | '،'))
                .count();
            let score = 1.0 + commas as f64 + (e.chars / 100).min(3) as f64;
            for (level, &id) in e.containers.iter().rev().skip(1).take(3).enumerate() {
                let share = match level {
                    0 => 1.0,
                    1 => 0.5,
                    _ => 1.0 / 6.0,
                };
                *scores.entry(id).or_default() += score * share;
            }
        }
        let main = scores
            .iter()
            .map(|(&id, &score)| {
                let (chars, links) = text.get(&id).copied().unwrap_or_default();
                let density = if chars == 0 { 0.0 } else { links as f64 / chars as f64 };
                (id, score * (1.0 - density))
            })
            // Ties go to the element first in the page (the lower id),
            // so the choice does not depend on the map's order.
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(id, _)| id);
        let main = main.map(|id| {
            let parent = evidence.iter().flatten().find_map(|e| {
                let at = e.containers.iter().position(|&c| c == id)?;
                Some(at.checked_sub(1).map(|p| e.containers[p]))
            });
            // A parent that holds (nearly) the whole page, `<body>` or a
            // page wrapper, sets nothing apart.
            let parent = parent.flatten().filter(|p| {
                let chars = text.get(p).map_or(0, |t| t.0);
                (chars as f64) < 0.95 * page_chars as f64
            });
            (id, parent)
        });
        let main_span = main.and_then(|(id, _)| {
            let inside = |e: &Option<&HtmlEvidence>| e.is_some_and(|e| e.containers.contains(&id));
            let first = evidence.iter().position(inside)?;
            let last = evidence.iter().rposition(inside)?;
            Some((first, last))
        });
        TextClusters {
            text,
            page_chars,
            main,
            main_span,
        }
    }

    /// Characters and link characters inside an element.
    fn text_of(&self, id: usize) -> (usize, usize) {
        self.text.get(&id).copied().unwrap_or_default()
    }

    /// `in` the main container, `beside` it (in its parent, unless that
    /// holds nearly the whole page), `out`, or
    /// `none` on a page without running text.
    fn main_relation(&self, evidence: &HtmlEvidence) -> &'static str {
        let Some((main, parent)) = self.main else {
            return "none";
        };
        if evidence.containers.contains(&main) {
            "in"
        } else if parent.is_some_and(|p| evidence.containers.contains(&p)) {
            "beside"
        } else {
            "out"
        }
    }

    /// Block `i` against the main container's first and last blocks.
    fn main_position(&self, i: usize) -> &'static str {
        const NEAR: usize = 3;
        match self.main_span {
            None => "none",
            Some((first, _)) if i < first => {
                if first - i <= NEAR { "before_near" } else { "before" }
            }
            Some((_, last)) if i > last => {
                if i - last <= NEAR { "after_near" } else { "after" }
            }
            Some(_) => "within",
        }
    }
}

/// The tag of the block element's parent in its DOM path (`div` in
/// `body>div.article>p`), or `^` at the top.
fn parent_tag(dom_path: &str) -> &str {
    let mut steps = dom_path.rsplit('>');
    steps.next();
    steps
        .next()
        .map_or("^", |step| step.split(['.', '#']).next().unwrap_or(step))
}

/// The page's own titles (`<title>`, `og:title`, `twitter:title`, JSON-LD
/// `headline`), normalized, whole and in the parts a site name is usually
/// set off by (`|`, ` - `, ` – `, ` — `, `:`).
struct TitleParts {
    whole: Vec<String>,
    parts: Vec<String>,
    /// The most characters of any whole title or part.
    longest: usize,
}

impl TitleParts {
    fn of(metadata: &PageMetadata) -> TitleParts {
        let titles = [
            &metadata.title,
            &metadata.og_title,
            &metadata.twitter_title,
            &metadata.json_ld_headline,
        ];
        let mut whole = Vec::new();
        let mut parts = Vec::new();
        for title in titles.into_iter().flatten() {
            let normalized = normalize(title);
            if normalized.is_empty() {
                continue;
            }
            for part in title.split(['|', '–', '—', ':']).flat_map(|p| p.split(" - ")) {
                let part = normalize(part);
                if part.chars().count() >= 4 && !parts.contains(&part) {
                    parts.push(part);
                }
            }
            if !whole.contains(&normalized) {
                whole.push(normalized);
            }
        }
        let longest = whole
            .iter()
            .chain(&parts)
            .map(|t| t.chars().count())
            .max()
            .unwrap_or(0);
        TitleParts {
            whole,
            parts,
            longest,
        }
    }

    /// How a block's text matches the titles: `same` (a whole title),
    /// `part` (a part of one, the site name set off), `within` (a longer
    /// title contains it), or `no`.
    fn match_of(&self, text: &str) -> &'static str {
        if self.whole.is_empty() {
            return "untitled";
        }
        // Normalizing keeps every letter and digit (lower-cased into one
        // character or more), so a text with more of them than the longest
        // title matches nothing: most blocks are told so without building
        // their normalized text, which took a quarter of this module's time.
        if text.chars().filter(|c| c.is_alphanumeric()).nth(self.longest).is_some() {
            return "no";
        }
        let text = normalize(text);
        if text.is_empty() {
            "no"
        } else if self.whole.contains(&text) {
            "same"
        } else if self.parts.contains(&text) {
            "part"
        } else if text.chars().count() >= 12 && self.whole.iter().any(|t| t.contains(&text)) {
            "within"
        } else {
            "no"
        }
    }
}

/// Lower-cased words joined by one space.
fn normalize(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::document_from_text;
    use crate::html::read_html_str;

    const PAGE: &str = r#"<html><head><title>Harbour park opens | Coast News</title></head>
<body><nav class="main-menu"><ul><li><a href="/">Home</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>Harbour park opens</h1>
<figure><img src="park.jpg"><figcaption>The new lawns on Monday. Photo: Ann Berg</figcaption></figure>
<p class="lead">The town opened its harbour park on Monday, ten years after the shipyard closed.</p>
<h2>What comes next</h2><p>A cycling path along the water follows in the spring, the council said.</p></article>
<footer><p>© Coast News. <a href="/about">About us</a></p></footer></body></html>"#;

    #[test]
    fn plain_text_has_no_markup_features() {
        let document = document_from_text("t", "Title\n\nA paragraph of text.");
        assert!(html_document_features(&document, &HtmlFeatureSettings::default()).is_none());
    }

    #[test]
    fn every_markup_family_is_computed_and_weighed_as_listed() {
        let settings = HtmlFeatureSettings {
            block_weight: 1.5,
            context_weight: 0.25,
            ..HtmlFeatureSettings::default()
        };
        let document = read_html_str("page", PAGE);
        let named = named_html_document_features(&document, &settings).expect("markup");
        assert_eq!(named.len(), document.blocks.len());
        let mut computed = std::collections::BTreeSet::new();
        for feature in named.iter().flatten() {
            // A family of several parts reads as its parts (`tag=li|links=all`).
            let keys: Vec<&str> = feature
                .name
                .split('|')
                .map(|part| part.split('=').next().unwrap_or(part))
                .collect();
            let family = FAMILIES
                .iter()
                .find(|f| {
                    let parts: Vec<&str> = f.parts().collect();
                    if parts.is_empty() {
                        keys == [f.name()]
                    } else {
                        keys == parts
                    }
                })
                .unwrap_or_else(|| panic!("{} is in no markup family", feature.name));
            let listed = match family.weight() {
                W::HtmlBlock => feature.weight == settings.block_weight,
                W::HtmlTokens => feature.weight > 0.0 && feature.weight <= settings.block_weight,
                W::HtmlContext => feature.weight == settings.context_weight,
                _ => false,
            };
            assert!(listed, "{} weighs {}", feature.name, feature.weight);
            computed.insert(family.name());
        }
        let unused: Vec<&str> = FAMILIES
            .iter()
            .map(|f| f.name())
            .filter(|name| !computed.contains(name))
            .collect();
        assert!(unused.is_empty(), "never computed: {unused:?}");
    }

    #[test]
    fn the_article_is_the_main_container() {
        let document = read_html_str("page", PAGE);
        let evidence: Vec<Option<&HtmlEvidence>> =
            document.blocks.iter().map(|b| b.evidence.as_deref()).collect();
        let clusters = TextClusters::of(&evidence, &document.blocks);
        let place = |start: &str| {
            let i = document
                .blocks
                .iter()
                .position(|b| b.text.starts_with(start))
                .unwrap_or_else(|| panic!("no block {start:?}"));
            let e = evidence[i].expect("evidence");
            (clusters.main_relation(e), clusters.main_position(i))
        };
        assert_eq!(place("Home"), ("out", "before_near"));
        assert_eq!(place("Harbour park opens"), ("in", "within"));
        assert_eq!(place("The town opened"), ("in", "within"));
        assert_eq!(place("What comes next"), ("in", "within"));
        assert_eq!(place("© Coast News"), ("out", "after_near"));
        let plain = read_html_str("menu", "<ul><li><a href=/>Home</a></li></ul>");
        let evidence: Vec<_> = plain.blocks.iter().map(|b| b.evidence.as_deref()).collect();
        let clusters = TextClusters::of(&evidence, &plain.blocks);
        assert_eq!(clusters.main_relation(evidence[0].unwrap()), "none");
        assert_eq!(clusters.main_position(0), "none");
        assert_eq!(text_share(0.5), "30-60%");
    }

    #[test]
    fn the_title_matches_whole_and_in_parts() {
        let document = read_html_str("page", PAGE);
        let titles = TitleParts::of(document.metadata.as_deref().unwrap());
        assert_eq!(titles.match_of("Harbour park opens"), "part");
        assert_eq!(titles.match_of("Harbour Park Opens | Coast News"), "same");
        assert_eq!(titles.match_of("What comes next"), "no");
        assert_eq!(parent_tag("body>div.article>p"), "div");
        assert_eq!(link_share(1.0), "all");
    }
}
