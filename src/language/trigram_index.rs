//! The row of each known trigram, found with one or two memory reads: the
//! look-up is the inner loop of the profile scorer, run on every trigram of
//! every block.
//!
//! Trigrams of ASCII lowercase letters and spaces (most trigrams of most
//! Latin-script pages) index a dense table directly, five bits per
//! character; the others are found by open addressing on the packed key
//! with a multiplicative hash and linear probing. The `HashMap` (with a
//! cheap hasher) that this replaces was most of the scorer's cost
//! (docs/LANGUAGES.md, "Speed").

/// Three characters, packed for look-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Trigram {
    /// The three characters, 21 bits each, first in the high bits.
    key: u64,
    /// The 5-bit codes of the three characters (space 0, `a` 1 … `z` 26,
    /// anything else 0), first in the high bits: the trigram's place in the
    /// dense table when [`Trigram::wide`] is 0.
    compact: u16,
    /// One bit per character that is neither a space nor an ASCII
    /// lowercase letter, the first in bit 2.
    wide: u8,
}

/// Bits of the compact code of three characters.
const COMPACT_BITS: u32 = 15;
const COMPACT_MASK: u16 = (1 << COMPACT_BITS) - 1;
const KEY_MASK: u64 = (1 << 63) - 1;

impl Trigram {
    /// The trigram of `chars`.
    #[cfg(test)]
    pub(super) fn new(chars: [char; 3]) -> Trigram {
        let mut trigram = Trigram::start();
        for c in chars {
            trigram.push(c);
        }
        trigram
    }

    /// Three spaces: the window before a word.
    pub(super) const fn start() -> Trigram {
        const SPACE: u64 = ' ' as u64;
        Trigram {
            key: SPACE << 42 | SPACE << 21 | SPACE,
            compact: 0,
            wide: 0,
        }
    }

    /// Slides the window one character on: drops the first, appends `c`.
    #[inline(always)]
    pub(super) fn push(&mut self, c: char) {
        match c {
            ' ' | 'a'..='z' => self.push_compact(c as u8),
            _ => {
                self.key = (self.key << 21 | u64::from(c)) & KEY_MASK;
                self.compact = (self.compact << 5) & COMPACT_MASK;
                self.wide = (self.wide << 1 | 1) & 0b111;
            }
        }
    }

    /// [`Trigram::push`] of a character known to be a space or an ASCII
    /// lowercase letter.
    #[inline(always)]
    pub(super) fn push_compact(&mut self, c: u8) {
        debug_assert!(c == b' ' || c.is_ascii_lowercase());
        self.key = (self.key << 21 | u64::from(c)) & KEY_MASK;
        // ' ' (32) saturates to 0, 'a' (97) … 'z' to 1 … 26.
        let code = u16::from(c.saturating_sub(b'a' - 1));
        self.compact = (self.compact << 5 | code) & COMPACT_MASK;
        self.wide = (self.wide << 1) & 0b111;
    }

    /// Whether the last two characters are spaces (the window between
    /// words, which holds no trigram of a word).
    #[cfg(test)]
    pub(super) fn ends_in_two_spaces(&self) -> bool {
        const TWO_SPACES: u64 = (' ' as u64) << 21 | ' ' as u64;
        self.key & ((1 << 42) - 1) == TWO_SPACES
    }
}

/// A trigram of spaces and ASCII lowercase letters, by its compact code
/// alone: the scorer's fast path for words of ASCII letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct CompactTrigram(u16);

impl CompactTrigram {
    /// Three spaces: the window before a word.
    pub(super) const fn start() -> CompactTrigram {
        CompactTrigram(0)
    }

    /// [`Trigram::push_compact`] of an ASCII letter, either case.
    #[inline(always)]
    pub(super) fn push_letter(&mut self, c: u8) {
        debug_assert!(c.is_ascii_alphabetic());
        // 'A' and 'a' both give 1, 'Z' and 'z' 26.
        let code = u16::from(c & 0x1f);
        self.0 = (self.0 << 5 | code) & COMPACT_MASK;
    }

