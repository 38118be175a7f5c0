//! A watch on html5ever's tree builder: it passes each token on and keeps
//! count of the builder's work, and once a page has made it work far more
//! per token than any real page, it stops passing tokens on, so that the
//! page can be read by the shallow tree builder instead.
//!
//! Two kinds of work grow with the square of a bad page's size: searches
//! down the stack of open elements (the sink counts the questions they
//! ask it), and the walk of the list of active formatting elements that
//! each formatting start tag makes (`<b id=1><b id=2>…`, which asks the
//! sink nothing). The list's length is read, by tracing the builder's
//! handles, every [`TRACE_EVERY`] formatting start tags, and counted as
//! the walk each of them made.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use html5ever::tokenizer::states::RawKind;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult};
use html5ever::tree_builder::{TreeBuilder, Tracer};
use html5ever::{LocalName, local_name};

use super::dom::{ArenaSink, Handle};
use super::fast_tokens;
use super::raw_text::cuttable_len;

/// The work allowed per token, and at any size. On the 1148 dev pages,
/// when html5ever's tokenizer handed every token over (text in pieces),
/// the tree builder did at most 11.3 units of work per token (median 4.4;
/// the most on one page 200,119, of which formatting-list walks 58,208).
/// The tokens `fast_tokens` reads are fewer (a run of text is one), so the
/// work per token is higher now, but no dev page comes near `BASE_WORK`
/// alone; 100,000 nested `<div>`s need 5·10^9.
const WORK_PER_TOKEN: u64 = 64;
const BASE_WORK: u64 = 2_000_000;

/// Formatting start tags between two readings of the formatting list.
const TRACE_EVERY: u64 = 32;

/// html5ever's tree builder, watched.
pub(crate) struct WatchedBuilder {
    builder: TreeBuilder<Handle, ArenaSink>,
    /// The tokenizer's input, from which unread raw-text bodies are cut.
    input: Rc<BufferQueue>,
    /// Whether tokens are read by `fast_tokens` where it can.
    fast: bool,
    /// The tree builder answered a token read by `fast_tokens` with
    /// anything but "go on", which that module promises never happens:
    /// the page must be read again by html5ever's tokenizer alone.
    diverged: Cell<bool>,
    /// Text not passed on yet. The tokenizer hands a run of text over in
    /// pieces (a line feed alone, then the indentation after it), and the
    /// tree builder's cost is per token, not per character: a run is
    /// passed on whole, before the next token of another kind.
    pending_text: RefCell<Option<StrTendril>>,
    tokens: Cell<u64>,
    formatting_tags: Cell<u64>,
    /// Work not asked of the sink: the formatting list's walks.
    list_work: Cell<u64>,
    gave_up: Cell<bool>,
}

/// The HTML5 spec's formatting elements.
fn is_formatting(tag: &Tag) -> bool {
    matches!(
        tag.name,
        local_name!("a")
            | local_name!("b")
            | local_name!("big")
            | local_name!("code")
            | local_name!("em")
            | local_name!("font")
            | local_name!("i")
            | local_name!("nobr")
            | local_name!("s")
            | local_name!("small")
            | local_name!("strike")
            | local_name!("strong")
            | local_name!("tt")
            | local_name!("u")
    )
}

/// Counts the handles the tree builder holds.
struct HandleCount(Cell<u64>);

impl Tracer for HandleCount {
    type Handle = Handle;

    fn trace_handle(&self, _node: &Handle) {
        self.0.set(self.0.get() + 1);
    }
}

impl WatchedBuilder {
    pub(crate) fn new(
        builder: TreeBuilder<Handle, ArenaSink>,
        input: Rc<BufferQueue>,
        fast: bool,
    ) -> WatchedBuilder {
        WatchedBuilder {
            builder,
            input,
            fast,
            diverged: Cell::new(false),
            pending_text: RefCell::new(None),
            tokens: Cell::new(0),
            formatting_tags: Cell::new(0),
            list_work: Cell::new(0),
            gave_up: Cell::new(false),
        }
    }

    /// The page made the tree builder work too hard; what it built is cut short.
    pub(crate) fn gave_up(&self) -> bool {
        self.gave_up.get()
    }

    /// A token read by `fast_tokens` got an answer html5ever's tokenizer
    /// would have acted on; what was built is not to be trusted.
    pub(crate) fn diverged(&self) -> bool {
        self.diverged.get()
    }

    pub(crate) fn into_inner(self) -> TreeBuilder<Handle, ArenaSink> {
        self.builder
    }

    fn work(&self) -> u64 {
        self.builder.sink.work.get() + self.list_work.get()
    }

    /// Counts a formatting start tag; every [`TRACE_EVERY`] of them, adds
    /// the walks they made of the formatting list (at most the handles the
    /// builder holds: the list, the stack of open elements and a few more).
    fn count_formatting_tag(&self) {
        let tags = self.formatting_tags.get() + 1;
        self.formatting_tags.set(tags);
        if tags.is_multiple_of(TRACE_EVERY) {
            let held = HandleCount(Cell::new(0));
            self.builder.trace_handles(&held);
            self.list_work
                .set(self.list_work.get() + TRACE_EVERY * held.0.get());
        }
    }

    /// Passes the pending text on.
    fn flush_text(&self, line_number: u64) {
        if let Some(text) = self.pending_text.take() {
            // Text never changes the tokenizer's state: the builder only
            // says Continue to it.
            let _ = self
                .builder
                .process_token(Token::CharacterTokens(text), line_number);
        }
    }

