//! An exact port of Go's `sort.Sort` (the pattern-defeating quicksort in Go's
//! `sort/zsortinterface.go` and `sort/sort.go`).
//!
//! Nomad's CLI sorts many of its lists with `sort.Sort`, which is not stable: the
//! order it leaves elements with equal keys in depends on the exact sequence of
//! `Less` and `Swap` calls. To print lists in the same order as Nomad, this module
//! reproduces that sequence call for call (pivot choice, the `breakPatterns`
//! xorshift seeded from the length, the insertion-sort threshold of 12, the
//! partial insertion sort, the equal-elements partition and the heapsort fallback).
//! Indices are absolute positions in the slice, as in Go, which matters because
//! some steps (for example `partialInsertionSort`) look outside the current range.

/// Sorts `v` in ascending order according to `less`, leaving elements that compare
/// equal in exactly the order Go's `sort.Sort` would leave them in, given a
/// `sort.Interface` whose `Less(i, j)` is `less(&v[i], &v[j])` and whose `Swap` swaps.
///
/// `less` must be a strict weak ordering; `less` is called exactly as often and on
/// the same pairs of elements as Go's `Less`.
pub fn sort<T>(v: &mut [T], less: impl FnMut(&T, &T) -> bool) {
    let n = v.len();
    if n <= 1 {
        return;
    }
    let limit = bits_len(n);
    let mut data = Data { v, less };
    pdqsort(&mut data, 0, n, limit);
}

/// Go's `bits.Len(uint(x))`: the number of bits needed to represent `x`.
fn bits_len(x: usize) -> u32 {
    usize::BITS - x.leading_zeros()
}

/// The `sort.Interface` view of a slice: `Less` and `Swap` by absolute index.
struct Data<'a, T, F> {
    v: &'a mut [T],
    less: F,
}

