/// numpy's modern random stream: `np.random.default_rng(seed)`, a
/// `Generator` on PCG64 seeded through `SeedSequence`
/// (numpy/random/_generator.pyx), drawing numpy's numbers bit for bit.
///
/// Shapes, dtypes, errors, interrupts: as `LegacyRandomState` (pass [] for
/// numpy's `size=None` and get a rank-0 tensor).
///
/// Without a seed: numpy's `default_rng()` takes the operating system's
/// entropy; attn's `NumpyGenerator()` takes the fixed entropy
/// `LegacyRandomState.unseededEntropy` (1635021934), so it is numpy's
/// `default_rng(1635021934)`: unseeded runs repeat, and their numbers can
/// be reproduced in numpy.
public struct NumpyGenerator: NumpyChoiceStream, Equatable, Sendable {
    /// The PCG64 bit generator.
    var bits: PCG64

    static var isLegacy: Bool { false }

    /// `default_rng(seed)` for a non-negative integer that fits in 64 bits.
    public init(seed: UInt64) {
        self.init(seedSequence: SeedSequence(seed))
    }

    /// `default_rng([s0, s1, ...])`.
    public init(seeds: [UInt64]) {
        self.init(seedSequence: SeedSequence(seeds))
    }

    /// `default_rng(seed)` for any seed numpy accepts, through its
    /// `SeedSequence` (for integers beyond 64 bits, see
    /// `SeedSequence.words(decimal:)`). Negative integers are numpy's
    /// "expected non-negative integer", which the caller reports.
    public init(seedSequence: SeedSequence) {
        bits = PCG64(seedSequence: seedSequence)
    }

    /// `default_rng()` with attn's fixed entropy in place of the operating
    /// system's (see the type's notes).
    public init() {
        self.init(seed: LegacyRandomState.unseededEntropy)
    }

    // MARK: - Floats

    /// `random(size)`: uniform doubles in [0, 1), the top 53 bits of one
    /// 64-bit output.
    public mutating func random(_ shape: [Int]) throws(CoreError) -> Tensor {
        try Tensor.drawnDoubles(shape) { bits.nextDouble() }
    }

    /// `standard_normal(size)`: numpy's 256-layer ziggurat
    /// (`NormalDraws.ziggurat`).
    public mutating func standardNormal(_ shape: [Int]) throws(CoreError) -> Tensor {
        try Tensor.drawnDoubles(shape) { NormalDraws.ziggurat(&bits) }
    }

    /// `normal(loc, scale, size)`: loc + scale × ziggurat (numpy's
    /// `random_normal`). A negative scale (−0.0 included; NaN passes) is
    /// numpy's "scale < 0".
    public mutating func normal(loc: Double = 0, scale: Double = 1, shape: [Int]) throws(CoreError) -> Tensor {
        guard scale.isNaN || scale.sign == .plus else { throw CoreError.invalidArgument("scale < 0") }
        return try Tensor.drawnDoubles(shape) { loc + scale * NormalDraws.ziggurat(&bits) }
    }

    /// `normal(loc, scale, size)` with array parameters, broadcast as
    /// `LegacyRandomState.normal(loc:scale:shape:)` does.
    public mutating func normal(loc: Tensor, scale: Tensor, shape: [Int]?) throws(CoreError) -> Tensor {
        if scale.scalars.contains(where: { !$0.isNaN && $0.sign == .minus }) {
            throw CoreError.invalidArgument("scale < 0")
        }
        return try Tensor.drawnDoubles(shape, loc, scale) { loc, scale in loc + scale * NormalDraws.ziggurat(&bits) }
    }

    /// `uniform(low, high, size)`: low + (high − low) × U. Unlike the legacy
    /// method, high − low must not be negative ("high - low < 0"), and a
    /// range that is not finite is the OverflowError "high - low range
    /// exceeds valid bounds".
    public mutating func uniform(low: Double = 0, high: Double = 1, shape: [Int]) throws(CoreError) -> Tensor {
        let range = high - low
        guard range.isFinite else { throw CoreError.invalidArgument("high - low range exceeds valid bounds") }
        guard range.sign == .plus else { throw CoreError.invalidArgument("high - low < 0") }
        return try Tensor.drawnDoubles(shape) { low + range * bits.nextDouble() }
    }

    /// `uniform(low, high, size)` with array parameters.
    public mutating func uniform(low: Tensor, high: Tensor, shape: [Int]?) throws(CoreError) -> Tensor {
        let range = try Tensor.zip(high, low) { $0 - $1 }
        let ranges = range.scalars
        guard ranges.allSatisfy({ $0.isFinite }) else { throw CoreError.invalidArgument("Range exceeds valid bounds") }
        guard !ranges.contains(where: { $0.sign == .minus }) else { throw CoreError.invalidArgument("high - low < 0") }
        return try Tensor.drawnDoubles(shape, low, range) { low, range in low + range * bits.nextDouble() }
    }

    // MARK: - Integers

    /// `integers(low, high, size, dtype, endpoint)`: integers in [low, high)
    /// or, with `endpoint`, [low, high]; [0, low) when `high` is nil. By
    /// Lemire's method (`BoundedIntegers`), on 32-bit words (PCG64 hands out
    /// the halves of one output, low first, keeping the other half for the
    /// next 32-bit draw) when the range fits in 32 bits, else on 64-bit
    /// words; bool takes one bit per value. `dtype` is int64 (numpy's
    /// default), int32 or bool. A Python `high` of 2^63 is `high:
    /// Int64.max, endpoint: true`.
    public mutating func integers(
        low: Int64, high: Int64? = nil, shape: [Int], dtype: DType = .int64, endpoint: Bool = false
    ) throws(CoreError) -> Tensor {
        try Tensor.boundedIntegers(&bits, low: low, high: high, shape: shape, dtype: dtype,
                                   closed: endpoint, masked: false, caller: "integers")
    }

