//! Languages whatlang confuses with each other, and what can settle between
//! them without a better model: the letters a text uses, and how far the
//! text is from every language outside the confused family.

use whatlang::Lang;

/// Languages whatlang easily confuses with `lang` (same script, shared words).
pub(super) fn close_relatives(lang: Lang) -> &'static [Lang] {
    use Lang::*;
    match lang {
        Deu => &[Nld, Dan],
        Nld => &[Deu, Afr],
        Eng => &[Nld, Fra],
        Fra => &[Ita, Cat],
        Spa => &[Por, Cat, Ita],
        Por => &[Spa, Cat, Ita],
        Ita => &[Spa, Por, Ron],
        Cat => &[Spa, Fra],
        Ron => &[Ita, Spa],
        Pol => &[Ces, Slk],
        Ces => &[Slk, Pol],
        Slk => &[Ces, Pol],
        Swe => &[Nob, Dan],
        Nob => &[Dan, Swe],
        Dan => &[Nob, Swe],
        Hrv => &[Srp, Slv],
        Slv => &[Hrv, Srp],
        Fin => &[Est],
        Est => &[Fin],
        Lit => &[Lav],
        Lav => &[Lit],
        Rus => &[Ukr, Bel, Bul],
        Ukr => &[Rus, Bel],
        Bel => &[Rus, Ukr],
        Bul => &[Mkd, Rus],
        Mkd => &[Bul, Srp],
        Srp => &[Hrv, Mkd],
        Ind => &[Jav, Tgl],
        _ => &[],
    }
}

/// The Cyrillic languages whatlang knows.
const CYRILLIC: [Lang; 6] = [
    Lang::Rus,
    Lang::Ukr,
    Lang::Bel,
    Lang::Bul,
    Lang::Srp,
    Lang::Mkd,
];

/// The letters that some Cyrillic alphabets have and others lack, with the
/// languages (of [`CYRILLIC`]) whose alphabet has them. Letters all six
/// share say nothing and are left out.
const CYRILLIC_TELLING_LETTERS: [(char, &[Lang]); 24] = {
    use Lang::*;
    [
        ('ё', &[Rus, Bel]),
        ('ы', &[Rus, Bel]),
        ('э', &[Rus, Bel]),
        ('ъ', &[Rus, Bul]),
        ('щ', &[Rus, Ukr, Bul]),
        ('й', &[Rus, Ukr, Bel, Bul]),
        ('ь', &[Rus, Ukr, Bel, Bul]),
        ('ю', &[Rus, Ukr, Bel, Bul]),
        ('я', &[Rus, Ukr, Bel, Bul]),
        ('и', &[Rus, Ukr, Bul, Srp, Mkd]),
        ('і', &[Ukr, Bel]),
        ('ї', &[Ukr]),
        ('є', &[Ukr]),
        ('ґ', &[Ukr]),
        ('ў', &[Bel]),
        ('ј', &[Srp, Mkd]),
        ('љ', &[Srp, Mkd]),
        ('њ', &[Srp, Mkd]),
        ('џ', &[Srp, Mkd]),
        ('ђ', &[Srp]),
        ('ћ', &[Srp]),
        ('ѓ', &[Mkd]),
        ('ќ', &[Mkd]),
        ('ѕ', &[Mkd]),
    ]
};

/// A letter that `lang`'s alphabet lacks must occur this often before it
/// rules `lang` out: one can come from a quoted name ("Київ" in a Russian
/// sentence), two in a short text hardly do.
const RULING_OUT_LETTERS: usize = 2;

/// The Cyrillic languages whose alphabet has every telling letter of
/// `text`, when `lang` (whatlang's answer) is not among them; `None` when
/// the letters do not contradict `lang`. whatlang weighs trigrams, and on a
/// short text the trigrams of Russian and Bulgarian are close, while "всё"
/// and "были" cannot be Bulgarian: that alphabet has no ё and no ы.
pub(super) fn cyrillic_alphabets_ruling_out(lang: Lang, text: &str) -> Option<Vec<Lang>> {
    if !CYRILLIC.contains(&lang) {
        return None;
    }
    let mut against = 0;
    let mut present = [false; CYRILLIC_TELLING_LETTERS.len()];
    for c in text.chars() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        if let Some(i) = CYRILLIC_TELLING_LETTERS
            .iter()
            .position(|&(letter, _)| letter == lower)
        {
            present[i] = true;
            against += usize::from(!CYRILLIC_TELLING_LETTERS[i].1.contains(&lang));
        }
    }
    if against < RULING_OUT_LETTERS {
        return None;
    }
    let possible: Vec<Lang> = CYRILLIC
        .into_iter()
        .filter(|candidate| {
            CYRILLIC_TELLING_LETTERS
                .iter()
                .zip(present)
                .all(|(&(_, having), here)| !here || having.contains(candidate))
        })
        .collect();
    Some(possible)
}

