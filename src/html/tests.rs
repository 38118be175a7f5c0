//! The reader on small authored pages: one test per rule of FORMAT.md's
//! "From HTML to blocks", the evidence, and inputs that must not panic.

use super::*;

fn texts(html: &str) -> Vec<String> {
    read_html_str("t", html)
        .blocks
        .into_iter()
        .map(|b| b.text)
        .collect()
}

fn tags(html: &str) -> Vec<(String, String)> {
    read_html_str("t", html)
        .blocks
        .into_iter()
        .map(|b| (b.tag.unwrap_or_default(), b.text))
        .collect()
}

fn evidence(html: &str, block: usize) -> HtmlEvidence {
    *read_html_str("t", html).blocks[block]
        .evidence
        .clone()
        .expect("html blocks have evidence")
}

#[test]
fn skipped_elements_vanish_with_their_contents() {
    let page = "<head><title>Tab</title><style>p{}</style></head><body><p>Kept<script>var x;</script> words</p>\
        <noscript>No JS</noscript><template><p>Later</p></template><svg><text>Drawn</text></svg>\
        <select><option>One</option></select><button>Press</button><textarea>Typed</textarea>\
        <iframe>Framed</iframe><object>Obj</object><canvas>Painted</canvas><math><mi>x</mi></math><p>End</p></body>";
    assert_eq!(texts(page), ["Kept words", "End"]);
}

#[test]
fn cut_script_and_style_bodies_end_where_the_html5_tokenizer_ends_them() {
    // The reader cuts unread bodies before html5ever reads them
    // (`raw_text`); a cut past the real end would swallow what follows, a
    // cut short of it would leave script text in a block.
    let page = "<html><head><title>Tab</title>\
        <script type=\"application/ld+json\">{\"headline\": \"From JSON-LD\"}</script>\
        <style>p::after { content: '</p>' }</STYLE ></head><body>\
        <script>var s = \"</div><p>not text</p>\"; if (a < b) { c(); }</script >\
        <p>One</p>\
        <script><!-- document.write(\"<script>x()</script>\"); --></script><p>Two</p>\
        <noscript><p>No script</p></noscript><p>Three <b>3</b>\
        <svg><script>var inSvg = 1;</script></svg><p>Four</p><script>unclosed";
    let document = read_html_str("t", page);
    let texts: Vec<&str> = document.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts, ["One", "Two", "Three 3", "Four"]);
    let metadata = document.metadata.expect("html pages have metadata");
    assert_eq!(metadata.json_ld_headline.as_deref(), Some("From JSON-LD"));
}

#[test]
fn text_given_in_pieces_joins_as_in_one_piece() {
    // The builder passes a run of text on whole: runs split by a line
    // feed, a character reference or a comment read as they always did.
    let page = "<table>\n  x &amp; y<!-- c -->z\n  <tr><td>\n\n Cell &lt;1&gt;\r\n two</td></tr></table>\
        <pre>\nkept\n  lines</pre><p>a<!-- -->b &#x41;\n\tc</p>";
    assert_eq!(texts(page), ["x & yz", "Cell <1> two", "kept lines", "ab A c"]);
}

#[test]
fn hidden_and_inline_invisible_elements_vanish_but_aria_and_classes_do_not_hide() {
    let page = "<p hidden>Secret</p><div style=\"color:red; DISPLAY : none\">Gone</div>\
        <span style='visibility:  hidden'>Ghost</span><p aria-hidden=\"true\">Shown</p>\
        <p class=\"hidden\">Also shown</p><p style=\"display:block\">Visible</p>";
    assert_eq!(texts(page), ["Shown", "Also shown", "Visible"]);
}

#[test]
fn block_elements_cut_blocks_and_tails_belong_to_the_enclosing_block() {
    let page = "<div>Lead <b>bold</b> text<p>Inner para</p>Tail of div<ul><li>One</li><li>Two <i>it</i></li></ul>After list</div>";
    assert_eq!(
        tags(page),
        [
            ("div".to_string(), "Lead bold text".to_string()),
            ("p".into(), "Inner para".into()),
            ("div".into(), "Tail of div".into()),
            ("li".into(), "One".into()),
            ("li".into(), "Two it".into()),
            ("div".into(), "After list".into()),
        ]
    );
    // Text directly in <body> is a body block; <hr> cuts like any block element.
    assert_eq!(
        tags("Loose text<hr>more"),
        [
            ("body".into(), "Loose text".into()),
            ("body".into(), "more".into())
        ]
    );
    assert_eq!(
        texts("<table><tr><td>Cell one</td><td>Cell two</td></tr></table>"),
        ["Cell one", "Cell two"]
    );
    assert_eq!(texts("<span>in</span><span>line</span>"), ["inline"]);
}

