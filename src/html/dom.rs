//! A flat arena DOM that html5ever builds into: nodes live in one `Vec` and
//! point at each other by index. The reader walks it with an explicit stack,
//! and dropping it frees one vector, so a page nesting 100,000 elements
//! overflows neither a recursive walk nor a recursive `Drop` (the risk with
//! `Rc`-linked trees such as markup5ever_rcdom).
//!
//! html5ever's tree builder follows the HTML5 spec's searches of the stack
//! of open elements, so its work grows with the square of the nesting
//! depth: 100,000 nested `<div>`s took 55 s. The sink counts that work (the
//! element-name and same-node questions the tree builder asks it), and
//! [`WatchedBuilder`] stops a page that makes it work far harder than any
//! real page; that page is read again by the [`shallow`](super::shallow)
//! tree builder, in linear time.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, Tokenizer, TokenizerOpts};
use html5ever::tree_builder::{
    ElementFlags, NodeOrText, QuirksMode, TreeBuilder, TreeBuilderOpts, TreeSink,
};
use html5ever::{Attribute, LocalName, QualName, TokenizerResult, local_name, ns};

use super::watched::WatchedBuilder;

/// No node: the end of a sibling list, or a node without parent.
pub(crate) const NONE: usize = usize::MAX;

/// What a node is.
#[derive(Debug)]
pub(crate) enum NodeKind {
    /// The document, or a template's contents fragment.
    Document,
    /// An element with its attributes.
    Element {
        /// Namespace and local name.
        name: Rc<QualName>,
        /// The attributes, in source order.
        attrs: Vec<Attribute>,
    },
    /// A run of text (adjacent text is merged into one node).
    Text(StrTendril),
    /// A comment, doctype or processing instruction: nothing the reader reads.
    Other,
}

/// One node and its links, as arena indices ([`NONE`] when absent).
#[derive(Debug)]
pub(crate) struct Node {
    pub(crate) kind: NodeKind,
    pub(crate) parent: usize,
    pub(crate) first_child: usize,
    pub(crate) last_child: usize,
    pub(crate) prev_sibling: usize,
    pub(crate) next_sibling: usize,
}

impl Node {
    pub(crate) fn new(kind: NodeKind) -> Node {
        Node {
            kind,
            parent: NONE,
            first_child: NONE,
            last_child: NONE,
            prev_sibling: NONE,
            next_sibling: NONE,
        }
    }
}

/// A parsed page: node 0 is the document.
#[derive(Debug)]
pub(crate) struct Dom {
    pub(crate) nodes: Vec<Node>,
    /// The page nested too deeply for the HTML5 tree builder and was built
    /// by the shallow one.
    pub(crate) shallow: bool,
}

impl Dom {
    /// Parses a decoded page with html5ever's HTML5 tree builder, or, when
    /// that would take time quadratic in its nesting depth, with the
    /// shallow tree builder.
    pub(crate) fn parse(html: &str) -> Dom {
        Dom::parse_reading(html, true)
    }

    /// Parses a page as [`parse`](Dom::parse) does; with `fast`, the
    /// common tokens are read by `fast_tokens` and the rest by html5ever's
    /// tokenizer, without it all by html5ever's tokenizer.
    pub(crate) fn parse_reading(html: &str, fast: bool) -> Dom {
        let input = Rc::new(BufferQueue::default());
        input.push_back(StrTendril::from_slice(html));
        let builder = WatchedBuilder::new(
            TreeBuilder::new(ArenaSink::default(), TreeBuilderOpts::default()),
            Rc::clone(&input),
            fast,
        );
        if fast {
            // The tokenizer starts in its data state: the page's first
            // tokens need not wait for one html5ever reads.
            builder.read_from_start();
        }
        let tokenizer = Tokenizer::new(builder, TokenizerOpts::default());
        // A script end tag pauses the tokenizer (for a browser to run the
        // script); there is nothing to run, so feeding goes on.
        while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
        tokenizer.end();
        let builder = tokenizer.sink;
        if builder.diverged() {
            // Never seen; html5ever's tokenizer alone cannot diverge.
            drop(builder);
            return Dom::parse_reading(html, false);
        }
        if builder.gave_up() {
            // The half-built tree goes before the page is read again.
            drop(builder);
            return super::shallow::parse(html);
        }
        builder.into_inner().sink.finish()
    }

