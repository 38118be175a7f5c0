//! DOM → blocks, by the rules the dev sets were cut with (FORMAT.md, "From
//! HTML to blocks", rules 3–7), with each block's [`HtmlEvidence`].
//!
//! The walk is iterative: it follows the arena's parent and sibling links
//! and keeps the open elements on a `Vec`, so nesting depth costs heap, not
//! stack. Text is collapsed as it arrives, so a block is finished in one
//! pass over its characters.

use std::cell::OnceCell;

use super::dom::{Dom, NONE, NodeKind};
use crate::document::{
    AncestorFlags, CONTAINER_STEPS, DOM_PATH_STEPS, HtmlEvidence, MAX_TOKENS, push_tokens,
};
use crate::document::Block;

/// Elements skipped with everything inside (rule 3).
fn is_skipped_tag(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "head"
            | "iframe"
            | "select"
            | "option"
            | "button"
            | "textarea"
            | "title"
            | "meta"
            | "link"
            | "object"
            | "embed"
            | "canvas"
            | "math"
    )
}

/// Elements that start a new block where they open and where they close (rule 4).
fn is_block_tag(tag: &str) -> bool {
    matches!(
        tag,
        "html"
            | "body"
            | "p"
            | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "td"
            | "th"
            | "figcaption"
            | "blockquote"
            | "pre"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "table"
            | "tr"
            | "tbody"
            | "thead"
            | "tfoot"
            | "form"
            | "figure"
            | "main"
            | "caption"
            | "address"
            | "center"
            | "details"
            | "summary"
            | "fieldset"
            | "legend"
            | "hr"
            | "menu"
            | "dialog"
            | "noframes"
    )
}

/// Elements whose presence in or next to a block is [`HtmlEvidence::near_media`].
fn is_media_tag(tag: &str) -> bool {
    matches!(tag, "img" | "picture" | "figure" | "video")
}

/// White space as the dev sets' segmenter saw it: Unicode white space
/// (no-break spaces included) and the ASCII information separators that
/// Python's `str.split()` also splits on.
fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Whether an element is hidden by its `hidden` attribute or an inline
/// `display: none` / `visibility: hidden` (CSS classes hide nothing: the
/// reader does not apply style sheets).
fn is_hidden(dom: &Dom, id: usize) -> bool {
    if dom.attr(id, "hidden").is_some() {
        return true;
    }
    let Some(style) = dom.attr(id, "style") else {
        return false;
    };
    let compact: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    compact.contains("display:none") || compact.contains("visibility:hidden")
}

/// An element the walk is inside of.
struct OpenElement<'a> {
    node: usize,
    tag: &'a str,
    /// Its own flag and all its ancestors'.
    flags: u32,
    /// Its class, id and itemprop tokens, split when a block first asks:
    /// the blocks under one element share them (splitting them per block
    /// took 6% of the reader's time).
    tokens: OnceCell<Vec<String>>,
    /// Its step in DOM paths, made when a block first asks, for the same
    /// reason (formatting it per block took 8% of the reader's time).
    path_step: OnceCell<String>,
}

/// The walk's state: the open elements and the block being collected.
struct Reader<'a> {
    dom: &'a Dom,
    open: Vec<OpenElement<'a>>,
    /// Indices into `open` of the block-level elements.
    open_blocks: Vec<usize>,
    /// The block's text so far: collapsed lines joined by `\n`.
    text: String,
    /// A space is owed before the next visible character of the line.
    space_pending: bool,
    /// `<br>`s since the last visible character.
    breaks_in_row: usize,
    /// Non-white-space characters collected, and those inside links.
    chars: usize,
    link_chars: usize,
    /// Media inside the block being collected.
    media_inside: bool,
    /// Media after the last block and before this block's first character.
    media_before: bool,
    blocks: Vec<Block>,
    /// Length of the plain-text rendering so far (blocks joined by a blank line).
    rendered_len: usize,
}

