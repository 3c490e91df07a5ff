/// numpy's legacy random stream: `np.random.RandomState(seed)` and the
/// module-level functions `np.random.seed`, `rand`, `randn`, `randint`, ...
/// (numpy/random/mtrand.pyx on MT19937), drawing numpy's numbers bit for bit.
///
/// Shapes: `shape` is numpy's `size`. Pass [] for `size=None`; the result is
/// then a rank-0 tensor, which the caller turns into the Python scalar
/// numpy returns (a float, or an int for `randint`), or keeps as a 0-d
/// array for `size=()` (same number). Results are float64, or int64 (int32,
/// bool) for integers. Every size is checked before anything is allocated,
/// and long draws stop on Ctrl-C (`CoreError.interrupted`).
///
/// Errors are numpy's: the message is numpy's text (numpy raises most as
/// ValueError; `uniform`'s "Range exceeds valid bounds" is an
/// OverflowError).
///
/// Without a seed: numpy seeds from the operating system's entropy, so an
/// unseeded program prints different numbers at every run and no document
/// can claim them. attn instead uses fixed, documented entropy,
/// `unseededEntropy`: `LegacyRandomState()` (what numpy's module-level
/// state is before any `np.random.seed`) and `seed(nil)` give the stream
/// numpy gives for `RandomState(MT19937(SeedSequence(0x6174746E)))`, so
/// unseeded runs repeat, a document's claims can be checked, and the
/// numbers can still be reproduced in numpy. (numpy's `seed(None)` also
/// keeps the old read position in the key; attn starts afresh, as
/// `RandomState()` does.)
public struct LegacyRandomState: NumpyChoiceStream, Equatable, Sendable {
    /// The Mersenne Twister.
    var bits: MT19937
    /// The polar method's kept second value (numpy's `has_gauss`/`gauss`).
    var gauss = PolarGaussian()

    /// The entropy attn uses where numpy would ask the operating system:
    /// the four bytes "attn" read as a big-endian integer, 1635021934.
    public static let unseededEntropy: UInt64 = 0x6174_746E

    static var isLegacy: Bool { true }

    /// numpy's module-level state and `RandomState()`, with attn's fixed
    /// entropy in place of the operating system's (see the type's notes).
    public init() {
        self.init(seedSequence: SeedSequence(LegacyRandomState.unseededEntropy))
    }

    /// `RandomState(seed)` and `np.random.seed(seed)` for an integer seed:
    /// numpy's `mt19937_seed`. A seed outside [0, 2^32 − 1] is numpy's
    /// error "Seed must be between 0 and 2**32 - 1" (a Python integer
    /// beyond Int64 is outside too: pass any out-of-range value).
    public init(seed: Int64) throws(CoreError) {
        self.init(bits: MT19937(seed: try LegacyRandomState.checkedSeedWord(seed)))
    }

    /// `RandomState([s0, s1, ...])` for a 1-dimensional array of seeds:
    /// numpy's `init_by_array`. Each must be in [0, 2^32 − 1]; an empty
    /// array is numpy's "Seed must be non-empty".
    public init(seedArray: [Int64]) throws(CoreError) {
        guard !seedArray.isEmpty else { throw CoreError.invalidArgument("Seed must be non-empty") }
        var words: [UInt32] = []
        for seed in seedArray { words.append(try LegacyRandomState.checkedSeedWord(seed)) }
        self.init(bits: MT19937(seedArray: words))
    }

    /// `RandomState(MT19937(seed_sequence))`.
    public init(seedSequence: SeedSequence) {
        self.init(bits: MT19937(seedSequence: seedSequence))
    }

    init(bits: MT19937) {
        self.bits = bits
    }

    static func checkedSeedWord(_ seed: Int64) throws(CoreError) -> UInt32 {
        guard let word = UInt32(exactly: seed) else {
            throw CoreError.invalidArgument("Seed must be between 0 and 2**32 - 1")
        }
        return word
    }

    /// `seed(seed)`: reseeds in place and forgets the kept Gaussian; nil
    /// is attn's unseeded state (see the type's notes).
    public mutating func seed(_ seed: Int64?) throws(CoreError) {
        self = try seed.map { (s) throws(CoreError) in try LegacyRandomState(seed: s) } ?? LegacyRandomState()
    }

    /// `seed([s0, s1, ...])`.
    public mutating func seed(array: [Int64]) throws(CoreError) {
        self = try LegacyRandomState(seedArray: array)
    }

