//! whatlang's answers remembered across the documents of one run. Pages of
//! one site repeat their menus and footers word for word, and whatlang, the
//! slowest step per block, would read them again on every page: on the 503
//! dev pages one call in ten asks about a sample an earlier page already
//! had, one in five on aeb (`classify` on the dev pages 1-3% faster, on aeb
//! 6%; output byte-identical); on a crawl of one site it is most of them.

use super::DetectedLanguage;
use crate::hashing::{FNV_OFFSET, PrehashedMap, fnv1a};
use std::sync::{Mutex, PoisonError};
use whatlang::Lang;

/// Which detector answered: the screen of a page in a main language, or the
/// full detector (`None`).
pub(super) type DetectorKey = Option<Lang>;

/// Remembered answers, at most [`Memo::CAPACITY`] of them.
#[derive(Default)]
pub(super) struct Memo {
    /// By the hash of detector and sample; the sample is kept to tell a hash
    /// collision from a repeat.
    answers: Mutex<PrehashedMap<Answer>>,
}

struct Answer {
    detector: DetectorKey,
    sample: Box<str>,
    detected: Option<DetectedLanguage>,
}

impl Memo {
    /// Samples remembered before the memo starts again from empty: a few
    /// hundred bytes each, so that memory stays flat however long the run.
    const CAPACITY: usize = 4096;

    /// The answer of `detector` to `sample`: remembered, or from `detect`.
    pub(super) fn answer(
        &self,
        detector: DetectorKey,
        sample: &str,
        detect: impl FnOnce() -> Option<DetectedLanguage>,
    ) -> Option<DetectedLanguage> {
        let key = fnv1a(
            fnv1a(
                FNV_OFFSET,
                &detector.map_or(0, |lang| lang as u16 + 1).to_le_bytes(),
            ),
            sample.as_bytes(),
        );
        // A thread that panicked while holding the lock left the map whole:
        // each change is one insert or one clear.
        let lock = || self.answers.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(answer) = lock().get(&key)
            && answer.detector == detector
            && *answer.sample == *sample
        {
            return answer.detected;
        }
        let detected = detect();
        let mut answers = lock();
        if answers.len() >= Self::CAPACITY {
            answers.clear();
        }
        answers.insert(
            key,
            Answer {
                detector,
                sample: sample.into(),
                detected,
            },
        );
        detected
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use whatlang::Script;

    fn english(confidence: f64) -> Option<DetectedLanguage> {
        Some(DetectedLanguage {
            lang: Lang::Eng,
            confidence,
            script: Script::Latin,
        })
    }

    #[test]
    fn a_repeated_sample_is_answered_from_memory_per_detector() {
        let memo = Memo::default();
        assert_eq!(
            memo.answer(None, "Home News", || english(0.5)),
            english(0.5)
        );
        assert_eq!(
            memo.answer(None, "Home News", || panic!("asked again")),
            english(0.5)
        );
        // Another detector, another sample: asked.
        assert_eq!(memo.answer(Some(Lang::Deu), "Home News", || None), None);
        assert_eq!(
            memo.answer(None, "Home News Sport", || english(0.9)),
            english(0.9)
        );
    }

    #[test]
    fn a_full_memo_starts_again() {
        let memo = Memo::default();
        for i in 0..Memo::CAPACITY + 10 {
            memo.answer(None, &i.to_string(), || None);
        }
        assert!(memo.answers.lock().unwrap().len() <= Memo::CAPACITY);
    }
}