/// The page's blocks, in page order.
pub(crate) fn read_blocks(dom: &Dom) -> Vec<Block> {
    let mut reader = Reader {
        dom,
        open: Vec::new(),
        open_blocks: Vec::new(),
        text: String::new(),
        space_pending: false,
        breaks_in_row: 0,
        chars: 0,
        link_chars: 0,
        media_inside: false,
        media_before: false,
        blocks: Vec::new(),
        rendered_len: 0,
    };
    let nodes = &dom.nodes;
    let mut node = nodes[0].first_child;
    while node != NONE {
        let entered = reader.enter(node);
        if entered && nodes[node].first_child != NONE {
            node = nodes[node].first_child;
            continue;
        }
        if entered {
            reader.leave();
        }
        // Climb until a next sibling, closing the elements climbed out of.
        loop {
            if nodes[node].next_sibling != NONE {
                node = nodes[node].next_sibling;
                break;
            }
            node = nodes[node].parent;
            if node == 0 || node == NONE {
                node = NONE;
                break;
            }
            reader.leave();
        }
    }
    reader.finish_block();
    reader.blocks
}

impl<'a> Reader<'a> {
    /// Handles a node's start; true when it is an element to walk into
    /// (its `leave` is then owed).
    fn enter(&mut self, node: usize) -> bool {
        let dom = self.dom;
        match &dom.nodes[node].kind {
            NodeKind::Text(text) => {
                self.push_text(text);
                false
            }
            NodeKind::Element { .. } => {
                let tag = dom.html_tag(node).unwrap_or("");
                // Foreign (SVG, MathML) elements come out with an empty tag:
                // their root, `svg` or `math`, is skipped whole anyway.
                if tag.is_empty() || is_skipped_tag(tag) || is_hidden(dom, node) {
                    return false;
                }
                if tag == "br" {
                    self.push_break();
                    return false;
                }
                if is_media_tag(tag) {
                    self.note_media();
                }
                let parent_flags = self.open.last().map_or(0, |e| e.flags);
                if is_block_tag(tag) {
                    self.finish_block();
                    self.open_blocks.push(self.open.len());
                }
                self.open.push(OpenElement {
                    node,
                    tag,
                    flags: parent_flags | AncestorFlags::of_tag(tag),
                    tokens: OnceCell::new(),
                    path_step: OnceCell::new(),
                });
                true
            }
            NodeKind::Document | NodeKind::Other => false,
        }
    }

    /// Handles the end of the innermost open element.
    fn leave(&mut self) {
        let is_block = self.open_blocks.last() == Some(&(self.open.len() - 1));
        if is_block {
            self.finish_block();
            self.open_blocks.pop();
        }
        self.open.pop();
    }

    fn push_text(&mut self, text: &str) {
        let in_link = self
            .open
            .last()
            .is_some_and(|e| e.flags & AncestorFlags::LINK != 0);
        let mut visible = 0;
        for c in text.chars() {
            if is_space(c) {
                self.space_pending = true;
                continue;
            }
            if self.space_pending && !self.text.is_empty() && !self.text.ends_with('\n') {
                self.text.push(' ');
            }
            self.space_pending = false;
            self.text.push(c);
            visible += 1;
        }
        if visible > 0 {
            self.breaks_in_row = 0;
            self.chars += visible;
            if in_link {
                self.link_chars += visible;
            }
        }
    }

    /// A `<br>`: a line break, and with the one before it (only white space
    /// between) the end of the block (rule 5).
    fn push_break(&mut self) {
        self.breaks_in_row += 1;
        if self.breaks_in_row >= 2 {
            self.finish_block();
        } else {
            self.text.push('\n');
            self.space_pending = false;
        }
    }