    /// After the start tag of an element whose text the reader never
    /// reads has switched the tokenizer to raw text, cuts the element's
    /// body from the input (see `raw_text`): tokenizing script and style
    /// bodies character by character took a third of the parse.
    fn cut_unread_body(&self, name: &LocalName, kind: RawKind) {
        let escapes = match kind {
            RawKind::ScriptData => true,
            RawKind::Rawtext => false,
            // Titles and text areas (RCDATA) are short, and a title is
            // read; the tree builder never starts an escaped section.
            RawKind::Rcdata | RawKind::ScriptDataEscaped(_) => return,
        };
        if !self.builder.sink.last_element_holds_unread_text(name) {
            return;
        }
        let Some(mut front) = self.input.peek_front_chunk_mut() else {
            return;
        };
        let Some(cut) = cuttable_len(&front, name, escapes) else {
            return;
        };
        if cut == front.len() {
            drop(front);
            self.input.pop_front();
        } else if cut > 0 {
            // `cut` is at a `<`, so on a character boundary.
            front.pop_front(cut as u32);
        }
    }
}

/// The elements whose body `cut_unread_body` may cut.
fn may_hold_unread_text(tag: &Tag) -> bool {
    tag.kind == TagKind::StartTag
        && matches!(
            tag.name,
            local_name!("script") | local_name!("style") | local_name!("noscript")
        )
}

impl TokenSink for WatchedBuilder {
    type Handle = Handle;

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<Handle> {
        // html5ever's tokenizer stands in its data state after a tag,
        // comment or doctype it emitted, unless the tree builder switched
        // it to another: there the tokens that follow can be read by
        // `fast_tokens` instead, as far as it reads them exactly.
        let after_markup = self.fast
            && matches!(
                token,
                Token::TagToken(_) | Token::CommentToken(_) | Token::DoctypeToken(_)
            );
        let result = self.watch(token, line_number);
        if after_markup {
            match result {
                TokenSinkResult::Continue => self.read_fast(line_number),
                // A script's end tag: the tokenizer stands in the data
                // state and returns from `feed`, which `Dom::parse` calls
                // again at once; `feed` drops a byte-order mark at the
                // front of the input, which is done here first.
                TokenSinkResult::Script(_) => {
                    self.drop_byte_order_mark();
                    self.read_fast(line_number);
                }
                _ => {}
            }
        }
        result
    }

    fn end(&self) {
        if !self.stopped() {
            self.flush_text(0);
            self.builder.end();
        }
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        if self.stopped() {
            return false;
        }
        // The answer depends on the tree, which the pending text may change.
        self.flush_text(0);
        self.builder.adjusted_current_node_present_but_not_in_html_namespace()
    }
}

impl WatchedBuilder {
    /// Tokens are no longer passed on: the page is to be read again.
    fn stopped(&self) -> bool {
        self.gave_up.get() || self.diverged.get()
    }

    /// Reads the page's first tokens with `fast_tokens`, before html5ever's
    /// tokenizer has read any: it starts in its data state, and its first
    /// `feed` drops a byte-order mark, which is done here first.
    pub(crate) fn read_from_start(&self) {
        self.drop_byte_order_mark();
        self.read_fast(1);
    }

    /// Drops a U+FEFF at the front of the input, as html5ever's `feed` does.
    fn drop_byte_order_mark(&self) {
        if self.input.peek() == Some('\u{feff}') {
            self.input.next();
        }
    }

    /// Reads tokens from the front of the input with `fast_tokens` and
    /// passes them on, until it meets one html5ever's tokenizer must read.
    fn read_fast(&self, line_number: u64) {
        while !self.stopped() {
            let Some(mut front) = self.input.peek_front_chunk_mut() else {
                return;
            };
            let Some((token, length)) = fast_tokens::scan(&front) else {
                return;
            };
            // The queue holds no empty chunk.
            if length == front.len() {
                drop(front);
                self.input.pop_front();
            } else {
                front.pop_front(length as u32);
                drop(front);
            }
            if !matches!(self.watch(token, line_number), TokenSinkResult::Continue) {
                self.diverged.set(true);
            }
        }
    }

    /// Counts a token, stops a page that makes the tree builder work too
    /// hard, holds text back to pass runs on whole, and passes the token on.
    fn watch(&self, token: Token, line_number: u64) -> TokenSinkResult<Handle> {
        if self.stopped() {
            return TokenSinkResult::Continue;
        }
        let tokens = self.tokens.get() + 1;
        self.tokens.set(tokens);
        if let Token::TagToken(tag) = &token
            && tag.kind == TagKind::StartTag
            && is_formatting(tag)
        {
            self.count_formatting_tag();
        }
        if self.work() > BASE_WORK + WORK_PER_TOKEN * tokens {
            self.gave_up.set(true);
            return TokenSinkResult::Continue;
        }
        let token = match token {
            Token::CharacterTokens(text) => {
                let mut pending = self.pending_text.borrow_mut();
                match pending.as_mut() {
                    // Pieces of one run are neighbours in the input, which
                    // the tendril joins without copying.
                    Some(run) => run.push_tendril(&text),
                    None => *pending = Some(text),
                }
                return TokenSinkResult::Continue;
            }
            other => other,
        };
        self.flush_text(line_number);
        let raw_text_element = match &token {
            Token::TagToken(tag) if may_hold_unread_text(tag) => Some(tag.name.clone()),
            _ => None,
        };
        let result = self.builder.process_token(token, line_number);
        if let (TokenSinkResult::RawData(kind), Some(name)) = (&result, raw_text_element) {
            self.cut_unread_body(&name, *kind);
        }
        result
    }
}
