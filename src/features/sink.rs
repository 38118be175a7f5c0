//! Where a block's features go: hashed into buckets, merged into sorted,
//! distinct entries, and named for `--explain` only when asked (naming
//! every feature of every block would cost the hot path).

use super::families::Kind;
use super::{NamedFeature, SparseFeatures};
use crate::hashing::{fnv1a, fnv1a_usize};

/// Collects hashed features for one block at a time; its buffers are
/// reused for every block of a document.
pub(super) struct FeatureSink {
    mask: u64,
    entries: Vec<(u32, f32)>,
    /// Feature names, kept only when explaining (`--explain`).
    names: Option<Vec<NamedFeature>>,
    merger: BucketMerger,
}

impl FeatureSink {
    /// A sink for `settings`' dimension, keeping names when `with_names`.
    pub(super) fn new(settings: &super::FeatureSettings, with_names: bool) -> FeatureSink {
        FeatureSink::with_dimension(settings.dimension(), with_names)
    }

    /// A sink hashing into `dimension` buckets (a power of two), keeping
    /// the features' names when `with_names`.
    pub(super) fn with_dimension(dimension: usize, with_names: bool) -> FeatureSink {
        debug_assert!(dimension.is_power_of_two());
        FeatureSink {
            mask: (dimension - 1) as u64,
            entries: Vec::with_capacity(96),
            names: with_names.then(Vec::new),
            merger: BucketMerger::take(dimension),
        }
    }

    /// A feature with a text value: `word=photo`.
    pub(super) fn add(&mut self, kind: Kind, value: &str, weight: f32) {
        let hash = fnv1a(kind.hash ^ 0xff, value.as_bytes());
        self.push(kind, hash, weight, || {
            kind.family.describe_text(kind.neighbour, value)
        });
    }

    /// `add` with the value given in parts (hashed as their concatenation,
    /// without building it).
    pub(super) fn add_joined(&mut self, kind: Kind, value: &[&str], weight: f32) {
        let mut hash = kind.hash ^ 0xff;
        for part in value {
            hash = fnv1a(hash, part.as_bytes());
        }
        self.push(kind, hash, weight, || {
            kind.family.describe_text(kind.neighbour, &value.concat())
        });
    }

    /// A feature with a bucketed value: a number its family can read back.
    pub(super) fn add_bucket(&mut self, kind: Kind, bucket: usize, weight: f32) {
        let hash = fnv1a_usize(kind.hash ^ 0xfe, bucket);
        self.push(kind, hash, weight, || {
            kind.family.describe_bucket(kind.neighbour, bucket)
        });
    }

    /// `add_bucket` with the value given as one number per part of the
    /// family (`title_like`, `prev`, `next`, `words`), joined into a bucket
    /// by the family's table, which `--explain` reads them back with.
    pub(super) fn add_parts(&mut self, kind: Kind, parts: &[usize], weight: f32) {
        self.add_bucket(kind, kind.family.bucket(parts), weight);
    }

    fn push(&mut self, kind: Kind, hash: u64, weight: f32, name: impl FnOnce() -> String) {
        let bucket = (hash & self.mask) as u32;
        self.entries.push((bucket, weight));
        if let Some(names) = &mut self.names {
            names.push(NamedFeature {
                bucket,
                weight,
                name: name(),
                family: kind.family.name(),
            });
        }
    }

    /// The block's features, and its names when explaining; the sink is
    /// then empty, ready for the next block.
    pub(super) fn finish(&mut self) -> (SparseFeatures, Option<Vec<NamedFeature>>) {
        let entries = match self.merger.merge(&self.entries) {
            Some(merged) => merged,
            None => sort_and_merge(&mut self.entries),
        };
        self.entries.clear();
        let names = self.names.as_mut().map(std::mem::take);
        (SparseFeatures { entries }, names)
    }
}

impl Drop for FeatureSink {
    fn drop(&mut self) {
        BucketMerger::give_back(std::mem::replace(&mut self.merger, BucketMerger::new(0)));
    }
}