    /// Every node in arena order with its kind and links: two parses
    /// built the same tree exactly when their outlines are equal.
    pub(crate) fn outline(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        for (id, node) in self.nodes.iter().enumerate() {
            let _ = write!(out, "{id}: ");
            let _ = match &node.kind {
                NodeKind::Document => write!(out, "document"),
                NodeKind::Element { name, attrs } => {
                    let _ = write!(out, "<{:?} {:?}", name.ns, &*name.local);
                    for a in attrs {
                        let _ = write!(
                            out,
                            " {:?}:{:?}:{:?}={:?}",
                            a.name.prefix, a.name.ns, &*a.name.local, &*a.value
                        );
                    }
                    write!(out, ">")
                }
                NodeKind::Text(text) => write!(out, "{:?}", &**text),
                NodeKind::Other => write!(out, "other"),
            };
            let link = |id: usize| if id == NONE { -1 } else { id as i64 };
            let _ = writeln!(
                out,
                " parent {} children {}..{} siblings {}, {}",
                link(node.parent),
                link(node.first_child),
                link(node.last_child),
                link(node.prev_sibling),
                link(node.next_sibling)
            );
        }
        out
    }

    /// The element's local name if `id` is an HTML element, `""` for an
    /// SVG or MathML element (the reader skips their roots whole), `None`
    /// for any other node.
    pub(crate) fn html_tag(&self, id: usize) -> Option<&str> {
        match &self.nodes[id].kind {
            NodeKind::Element { name, .. } if name.ns == ns!(html) => Some(&name.local),
            NodeKind::Element { .. } => Some(""),
            _ => None,
        }
    }

    /// The value of attribute `name` of element `id`.
    pub(crate) fn attr(&self, id: usize, name: &str) -> Option<&str> {
        match &self.nodes[id].kind {
            NodeKind::Element { attrs, .. } => attrs
                .iter()
                .find(|a| &*a.name.local == name)
                .map(|a| &*a.value),
            _ => None,
        }
    }
}

/// A handle carries its element name so that `elem_name` can lend it
/// without borrowing the arena (which the tree builder may be mutating).
#[derive(Clone, Debug)]
pub(crate) struct Handle {
    pub(crate) id: usize,
    name: Rc<QualName>,
}

/// The tree builder's sink: the arena behind a `RefCell`, because html5ever
/// calls the sink through `&self`.
pub(crate) struct ArenaSink {
    nodes: RefCell<Vec<Node>>,
    /// Template element id → its contents fragment id.
    templates: RefCell<Vec<(usize, usize)>>,
    /// The name lent for non-elements, which the tree builder never asks for.
    no_name: Rc<QualName>,
    /// Questions the tree builder asked about nodes (`elem_name`,
    /// `same_node`): a measure of its work, which scope searches make
    /// quadratic on deeply nested pages.
    pub(crate) work: Cell<u64>,
}

impl Default for ArenaSink {
    fn default() -> ArenaSink {
        ArenaSink {
            nodes: RefCell::new(vec![Node::new(NodeKind::Document)]),
            templates: RefCell::new(Vec::new()),
            no_name: Rc::new(QualName::new(None, ns!(), Default::default())),
            work: Cell::new(0),
        }
    }
}

impl ArenaSink {
    fn push(&self, kind: NodeKind) -> usize {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(Node::new(kind));
        nodes.len() - 1
    }

