//! The cleaned article as a small HTML5 document: the kept blocks as
//! headings, paragraphs, quotes, figures and lists inside one `<article>`,
//! each block in another language than the page's marked with `lang`.
//!
//! The label decides a block's element; the block's source tag (when the
//! page was HTML) only refines body text, into list items and preformatted
//! text, because the model has no label for either.

use super::kept_blocks;
use crate::document::heading_anchor_start;
use crate::labels::LabelSet;
use crate::language::iso_code;
use crate::pipeline::ClassifiedDocument;

/// What a kept block is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Element<'a> {
    /// The first headline: `<h1>`, and the document's `<title>`.
    Title,
    /// A later headline: `<h2>`.
    Heading,
    /// Body text: `<p>`.
    Paragraph,
    /// Body text from an `li` element: `<li>`, grouped into a `<ul>`.
    ListItem,
    /// Body text from a `pre` element: `<pre>`, its lines kept.
    Preformatted,
    /// `<blockquote><p>`.
    Quote,
    /// `<figure><figcaption>`.
    Caption,
    /// A label without an element of its own (a custom label set's, or
    /// boilerplate kept on request): `<p data-label="NAME">`, so that the
    /// label survives for a style sheet or a script.
    Labeled(&'a str),
}

/// A kept block ready to write: its element, its text (a headline's
/// without its section anchor), and its language when it is not the page's.
#[derive(Debug, Clone, Copy)]
struct HtmlBlock<'a> {
    element: Element<'a>,
    text: &'a str,
    lang: Option<&'static str>,
}

/// The cleaned article as an HTML5 document: `<html lang>` with the page's
/// main language when known, `<title>` from the first headline, and the kept
/// blocks (see [`kept_blocks`]) inside `<body><article>`.
pub fn render_html(doc: &ClassifiedDocument, labels: &LabelSet, keep: &[bool]) -> String {
    let main = doc.languages.main.map(iso_code);
    let blocks = html_blocks(doc, labels, keep, main);
    let mut out = String::from("<!DOCTYPE html>\n");
    match main {
        Some(code) => {
            out.push_str("<html lang=\"");
            push_escaped(&mut out, code);
            out.push_str("\">\n");
        }
        None => out.push_str("<html>\n"),
    }
    out.push_str("<head>\n<meta charset=\"utf-8\">\n<title>");
    push_lines(&mut out, page_title(&blocks, &doc.document.id), " ");
    out.push_str("</title>\n</head>\n<body>\n<article>\n");
    push_blocks(&mut out, &blocks);
    out.push_str("</article>\n</body>\n</html>\n");
    out
}

/// The kept blocks with their elements and languages.
fn html_blocks<'a>(
    doc: &'a ClassifiedDocument,
    labels: &'a LabelSet,
    keep: &[bool],
    main: Option<&'static str>,
) -> Vec<HtmlBlock<'a>> {
    let mut headlines = 0;
    kept_blocks(doc, labels, keep)
        .into_iter()
        .map(|index| {
            let block = &doc.document.blocks[index];
            let label = labels.name(doc.predictions[index].label);
            let element = element(label, block.tag.as_deref(), headlines);
            let text = match element {
                Element::Title | Element::Heading => {
                    headlines += 1;
                    // As in Markdown: "History[edit]" is a heading whose link is gone.
                    heading_anchor_start(&block.text).map_or(block.text.as_str(), |end| {
                        &block.text[..end]
                    })
                }
                _ => &block.text,
            };
            let lang = doc
                .languages
                .blocks
                .get(index)
                .and_then(|b| b.language())
                .map(iso_code)
                .filter(|&code| Some(code) != main);
            HtmlBlock {
                element,
                text,
                lang,
            }
        })
        .collect()
}

