//! What the benchmarks share: a deterministic random generator for their articles, and
//! the quotes they plan in them.
#![allow(dead_code)]

/// A 64-bit linear congruential generator: the same data on every run, no dependency.
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Self {
        let mut lcg = Lcg(seed ^ 0x9e37_79b9_7f4a_7c15);
        lcg.next();
        lcg
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// A quote the generator wrote, in code points.
pub struct PlannedQuote {
    pub speaker: usize,
    pub kind: &'static str,
    pub content: std::ops::Range<usize>,
    pub cue: std::ops::Range<usize>,
    pub source: std::ops::Range<usize>,
}