    /// [`Trigram::push_compact`] of the space after a word.
    #[inline(always)]
    pub(super) fn push_space(&mut self) {
        self.0 = (self.0 << 5) & COMPACT_MASK;
    }
}

/// A map from trigrams to row numbers 1.. (0 means "not in the map").
pub(super) struct TrigramIndex {
    /// Row of each compact code (0: absent). An array, so that a masked
    /// code needs no bounds check.
    compact: Box<[u32; 1 << COMPACT_BITS]>,
    /// Open-addressing slots for the other trigrams: (key, row); key 0 is
    /// an empty slot (no trigram packs to 0: it would be three NULs).
    slots: Vec<(u64, u32)>,
    /// 64 − log2(slots.len()): the hash keeps the product's top bits.
    shift: u32,
    /// Occupied slots.
    wide: usize,
}

/// The multiplier of the hash: 2^64 / φ, whose products spread nearby
/// keys (trigrams that differ in their last character) across the table.
const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;

impl TrigramIndex {
    /// An empty index.
    pub(super) fn new() -> TrigramIndex {
        TrigramIndex {
            compact: Box::new([0; 1 << COMPACT_BITS]),
            slots: vec![(0, 0); 16],
            shift: 64 - 16u32.trailing_zeros(),
            wide: 0,
        }
    }

    /// The row of `trigram`; if it has none, `row` (≥ 1) becomes its row.
    pub(super) fn get_or_insert(&mut self, trigram: Trigram, row: u32) -> u32 {
        assert!(row > 0, "row 0 means absent");
        if trigram.wide == 0 {
            let entry = &mut self.compact[usize::from(trigram.compact)];
            if *entry == 0 {
                *entry = row;
            }
            return *entry;
        }
        let slot = self.slot_of(trigram.key);
        if self.slots[slot].0 == trigram.key {
            return self.slots[slot].1;
        }
        self.slots[slot] = (trigram.key, row);
        self.wide += 1;
        // At most half full: a look-up of an absent key then probes about
        // two slots on average.
        if 2 * self.wide > self.slots.len() {
            self.grow();
        }
        row
    }

    /// [`TrigramIndex::get_or_insert`] of a trigram by its compact code.
    #[inline(always)]
    pub(super) fn get_or_insert_compact(&mut self, trigram: CompactTrigram, row: u32) -> u32 {
        assert!(row > 0, "row 0 means absent");
        let entry = &mut self.compact[usize::from(trigram.0 & COMPACT_MASK)];
        if *entry == 0 {
            *entry = row;
        }
        *entry
    }

    /// Doubles the slots and places every key again.
    fn grow(&mut self) {
        let capacity = 2 * self.slots.len();
        let old = std::mem::replace(&mut self.slots, vec![(0, 0); capacity]);
        self.shift -= 1;
        for (key, row) in old.into_iter().filter(|&(key, _)| key != 0) {
            let slot = self.slot_of(key);
            self.slots[slot] = (key, row);
        }
    }

    /// The slot that holds `key`, or the empty slot where it would go.
    #[inline(always)]
    fn slot_of(&self, key: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut slot = (key.wrapping_mul(MULTIPLIER) >> self.shift) as usize;
        while self.slots[slot].0 != key && self.slots[slot].0 != 0 {
            slot = (slot + 1) & mask;
        }
        slot
    }

    /// The row of a trigram of spaces and ASCII lowercase letters, or 0.
    #[inline(always)]
    pub(super) fn get_compact(&self, trigram: CompactTrigram) -> u32 {
        // The mask keeps the index provably in bounds.
        self.compact[usize::from(trigram.0 & COMPACT_MASK)]
    }

