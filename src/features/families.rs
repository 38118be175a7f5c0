//! Feature families: every kind of feature gleaner computes, defined once.
//!
//! A family has a stable name, a group, a one-line doc, the setting that
//! weighs it and the parts its value is made of. The code that computes
//! features names its families through [`kind!`](crate::features) (an
//! unknown name is a compile error), `--explain` describes a feature through
//! its family (`title_like=yes|sandwich=para/para|words=4-7` rather than a
//! bucket number), and `gleaner features` lists the table.
//!
//! Each family hashes under its `key`, the string the embedded model was
//! trained with; a family's name may differ from it (`word` is hashed as
//! `w`), and renaming a family never changes a hash.

mod catalog;

use crate::hashing::{FNV_OFFSET, fnv1a};

/// Every family, in the order `gleaner features` lists them: one entry per
/// table, so a new family group is registered with one line. A module that
/// computes a new signal (the HTML evidence, `features/html.rs`) can define
/// its table beside its code, `pub(super) const FAMILIES: &[Family] =
/// &[Family::new(…)]`, and be listed here as `super::html::FAMILIES`
/// (its names must not repeat one of another table: a test checks).
const TABLES: &[&[Family]] = &[
    catalog::WORDS,
    catalog::SHAPE,
    catalog::POSITION,
    catalog::REPEATS,
    catalog::TITLES,
    catalog::LANGUAGE,
    catalog::QUOTATION,
    catalog::CONJUNCTIONS,
    catalog::CONTEXT,
    catalog::HTML,
    super::html::FAMILIES,
];

/// Every feature family, in listing order.
pub fn families() -> impl Iterator<Item = &'static Family> {
    TABLES.iter().flat_map(|table| table.iter())
}

/// The family named `name`, if there is one.
pub fn family(name: &str) -> Option<&'static Family> {
    families().find(|f| f.name == name)
}

/// What a family's evidence is about; families are listed by group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// The block's words and word pairs.
    Words,
    /// The block's own text shape: length, case, punctuation, first and
    /// last characters, flags.
    Shape,
    /// Where the block is on the page and relative to the article.
    Position,
    /// Whether the block's text occurs elsewhere on the page.
    Repeats,
    /// Whether the block looks like the page's title or a section heading.
    Titles,
    /// The block's language against the page's.
    Language,
    /// Quotation marks: what makes a paragraph a quote.
    Quotation,
    /// Shape and position combined, which naive Bayes cannot do alone.
    Conjunctions,
    /// The shapes of the neighbouring blocks.
    Context,
    /// Evidence from the page's HTML markup.
    Html,
}

impl Group {
    /// The group's name in listings.
    pub fn name(self) -> &'static str {
        match self {
            Group::Words => "words",
            Group::Shape => "shape",
            Group::Position => "position",
            Group::Repeats => "repeats",
            Group::Titles => "titles",
            Group::Language => "language",
            Group::Quotation => "quotation",
            Group::Conjunctions => "conjunctions",
            Group::Context => "context",
            Group::Html => "html",
        }
    }
}

/// Which setting of [`FeatureSettings`](super::FeatureSettings) weighs a
/// family's features.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    /// `word_mass` shared among the block's tokens, at most 1 each.
    WordMass,
    /// `structure_weight`.
    Structure,
    /// `context_weight`.
    Context,
    /// `language_weight`.
    Language,
    /// `quotation_weight`.
    Quotation,
    /// `language_weight` for a block in another language than the page's,
    /// `structure_weight` for the rest.
    LanguageWhenForeign,
    /// `quotation_weight` for a block with quotation marks,
    /// `structure_weight` for the rest.
    QuotationWhenQuoted,
    /// The markup factor's `html.block_weight`.
    HtmlBlock,
    /// `html.block_weight` shared among the block's class and id words
    /// (at most two features' worth).
    HtmlTokens,
    /// The markup factor's `html.context_weight`.
    HtmlContext,
}

impl Weight {
    /// The setting (or settings) in words, for listings.
    pub fn setting(self) -> &'static str {
        match self {
            Weight::WordMass => "word_mass",
            Weight::Structure => "structure_weight",
            Weight::Context => "context_weight",
            Weight::Language => "language_weight",
            Weight::Quotation => "quotation_weight",
            Weight::LanguageWhenForeign => "language_weight if foreign, else structure_weight",
            Weight::QuotationWhenQuoted => "quotation_weight if quoted, else structure_weight",
            Weight::HtmlBlock => "html.block_weight",
            Weight::HtmlTokens => "html.block_weight shared by the words",
            Weight::HtmlContext => "html.context_weight",
        }
    }
}

/// Where a family's features are taken and how a neighbour's are told
/// apart. Two ways are kept because the embedded model was trained on both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// The block itself.
    Block,
    /// A neighbour, named in the hashed key: `prev` + `:words`.
    NeighbourKey,
    /// A neighbour, named in the value: `long_paragraph` = `prev:yes`.
    NeighbourValue,
}