/// The letters beyond a–z that a Latin-script language's spelling uses
/// (lowercase); `None` for languages not listed, about which nothing is
/// concluded. Loanwords aside, a Spanish text has no ö and a German one no
/// í.
fn latin_letters(lang: Lang) -> Option<&'static str> {
    use Lang::*;
    Some(match lang {
        Eng | Ind => "",
        Deu => "äöüß",
        Fra => "àâæçéèêëîïôœùûüÿ",
        Spa => "áéíñóúü",
        Por => "áâãàçéêíóôõú",
        Ita => "àèéìíîòóùú",
        Cat => "àçéèíïòóúü",
        Nld => "éëïöüèáóú",
        Afr => "éèêëîïôûáóú",
        Pol => "ąćęłńóśźż",
        Ces => "áčďéěíňóřšťúůýž",
        Slk => "áäčďéíĺľňóôŕšťúýž",
        Swe => "åäöé",
        Nob | Dan => "åæøéòóô",
        Fin => "äöåšž",
        Est => "äöõüšž",
        Hun => "áéíóöőúüű",
        Ron => "ăâîșşțţ",
        Tur => "çğıöşüâîû",
        Hrv | Slv => "čćđšž",
        Lit => "ąčęėįšųūž",
        Lav => "āčēģīķļņšūž",
        _ => return None,
    })
}

/// Words with letters the main language does not spell with, needed (at
/// least this many, and at least this share of the text's Latin words) to
/// call a text spelled apart. One is a name ("Nicolás Maduro" in an English
/// report). On the dev pages, blocks past both bars were mostly French,
/// Spanish, Turkish and German text on English and German pages, and
/// language lists; the names among them (citations, "Bariša Čolak") are
/// only evidence if whatlang also calls them a language that spells so.
/// At a share of 0.2 instead of 0.1 the authored set's Hungarian banner on
/// a Spanish page (3 words of 27) is missed; the dev pages gain one
/// segment, a Spanish quotation on an English page.
const APART_WORDS: usize = 2;
const APART_SHARE: f64 = 0.1;

/// Whether `text`, which whatlang calls `detected` (if asked), is spelled
/// apart from the page's `main` language: enough of its words have letters
/// that `main` does not use (ő, ű in a Hungarian banner on a Spanish page),
/// and `detected` is known to use them all. On a page in another script, whose Latin text
/// is mostly brand names and English, every letter beyond a–z counts
/// (ä, ö in a Finnish footer on a Korean page).
pub(super) fn spelled_apart(main: Lang, detected: Option<Lang>, text: &str) -> bool {
    if detected == Some(main) {
        return false;
    }
    let main_letters = match latin_letters(main) {
        Some(letters) => letters,
        None if super::script_of(main) != whatlang::Script::Latin => "",
        None => return false,
    };
    // Most texts have no letter the main language lacks: one pass settles
    // them (this runs on every sample the screen calls main).
    let lacks = |c: char| is_extended_latin(c) && !main_letters.contains(c);
    if !text
        .chars()
        .any(|c| !c.is_ascii() && c.to_lowercase().any(lacks))
    {
        return false;
    }
    let detected_letters = match detected {
        Some(lang) => match latin_letters(lang) {
            Some(letters) => Some(letters),
            // Whether it uses them is not known: no evidence.
            None => return false,
        },
        None => None,
    };
    // Words in capitals are left out: brands and acronyms down a product
    // list ("NESCAFÉ® … NESTLÉ® … NESTLÉ®") are names, not a language. A
    // word that recurs counts each time, as a language's words do ("Aviso
    // legal · Política de privacidad · Política de cookies").
    let (mut latin_words, mut apart_words) = (0, 0);
    for word in crate::text::letter_runs(text) {
        if word.chars().all(char::is_uppercase) {
            continue;
        }
        let mut latin = false;
        let mut apart = false;
        for c in word.chars().flat_map(char::to_lowercase) {
            if c.is_ascii_alphabetic() {
                latin = true;
            } else if is_extended_latin(c) {
                latin = true;
                if !main_letters.contains(c) {
                    if detected_letters.is_some_and(|letters| !letters.contains(c)) {
                        // Letters neither language uses: a name, not evidence.
                        return false;
                    }
                    apart = true;
                }
            }
        }
        latin_words += usize::from(latin);
        apart_words += usize::from(apart);
    }
    apart_words >= APART_WORDS && apart_words as f64 >= APART_SHARE * latin_words as f64
}

/// Languages whose words carry letters beyond a–z so often that a text of
/// [`UNSPELLED_LETTERS`] letters without any of them is not in that
/// language. In the authored set every French, Spanish, Portuguese, Polish,
/// Czech, Hungarian, Romanian and Turkish segment has some; German, Italian,
/// Dutch and Finnish ones often have none ("Startseite · Nachrichten ·
/// Wirtschaft", "Ultime notizie · Politica"), so those are not listed.
fn always_marked(lang: Lang) -> bool {
    use Lang::*;
    matches!(
        lang,
        Fra | Spa | Por | Cat | Pol | Ces | Slk | Hun | Ron | Tur | Lit | Lav
    )
}