    /// An image, picture, figure or video: it is next to the block being
    /// collected, or, before that block's first character, next to the last
    /// block and the coming one.
    fn note_media(&mut self) {
        if self.chars > 0 {
            self.media_inside = true;
        } else {
            self.media_before = true;
            if let Some(evidence) = self.blocks.last_mut().and_then(|b| b.evidence.as_mut()) {
                evidence.near_media = true;
            }
        }
    }

    /// Ends the block being collected: kept if it has a letter or digit
    /// (rule 7), with empty lines dropped (rule 6).
    fn finish_block(&mut self) {
        let has_word = self.text.chars().any(char::is_alphanumeric);
        if has_word {
            let text = if self.text.contains("\n\n")
                || self.text.starts_with('\n')
                || self.text.ends_with('\n')
            {
                self.text
                    .split('\n')
                    .filter(|line| !line.is_empty())
                    .collect::<Vec<_>>()
                    .join("\n")
            } else {
                std::mem::take(&mut self.text)
            };
            let evidence = self.evidence();
            let start = if self.blocks.is_empty() {
                0
            } else {
                self.rendered_len + 2
            };
            self.rendered_len = start + text.len();
            self.blocks.push(Block {
                tag: Some(evidence.tag.clone()),
                span: Some(start..self.rendered_len),
                text,
                evidence: Some(Box::new(evidence)),
            });
            self.media_inside = false;
            self.media_before = false;
        }
        self.text.clear();
        self.space_pending = false;
        self.breaks_in_row = 0;
        self.chars = 0;
        self.link_chars = 0;
    }

    /// The evidence of the block being finished, from its block element.
    fn evidence(&self) -> HtmlEvidence {
        let Some(&block_index) = self.open_blocks.last() else {
            return HtmlEvidence::default();
        };
        let element = &self.open[block_index];
        // Bounded walks: a page nesting thousands of elements costs each
        // block a few dozen steps, not its depth.
        let mut tokens = Vec::new();
        for ancestor in self.open[..=block_index].iter().rev().take(4 * MAX_TOKENS) {
            if tokens.len() >= MAX_TOKENS {
                break;
            }
            let own = ancestor.tokens.get_or_init(|| {
                let mut own = Vec::new();
                for name in ["class", "id", "itemprop"] {
                    if let Some(value) = self.dom.attr(ancestor.node, name) {
                        push_tokens(value, &mut own);
                    }
                }
                own
            });
            for token in own {
                if tokens.len() < MAX_TOKENS && !tokens.contains(token) {
                    tokens.push(token.clone());
                }
            }
        }
        let mut steps: Vec<&str> = self
            .open_blocks
            .iter()
            .rev()
            .map(|&i| &self.open[i])
            .filter(|e| e.tag != "html")
            .take(DOM_PATH_STEPS)
            .map(|e| e.path_step.get_or_init(|| self.path_step(e)).as_str())
            .collect();
        steps.reverse();
        let skip = self.open_blocks.len().saturating_sub(CONTAINER_STEPS);
        let containers = self.open_blocks[skip..]
            .iter()
            .map(|&i| self.open[i].node)
            .collect();
        HtmlEvidence {
            tag: element.tag.to_string(),
            dom_path: steps.join(">"),
            ancestors: AncestorFlags(element.flags),
            link_chars: self.link_chars,
            chars: self.chars,
            tokens,
            depth: block_index + 1,
            near_media: self.media_inside || self.media_before,
            containers,
        }
    }

    /// `tag`, `tag.firstclass` or `tag#id`.
    fn path_step(&self, element: &OpenElement) -> String {
        let first = |name| {
            self.dom
                .attr(element.node, name)
                .and_then(|v| v.split_whitespace().next())
                .map(|v| v.chars().take(32).collect::<String>())
        };
        if let Some(class) = first("class") {
            format!("{}.{class}", element.tag)
        } else if let Some(id) = first("id") {
            format!("{}#{id}", element.tag)
        } else {
            element.tag.to_string()
        }
    }
}