    // MARK: - Floats

    /// `random_sample(size)`: uniform doubles in [0, 1), each from two
    /// 32-bit words (27 + 26 bits).
    public mutating func randomSample(_ shape: [Int]) throws(CoreError) -> Tensor {
        try Tensor.drawnDoubles(shape) { bits.nextDouble() }
    }

    /// `random(size)`: numpy's alias of `random_sample`.
    public mutating func random(_ shape: [Int]) throws(CoreError) -> Tensor {
        try randomSample(shape)
    }

    /// `rand(d0, d1, ...)`: `random_sample` with the dimensions as the
    /// shape ([] for `rand()`).
    public mutating func rand(_ dimensions: [Int]) throws(CoreError) -> Tensor {
        try randomSample(dimensions)
    }

    /// One legacy Gaussian (a method, so that closures that draw reach the
    /// kept value and the twister through one access to `self`).
    @inline(__always)
    mutating func nextGauss() -> Double { gauss.next(&bits) }

    /// `standard_normal(size)`: the polar method with its kept value
    /// (`PolarGaussian`).
    public mutating func standardNormal(_ shape: [Int]) throws(CoreError) -> Tensor {
        try Tensor.drawnDoubles(shape) { nextGauss() }
    }

    /// `randn(d0, d1, ...)`: `standard_normal` with the dimensions as the shape.
    public mutating func randn(_ dimensions: [Int]) throws(CoreError) -> Tensor {
        try standardNormal(dimensions)
    }

    /// `normal(loc, scale, size)`: loc + scale × gauss (numpy's
    /// `legacy_normal`). A negative scale (−0.0 included; NaN passes) is
    /// numpy's "scale < 0".
    public mutating func normal(loc: Double = 0, scale: Double = 1, shape: [Int]) throws(CoreError) -> Tensor {
        guard scale.isNaN || scale.sign == .plus else { throw CoreError.invalidArgument("scale < 0") }
        return try Tensor.drawnDoubles(shape) { loc + scale * nextGauss() }
    }

    /// `normal(loc, scale, size)` with array parameters: broadcast together
    /// (and to `shape` when given, numpy's `size`), one draw per element in
    /// row-major order.
    public mutating func normal(loc: Tensor, scale: Tensor, shape: [Int]?) throws(CoreError) -> Tensor {
        if scale.scalars.contains(where: { !$0.isNaN && $0.sign == .minus }) {
            throw CoreError.invalidArgument("scale < 0")
        }
        return try Tensor.drawnDoubles(shape, loc, scale) { loc, scale in loc + scale * nextGauss() }
    }

    /// `uniform(low, high, size)`: low + (high − low) × U (numpy's
    /// `random_uniform`); high < low is allowed, as in numpy. A range that
    /// is not finite is numpy's OverflowError "Range exceeds valid bounds".
    public mutating func uniform(low: Double = 0, high: Double = 1, shape: [Int]) throws(CoreError) -> Tensor {
        let range = high - low
        guard range.isFinite else { throw CoreError.invalidArgument("Range exceeds valid bounds") }
        return try Tensor.drawnDoubles(shape) { low + range * bits.nextDouble() }
    }

    /// `uniform(low, high, size)` with array parameters (see
    /// `normal(loc:scale:shape:)`); the ranges are high − low elementwise.
    public mutating func uniform(low: Tensor, high: Tensor, shape: [Int]?) throws(CoreError) -> Tensor {
        let range = try Tensor.zip(high, low) { $0 - $1 }
        guard range.scalars.allSatisfy({ $0.isFinite }) else {
            throw CoreError.invalidArgument("Range exceeds valid bounds")
        }
        return try Tensor.drawnDoubles(shape, low, range) { low, range in low + range * bits.nextDouble() }
    }

    // MARK: - Integers

    /// `randint(low, high, size, dtype)`: integers in [low, high), or
    /// [0, low) when `high` is nil, by numpy's masked rejection
    /// (`BoundedIntegers`): for int64, 32-bit words when high − low − 1 fits
    /// in 32 bits and 64-bit words (two MT words, high first) beyond; for
    /// int32, 32-bit words; for bool, one bit per value. `dtype` is int64
    /// (numpy's default on Linux), int32 or bool. An empty `shape` count
    /// returns an empty tensor without checking the bounds, as numpy does.
    ///
    /// `endpoint: true` is not a numpy argument of `randint`: it makes
    /// `high` inclusive, for a caller whose Python `high` is 2^63 (pass
    /// Int64.max); a Python bound beyond Int64 otherwise is numpy's "low is
    /// out of bounds for int64" / "high is out of bounds for int64", which
    /// the caller reports.
    public mutating func randint(
        low: Int64, high: Int64? = nil, shape: [Int], dtype: DType = .int64, endpoint: Bool = false
    ) throws(CoreError) -> Tensor {
        try Tensor.boundedIntegers(&bits, low: low, high: high, shape: shape, dtype: dtype,
                                   closed: endpoint, masked: true, caller: "randint")
    }