/// One part of a bucketed value: `words` in `title_like×sandwich×words`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Axis {
    name: &'static str,
    /// How many values the part has room for in the bucket: the bucket is
    /// the parts in mixed radix, the first part most significant.
    radix: usize,
    scale: Scale,
}

impl Axis {
    /// A part named `name` with room for `radix` values of `scale`.
    pub(crate) const fn new(name: &'static str, radix: usize, scale: Scale) -> Axis {
        Axis { name, radix, scale }
    }

    /// A part of a text value, whose parts are joined by `|`.
    pub(crate) const fn text(name: &'static str) -> Axis {
        Axis::new(name, 1, Scale::Text)
    }
}

/// How a part's number reads: the inverse of the bucketing function that
/// made it (`log_bucket`, `share_bucket`, …).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Scale {
    /// Value `i` is the `i`th name.
    Names(&'static [&'static str]),
    /// `log_bucket(n, cap)`: 0, 1, 2-3, 4-7, …, 2^(cap-1)+.
    Log(usize),
    /// `count_bucket`: 0, 1, 2, 3, 4-6, 7-12, 13-25, 26+.
    Count,
    /// `offset_bucket`: a signed distance in blocks; 11 when there is
    /// nothing to measure from.
    Offset,
    /// `share_bucket`: 0, <5%, 5-15%, 15-30%, 30-60%, 60-85%, 85%+.
    Share,
    /// `n.min(cap)`: 0, 1, …, cap+.
    AtMost(usize),
    /// `i * 10 / count`: the tenth of the page.
    Tenths,
    /// Text, part of a text value (`tail_shape×position`).
    Text,
}

impl Scale {
    /// How `value` reads; a value the scale does not know reads `#value`.
    fn describe(self, value: usize) -> String {
        const COUNT: [&str; 8] = ["0", "1", "2", "3", "4-6", "7-12", "13-25", "26+"];
        const OFFSET: [&str; 12] = [
            "<=-21", "-20..-6", "-5..-3", "-2", "-1", "0", "+1", "+2", "+3..+5", "+6..+20", ">=+21",
            "none",
        ];
        const SHARE: [&str; 7] = ["0", "<5%", "5-15%", "15-30%", "30-60%", "60-85%", "85%+"];
        let named = |names: &[&str]| names.get(value).map(|n| n.to_string());
        let text = match self {
            Scale::Names(names) => named(names),
            Scale::Count => named(&COUNT),
            Scale::Offset => named(&OFFSET),
            Scale::Share => named(&SHARE),
            Scale::Log(cap) => match value {
                0 | 1 => Some(value.to_string()),
                v if v < cap => Some(format!("{}-{}", 1usize << (v - 1), (1usize << v) - 1)),
                v if v == cap => Some(format!("{}+", 1usize << (v - 1))),
                _ => None,
            },
            Scale::AtMost(cap) => match value {
                v if v < cap => Some(v.to_string()),
                v if v == cap => Some(format!("{cap}+")),
                _ => None,
            },
            Scale::Tenths => (value < 10).then(|| format!("{}-{}%", value * 10, value * 10 + 10)),
            Scale::Text => None,
        };
        text.unwrap_or_else(|| format!("#{value}"))
    }
}

/// A feature family: one kind of evidence about a block.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Family {
    name: &'static str,
    /// The string hashed for the family's features (see the module doc).
    key: &'static str,
    group: Group,
    weight: Weight,
    doc: &'static str,
    scope: Scope,
    /// The parts of a bucketed value, or of a text value of several parts
    /// joined by `|` ([`Axis::text`]); empty for a family of plain text.
    axes: &'static [Axis],
}

impl Family {
    /// A family of the block itself, hashed under its name.
    pub(crate) const fn new(
        name: &'static str,
        group: Group,
        weight: Weight,
        axes: &'static [Axis],
        doc: &'static str,
    ) -> Family {
        Family {
            name,
            key: name,
            group,
            weight,
            doc,
            scope: Scope::Block,
            axes,
        }
    }

    /// The family hashed under `key` rather than its name.
    pub(crate) const fn keyed(self, key: &'static str) -> Family {
        Family { key, ..self }
    }

    /// The family taken from neighbours, in `scope`'s way.
    pub(crate) const fn of_neighbours(self, scope: Scope) -> Family {
        Family { scope, ..self }
    }

    /// The stable name: `title_like×sandwich×words`, `neighbour.words`.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The group the family is listed under.
    pub fn group(&self) -> Group {
        self.group
    }

    /// The setting that weighs the family's features.
    pub fn weight(&self) -> Weight {
        self.weight
    }