/// The element for a block with this label and source tag, after
/// `headlines` headlines.
fn element<'a>(label: &'a str, tag: Option<&str>, headlines: usize) -> Element<'a> {
    let tag_is = |name: &str| tag.is_some_and(|t| t.eq_ignore_ascii_case(name));
    match label {
        "headline" if headlines == 0 => Element::Title,
        "headline" => Element::Heading,
        "body" if tag_is("li") => Element::ListItem,
        "body" if tag_is("pre") => Element::Preformatted,
        "body" => Element::Paragraph,
        "quote" => Element::Quote,
        "caption" => Element::Caption,
        other => Element::Labeled(other),
    }
}

/// The document's title: the first headline; without one, the document's
/// id (a file name), or "Untitled" when that is empty too (a page given to
/// the library), since HTML requires a title that is not empty.
fn page_title<'a>(blocks: &[HtmlBlock<'a>], id: &'a str) -> &'a str {
    blocks
        .iter()
        .find(|b| b.element == Element::Title)
        .map(|b| b.text)
        .filter(|text| !text.trim().is_empty())
        .or(Some(id).filter(|id| !id.trim().is_empty()))
        .unwrap_or("Untitled")
}

/// Writes the blocks, one element a line, wrapping each run of list items
/// in one `<ul>`.
fn push_blocks(out: &mut String, blocks: &[HtmlBlock]) {
    for (i, block) in blocks.iter().enumerate() {
        let in_list = |j: Option<usize>| {
            j.and_then(|j| blocks.get(j))
                .is_some_and(|b| b.element == Element::ListItem)
        };
        let is_item = block.element == Element::ListItem;
        if is_item && !in_list(i.checked_sub(1)) {
            out.push_str("<ul>\n");
        }
        push_block(out, block);
        if is_item && !in_list(Some(i + 1)) {
            out.push_str("</ul>\n");
        }
    }
}

/// Writes one block as its element, and a newline.
fn push_block(out: &mut String, block: &HtmlBlock) {
    let (open, inner_open, inner_close, close, line_break) = match block.element {
        Element::Title => ("h1", "", "", "</h1>", " "),
        Element::Heading => ("h2", "", "", "</h2>", " "),
        Element::Paragraph | Element::Labeled(_) => ("p", "", "", "</p>", "<br>"),
        Element::ListItem => ("li", "", "", "</li>", "<br>"),
        Element::Preformatted => ("pre", "", "", "</pre>", "\n"),
        Element::Quote => ("blockquote", "<p>", "</p>", "</blockquote>", "<br>"),
        Element::Caption => ("figure", "<figcaption>", "</figcaption>", "</figure>", "<br>"),
    };
    out.push('<');
    out.push_str(open);
    if let Element::Labeled(label) = block.element {
        push_attribute(out, "data-label", label);
    }
    if let Some(lang) = block.lang {
        push_attribute(out, "lang", lang);
    }
    out.push('>');
    // A parser drops a newline right after `<pre>`: a block starting with
    // an empty line would lose it without a second one.
    if block.element == Element::Preformatted && block.text.starts_with('\n') {
        out.push('\n');
    }
    out.push_str(inner_open);
    push_lines(out, block.text, line_break);
    out.push_str(inner_close);
    out.push_str(close);
    out.push('\n');
}

/// Writes ` name="value"`, the value escaped.
fn push_attribute(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    push_escaped(out, value);
    out.push('"');
}

/// Writes the text's lines, escaped, with `line_break` between them.
fn push_lines(out: &mut String, text: &str, line_break: &str) {
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str(line_break);
        }
        push_escaped(out, line);
    }
}

/// Writes text escaped for an HTML element or a double-quoted attribute.
/// Control characters and noncharacters, which HTML5 forbids even as
/// character references, become U+FFFD; a tab and a newline stay.
fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' => out.push(c),
            c if c.is_control() || is_noncharacter(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
}