#[test]
fn one_br_breaks_the_line_two_end_the_block() {
    assert_eq!(
        texts("<p>First line<br>second line</p>"),
        ["First line\nsecond line"]
    );
    assert_eq!(
        texts("<p>Above<br> \n <br>Below<br><br><br>Last</p>"),
        ["Above", "Below", "Last"]
    );
    assert_eq!(
        texts("<p><br>Starts after a break<br></p>"),
        ["Starts after a break"]
    );
    let blocks = read_html_str("t", "<p>One<br><br>Two</p>").blocks;
    assert!(blocks.iter().all(|b| b.tag.as_deref() == Some("p")));
}

#[test]
fn white_space_collapses_no_break_spaces_included_and_pre_too() {
    assert_eq!(
        texts("<p>  spaced \t out\u{a0}\u{a0}here\n</p>"),
        ["spaced out here"]
    );
    assert_eq!(texts("<p>a&nbsp;&nbsp;b</p>"), ["a b"]);
    assert_eq!(
        texts("<pre>  code   line\n\n   next</pre>"),
        ["code line next"]
    );
    assert_eq!(texts("<p>x<br>   <b> </b>  <br>y</p>"), ["x", "y"]);
}

#[test]
fn blocks_without_a_letter_or_digit_are_dropped() {
    assert_eq!(
        texts("<p>|</p><p>— • —</p><p>7</p><p>é</p><p>   </p>"),
        ["7", "é"]
    );
}

#[test]
fn comments_are_dropped() {
    assert_eq!(texts("<p>Be<!-- not this -->fore</p>"), ["Before"]);
}

#[test]
fn spans_are_offsets_in_the_plain_text_rendering() {
    let document = read_html_str("t", "<h1>Title</h1><p>Para one<br>two</p><p>Ünï</p>");
    let rendering: Vec<&str> = document.blocks.iter().map(|b| b.text.as_str()).collect();
    let rendering = rendering.join("\n\n");
    for block in &document.blocks {
        let span = block.span.clone().expect("html blocks have spans");
        assert_eq!(&rendering[span], block.text);
    }
}

#[test]
fn evidence_describes_the_block_element_and_its_ancestors() {
    let page = "<body><article class='postBody main'><header id='top'><h1 itemprop='headline'>Title</h1></header>\
        <p>Read <a href='/a'>this link</a> now</p><nav><ul><li><a href='/'>Home</a></li></ul></nav></article></body>";
    let heading = evidence(page, 0);
    assert_eq!(heading.tag, "h1");
    assert_eq!(heading.dom_path, "body>article.postBody>header#top>h1");
    assert!(
        heading
            .ancestors
            .has(AncestorFlags::ARTICLE | AncestorFlags::HEADER | AncestorFlags::HEADING)
    );
    assert_eq!(heading.tokens, ["headline", "top", "post", "body", "main"]);
    assert_eq!(heading.depth, 5);
    let paragraph = evidence(page, 1);
    assert_eq!((paragraph.link_chars, paragraph.chars), (8, 15));
    assert!(!paragraph.ancestors.has(AncestorFlags::LINK));
    let menu = evidence(page, 2);
    assert!(
        menu.ancestors
            .has(AncestorFlags::NAV | AncestorFlags::LIST_ITEM)
    );
    assert_eq!(menu.link_density(), 1.0);
    assert_eq!(
        read_html_str("t", page).metadata.map(|m| *m),
        Some(PageMetadata::default())
    );
}

#[test]
fn dom_paths_are_bounded() {
    let page = format!("{}<p>Deep</p>", "<div class='level'>".repeat(40));
    let evidence = evidence(&page, 0);
    assert_eq!(evidence.dom_path.split('>').count(), DOM_PATH_STEPS);
    assert!(evidence.dom_path.ends_with("div.level>p"));
    assert_eq!(evidence.depth, 43);
}

