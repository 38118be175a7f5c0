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
    fn latin_text_is_left_alone() {
        assert_eq!(cyrillic_alphabets_ruling_out(Lang::Eng, "ёыэ"), None);
    }
}
