//! Where the body of a `<script>`, `<style>` or `<noscript>` ends, found
//! by a byte scan instead of html5ever's character-by-character tokenizer.
//!
//! These bodies are nearly half the bytes of a typical page and the reader
//! never reads them (`dom` drops their text). Once the tree builder has
//! switched the tokenizer into the element's raw-text state, the body can
//! be cut from the input up to the first place where that state could
//! end: the tokenizer then goes on exactly as if the body had been empty.
//! The HTML5 tokenizer leaves the script data state only at `</script`
//! followed by white space, `/` or `>` (its end tag), or at `<!` (the
//! start of an escaped `<!--` section, after which the rules grow
//! complicated enough to be left to html5ever); the RAWTEXT state of
//! `<style>` and `<noscript>` only at its end tag. Every other `<` (a
//! comparison, a `</div>` inside a JavaScript string) is text in those
//! states, so cutting it changes nothing but the dropped text.

/// The length in bytes of the raw-text body at the start of `rest` that
/// can be cut without changing how the tokenizer reads what follows: the
/// bytes before the element's end tag (`</` + `name`, any ASCII case, then
/// white space, `/` or `>`) or, for a script (`escapes`), before the first
/// `<!`. `None` when `rest` holds neither: the body may run on past
/// `rest`, so nothing is cut.
pub(crate) fn cuttable_len(rest: &str, name: &str, escapes: bool) -> Option<usize> {
    let name = name.as_bytes();
    let mut from = 0;
    // `str::find` of one ASCII character is a word-at-a-time memchr, four
    // times fewer instructions than a byte loop over these long bodies.
    while let Some(offset) = rest[from..].find('<') {
        let at = from + offset;
        let after = &rest.as_bytes()[at + 1..];
        match after.first() {
            Some(b'!') if escapes => return Some(at),
            Some(b'/') => {
                let candidate = &after[1..];
                // The tokenizer needs the byte after the name to decide;
                // where the input ends first, stop short of the `<`.
                if candidate.len() <= name.len() {
                    if candidate.eq_ignore_ascii_case(&name[..candidate.len()]) {
                        return Some(at);
                    }
                } else if candidate[..name.len()].eq_ignore_ascii_case(name)
                    && ends_tag_name(candidate[name.len()])
                {
                    return Some(at);
                }
            }
            // A `<` at the very end: what follows is not known yet.
            None => return Some(at),
            Some(_) => {}
        }
        from = at + 1;
    }
    None
}

/// The bytes after an end tag's name that make it an end tag in the
/// raw-text states: white space (a carriage return becomes a line feed
/// before the tokenizer sees it), `/` and `>`.
fn ends_tag_name(byte: u8) -> bool {
    matches!(byte, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>')
}

#[cfg(test)]
mod tests {
    use super::cuttable_len;

    #[test]
    fn a_script_body_ends_at_its_end_tag_in_any_case() {
        let page = "var a = b < c; x = '</div>'; y = '</scripts>';</SCRIPT >rest";
        assert_eq!(cuttable_len(page, "script", true), Some(46));
        assert_eq!(cuttable_len("x</script/>", "script", true), Some(1));
        assert_eq!(cuttable_len("x</script\r\n>", "script", true), Some(1));
    }

    #[test]
    fn a_script_stops_at_an_escape() {
        assert_eq!(cuttable_len("a<!-- b </script> -->", "script", true), Some(1));
        // A style sheet has no escapes: `<!--` is text there.
        assert_eq!(cuttable_len("a<!-- b </style>", "style", false), Some(8));
    }

    #[test]
    fn an_end_tag_cut_off_by_the_input_end_is_not_skipped_over() {
        assert_eq!(cuttable_len("abc</scr", "script", true), Some(3));
        assert_eq!(cuttable_len("abc</script", "script", true), Some(3));
        assert_eq!(cuttable_len("abc<", "script", true), Some(3));
        assert_eq!(cuttable_len("abc</x", "script", true), None);
        assert_eq!(cuttable_len("no end at all", "style", false), None);
    }
}
