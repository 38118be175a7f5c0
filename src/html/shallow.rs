//! The shallow tree builder, for pages that nest elements too deeply for
//! html5ever's (see `dom`): html5ever's tokenizer, whose work is linear,
//! feeds a builder without the HTML5 insertion modes. A start tag opens an
//! element inside the current one, an end tag closes the innermost open
//! element of its name, void elements hold nothing, and below
//! [`MAX_OPEN`] open elements new elements become siblings, as browsers
//! flatten what nests deeper than they allow. No implied `<p>` or `<li>`
//! ends, no table repairs: such a page is garbage anyway, and the reader
//! gets a tree it can walk in time linear in the page.

use std::cell::RefCell;
use std::rc::Rc;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::{LocalName, QualName, ns};

use super::dom::{ArenaSink, Dom, Node, NodeKind};

/// The most elements open at once; deeper ones are opened beside the
/// innermost. 512 is the depth Blink and WebKit allow their DOM trees.
pub(crate) const MAX_OPEN: usize = 512;

/// Builds a [`Dom`] from a page in time linear in its length.
pub(crate) fn parse(html: &str) -> Dom {
    let builder = ShallowBuilder {
        nodes: RefCell::new(vec![Node::new(NodeKind::Document)]),
        open: RefCell::new(Vec::new()),
    };
    let tokenizer = Tokenizer::new(builder, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    // The builder never pauses the tokenizer for scripts, so one feed
    // reads everything.
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    Dom {
        nodes: tokenizer.sink.nodes.into_inner(),
        shallow: true,
    }
}

struct ShallowBuilder {
    nodes: RefCell<Vec<Node>>,
    /// The open elements, innermost last: arena id and local name.
    open: RefCell<Vec<(usize, LocalName)>>,
}

/// Elements that never have content.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// The tokenizer state an element's content is read in, as the HTML5 tree
/// builder would set it (scripting enabled, as html5ever's default).
fn content_state(name: &str) -> TokenSinkResult<()> {
    match name {
        "script" => TokenSinkResult::RawData(RawKind::ScriptData),
        "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
            TokenSinkResult::RawData(RawKind::Rawtext)
        }
        "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
        "plaintext" => TokenSinkResult::Plaintext,
        _ => TokenSinkResult::Continue,
    }
}

impl ShallowBuilder {
    fn current(&self) -> usize {
        self.open.borrow().last().map_or(0, |&(id, _)| id)
    }

    fn start(&self, tag: Tag) -> TokenSinkResult<()> {
        let parent = self.current();
        let state = content_state(&tag.name);
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(Node::new(NodeKind::Element {
            name: Rc::new(QualName::new(None, ns!(html), tag.name.clone())),
            attrs: tag.attrs,
        }));
        let id = nodes.len() - 1;
        ArenaSink::link_last(&mut nodes, parent, id);
        let mut open = self.open.borrow_mut();
        // Raw-text elements always open: their text must not land in the
        // parent, and their end tag comes next.
        let raw = !matches!(state, TokenSinkResult::Continue);
        if raw || (!is_void(&tag.name) && open.len() < MAX_OPEN) {
            open.push((id, tag.name));
        }
        state
    }

    /// Closes the innermost open element named `name` and those inside it;
    /// an end tag without an open element of its name is ignored.
    fn end(&self, name: &LocalName) {
        let mut open = self.open.borrow_mut();
        if let Some(index) = open.iter().rposition(|(_, open_name)| open_name == name) {
            open.truncate(index);
        }
    }

    fn text(&self, text: StrTendril) {
        let parent = self.current();
        let mut nodes = self.nodes.borrow_mut();
        let last = nodes[parent].last_child;
        ArenaSink::insert_text(&mut nodes, last, text, |nodes, id| {
            ArenaSink::link_last(nodes, parent, id)
        });
    }
}

impl TokenSink for ShallowBuilder {
    type Handle = ();

    fn process_token(&self, token: Token, _line_number: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) => match tag.kind {
                TagKind::StartTag => return self.start(tag),
                TagKind::EndTag => self.end(&tag.name),
            },
            Token::CharacterTokens(text) => self.text(text),
            // Comments, doctypes, NULs (decoding removed them), the end
            // and parse errors add nothing to read.
            _ => {}
        }
        TokenSinkResult::Continue
    }
}