    /// What the family captures and why it matters, in one line.
    pub fn doc(&self) -> &'static str {
        self.doc
    }

    /// The names of the parts of its values (empty for a family whose
    /// values are one text: words, flags, tail shapes).
    pub fn parts(&self) -> impl Iterator<Item = &'static str> {
        self.axes.iter().map(|a| a.name)
    }

    /// The bucket of a value given in parts, one per axis: the parts in
    /// mixed radix, so that [`Family::describe_bucket`] can read them back.
    pub(crate) fn bucket(&self, parts: &[usize]) -> usize {
        debug_assert_eq!(parts.len(), self.axes.len(), "{}", self.name);
        let mut bucket = 0;
        for (&part, axis) in parts.iter().zip(self.axes) {
            debug_assert!(part < axis.radix, "{}: {} = {part}", self.name, axis.name);
            bucket = bucket * axis.radix + part;
        }
        bucket
    }

    /// The name shown for a feature taken from `neighbour` (empty for the
    /// block's own): `neighbour.words` reads `prev.words`.
    fn shown_name(&self, neighbour: &str) -> String {
        match self.name.strip_prefix("neighbour") {
            Some(rest) if !neighbour.is_empty() => format!("{neighbour}{rest}"),
            _ => self.name.to_string(),
        }
    }

    /// A text value readably: `word=photo`; a neighbour's value
    /// `prev:yes` of `neighbour.long_paragraph` reads
    /// `prev.long_paragraph=yes`; a value of text parts reads part by part
    /// (`tail_shape=a a.|position=elsewhere`).
    pub(crate) fn describe_text(&self, neighbour: &str, value: &str) -> String {
        if self.axes.len() > 1 && self.axes.iter().all(|a| a.scale == Scale::Text) {
            let described: Vec<String> = self
                .axes
                .iter()
                .zip(value.split('|'))
                .map(|(axis, part)| format!("{}={part}", axis.name))
                .collect();
            return described.join("|");
        }
        if self.scope == Scope::NeighbourValue
            && let Some((named, rest)) = value.split_once(':')
        {
            return format!("{}={rest}", self.shown_name(named));
        }
        format!("{}={value}", self.shown_name(neighbour))
    }

    /// A bucketed value readably, part by part:
    /// `title_like=yes|sandwich=para/para|words=4-7`, or `first_char=upper`
    /// for a family of one part.
    pub(crate) fn describe_bucket(&self, neighbour: &str, bucket: usize) -> String {
        match self.axes {
            [] => format!("{}#{bucket}", self.shown_name(neighbour)),
            [axis] => format!("{}={}", self.shown_name(neighbour), axis.scale.describe(bucket)),
            axes => {
                let described: Vec<String> = axes
                    .iter()
                    .zip(self.parts_of(bucket))
                    .map(|(axis, part)| format!("{}={}", axis.name, axis.scale.describe(part)))
                    .collect();
                described.join("|")
            }
        }
    }

    /// The parts of a bucket, the inverse of [`Family::bucket`]: the last
    /// part is the remainder by its radix, and so on to the first, which
    /// takes what is left.
    fn parts_of(&self, bucket: usize) -> Vec<usize> {
        let mut parts = vec![0; self.axes.len()];
        let mut remaining = bucket;
        for (part, axis) in parts.iter_mut().zip(self.axes).skip(1).rev() {
            *part = remaining % axis.radix;
            remaining /= axis.radix;
        }
        if let Some(first) = parts.first_mut() {
            *first = remaining;
        }
        parts
    }
}

/// A family as the code uses it: the family, the neighbour it is taken
/// from (for families keyed by neighbour) and the FNV-1a state after its
/// key, computed at compile time ([`kind!`](crate::features)) rather than
/// for every feature of every block.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Kind {
    pub(crate) family: &'static Family,
    /// `prev`, `next2`, …; empty for the block's own features.
    pub(crate) neighbour: &'static str,
    pub(crate) hash: u64,
}

impl Kind {
    /// The kind of the family named `name`. At compile time (`kind!`), an
    /// unknown name or a family that needs a neighbour fails the build.
    pub(crate) const fn named(name: &str) -> Kind {
        let family = find(name);
        assert!(
            !matches!(family.scope, Scope::NeighbourKey),
            "a family keyed by neighbour needs Kind::of_neighbour"
        );
        Kind {
            family,
            neighbour: "",
            hash: fnv1a(FNV_OFFSET, family.key.as_bytes()),
        }
    }

    /// The kind of the family named `name` taken from `neighbour`, which
    /// is hashed before the key (`prev` + `:words`).
    pub(crate) const fn of_neighbour(name: &str, neighbour: &'static str) -> Kind {
        let family = find(name);
        assert!(
            matches!(family.scope, Scope::NeighbourKey),
            "only a family keyed by neighbour has one kind per neighbour"
        );
        Kind {
            family,
            neighbour,
            hash: fnv1a(
                fnv1a(FNV_OFFSET, neighbour.as_bytes()),
                family.key.as_bytes(),
            ),
        }
    }
}

/// The family named `name`, at compile time.
const fn find(name: &str) -> &'static Family {
    let mut t = 0;
    while t < TABLES.len() {
        let table: &'static [Family] = TABLES[t];
        let mut i = 0;
        while i < table.len() {
            if same_bytes(table[i].name.as_bytes(), name.as_bytes()) {
                return &table[i];
            }
            i += 1;
        }
        t += 1;
    }
    panic!(
        "kind!: no feature family of that name; define it in a table of \
         src/features/families/catalog.rs, or in its module's FAMILIES listed in TABLES"
    )
}

/// Byte equality in a `const fn`.
const fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests;