    // MARK: - Permutations

    /// `shuffle(x)` for an array: reorders `x` along its first axis in
    /// place, by numpy's Fisher–Yates (positions drawn by `random_interval`,
    /// masked rejection on 32-bit words). A tensor with no elements draws
    /// nothing; a rank-0 tensor is numpy's "len() of unsized object".
    public mutating func shuffle(_ x: inout Tensor) throws(CoreError) {
        guard x.rank > 0 else { throw CoreError.invalidArgument("len() of unsized object") }
        if x.count == 0 { return }
        var order = Array(0..<x.shape[0])
        try order.fisherYates { i in Int(BoundedIntegers.interval(&bits, max: UInt64(i))) }
        x = try x.taking(order, indexShape: [x.shape[0]], axis: 0)
    }

    /// `shuffle(x)` for a Python list (or any sequence): the same swaps as
    /// for an array of the same length.
    public mutating func shuffle<Element>(_ list: inout [Element]) throws(CoreError) {
        try list.fisherYates { i in Int(BoundedIntegers.interval(&bits, max: UInt64(i))) }
    }

    /// `permutation(n)`: 0..<n shuffled, int64 (empty for n ≤ 0).
    public mutating func permutation(_ n: Int) throws(CoreError) -> Tensor {
        let count = try Tensor.checkedCount([Swift.max(0, n)], dtype: .int64)
        var values = (0..<count).map { Int64($0) }
        try values.fisherYates { i in Int(BoundedIntegers.interval(&bits, max: UInt64(i))) }
        return Tensor(unchecked: [count], storage: .int64(values))
    }

    /// `permutation(x)` for an array: a shuffled copy along the first axis
    /// (a rank-0 tensor is numpy's "x must be an integer or at least
    /// 1-dimensional").
    public mutating func permutation(_ x: Tensor) throws(CoreError) -> Tensor {
        guard x.rank > 0 else { throw CoreError.invalidArgument("x must be an integer or at least 1-dimensional") }
        if x.rank == 1 {
            var copy = x
            try shuffle(&copy)
            return copy
        }
        // numpy shuffles an index array, which draws even when the rows are
        // empty (shape (3, 0)).
        var order = Array(0..<x.shape[0])
        try order.fisherYates { i in Int(BoundedIntegers.interval(&bits, max: UInt64(i))) }
        return try x.taking(order, indexShape: [x.shape[0]], axis: 0)
    }

    // MARK: - choice

    /// `choice(n, size, replace, p)` for an integer population: int64
    /// indices in [0, n) (see `NumpyChoiceStream` for the methods).
    public mutating func choice(
        _ n: Int, shape: [Int], replace: Bool = true, p: Tensor? = nil
    ) throws(CoreError) -> Tensor {
        let indices = try choiceIndices(from: n, shape: shape, replace: replace, p: p)
        return Tensor(unchecked: shape, storage: .int64(indices))
    }

    /// `choice(a, size, replace, p)` for a 1-dimensional array: its
    /// elements at the sampled indices, in `a`'s dtype.
    public mutating func choice(
        from a: Tensor, shape: [Int], replace: Bool = true, p: Tensor? = nil
    ) throws(CoreError) -> Tensor {
        try choosing(from: a, shape: shape, replace: replace, p: p, axis: 0, shuffle: true)
    }

    mutating func uniformDoubles(_ count: Int) throws(CoreError) -> [Double] {
        try randomSample([count]).scalars
    }

    mutating func uniformIndices(below n: Int, count: Int) throws(CoreError) -> [Int64] {
        try randint(low: 0, high: Int64(n), shape: [count]).elements(as: Int64.self)
    }

    /// numpy: `permutation(n)[:count]`.
    mutating func distinctIndices(below n: Int, count: Int, shuffle: Bool) throws(CoreError) -> [Int64] {
        Array(try permutation(n).elements(as: Int64.self).prefix(count))
    }
}