    /// The row of `trigram`, or 0.
    #[inline(always)]
    pub(super) fn get(&self, trigram: Trigram) -> u32 {
        if trigram.wide == 0 {
            return self.compact[usize::from(trigram.compact)];
        }
        self.slots[self.slot_of(trigram.key)].1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// A small deterministic generator (xorshift), so that the test needs
    /// no dependency and fails the same way every time.
    struct Xorshift(u64);

    impl Xorshift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        /// A character from a mix of the alphabets trigrams are made of.
        fn char(&mut self) -> char {
            const SOME: [char; 12] = ['é', 'ö', 'ł', 'ş', 'ж', 'ї', 'A', 'ß', 'ő', 'ă', 'я', 'z'];
            match self.next() % 4 {
                0 => ' ',
                1 => (b'a' + (self.next() % 26) as u8) as char,
                2 => SOME[(self.next() % SOME.len() as u64) as usize],
                _ => char::from_u32((self.next() % 0x3000) as u32 + 0x41).unwrap_or('ю'),
            }
        }

        fn trigram(&mut self) -> [char; 3] {
            [self.char(), self.char(), self.char()]
        }
    }

    #[test]
    fn agrees_with_a_hash_map_on_random_trigrams() {
        let mut random = Xorshift(0x2545_f491_4f6c_dd1d);
        let mut reference: HashMap<[char; 3], u32> = HashMap::new();
        for _ in 0..20_000 {
            let chars = random.trigram();
            let next = reference.len() as u32 + 1;
            reference.entry(chars).or_insert(next);
        }
        let mut index = TrigramIndex::new();
        for (&chars, &row) in &reference {
            assert_eq!(index.get_or_insert(Trigram::new(chars), row), row, "{chars:?}");
        }
        for (&chars, &row) in &reference {
            // Present: the first row stays.
            assert_eq!(index.get_or_insert(Trigram::new(chars), row + 1), row);
            assert_eq!(index.get(Trigram::new(chars)), row, "{chars:?}");
        }
        for _ in 0..50_000 {
            let chars = random.trigram();
            let expected = reference.get(&chars).copied().unwrap_or(0);
            assert_eq!(index.get(Trigram::new(chars)), expected, "{chars:?}");
        }
    }

    #[test]
    fn compact_codes_are_exactly_spaces_and_lowercase_ascii() {
        let compact = |chars| {
            let trigram = Trigram::new(chars);
            (trigram.wide == 0).then_some(trigram.compact)
        };
        assert_eq!(compact([' ', 'a', 'z']), Some(1 << 5 | 26));
        assert_eq!(compact(['a', 'b', 'c']), Some(1 << 10 | 2 << 5 | 3));
        assert_eq!(compact([' ', 'A', 'b']), None);
        assert_eq!(compact([' ', '@', 'b']), None);
        assert_eq!(compact([' ', 'é', 'b']), None);
        assert_eq!(compact(['é', 'b', 'c']), None);
        assert_eq!(compact(['é', 'b', 'c']), None);
        assert_eq!(compact(['b', 'c', 'ж']), None);
    }

    #[test]
    fn sliding_matches_packing_the_window() {
        let mut random = Xorshift(0x9e37_79b9_7f4a_7c15);
        let mut window = [' '; 3];
        let mut sliding = Trigram::start();
        for _ in 0..10_000 {
            let c = random.char();
            sliding.push(c);
            window = [window[1], window[2], c];
            assert_eq!(sliding, Trigram::new(window), "{window:?}");
            assert_eq!(sliding.ends_in_two_spaces(), window[1] == ' ' && window[2] == ' ');
        }
    }

    #[test]
    fn compact_trigrams_are_found_like_trigrams() {
        let mut index = TrigramIndex::new();
        let words = ["the", "a", "zebra", "quiz"];
        let mut row = 1;
        for word in words {
            let mut window = Trigram::start();
            for c in word.chars().chain([' ']) {
                window.push(c);
                index.get_or_insert(window, row);
                row += 1;
            }
        }
        for word in words.iter().chain(&["thea", "zeb", "xyz"]) {
            let (mut window, mut compact) = (Trigram::start(), CompactTrigram::start());
            for c in word.bytes() {
                window.push(char::from(c));
                compact.push_letter(c.to_ascii_uppercase());
                assert_eq!(index.get_compact(compact), index.get(window), "{word}");
            }
            window.push(' ');
            compact.push_space();
            assert_eq!(index.get_compact(compact), index.get(window), "{word}");
        }
    }
}