impl<T, F: FnMut(&T, &T) -> bool> Data<'_, T, F> {
    fn less(&mut self, i: usize, j: usize) -> bool {
        (self.less)(&self.v[i], &self.v[j])
    }

    fn swap(&mut self, i: usize, j: usize) {
        self.v.swap(i, j);
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum SortedHint {
    Unknown,
    Increasing,
    Decreasing,
}

/// Go's `xorshift` (`*r ^= *r << 13; *r ^= *r >> 7; *r ^= *r << 17`).
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Go's `nextPowerOfTwo`: `1 << bits.Len(uint(length))`.
fn next_power_of_two(length: usize) -> usize {
    1 << bits_len(length)
}

/// `insertionSort` sorts `data[a:b]` using insertion sort.
fn insertion_sort<T, F: FnMut(&T, &T) -> bool>(data: &mut Data<'_, T, F>, a: usize, b: usize) {
    for i in a + 1..b {
        let mut j = i;
        while j > a && data.less(j, j - 1) {
            data.swap(j, j - 1);
            j -= 1;
        }
    }
}

/// `siftDown` implements the heap property on `data[lo:hi]`; `first` is the offset
/// of the heap's root in the slice.
fn sift_down<T, F: FnMut(&T, &T) -> bool>(
    data: &mut Data<'_, T, F>,
    lo: usize,
    hi: usize,
    first: usize,
) {
    let mut root = lo;
    loop {
        let mut child = 2 * root + 1;
        if child >= hi {
            break;
        }
        if child + 1 < hi && data.less(first + child, first + child + 1) {
            child += 1;
        }
        if !data.less(first + root, first + child) {
            return;
        }
        data.swap(first + root, first + child);
        root = child;
    }
}

fn heap_sort<T, F: FnMut(&T, &T) -> bool>(data: &mut Data<'_, T, F>, a: usize, b: usize) {
    let first = a;
    let lo = 0;
    let hi = b - a;

    // Build heap with greatest element at top.
    for i in (0..=(hi - 1) / 2).rev() {
        sift_down(data, i, hi, first);
    }

    // Pop elements, largest first, into end of data.
    for i in (0..hi).rev() {
        data.swap(first, first + i);
        sift_down(data, lo, i, first);
    }
}

/// `pdqsort` sorts `data[a:b]`; `limit` is the number of allowed bad (very
/// unbalanced) pivots before falling back to heapsort.
fn pdqsort<T, F: FnMut(&T, &T) -> bool>(
    data: &mut Data<'_, T, F>,
    mut a: usize,
    mut b: usize,
    mut limit: u32,
) {
    const MAX_INSERTION: usize = 12;

    let mut was_balanced = true; // whether the last partitioning was reasonably balanced
    let mut was_partitioned = true; // whether the slice was already partitioned

    loop {
        let length = b - a;

        if length <= MAX_INSERTION {
            insertion_sort(data, a, b);
            return;
        }

        // Fall back to heapsort if too many bad choices were made.
        if limit == 0 {
            heap_sort(data, a, b);
            return;
        }

        // If the last partitioning was imbalanced, break patterns.
        if !was_balanced {
            break_patterns(data, a, b);
            limit -= 1;
        }

        let (mut pivot, mut hint) = choose_pivot(data, a, b);
        if hint == SortedHint::Decreasing {
            reverse_range(data, a, b);
            // The chosen pivot was pivot-a elements after the start of the array.
            // After reversing it is pivot-a elements before the end of the array.
            pivot = (b - 1) - (pivot - a);
            hint = SortedHint::Increasing;
        }

        // The slice is likely already sorted.
        if was_balanced
            && was_partitioned
            && hint == SortedHint::Increasing
            && partial_insertion_sort(data, a, b)
        {
            return;
        }

        // Probably the slice contains many duplicate elements: partition it into
        // elements equal to and elements greater than the pivot.
        if a > 0 && !data.less(a - 1, pivot) {
            a = partition_equal(data, a, b, pivot);
            continue;
        }

        let (mid, already_partitioned) = partition(data, a, b, pivot);
        was_partitioned = already_partitioned;

        let (left_len, right_len) = (mid - a, b - mid);
        let balance_threshold = length / 8;
        if left_len < right_len {
            was_balanced = left_len >= balance_threshold;
            pdqsort(data, a, mid, limit);
            a = mid + 1;
        } else {
            was_balanced = right_len >= balance_threshold;
            pdqsort(data, mid + 1, b, limit);
            b = mid;
        }
    }
}

/// `partition` does one quicksort partition around `data[pivot]`, returning the
/// pivot's new position and whether the range was already partitioned.
fn partition<T, F: FnMut(&T, &T) -> bool>(
    data: &mut Data<'_, T, F>,
    a: usize,
    b: usize,
    pivot: usize,
) -> (usize, bool) {
    data.swap(a, pivot);
    // i and j are inclusive of the elements remaining to be partitioned.
    let (mut i, mut j) = (a + 1, b - 1);

    while i <= j && data.less(i, a) {
        i += 1;
    }
    while i <= j && !data.less(j, a) {
        j -= 1;
    }
    if i > j {
        data.swap(j, a);
        return (j, true);
    }
    data.swap(i, j);
    i += 1;
    j -= 1;

    loop {
        while i <= j && data.less(i, a) {
            i += 1;
        }
        while i <= j && !data.less(j, a) {
            j -= 1;
        }
        if i > j {
            break;
        }
        data.swap(i, j);
        i += 1;
        j -= 1;
    }
    data.swap(j, a);
    (j, false)
}

/// `partitionEqual` partitions `data[a:b]` into elements equal to `data[pivot]`
/// followed by elements greater than it (there are no smaller ones).
fn partition_equal<T, F: FnMut(&T, &T) -> bool>(
    data: &mut Data<'_, T, F>,
    a: usize,
    b: usize,
    pivot: usize,
) -> usize {
    data.swap(a, pivot);
    // i and j are inclusive of the elements remaining to be partitioned.
    let (mut i, mut j) = (a + 1, b - 1);

    loop {
        while i <= j && !data.less(a, i) {
            i += 1;
        }
        while i <= j && data.less(a, j) {
            j -= 1;
        }
        if i > j {
            break;
        }
        data.swap(i, j);
        i += 1;
        j -= 1;
    }
    i
}

/// `partialInsertionSort` partially sorts a range, returning true if it is sorted
/// at the end.
fn partial_insertion_sort<T, F: FnMut(&T, &T) -> bool>(
    data: &mut Data<'_, T, F>,
    a: usize,
    b: usize,
) -> bool {
    const MAX_STEPS: usize = 5; // maximum number of adjacent out-of-order pairs that will get shifted
    const SHORTEST_SHIFTING: usize = 50; // don't shift any elements on short arrays

    let mut i = a + 1;
    for _ in 0..MAX_STEPS {
        while i < b && !data.less(i, i - 1) {
            i += 1;
        }

        if i == b {
            return true;
        }

        if b - a < SHORTEST_SHIFTING {
            return false;
        }

        data.swap(i, i - 1);

        // Shift the smaller one to the left. (Go's loop runs down to index 1, not
        // a+1, so it can reach below the range; that is reproduced here.)
        if i - a >= 2 {
            let mut j = i - 1;
            while j >= 1 {
                if !data.less(j, j - 1) {
                    break;
                }
                data.swap(j, j - 1);
                j -= 1;
            }
        }
        // Shift the greater one to the right.
        if b - i >= 2 {
            for j in i + 1..b {
                if !data.less(j, j - 1) {
                    break;
                }
                data.swap(j, j - 1);
            }
        }
    }
    false
}

/// `breakPatterns` scatters some elements around in an attempt to break patterns
/// that might cause imbalanced partitions in quicksort.
fn break_patterns<T, F: FnMut(&T, &T) -> bool>(data: &mut Data<'_, T, F>, a: usize, b: usize) {
    let length = b - a;
    if length >= 8 {
        let mut random = XorShift(length as u64);
        let modulus = next_power_of_two(length);

        let centre = a + (length / 4) * 2;
        for idx in centre - 1..=centre + 1 {
            // Go: int(uint(random.Next()) & (modulus - 1)).
            let mut other = (random.next() as usize) & (modulus - 1);
            if other >= length {
                other -= length;
            }
            data.swap(idx, a + other);
        }
    }
}

/// `choosePivot` chooses a pivot in `data[a:b]`: a static one below 8 elements,
/// median-of-three below 50, Tukey's ninther from 50 on.
fn choose_pivot<T, F: FnMut(&T, &T) -> bool>(
    data: &mut Data<'_, T, F>,
    a: usize,
    b: usize,
) -> (usize, SortedHint) {
    const SHORTEST_NINTHER: usize = 50;
    const MAX_SWAPS: usize = 4 * 3;

    let l = b - a;

    let mut swaps = 0;
    let mut i = a + l / 4;
    let mut j = a + l / 4 * 2;
    let mut k = a + l / 4 * 3;

    if l >= 8 {
        if l >= SHORTEST_NINTHER {
            // Tukey ninther method.
            i = median_adjacent(data, i, &mut swaps);
            j = median_adjacent(data, j, &mut swaps);
            k = median_adjacent(data, k, &mut swaps);
        }
        // Find the median among i, j, k and store it into j.
        j = median(data, i, j, k, &mut swaps);
    }

    match swaps {
        0 => (j, SortedHint::Increasing),
        MAX_SWAPS => (j, SortedHint::Decreasing),
        _ => (j, SortedHint::Unknown),
    }
}

/// `order2` returns `(x, y)` where `data[x] <= data[y]`, `(x, y)` being `(a, b)` or `(b, a)`.
fn order2<T, F: FnMut(&T, &T) -> bool>(
    data: &mut Data<'_, T, F>,
    a: usize,
    b: usize,
    swaps: &mut usize,
) -> (usize, usize) {
    if data.less(b, a) {
        *swaps += 1;
        return (b, a);
    }
    (a, b)
}

/// `median` returns the index of the median of `data[a]`, `data[b]`, `data[c]`.
fn median<T, F: FnMut(&T, &T) -> bool>(
    data: &mut Data<'_, T, F>,
    a: usize,
    b: usize,
    c: usize,
    swaps: &mut usize,
) -> usize {
    let (a, b) = order2(data, a, b, swaps);
    let (b, _c) = order2(data, b, c, swaps);
    let (_a, b) = order2(data, a, b, swaps);
    b
}

/// `medianAdjacent` returns the index of the median of `data[a-1]`, `data[a]`, `data[a+1]`.
fn median_adjacent<T, F: FnMut(&T, &T) -> bool>(
    data: &mut Data<'_, T, F>,
    a: usize,
    swaps: &mut usize,
) -> usize {
    median(data, a - 1, a, a + 1, swaps)
}

fn reverse_range<T, F: FnMut(&T, &T) -> bool>(data: &mut Data<'_, T, F>, a: usize, b: usize) {
    let mut i = a;
    let mut j = b - 1;
    while i < j {
        data.swap(i, j);
        i += 1;
        j -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Vectors produced by Go 1.26's `sort.Sort` on `(key, original index)` pairs
    /// compared by key only. Each line: `pattern n less_calls less_trace_fnv | keys | order`,
    /// where `order` is the original indices in sorted order and the trace hash is
    /// FNV-1a (64-bit) over the original indices of each `Less(i, j)` call's operands.
    const VECTORS: &str = include_str!("testdata/gosort.txt");

    struct Vector<'a> {
        name: &'a str,
        calls: usize,
        hash: u64,
        keys: Vec<i64>,
        order: Vec<usize>,
    }

    fn parse(line: &str) -> Vector<'_> {
        let mut parts = line.split('|');
        let mut head = parts.next().unwrap().split_whitespace();
        let name = head.next().unwrap();
        let n: usize = head.next().unwrap().parse().unwrap();
        let calls = head.next().unwrap().parse().unwrap();
        let hash = u64::from_str_radix(head.next().unwrap(), 16).unwrap();
        let keys: Vec<i64> = parts
            .next()
            .unwrap()
            .split_whitespace()
            .map(|s| s.parse().unwrap())
            .collect();
        let order: Vec<usize> = parts
            .next()
            .unwrap()
            .split_whitespace()
            .map(|s| s.parse().unwrap())
            .collect();
        assert_eq!(keys.len(), n, "{line}");
        assert_eq!(order.len(), n, "{line}");
        Vector {
            name,
            calls,
            hash,
            keys,
            order,
        }
    }

    /// Sorts the vector's keys, returning the order and the `less` call count and trace hash.
    fn run(keys: &[i64]) -> (Vec<usize>, usize, u64) {
        const FNV_PRIME: u64 = 0x100000001b3;
        let mut pairs: Vec<(i64, usize)> = keys.iter().copied().zip(0..).collect();
        let mut calls = 0;
        let mut hash: u64 = 0xcbf29ce484222325;
        sort(&mut pairs, |x, y| {
            calls += 1;
            hash = (hash ^ x.1 as u64).wrapping_mul(FNV_PRIME);
            hash = (hash ^ y.1 as u64).wrapping_mul(FNV_PRIME);
            x.0 < y.0
        });
        (pairs.into_iter().map(|p| p.1).collect(), calls, hash)
    }

    #[test]
    fn matches_go_sort_sort() {
        let mut count = 0;
        for line in VECTORS.lines().filter(|l| !l.trim().is_empty()) {
            let v = parse(line);
            let (order, calls, hash) = run(&v.keys);
            let n = v.keys.len();
            assert_eq!(order, v.order, "order of {} n={n}", v.name);
            assert_eq!(calls, v.calls, "less calls of {} n={n}", v.name);
            assert_eq!(hash, v.hash, "less trace of {} n={n}", v.name);
            count += 1;
        }
        assert!(count >= 30, "only {count} vectors");
    }

    #[test]
    fn sorts_with_duplicates() {
        // 13 equal keys: too long for plain insertion sort, so pdqsort reorders them.
        let mut v: Vec<(u8, usize)> = (0..13).map(|i| (0, i)).collect();
        v.push((1, 13));
        v.insert(0, (2, 99));
        sort(&mut v, |a, b| a.0 < b.0);
        assert!(v.windows(2).all(|w| w[0].0 <= w[1].0));
        assert_eq!(v.len(), 15);
    }

    #[test]
    fn trivial_lengths() {
        let mut empty: [u8; 0] = [];
        sort(&mut empty, |a, b| a < b);
        let mut one = [5];
        sort(&mut one, |_, _| panic!("no comparisons for one element"));
        let mut two = [2, 1];
        sort(&mut two, |a, b| a < b);
        assert_eq!(two, [1, 2]);
    }
}