/// Unicode's noncharacters: U+FDD0 to U+FDEF and the last two code points
/// of every plane.
fn is_noncharacter(c: char) -> bool {
    let code = u32::from(c);
    (0xfdd0..=0xfdef).contains(&code) || code & 0xfffe == 0xfffe
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Block, Document};
    use crate::language::{BlockLanguage, DetectedLanguage, LanguageReport};
    use crate::model::Prediction;
    use whatlang::{Lang, Script};

    /// A classified document from (text, label, tag) triples, every block
    /// in `block_lang` when given, the page in `main`.
    fn classified(
        blocks: &[(&str, &str, Option<&str>)],
        labels: &LabelSet,
        main: Option<Lang>,
    ) -> ClassifiedDocument {
        ClassifiedDocument {
            document: Document {
                id: "page.txt".into(),
                blocks: blocks
                    .iter()
                    .map(|(text, _, tag)| Block {
                        tag: tag.map(String::from),
                        ..Block::new(*text)
                    })
                    .collect(),
                metadata: None,
                archive: None,
            },
            languages: LanguageReport {
                main,
                blocks: blocks.iter().map(|_| in_language(main)).collect(),
                segments: Vec::new(),
            },
            predictions: blocks
                .iter()
                .map(|(_, label, _)| {
                    let id = labels.id(label).expect("a label of the set");
                    let mut probabilities = vec![0.0; labels.len()];
                    probabilities[id] = 1.0;
                    Prediction::from_model(id, probabilities)
                })
                .collect(),
        }
    }

    /// A block language: trusted `lang`, or none.
    fn in_language(lang: Option<Lang>) -> BlockLanguage {
        BlockLanguage {
            detected: lang.map(|lang| DetectedLanguage {
                lang,
                confidence: 1.0,
                script: Script::Latin,
            }),
            trusted: lang.is_some(),
            letters: 40,
        }
    }

    /// The `<article>`'s contents.
    fn article(html: &str) -> &str {
        let start = html.find("<article>\n").expect("an article") + "<article>\n".len();
        let end = html.find("</article>").expect("an article's end");
        &html[start..end]
    }

    fn render(blocks: &[(&str, &str, Option<&str>)], main: Option<Lang>) -> String {
        let labels = LabelSet::standard();
        let doc = classified(blocks, &labels, main);
        render_html(&doc, &labels, &vec![true; labels.len()])
    }

    #[test]
    fn a_whole_document() {
        let html = render(
            &[
                ("Night ferry resumes", "headline", None),
                ("The ferry left at ten.\nIt was full.", "body", None),
            ],
            Some(Lang::Eng),
        );
        assert_eq!(
            html,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <title>Night ferry resumes</title>\n</head>\n<body>\n<article>\n\
             <h1>Night ferry resumes</h1>\n<p>The ferry left at ten.<br>It was full.</p>\n\
             </article>\n</body>\n</html>\n"
        );
    }

    #[test]
    fn text_and_attributes_are_escaped_and_controls_replaced() {
        let html = render(
            &[
                ("Fish & <chips> \"today\"", "headline", None),
                ("a < b && c > d\u{7}\u{fffe}\tend", "body", None),
            ],
            None,
        );
        assert!(html.contains("<title>Fish &amp; &lt;chips&gt; &quot;today&quot;</title>"));
        assert!(html.contains("<p>a &lt; b &amp;&amp; c &gt; d\u{fffd}\u{fffd}\tend</p>"));
        let labels = LabelSet::new(vec!["odd\"<&>".into(), "boilerplate".into()]).unwrap();
        let doc = classified(&[("Text", "odd\"<&>", None)], &labels, None);
        let html = render_html(&doc, &labels, &[true, false]);
        assert!(html.contains("<p data-label=\"odd&quot;&lt;&amp;&gt;\">Text</p>"));
    }

    #[test]
    fn consecutive_list_items_make_one_list() {
        let html = render(
            &[
                ("Bring:", "body", None),
                ("a map", "body", Some("li")),
                ("water", "body", Some("LI")),
                ("Then go.", "body", Some("p")),
                ("Later", "body", Some("li")),
                ("Not an item", "headline", Some("li")),
            ],
            None,
        );
        assert_eq!(
            article(&html),
            "<p>Bring:</p>\n<ul>\n<li>a map</li>\n<li>water</li>\n</ul>\n<p>Then go.</p>\n\
             <ul>\n<li>Later</li>\n</ul>\n<h1>Not an item</h1>\n"
        );
    }

    #[test]
    fn first_headline_is_h1_later_ones_h2_without_anchors() {
        let html = render(
            &[
                ("History[edit]", "headline", None),
                ("It began in 1890.", "body", None),
                ("Setting up¶", "headline", None),
                ("Two\nlines", "headline", None),
            ],
            None,
        );
        assert!(html.contains("<title>History</title>"));
        assert_eq!(
            article(&html),
            "<h1>History</h1>\n<p>It began in 1890.</p>\n<h2>Setting up</h2>\n<h2>Two lines</h2>\n"
        );
    }

    #[test]
    fn without_a_headline_the_title_is_the_id() {
        let html = render(&[("Only a paragraph.", "body", None)], None);
        assert!(html.contains("<title>page.txt</title>"));
    }

    #[test]
    fn quotes_captions_and_preformatted_text() {
        let html = render(
            &[
                ("“Go,” she said.\nThen left.", "quote", None),
                ("A crane. Photo: T. Berg", "caption", None),
                ("fn main() {\n    run();\n}", "body", Some("pre")),
            ],
            None,
        );
        assert_eq!(
            article(&html),
            "<blockquote><p>“Go,” she said.<br>Then left.</p></blockquote>\n\
             <figure><figcaption>A crane. Photo: T. Berg</figcaption></figure>\n\
             <pre>fn main() {\n    run();\n}</pre>\n"
        );
    }

    #[test]
    fn blocks_in_another_language_get_lang() {
        let labels = LabelSet::standard();
        let mut doc = classified(
            &[
                ("The council met.", "body", None),
                ("Der Rat tagte.", "quote", None),
                ("Kontakt", "body", Some("li")),
                ("Ok", "body", None),
            ],
            &labels,
            Some(Lang::Eng),
        );
        doc.languages.blocks[1] = in_language(Some(Lang::Deu));
        doc.languages.blocks[2] = in_language(Some(Lang::Deu));
        doc.languages.blocks[3] = in_language(None);
        let html = render_html(&doc, &labels, &vec![true; labels.len()]);
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n"));
        assert_eq!(
            article(&html),
            "<p>The council met.</p>\n<blockquote lang=\"de\"><p>Der Rat tagte.</p></blockquote>\n\
             <ul>\n<li lang=\"de\">Kontakt</li>\n</ul>\n<p>Ok</p>\n"
        );
        // Without a main language, a known block language is still marked.
        doc.languages.main = None;
        let html = render_html(&doc, &labels, &vec![true; labels.len()]);
        assert!(html.contains("<html>\n"));
        assert!(html.contains("<p lang=\"en\">The council met.</p>"));
    }

    #[test]
    fn custom_and_kept_boilerplate_labels_are_data_labels() {
        let labels =
            LabelSet::new(vec!["title".into(), "teaser".into(), "body".into()]).unwrap();
        let doc = classified(
            &[
                ("A short teaser", "teaser", None),
                ("Text.", "body", None),
                ("Title", "title", None),
            ],
            &labels,
            None,
        );
        let html = render_html(&doc, &labels, &[true, true, true]);
        assert_eq!(
            article(&html),
            "<p data-label=\"teaser\">A short teaser</p>\n<p>Text.</p>\n\
             <p data-label=\"title\">Title</p>\n"
        );
        let html = render(&[("Share: X | Email", "boilerplate", None)], None);
        assert!(html.contains("<p data-label=\"boilerplate\">Share: X | Email</p>"));
    }

    #[test]
    fn a_pre_starting_with_an_empty_line_keeps_it() {
        let html = render(&[("\nindented", "body", Some("pre"))], None);
        assert!(html.contains("<pre>\n\nindented</pre>"));
    }
}
