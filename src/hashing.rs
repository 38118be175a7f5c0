//! FNV-1a, the hash of feature keys, words, block texts and fold
//! assignment; and maps and sets keyed by such hashes.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a's starting value.
pub(crate) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a's multiplier.
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a: tiny, fast, and stable across platforms and releases, which the
/// model files depend on. A `const fn`, so that the hash of a fixed feature
/// name is computed at compile time.
pub(crate) const fn fnv1a(mut hash: u64, bytes: &[u8]) -> u64 {
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(FNV_PRIME);
        i += 1;
    }
    hash
}

/// `FNV_PRIME^n` for n = 0..=8.
const FNV_PRIME_POWERS: [u64; 9] = {
    let mut powers = [1u64; 9];
    let mut n = 1;
    while n < 9 {
        powers[n] = powers[n - 1].wrapping_mul(FNV_PRIME);
        n += 1;
    }
    powers
};

/// `fnv1a(hash, &value.to_le_bytes())`, faster for small values: a zero
/// byte only multiplies by the prime, so the zero high bytes together
/// multiply by a power of it (multiplication modulo 2^64 is associative).
pub(crate) fn fnv1a_usize(mut hash: u64, value: usize) -> u64 {
    let bytes = (usize::BITS - value.leading_zeros()).div_ceil(8) as usize;
    for &b in &value.to_le_bytes()[..bytes] {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(FNV_PRIME);
    }
    hash.wrapping_mul(FNV_PRIME_POWERS[size_of::<usize>() - bytes])
}

/// FNV-1a of `text` lowercased, without building the lowercased string: the
/// reference for the callers that hash character by character.
#[cfg(test)]
pub(crate) fn fnv1a_lowercase(mut hash: u64, text: &str) -> u64 {
    for c in text.chars() {
        hash = fnv1a_lowercase_char(hash, c);
    }
    hash
}

/// FNV-1a of `c` lowercased.
#[inline]
pub(crate) fn fnv1a_lowercase_char(hash: u64, c: char) -> u64 {
    if c.is_ascii() {
        fnv1a(hash, &[c.to_ascii_lowercase() as u8])
    } else {
        let mut hash = hash;
        for lower in c.to_lowercase() {
            let mut buffer = [0u8; 4];
            hash = fnv1a(hash, lower.encode_utf8(&mut buffer).as_bytes());
        }
        hash
    }
}

/// The hash of `text` lowercased, its words joined by single spaces (each
/// followed by one): in one pass over the characters, ASCII without the
/// Unicode tables.
pub(crate) fn normalized_hash(text: &str) -> u64 {
    let mut hash = FNV_OFFSET;
    let mut in_word = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if in_word {
                hash = fnv1a(hash, b" ");
                in_word = false;
            }
        } else {
            in_word = true;
            hash = fnv1a_lowercase_char(hash, c);
        }
    }
    if in_word {
        hash = fnv1a(hash, b" ");
    }
    hash
}

/// The hasher of maps and sets keyed by values that are already hashes:
/// hashing them again with the standard library's SipHash cost more than the
/// lookups themselves. It passes a `u64` key through, mixed once so that the
/// low bits a table indexes by depend on all of the key's bits.
#[derive(Default)]
pub(crate) struct PrehashedKey(u64);

impl Hasher for PrehashedKey {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `u64` keys are hashed with this; other types still work.
        for &byte in bytes {
            self.0 = fnv1a(self.0, &[byte]);
        }
    }

    fn write_u64(&mut self, key: u64) {
        self.0 = key.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// A set of hashes.
pub(crate) type PrehashedSet = HashSet<u64, BuildHasherDefault<PrehashedKey>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_hash_is_the_hash_of_the_lowercased_text() {
        for text in ["Hello World", "ZAŻÓŁĆ gęślą", "Ünïcödé ÀÉ", "东京 ÄÖÜ ẞ"]
        {
            assert_eq!(
                fnv1a_lowercase(FNV_OFFSET, text),
                fnv1a(FNV_OFFSET, text.to_lowercase().as_bytes()),
                "{text}"
            );
        }
    }

    #[test]
    fn usize_hash_is_the_hash_of_its_bytes() {
        for value in [
            0usize,
            1,
            255,
            256,
            0x1234,
            0xff_0000,
            usize::MAX >> 8,
            usize::MAX,
        ] {
            assert_eq!(
                fnv1a_usize(FNV_OFFSET, value),
                fnv1a(FNV_OFFSET, &value.to_le_bytes()),
                "{value}"
            );
        }
    }

    #[test]
    fn keys_round_trip() {
        let set: PrehashedSet = [7u64, 7, 8].into_iter().collect();
        assert_eq!(set.len(), 2);
    }

    #[test]
    fn normalized_hash_hashes_the_lowercased_words_each_with_a_space() {
        for text in [
            "",
            "  ",
            "Hello  World",
            " Zażółć\tGĘŚLĄ\n jaźń ",
            "東京\u{3000}ÄÖÜ\u{a0}ẞ x",
        ] {
            let mut hash = FNV_OFFSET;
            for word in text.split_whitespace() {
                hash = fnv1a(fnv1a_lowercase(hash, word), b" ");
            }
            assert_eq!(normalized_hash(text), hash, "{text:?}");
        }
    }
}