#[test]
fn media_in_or_next_to_a_block_is_noted() {
    let page = "<p>Before</p><img src=a.jpg><p>Caption under</p><p>Far away</p><p>Has <img src=b.jpg> inside</p>";
    let near: Vec<bool> = read_html_str("t", page)
        .blocks
        .iter()
        .map(|b| b.evidence.as_ref().is_some_and(|e| e.near_media))
        .collect();
    assert_eq!(near, [true, true, false, true]);
    assert!(
        evidence(
            "<figure><img src=c.jpg><figcaption>Shot</figcaption></figure>",
            0
        )
        .ancestors
        .has(AncestorFlags::FIGCAPTION)
    );
}

#[test]
fn read_html_decodes_and_names_the_page_in_errors() {
    let (document, report) = read_html(
        "page.html",
        b"<meta charset=koi8-r><p>\xF0\xD2\xC9\xD7\xC5\xD4</p>",
        &HtmlOptions::default(),
    )
    .expect("reads");
    assert_eq!(document.blocks[0].text, "Привет");
    assert_eq!(report.encoding, "KOI8-R");
    let options = HtmlOptions {
        charset: Some("klingon".into()),
        ..HtmlOptions::default()
    };
    let error = read_html("page.html", b"<p>x</p>", &options).expect_err("unknown charset");
    assert_eq!(error.to_string(), "page.html: unknown charset \"klingon\"");
}