/// Sums the weights of equal buckets in the order a sort leaves them: the
/// reference for every other way of merging.
fn sort_and_merge(entries: &mut [(u32, f32)]) -> Vec<(u32, f32)> {
    entries.sort_unstable_by_key(|e| e.0);
    let mut merged: Vec<(u32, f32)> = Vec::with_capacity(entries.len());
    for &(index, weight) in entries.iter() {
        match merged.last_mut() {
            Some(last) if last.0 == index => last.1 += weight,
            _ => merged.push((index, weight)),
        }
    }
    merged
}

thread_local! {
    /// Empty merger tables of finished sinks, for the thread's next ones.
    static SPARE_MERGERS: std::cell::RefCell<Vec<BucketMerger>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Merges a block's entries into sorted, distinct buckets without sorting
/// them, through tables over all buckets that every block of a document
/// reuses.
///
/// The sums must be bit-identical to [`sort_and_merge`]'s, whose order among
/// equal buckets is the sort's: floating-point addition is commutative but
/// not associative, so any order gives the same sum of two weights, or of
/// any number of equal ones, but not of three or more that differ. A block
/// with such a bucket (a hash collision of unequal features on a repeated
/// word: a few blocks in a hundred) is left to [`sort_and_merge`].
struct BucketMerger {
    /// Each bucket's sum so far, valid where `once` has its bit.
    sums: Vec<f32>,
    /// Each bucket's first weight, or [`Self::MIXED`] once another differed.
    firsts: Vec<f32>,
    /// One bit per bucket with an entry, read in order to list them.
    once: Vec<u64>,
    /// One bit per bucket with two or more entries.
    twice: Vec<u64>,
    /// One bit per non-zero word of `once`.
    summary: Vec<u64>,
}

impl BucketMerger {
    /// The tables cost 8 bytes per bucket: beyond 2^16 buckets they would
    /// no longer stay in the cache, and the sort is left to do the work.
    const MAX_BUCKETS: usize = 1 << 16;

    /// Tables kept per thread: one per sink a document has at a time (text
    /// and markup), with room for a second model's dimensions.
    const MAX_SPARE: usize = 4;

    /// Marks a bucket whose weights differ: a NaN (a bucket that has a NaN
    /// weight and more than one entry has a NaN sum, left to the sort).
    const MIXED: u32 = 0x7fc0_dead;

    /// The tables a sink of this thread left for `dimension`, or new ones.
    /// Zeroing them costs 8 bytes per bucket (a megabyte for the text and
    /// markup sinks of the default model), more than the merging of a
    /// short page's blocks: every document a thread reads reuses them.
    fn take(dimension: usize) -> BucketMerger {
        SPARE_MERGERS
            .with_borrow_mut(|spare| {
                let at = spare.iter().position(|m| m.sums.len() == dimension)?;
                Some(spare.swap_remove(at))
            })
            .unwrap_or_else(|| BucketMerger::new(dimension))
    }

    /// Keeps tables that [`merge`](Self::merge) left empty for the next
    /// sink of this thread.
    fn give_back(merger: BucketMerger) {
        if merger.sums.is_empty() {
            return;
        }
        SPARE_MERGERS.with_borrow_mut(|spare| {
            if spare.len() < Self::MAX_SPARE {
                spare.push(merger);
            }
        });
    }

    fn new(dimension: usize) -> BucketMerger {
        let buckets = if dimension <= Self::MAX_BUCKETS {
            dimension
        } else {
            0
        };
        let words = buckets.div_ceil(64);
        BucketMerger {
            sums: vec![0.0; buckets],
            firsts: vec![0.0; buckets],
            once: vec![0; words],
            twice: vec![0; words],
            summary: vec![0; words.div_ceil(64)],
        }
    }

    /// The merged entries, or `None` when the tables are off or the order of
    /// summing matters. Leaves the bit tables empty.
    fn merge(&mut self, entries: &[(u32, f32)]) -> Option<Vec<(u32, f32)>> {
        if self.sums.is_empty() {
            return None;
        }
        let mut order_matters = false;
        let mut distinct = 0;
        for &(bucket, weight) in entries {
            let (index, word, bit) = (bucket as usize, bucket as usize / 64, 1 << (bucket % 64));
            if self.once[word] & bit == 0 {
                self.once[word] |= bit;
                self.summary[word / 64] |= 1 << (word % 64);
                self.sums[index] = weight;
                self.firsts[index] = weight;
                distinct += 1;
            } else {
                self.sums[index] += weight;
                // A NaN's bits may depend on the order too (a caller's
                // settings need not be validated).
                order_matters |= self.sums[index].is_nan();
                let first = self.firsts[index].to_bits();
                if self.twice[word] & bit == 0 {
                    self.twice[word] |= bit;
                    if weight.to_bits() != first {
                        self.firsts[index] = f32::from_bits(Self::MIXED);
                    }
                } else {
                    order_matters |= weight.to_bits() != first;
                }
            }
        }
        let mut merged = Vec::with_capacity(if order_matters { 0 } else { distinct });
        for (summary_index, summary) in self.summary.iter_mut().enumerate() {
            let mut words = std::mem::take(summary);
            while words != 0 {
                let word = summary_index * 64 + words.trailing_zeros() as usize;
                words &= words - 1;
                self.twice[word] = 0;
                let mut bits = std::mem::take(&mut self.once[word]);
                while bits != 0 && !order_matters {
                    let bucket = word * 64 + bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    merged.push((bucket as u32, self.sums[bucket]));
                }
            }
        }
        (!order_matters).then_some(merged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Entries with repeated buckets, equal and unequal weights, spread
    /// over the whole dimension.
    fn entries(seed: u32, dimension: u32) -> Vec<(u32, f32)> {
        (0..200u32)
            .map(|i| {
                let bucket = ((i % 37).wrapping_mul(2_654_435_761) ^ seed) % (dimension / 8);
                (bucket * 8 % dimension, [1.0, 0.6, 0.25][(i % 3) as usize])
            })
            .collect()
    }

    #[test]
    fn merging_matches_the_sort_and_leaves_the_tables_empty() {
        let dimension = 1 << 12;
        let mut merger = BucketMerger::new(dimension);
        let mut merged_without_sort = 0;
        for seed in 0..20 {
            let mut block = entries(seed, dimension as u32);
            block.truncate(20 + 9 * seed as usize);
            let reference = sort_and_merge(&mut block.clone());
            if let Some(merged) = merger.merge(&block) {
                assert_eq!(merged, reference, "seed {seed}");
                merged_without_sort += 1;
            }
            let tables = merger.once.iter().chain(&merger.twice).chain(&merger.summary);
            assert!(tables.into_iter().all(|&w| w == 0), "seed {seed}");
        }
        // Both ways are taken: short blocks have no bucket of three
        // unequal weights, long ones do.
        assert!((1..20).contains(&merged_without_sort), "{merged_without_sort}");
    }

    #[test]
    fn sinks_of_one_thread_reuse_the_tables_and_give_the_same_features() {
        let features = |seed: u32| {
            let mut sink = FeatureSink::with_dimension(1 << 14, false);
            let mut blocks = Vec::new();
            for block in 0..5 {
                sink.entries = entries(seed * 7 + block, 1 << 14);
                blocks.push(sink.finish().0.entries);
            }
            blocks
        };
        let first = features(1);
        let other = features(2);
        assert_eq!(features(1), first);
        assert_eq!(features(2), other);
        let spare = SPARE_MERGERS.with_borrow(|spare| spare.iter().filter(|m| m.sums.len() == 1 << 14).count());
        assert_eq!(spare, 1, "one sink at a time keeps one set of tables");
        for (block, seed) in first.iter().zip([7, 8, 9, 10, 11]) {
            assert_eq!(block, &sort_and_merge(&mut entries(seed, 1 << 14)));
        }
    }
}