    /// Whether the element created last is a `name` element whose text is
    /// never read (see [`holds_unread_text`]).
    pub(crate) fn last_element_holds_unread_text(&self, name: &LocalName) -> bool {
        let nodes = self.nodes.borrow();
        nodes.last().is_some_and(|node| {
            matches!(&node.kind, NodeKind::Element { name: own, .. } if own.local == *name)
                && holds_unread_text(node)
        })
    }

    fn handle(&self, id: usize) -> Handle {
        Handle {
            id,
            name: self.no_name.clone(),
        }
    }

    /// Links `child` (detached) as the last child of `parent`.
    pub(crate) fn link_last(nodes: &mut [Node], parent: usize, child: usize) {
        let last = nodes[parent].last_child;
        nodes[child].parent = parent;
        nodes[child].prev_sibling = last;
        nodes[child].next_sibling = NONE;
        if last == NONE {
            nodes[parent].first_child = child;
        } else {
            nodes[last].next_sibling = child;
        }
        nodes[parent].last_child = child;
    }

    /// Links `child` (detached) right before `sibling`.
    fn link_before(nodes: &mut [Node], sibling: usize, child: usize) {
        let parent = nodes[sibling].parent;
        let prev = nodes[sibling].prev_sibling;
        nodes[child].parent = parent;
        nodes[child].prev_sibling = prev;
        nodes[child].next_sibling = sibling;
        nodes[sibling].prev_sibling = child;
        if prev == NONE {
            if parent != NONE {
                nodes[parent].first_child = child;
            }
        } else {
            nodes[prev].next_sibling = child;
        }
    }

    fn unlink(nodes: &mut [Node], id: usize) {
        let (parent, prev, next) = (
            nodes[id].parent,
            nodes[id].prev_sibling,
            nodes[id].next_sibling,
        );
        if prev != NONE {
            nodes[prev].next_sibling = next;
        } else if parent != NONE {
            nodes[parent].first_child = next;
        }
        if next != NONE {
            nodes[next].prev_sibling = prev;
        } else if parent != NONE {
            nodes[parent].last_child = prev;
        }
        nodes[id].parent = NONE;
        nodes[id].prev_sibling = NONE;
        nodes[id].next_sibling = NONE;
    }

    /// Adds `text` as a new text node placed by `link`, unless it can be
    /// appended to `neighbour`, a text node already (html5ever hands text
    /// over in pieces).
    pub(crate) fn insert_text(
        nodes: &mut Vec<Node>,
        neighbour: usize,
        text: StrTendril,
        link: impl FnOnce(&mut [Node], usize),
    ) {
        if !Self::extend_text(nodes, neighbour, &text) {
            nodes.push(Node::new(NodeKind::Text(text)));
            let id = nodes.len() - 1;
            link(nodes, id);
        }
    }

    /// Appends text to node `id` if it is a text node.
    fn extend_text(nodes: &mut [Node], id: usize, text: &StrTendril) -> bool {
        if id == NONE {
            return false;
        }
        match &mut nodes[id].kind {
            NodeKind::Text(existing) => {
                existing.push_tendril(text);
                true
            }
            _ => false,
        }
    }
}

/// Whether the text of a node is never read: a style sheet, a script other
/// than JSON-LD (whose headline the metadata reads), a `<noscript>`. The
/// reader skips these elements whole; keeping their text, half the bytes
/// of a typical page, cost time and memory for nothing.
fn holds_unread_text(node: &Node) -> bool {
    let NodeKind::Element { name, attrs } = &node.kind else {
        return false;
    };
    if name.ns != ns!(html) {
        return false;
    }
    match name.local {
        local_name!("style") | local_name!("noscript") => true,
        local_name!("script") => !attrs
            .iter()
            .find(|a| a.name.local == local_name!("type"))
            .is_some_and(|a| a.value.trim().eq_ignore_ascii_case("application/ld+json")),
        _ => false,
    }
}