#[test]
fn odd_inputs_give_a_result_not_a_panic() {
    let options = HtmlOptions::default();
    for bytes in [
        &b""[..],
        b"\0\0\0",
        b"<p>cut <b",
        b"<div><p>x</",
        b"<<<>>>&&&;",
        b"<p>ok\0ay</p>",
    ] {
        assert!(read_html("odd", bytes, &options).is_ok());
    }
    assert_eq!(
        read_html("nul", b"<p>ok\0ay</p>", &options)
            .expect("reads")
            .0
            .blocks[0]
            .text,
        "okay"
    );
    let garbage: Vec<u8> = (0..100_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    assert!(read_html("garbage", &garbage, &options).is_ok());
    assert!(read_html_str("empty", "").blocks.is_empty());
}

fn deep(tag: &str, depth: usize) -> String {
    format!(
        "{}deep text{}",
        format!("<{tag}>").repeat(depth),
        format!("</{tag}>").repeat(depth)
    )
}

#[test]
fn a_hundred_thousand_nested_elements_neither_overflow_nor_recurse() {
    for page in [
        deep("span", 100_000),
        deep("b", 100_000),
        deep("i", 100_000),
    ] {
        let document = read_html_str("deep", &page);
        assert_eq!(
            document.blocks.last().map(|b| b.text.as_str()),
            Some("deep text")
        );
    }
}

fn read_deep(page: &str) -> (Document, DecodeReport) {
    read_html("deep", page.as_bytes(), &HtmlOptions::default()).expect("reads")
}

/// Regression: 100,000 nested `<div>`s took html5ever's tree builder 55 s
/// (each start tag looks for an open `<p>` down the whole stack of open
/// elements, as the HTML5 spec says). Such pages are read by the shallow
/// tree builder, which opens at most `shallow::MAX_OPEN` elements and
/// puts deeper ones beside the innermost.
#[test]
fn a_hundred_thousand_nested_block_elements_are_read_shallow() {
    let (document, report) = read_deep(&deep("div", 100_000));
    assert!(report.nesting_too_deep);
    assert_eq!(
        document.blocks.iter().map(|b| b.text.as_str()).collect::<Vec<_>>(),
        ["deep text"]
    );
    let evidence = document.blocks[0].evidence.as_ref().expect("evidence");
    assert_eq!(evidence.depth, shallow::MAX_OPEN);

    // Unclosed, each with its text: every element still cuts a block.
    let (document, report) = read_deep(&"<div>x".repeat(100_000));
    assert!(report.nesting_too_deep);
    assert_eq!(document.blocks.len(), 100_000);
}

/// Work the sink is not asked about counts too: a `<div>` left open in a
/// table that is closed, and formatting elements that differ by an
/// attribute (each start tag walks the list of those still active).
#[test]
fn pages_that_grow_the_builders_lists_are_read_shallow() {
    let tables = "<div><table></div></table>x".repeat(100_000);
    let formatting: String = (0..100_000).map(|i| format!("<b id={i}>x")).collect();
    for page in [tables, formatting] {
        let (document, report) = read_deep(&page);
        assert!(report.nesting_too_deep, "{}", &page[..40]);
        let text: usize = document.blocks.iter().map(|b| b.text.len()).sum();
        assert!(text >= 100_000, "{}", &page[..40]);
    }
}

#[test]
fn ordinary_pages_are_read_by_the_html5_tree_builder() {
    let shallow_reads = ["<p>x</p>".repeat(50_000), deep("div", 200), deep("b", 2_000)]
        .iter()
        .filter(|page| read_deep(page).1.nesting_too_deep)
        .count();
    assert_eq!(shallow_reads, 0);
}

/// The shallow builder gives raw-text elements their content and closes an
/// end tag's innermost element of its name.
#[test]
fn the_shallow_tree_builder_reads_raw_text_and_end_tags() {
    let dom = shallow::parse(
        "<title>T</title><script>if (a<b) x='</div>';</script><div><p>One<span>two</p>three         <br>four<style>p{}</style></div><p>Five",
    );
    assert!(dom.shallow);
    let blocks: Vec<String> = reader::read_blocks(&dom).into_iter().map(|b| b.text).collect();
    assert_eq!(blocks, ["Onetwo", "three\nfour", "Five"]);
    assert_eq!(
        metadata::read_metadata(&dom).title.as_deref(),
        Some("T")
    );
}

#[test]
fn a_ten_megabyte_page_is_read() {
    let paragraph = "<p>Ten megabytes of the same sentence, over and over again.</p>\n";
    let page = paragraph.repeat(10_000_000 / paragraph.len() + 1);
    let gz = {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(page.as_bytes()).expect("writes");
        encoder.finish().expect("finishes")
    };
    let (document, report) = read_html("big.html.gz", &gz, &HtmlOptions::default()).expect("reads");
    assert!(report.gzip);
    assert_eq!(document.blocks.len(), page.len() / paragraph.len());
}

#[test]
fn fast_tokens_build_html5evers_tree_where_its_tokenizer_pauses_or_switches() {
    for page in [
        // A script's end tag pauses html5ever's tokenizer; `feed` then drops
        // a byte-order mark, and only one.
        "<p>a<script>x</script>\u{feff}\u{feff}b<b>c</b>",
        "<script>x</script>\u{feff}<p>b",
        "<svg><script>x</script>\u{feff}<p>b</svg>",
        // Raw text, RCDATA and plain text read by html5ever, then the data
        // state again.
        "<title>a &amp; <b></title><p x=1>t</p><textarea>\n<p></textarea><p>u",
        "<style>p{}</style ><noscript><p>n</noscript><iframe><p></iframe><p>v",
        "<pre>\nkept</pre><pre>&#10;x</pre><listing>\r\ny</listing>",
        "<p>a<plaintext><p>b</p>",
        // Foreign content: no raw text, CDATA sections.
        "<svg><title><p>t</title><style>s<b>x</b></style><![CDATA[<p>]]></svg><p>z",
        "<math><mi>x</mi><![CDATA[y]]></math><![CDATA[z]]>",
        // Tables move text and elements out of themselves.
        "<table>a<tr>b<td>c<input type=hidden><input type=text>d</table>",
        // The encoding a `<meta>` reports.
        "<head><meta charset=utf-8><meta http-equiv=Content-Type content='text/html; charset=x'></head><p>m",
        // A page's first character, and its first tag.
        "\u{feff}<p>bom",
        "\u{feff}\u{feff}<p>bom",
        "\u{feff}",
        "<p a=1 A=2>x",
        "text first<p>",
        "&amp; first",
        "\r\nx",
    ] {
        assert_eq!(fast_tokens_disagree(page), None, "{page:?}");
    }
    // The comparison sees what it compares.
    assert_ne!(
        dom::Dom::parse("<p class=a>x").outline(),
        dom::Dom::parse("<p class=b>x").outline()
    );
}
