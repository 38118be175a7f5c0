//! ISO 639-1 codes for whatlang's languages. whatlang speaks ISO 639-3
//! (`eng`); labeled data and users speak ISO 639-1 (`en`).

use crate::error::{Error, Result};
use whatlang::Lang;

/// (whatlang's ISO 639-3 code, ISO 639-1 code), for all 70 whatlang languages.
const ISO_639_1: [(&str, &str); 70] = [
    ("afr", "af"),
    ("aka", "ak"),
    ("amh", "am"),
    ("ara", "ar"),
    ("aze", "az"),
    ("bel", "be"),
    ("ben", "bn"),
    ("bul", "bg"),
    ("cat", "ca"),
    ("ces", "cs"),
    ("cmn", "zh"),
    ("cym", "cy"),
    ("dan", "da"),
    ("deu", "de"),
    ("ell", "el"),
    ("eng", "en"),
    ("epo", "eo"),
    ("est", "et"),
    ("fin", "fi"),
    ("fra", "fr"),
    ("guj", "gu"),
    ("heb", "he"),
    ("hin", "hi"),
    ("hrv", "hr"),
    ("hun", "hu"),
    ("hye", "hy"),
    ("ind", "id"),
    ("ita", "it"),
    ("jav", "jv"),
    ("jpn", "ja"),
    ("kan", "kn"),
    ("kat", "ka"),
    ("khm", "km"),
    ("kor", "ko"),
    ("lat", "la"),
    ("lav", "lv"),
    ("lit", "lt"),
    ("mal", "ml"),
    ("mar", "mr"),
    ("mkd", "mk"),
    ("mya", "my"),
    ("nep", "ne"),
    ("nld", "nl"),
    ("nob", "nb"),
    ("ori", "or"),
    ("pan", "pa"),
    ("pes", "fa"),
    ("pol", "pl"),
    ("por", "pt"),
    ("ron", "ro"),
    ("rus", "ru"),
    ("sin", "si"),
    ("slk", "sk"),
    ("slv", "sl"),
    ("sna", "sn"),
    ("spa", "es"),
    ("srp", "sr"),
    ("swe", "sv"),
    ("tam", "ta"),
    ("tel", "te"),
    ("tgl", "tl"),
    ("tha", "th"),
    ("tuk", "tk"),
    ("tur", "tr"),
    ("ukr", "uk"),
    ("urd", "ur"),
    ("uzb", "uz"),
    ("vie", "vi"),
    ("yid", "yi"),
    ("zul", "zu"),
];

/// The ISO 639-1 code of a language (`Lang::Eng` → `"en"`).
pub fn iso_code(lang: Lang) -> &'static str {
    let code = lang.code();
    ISO_639_1
        .iter()
        .find(|(three, _)| *three == code)
        .map_or(code, |(_, two)| two)
}

/// A language from an ISO 639-1 or 639-3 code (`"pl"`, `"pol"`), case-insensitive.
/// `"no"` (Norwegian) is read as Bokmål, and `"zh"` as Mandarin, as whatlang knows them.
pub fn lang_from_code(code: &str) -> Option<Lang> {
    let code = code.trim().to_ascii_lowercase();
    let code = match code.as_str() {
        "no" | "nor" => "nb",
        "zho" | "chi" => "zh",
        other => other,
    };
    ISO_639_1
        .iter()
        .find(|(_, two)| *two == code)
        .and_then(|(three, _)| Lang::from_code(*three))
        .or_else(|| Lang::from_code(code))
}

/// whatlang's languages for ISO 639-1 codes: at least two, each known.
///
/// # Errors
/// [`Error::InvalidSetting`] naming the first unknown code, or saying that
/// one language leaves nothing to choose.
pub fn languages_from_codes(codes: &[impl AsRef<str>]) -> Result<Vec<Lang>> {
    let mut languages = Vec::with_capacity(codes.len());
    for code in codes {
        let code = code.as_ref();
        match lang_from_code(code) {
            Some(lang) => languages.push(lang),
            None => {
                return Err(Error::InvalidSetting(format!(
                    "unknown language code {code:?} (use ISO 639-1 codes such as en, pl, de)"
                )));
            }
        }
    }
    if languages.len() < 2 {
        return Err(Error::InvalidSetting(
            "at least two languages are needed to choose from".into(),
        ));
    }
    Ok(languages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_whatlang_language_has_a_two_letter_code() {
        for &lang in Lang::all() {
            assert_eq!(iso_code(lang).len(), 2, "{lang:?}");
            assert_eq!(lang_from_code(iso_code(lang)), Some(lang));
        }
    }

    #[test]
    fn aliases_and_three_letter_codes() {
        assert_eq!(lang_from_code("no"), Some(Lang::Nob));
        assert_eq!(lang_from_code("POL"), Some(Lang::Pol));
        assert_eq!(lang_from_code("xx"), None);
    }
}