/// Letters a text needs before the absence of a language's marked letters
/// counts against that language.
const UNSPELLED_LETTERS: usize = 40;

/// Whether `text` is long enough to show `lang`'s spelling and shows none
/// of it: English menu items ("Webinars · Advertise · Guest Posts ·
/// Newsletters · Job Board") that whatlang calls French with confidence
/// 1.0, without one é, è, à or ç. On the dev pages, English pages had 136
/// French segments, nearly all of them such menus; with this check 20
/// (at 60 letters 45, at 30 letters 15; the authored set's segments are
/// found as before at all three). All dev segments: 294 -> 160.
pub(super) fn lacks_spelling_of(lang: Lang, text: &str) -> bool {
    if !always_marked(lang) {
        return false;
    }
    let Some(marked) = latin_letters(lang) else {
        return false;
    };
    let mut letters = 0;
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_ascii() && c.to_lowercase().any(|c| marked.contains(c)) {
            return false;
        }
        letters += 1;
    }
    letters >= UNSPELLED_LETTERS
}

/// Latin letters with diacritics (Latin-1 Supplement and Extended-A/B,
/// Latin Extended Additional), not the multiplication and division signs.
fn is_extended_latin(c: char) -> bool {
    matches!(c as u32, 0xC0..=0x24F | 0x1E00..=0x1EFF) && c.is_alphabetic()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_letters_rule_out_bulgarian() {
        let text = "Никто не предупредил, что мост будет закрыт всё лето.";
        assert_eq!(
            cyrillic_alphabets_ruling_out(Lang::Bul, text),
            Some(vec![Lang::Rus])
        );
        assert_eq!(cyrillic_alphabets_ruling_out(Lang::Rus, text), None);
    }

    #[test]
    fn ukrainian_letters_rule_out_russian() {
        let text = "Міська рада ухвалила новий бюджет після довгої дискусії про її витрати.";
        assert_eq!(
            cyrillic_alphabets_ruling_out(Lang::Rus, text),
            Some(vec![Lang::Ukr])
        );
    }

    #[test]
    fn one_stray_letter_rules_nothing_out() {
        // A Russian sentence that names Kyiv the Ukrainian way.
        let text = "Делегация прибыла в Київ утром.";
        assert_eq!(cyrillic_alphabets_ruling_out(Lang::Rus, text), None);
    }

    #[test]
    fn hungarian_letters_are_spelled_apart_from_spanish() {
        let banner = "Fontos számunkra az Ön magánszférája. Döntését bármikor módosíthatja.";
        assert!(spelled_apart(Lang::Spa, Some(Lang::Hun), banner));
        assert!(spelled_apart(Lang::Spa, None, banner));
        assert!(!spelled_apart(Lang::Spa, Some(Lang::Spa), banner));
        // A Spanish name in an English paragraph is not (in a short line it
        // would be; whatlang must then also call the line Spanish).
        let report = "Opposition leader José Pérez told reporters on Friday that the vote \
            on the new budget would be held in March, after the summer recess.";
        assert!(!spelled_apart(Lang::Eng, Some(Lang::Spa), report));
        // Nor are letters the detected language does not use either.
        assert!(!spelled_apart(Lang::Eng, Some(Lang::Deu), banner));
    }

    #[test]
    fn brands_in_capitals_are_not_spelled_apart() {
        let products = "NESCAFÉ® Gold · NESTLÉ® Pure Life · NESTLÉ® Fitness · Crème";
        assert!(!spelled_apart(Lang::Eng, Some(Lang::Fra), products));
    }

    #[test]
    fn latin_diacritics_are_apart_on_a_korean_page() {
        let footer = "Tietosuojaseloste · Käyttöehdot · Evästeasetukset";
        assert!(spelled_apart(Lang::Kor, Some(Lang::Fin), footer));
        assert!(!spelled_apart(
            Lang::Kor,
            Some(Lang::Eng),
            "Facebook · Instagram · Login"
        ));
    }

    #[test]
    fn english_menus_are_not_french() {
        let menu = "Webinars Advertise Guest Posts Newsletters Job Board Helpful Links";
        assert!(lacks_spelling_of(Lang::Fra, menu));
        let french = "Accueil Actualités Politique Économie Culture Sport Météo Contact Abonnement";
        assert!(!lacks_spelling_of(Lang::Fra, french));
        // German need not show ä, ö, ü or ß; short text proves nothing.
        assert!(!lacks_spelling_of(
            Lang::Deu,
            "Startseite Nachrichten Wirtschaft Kultur Wetter Meinung"
        ));
        assert!(!lacks_spelling_of(Lang::Fra, "Newsletters Contact"));
    }

    #[test]
    fn latin_text_is_left_alone() {
        assert_eq!(cyrillic_alphabets_ruling_out(Lang::Eng, "ёыэ"), None);
    }
}
