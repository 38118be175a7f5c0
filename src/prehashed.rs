//! Maps and sets keyed by values that are already hashes (FNV of a word or a
//! block's text): hashing them again with the standard library's SipHash
//! cost more than the lookups themselves.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// Passes a `u64` key through, mixed once so that the low bits a table
/// indexes by depend on all of the key's bits.
#[derive(Default)]
pub(crate) struct PrehashedKey(u64);

impl Hasher for PrehashedKey {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `u64` keys are hashed with this; other types still work.
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, key: u64) {
        self.0 = key.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// A map keyed by hashes.
pub(crate) type PrehashedMap<V> = HashMap<u64, V, BuildHasherDefault<PrehashedKey>>;
/// A set of hashes.
pub(crate) type PrehashedSet = HashSet<u64, BuildHasherDefault<PrehashedKey>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        let mut map: PrehashedMap<usize> = PrehashedMap::default();
        for key in [0u64, 1, u64::MAX, 0x1234_5678_9abc_def0] {
            *map.entry(key).or_default() += 1;
        }
        *map.entry(1).or_default() += 1;
        assert_eq!(map[&1], 2);
        assert_eq!(map.len(), 4);
        let set: PrehashedSet = [7u64, 7, 8].into_iter().collect();
        assert_eq!(set.len(), 2);
    }
}
