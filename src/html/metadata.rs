//! The page's own idea of its title: `<title>`, `og:title`,
//! `twitter:title` and JSON-LD's `headline`. Found by one linear pass over
//! the arena (creation order is document order), so `<head>`, which the
//! block reader skips, is read here.

use serde_json::Value;

use super::dom::{Dom, NONE, NodeKind};
use crate::document::PageMetadata;

/// The page's title metadata; fields the page lacks stay `None`.
pub(crate) fn read_metadata(dom: &Dom) -> PageMetadata {
    let mut metadata = PageMetadata::default();
    for id in 0..dom.nodes.len() {
        match dom.html_tag(id) {
            Some("title") if metadata.title.is_none() => {
                metadata.title = collapsed(&child_text(dom, id))
            }
            Some("meta") => {
                let key = dom.attr(id, "property").or_else(|| dom.attr(id, "name"));
                let slot = match key.map(str::to_ascii_lowercase).as_deref() {
                    Some("og:title") => &mut metadata.og_title,
                    Some("twitter:title") => &mut metadata.twitter_title,
                    _ => continue,
                };
                if slot.is_none() {
                    *slot = dom.attr(id, "content").and_then(collapsed);
                }
            }
            Some("script") if metadata.json_ld_headline.is_none() => {
                let is_json_ld = dom
                    .attr(id, "type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
                if is_json_ld {
                    metadata.json_ld_headline =
                        json_ld_headline(&child_text(dom, id)).and_then(|h| collapsed(&h));
                }
            }
            _ => {}
        }
    }
    metadata
}

/// The text of an element's text children (`<title>` and `<script>` hold
/// only text).
fn child_text(dom: &Dom, id: usize) -> String {
    let mut text = String::new();
    let mut child = dom.nodes[id].first_child;
    while child != NONE {
        if let NodeKind::Text(t) = &dom.nodes[child].kind {
            text.push_str(t);
        }
        child = dom.nodes[child].next_sibling;
    }
    text
}

/// White space collapsed and trimmed; `None` when nothing is left.
fn collapsed(text: &str) -> Option<String> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// The first `headline` string in a JSON-LD script, searched depth-first
/// with an explicit stack (`@graph` arrays, nested `mainEntity` …). Lenient:
/// comment and CDATA wrappers and a trailing semicolon, which some CMSs
/// leave around the JSON, are stripped; unparsable JSON gives `None`.
fn json_ld_headline(script: &str) -> Option<String> {
    let mut json = script.trim();
    for wrapper in ["<!--", "//<![CDATA[", "<![CDATA["] {
        json = json.strip_prefix(wrapper).unwrap_or(json).trim();
    }
    for wrapper in ["-->", "//]]>", "]]>", ";"] {
        json = json.strip_suffix(wrapper).unwrap_or(json).trim();
    }
    let value: Value = serde_json::from_str(json).ok()?;
    let mut stack = vec![&value];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(headline)) = map.get("headline") {
                    return Some(headline.clone());
                }
                stack.extend(map.values().rev());
            }
            Value::Array(items) => stack.extend(items.iter().rev()),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_come_from_title_meta_and_json_ld() {
        let page = r#"<html><head><title> Kettle  review
            | Site</title><title>Second</title>
            <meta property="og:title" content="Kettle review">
            <meta name="twitter:title" content="Kettle, reviewed">
            <script type="application/ld+json">
            {"@context": "https://schema.org", "@graph": [{"@type": "WebPage"},
             {"@type": "NewsArticle", "headline": "The kettle we kept"}]};
            </script></head><body><p>Text.</p></body></html>"#;
        let metadata = read_metadata(&Dom::parse(page));
        assert_eq!(metadata.title.as_deref(), Some("Kettle review | Site"));
        assert_eq!(metadata.og_title.as_deref(), Some("Kettle review"));
        assert_eq!(metadata.twitter_title.as_deref(), Some("Kettle, reviewed"));
        assert_eq!(
            metadata.json_ld_headline.as_deref(),
            Some("The kettle we kept")
        );
    }

    #[test]
    fn missing_or_broken_metadata_is_none() {
        let page = r#"<script type="application/ld+json">{"headline": </script><p>x</p>"#;
        assert_eq!(read_metadata(&Dom::parse(page)), PageMetadata::default());
        let wrapped = "<!--\n{\"headline\": \"Wrapped\"}\n-->";
        assert_eq!(json_ld_headline(wrapped).as_deref(), Some("Wrapped"));
    }
}