    // MARK: - Permutations

    /// `shuffle(x, axis)`: reorders `x` along `axis` in place, Fisher–Yates
    /// with positions from `random_interval` (masked rejection), as the
    /// legacy shuffle. A tensor with no elements draws nothing.
    public mutating func shuffle(_ x: inout Tensor, axis: Int = 0) throws(CoreError) {
        let resolved = try Tensor.normalize(axis: axis, rank: x.rank)
        if x.count == 0 { return }
        var order = Array(0..<x.shape[resolved])
        try order.fisherYates { i in Int(BoundedIntegers.interval(&bits, max: UInt64(i))) }
        x = try x.taking(order, indexShape: [x.shape[resolved]], axis: resolved)
    }

    /// `shuffle(x)` for a Python list.
    public mutating func shuffle<Element>(_ list: inout [Element]) throws(CoreError) {
        try list.fisherYates { i in Int(BoundedIntegers.interval(&bits, max: UInt64(i))) }
    }

    /// `permutation(n)`: 0..<n shuffled, int64.
    public mutating func permutation(_ n: Int) throws(CoreError) -> Tensor {
        let count = try Tensor.checkedCount([Swift.max(0, n)], dtype: .int64)
        var values = (0..<count).map { Int64($0) }
        try values.fisherYates { i in Int(BoundedIntegers.interval(&bits, max: UInt64(i))) }
        return Tensor(unchecked: [count], storage: .int64(values))
    }

    /// `permutation(x, axis)`: a copy of `x` shuffled along `axis`.
    public mutating func permutation(_ x: Tensor, axis: Int = 0) throws(CoreError) -> Tensor {
        guard x.rank > 0 else { throw CoreError.invalidArgument("x must be an integer or at least 1-dimensional") }
        let resolved = try Tensor.normalize(axis: axis, rank: x.rank)
        if x.rank == 1 {
            var copy = x
            try shuffle(&copy)
            return copy
        }
        var order = Array(0..<x.shape[resolved])
        try order.fisherYates { i in Int(BoundedIntegers.interval(&bits, max: UInt64(i))) }
        return try x.taking(order, indexShape: [x.shape[resolved]], axis: resolved)
    }

    // MARK: - choice

    /// `choice(n, size, replace, p, shuffle=shuffle)` for an integer
    /// population: int64 indices in [0, n).
    public mutating func choice(
        _ n: Int, shape: [Int], replace: Bool = true, p: Tensor? = nil, shuffle: Bool = true
    ) throws(CoreError) -> Tensor {
        let indices = try choiceIndices(from: n, shape: shape, replace: replace, p: p, shuffle: shuffle)
        return Tensor(unchecked: shape, storage: .int64(indices))
    }

    /// `choice(a, size, replace, p, axis, shuffle)` for an array: the slices
    /// of `a` along `axis` at the sampled indices, `shape` in place of that
    /// axis.
    public mutating func choice(
        from a: Tensor, shape: [Int], replace: Bool = true, p: Tensor? = nil, axis: Int = 0, shuffle: Bool = true
    ) throws(CoreError) -> Tensor {
        try choosing(from: a, shape: shape, replace: replace, p: p, axis: axis, shuffle: shuffle)
    }

    mutating func uniformDoubles(_ count: Int) throws(CoreError) -> [Double] {
        try random([count]).scalars
    }

    mutating func uniformIndices(below n: Int, count: Int) throws(CoreError) -> [Int64] {
        try integers(low: 0, high: Int64(n), shape: [count]).elements(as: Int64.self)
    }

    /// numpy's `Generator.choice` without replacement or p: for more than
    /// 10000 candidates and a sample above n/50 (n/20 without `shuffle`),
    /// a partial shuffle of 0..<n from the end, keeping the last `count`
    /// (positions by Lemire's method); otherwise Floyd's algorithm (for j in
    /// n − count ..< n: v in [0, j]; take v, or j when v was taken), then,
    /// with `shuffle`, a Fisher–Yates shuffle of the sample (Lemire's method).
    mutating func distinctIndices(below n: Int, count: Int, shuffle: Bool) throws(CoreError) -> [Int64] {
        let cutoff = shuffle ? 50 : 20
        if n > 10000 && count > n / cutoff {
            var all = (0..<(try Tensor.checkedCount([n], dtype: .int64))).map { Int64($0) }
            let first = Swift.max(n - count, 1)
            for i in stride(from: n - 1, through: first, by: -1) {
                let j = Int(BoundedIntegers.one(&bits, offset: 0, range: UInt64(i), masked: false))
                all.swapAt(i, j)
                if i % Interrupt.pollInterval == 0 { try Interrupt.check() }
            }
            return Array(all[(n - count)...])
        }
        var taken = Set<Int64>()
        var sample: [Int64] = []
        sample.reserveCapacity(count)
        for j in (n - count)..<n {
            let value = Int64(BoundedIntegers.one(&bits, offset: 0, range: UInt64(j), masked: false))
            let pick = taken.contains(value) ? Int64(j) : value
            taken.insert(pick)
            sample.append(pick)
            if sample.count % Interrupt.pollInterval == 0 { try Interrupt.check() }
        }
        if shuffle && count > 1 {
            for i in stride(from: count - 1, through: 1, by: -1) {
                let j = Int(BoundedIntegers.one(&bits, offset: 0, range: UInt64(i), masked: false))
                sample.swapAt(i, j)
                if i % Interrupt.pollInterval == 0 { try Interrupt.check() }
            }
        }
        return sample
    }
}