impl TreeSink for ArenaSink {
    type Handle = Handle;
    type Output = Dom;
    type ElemName<'a> = &'a QualName;

    fn finish(self) -> Dom {
        Dom {
            nodes: self.nodes.into_inner(),
            shallow: false,
        }
    }

    // Parse errors are normal on scraped pages; the reader recovers like a browser.
    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> Handle {
        self.handle(0)
    }

    fn elem_name<'a>(&'a self, target: &'a Handle) -> &'a QualName {
        self.work.set(self.work.get() + 1);
        &target.name
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> Handle {
        let name = Rc::new(name);
        let id = self.push(NodeKind::Element {
            name: name.clone(),
            attrs,
        });
        if flags.template {
            let contents = self.push(NodeKind::Document);
            self.templates.borrow_mut().push((id, contents));
        }
        Handle { id, name }
    }

    fn create_comment(&self, _text: StrTendril) -> Handle {
        self.handle(self.push(NodeKind::Other))
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> Handle {
        self.handle(self.push(NodeKind::Other))
    }

    fn append(&self, parent: &Handle, child: NodeOrText<Handle>) {
        let mut nodes = self.nodes.borrow_mut();
        match child {
            NodeOrText::AppendNode(node) => Self::link_last(&mut nodes, parent.id, node.id),
            NodeOrText::AppendText(text) => {
                if holds_unread_text(&nodes[parent.id]) {
                    return;
                }
                let last = nodes[parent.id].last_child;
                Self::insert_text(&mut nodes, last, text, |nodes, id| {
                    Self::link_last(nodes, parent.id, id)
                });
            }
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &Handle,
        prev_element: &Handle,
        child: NodeOrText<Handle>,
    ) {
        let has_parent = self.nodes.borrow()[element.id].parent != NONE;
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(
        &self,
        _name: StrTendril,
        _public_id: StrTendril,
        _system_id: StrTendril,
    ) {
    }

    fn get_template_contents(&self, target: &Handle) -> Handle {
        let contents = self
            .templates
            .borrow()
            .iter()
            .rev()
            .find(|(template, _)| *template == target.id)
            .map(|&(_, contents)| contents);
        // The tree builder asks only for templates; a fresh fragment keeps a
        // broken promise harmless instead of panicking.
        let id = contents.unwrap_or_else(|| self.push(NodeKind::Document));
        self.handle(id)
    }

    fn same_node(&self, x: &Handle, y: &Handle) -> bool {
        self.work.set(self.work.get() + 1);
        x.id == y.id
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &Handle, new_node: NodeOrText<Handle>) {
        let mut nodes = self.nodes.borrow_mut();
        match new_node {
            NodeOrText::AppendNode(node) => Self::link_before(&mut nodes, sibling.id, node.id),
            NodeOrText::AppendText(text) => {
                let prev = nodes[sibling.id].prev_sibling;
                Self::insert_text(&mut nodes, prev, text, |nodes, id| {
                    Self::link_before(nodes, sibling.id, id)
                });
            }
        }
    }

    fn add_attrs_if_missing(&self, target: &Handle, new_attrs: Vec<Attribute>) {
        let mut nodes = self.nodes.borrow_mut();
        if let NodeKind::Element { attrs, .. } = &mut nodes[target.id].kind {
            for attr in new_attrs {
                if !attrs.iter().any(|a| a.name == attr.name) {
                    attrs.push(attr);
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &Handle) {
        Self::unlink(&mut self.nodes.borrow_mut(), target.id);
    }

    fn reparent_children(&self, node: &Handle, new_parent: &Handle) {
        let mut nodes = self.nodes.borrow_mut();
        let mut child = nodes[node.id].first_child;
        while child != NONE {
            let next = nodes[child].next_sibling;
            Self::unlink(&mut nodes, child);
            Self::link_last(&mut nodes, new_parent.id, child);
            child = next;
        }
    }
}
