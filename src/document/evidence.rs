//! What the HTML says about a block besides its text: the evidence that
//! plain text loses (its element, where it sits in the page, how much of it
//! is links), and the page's own idea of its title. The HTML reader
//! (`crate::html`) fills them, the markup features (`features/html.rs`) read
//! them; plain-text blocks have none.

/// Ancestor kinds recorded in [`HtmlEvidence::ancestors`], one bit each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AncestorFlags(pub u32);

impl AncestorFlags {
    /// Inside `<article>`.
    pub const ARTICLE: u32 = 1 << 0;
    /// Inside `<main>`.
    pub const MAIN: u32 = 1 << 1;
    /// Inside `<header>`.
    pub const HEADER: u32 = 1 << 2;
    /// Inside `<footer>`.
    pub const FOOTER: u32 = 1 << 3;
    /// Inside `<nav>`.
    pub const NAV: u32 = 1 << 4;
    /// Inside `<aside>`.
    pub const ASIDE: u32 = 1 << 5;
    /// Inside `<figure>`.
    pub const FIGURE: u32 = 1 << 6;
    /// Inside `<figcaption>`.
    pub const FIGCAPTION: u32 = 1 << 7;
    /// Inside `<blockquote>`.
    pub const BLOCKQUOTE: u32 = 1 << 8;
    /// Inside a heading, `<h1>` to `<h6>`.
    pub const HEADING: u32 = 1 << 9;
    /// Inside `<li>`.
    pub const LIST_ITEM: u32 = 1 << 10;
    /// Inside a table cell, `<td>` or `<th>`.
    pub const TABLE_CELL: u32 = 1 << 11;
    /// Inside `<form>`.
    pub const FORM: u32 = 1 << 12;
    /// Inside a link, `<a>`: the whole block element sits in one.
    pub const LINK: u32 = 1 << 13;

    /// The flag an element of this tag sets, or 0.
    pub fn of_tag(tag: &str) -> u32 {
        match tag {
            "article" => Self::ARTICLE,
            "main" => Self::MAIN,
            "header" => Self::HEADER,
            "footer" => Self::FOOTER,
            "nav" => Self::NAV,
            "aside" => Self::ASIDE,
            "figure" => Self::FIGURE,
            "figcaption" => Self::FIGCAPTION,
            "blockquote" => Self::BLOCKQUOTE,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Self::HEADING,
            "li" => Self::LIST_ITEM,
            "td" | "th" => Self::TABLE_CELL,
            "form" => Self::FORM,
            "a" => Self::LINK,
            _ => 0,
        }
    }

    /// Whether every bit of `flag` is set.
    pub fn has(self, flag: u32) -> bool {
        self.0 & flag == flag
    }
}

/// The HTML evidence of one block.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HtmlEvidence {
    /// The block element's tag (the block's `tag`).
    pub tag: String,
    /// The block element's path through the block-level ancestors below
    /// `<html>`, each as `tag`, `tag.firstclass` or `tag#id`, joined by
    /// `>`: `body>div.article>p`. At most [`DOM_PATH_STEPS`] steps, the
    /// innermost kept.
    pub dom_path: String,
    /// Kinds of elements among the block element and its ancestors.
    pub ancestors: AncestorFlags,
    /// Characters of the block's text that sit inside a link.
    pub link_chars: usize,
    /// Characters of the block's text (white space collapsed, no line breaks).
    pub chars: usize,
    /// Class, id and itemprop tokens of the block element and its
    /// ancestors, innermost first: split on non-alphanumerics and camelCase,
    /// lower-cased, deduplicated, at most [`MAX_TOKENS`].
    pub tokens: Vec<String>,
    /// Element depth of the block element (`<html>` is 1).
    pub depth: usize,
    /// An `<img>`, `<picture>`, `<figure>` or `<video>` is inside the block,
    /// or right before or after it (no other block's text in between).
    pub near_media: bool,
    /// The block-level elements the block sits in, as ids unique within
    /// the page (the DOM's node numbers), outermost first, the block
    /// element last, at most [`CONTAINER_STEPS`] (the innermost kept): the
    /// blocks that share an id share that container, so the page's text can
    /// be summed per container (where the article's paragraphs cluster).
    pub containers: Vec<usize>,
}

impl HtmlEvidence {
    /// Share of the block's characters inside links, 0 for an empty block.
    pub fn link_density(&self) -> f32 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f32 / self.chars as f32
        }
    }
}

/// The most steps a [`HtmlEvidence::dom_path`] keeps.
pub const DOM_PATH_STEPS: usize = 8;

/// The most steps a [`HtmlEvidence::containers`] keeps.
pub const CONTAINER_STEPS: usize = 12;

/// The most tokens a [`HtmlEvidence::tokens`] keeps.
pub const MAX_TOKENS: usize = 24;

/// Longest token kept, in bytes: longer ones are hashes and ids, not words.
const MAX_TOKEN_BYTES: usize = 24;

/// What a page says its title is, each as found (white space collapsed).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageMetadata {
    /// The first `<title>`.
    pub title: Option<String>,
    /// `<meta property="og:title">`.
    pub og_title: Option<String>,
    /// `<meta name="twitter:title">`.
    pub twitter_title: Option<String>,
    /// The first `headline` of the page's JSON-LD.
    pub json_ld_headline: Option<String>,
}

/// Splits class, id and itemprop values into lower-case word tokens:
/// `articleBody main-text` → `article`, `body`, `main`, `text`. Tokens are
/// appended to `out` unless already there or `out` is full.
pub fn push_tokens(value: &str, out: &mut Vec<String>) {
    for word in value.split(|c: char| !c.is_alphanumeric()) {
        let mut start = 0;
        let mut prev_lower = false;
        for (i, c) in word.char_indices() {
            if c.is_uppercase() && prev_lower {
                push_token(&word[start..i], out);
                start = i;
            }
            prev_lower = c.is_lowercase() || c.is_ascii_digit();
        }
        push_token(&word[start..], out);
    }
}

fn push_token(token: &str, out: &mut Vec<String>) {
    if token.is_empty() || token.len() > MAX_TOKEN_BYTES || out.len() >= MAX_TOKENS {
        return;
    }
    let token = token.to_lowercase();
    if !out.contains(&token) {
        out.push(token);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_split_on_punctuation_and_camel_case() {
        let mut tokens = Vec::new();
        push_tokens("articleBody main-text", &mut tokens);
        push_tokens("post__Title main", &mut tokens);
        push_tokens("HTMLParser x9f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8", &mut tokens);
        assert_eq!(
            tokens,
            [
                "article",
                "body",
                "main",
                "text",
                "post",
                "title",
                "htmlparser"
            ]
        );
    }

    #[test]
    fn tokens_are_bounded() {
        let mut tokens = Vec::new();
        let many: Vec<String> = (0..100).map(|i| format!("c{i}")).collect();
        push_tokens(&many.join(" "), &mut tokens);
        assert_eq!(tokens.len(), MAX_TOKENS);
    }

    #[test]
    fn flags_and_density() {
        let flags = AncestorFlags(AncestorFlags::of_tag("nav") | AncestorFlags::of_tag("li"));
        assert!(flags.has(AncestorFlags::NAV) && flags.has(AncestorFlags::LIST_ITEM));
        assert!(!flags.has(AncestorFlags::ARTICLE));
        let evidence = HtmlEvidence {
            chars: 10,
            link_chars: 4,
            ..Default::default()
        };
        assert!((evidence.link_density() - 0.4).abs() < 1e-6);
        assert_eq!(HtmlEvidence::default().link_density(), 0.0);
    }
}
