/// numpy's `choice`, shared by `RandomState.choice` (mtrand.pyx) and
/// `Generator.choice` (_generator.pyx), which differ in their words, in
/// how they draw indices, and in how they sample without replacement when
/// no probabilities are given.
///
/// - With replacement, no p: uniform indices in [0, n) (`randint` or
///   `integers` of the stream).
/// - With replacement and p: cdf = cumsum(p) / its last element (one
///   addition after another, then one division per element); each index is
///   the first position whose cdf exceeds a uniform double
///   (`searchsorted(side="right")`), the uniforms drawn in one call of size
///   `shape`.
/// - Without replacement and p: rounds of `count − found` uniforms through
///   the cdf of p with the already found entries zeroed, keeping each
///   round's new indices in the order of their first appearance, until
///   `count` distinct indices are found.
/// - Without replacement, no p: the stream's own method
///   (`distinctIndices`): the legacy state shuffles all n indices and takes
///   the first `count`; the Generator uses Floyd's algorithm or a partial
///   shuffle (see `NumpyGenerator`).
///
/// p is checked as numpy checks it: 1-dimensional, one entry per candidate,
/// no NaN in its (Kahan) sum, no negative entry, and a sum within
/// sqrt(eps) of 1 (eps of float32 for a float32 p, of float64 otherwise).
protocol NumpyChoiceStream {
    /// True for `RandomState`, whose messages and index draws differ.
    static var isLegacy: Bool { get }
    /// `count` uniform doubles in [0, 1), as one call of
    /// `random_sample((count,))` or `random((count,))`.
    mutating func uniformDoubles(_ count: Int) throws(CoreError) -> [Double]
    /// `count` uniform integers in [0, n), as one call of
    /// `randint(0, n, size)` or `integers(0, n, size)`.
    mutating func uniformIndices(below n: Int, count: Int) throws(CoreError) -> [Int64]
    /// `count` distinct indices in [0, n) (count ≤ n), as `choice` without
    /// replacement and without p draws them.
    mutating func distinctIndices(below n: Int, count: Int, shuffle: Bool) throws(CoreError) -> [Int64]
}

extension NumpyChoiceStream {
    /// The sampled indices for `choice` from `n` candidates: `shape.product`
    /// of them, in row-major order.
    mutating func choiceIndices(
        from n: Int, shape: [Int], replace: Bool, p: Tensor?, shuffle: Bool = true
    ) throws(CoreError) -> [Int64] {
        let count = try Tensor.checkedCount(shape, dtype: .int64)
        if n <= 0 && count != 0 {
            let message = Self.isLegacy
                ? "a must be greater than 0 unless no samples are taken"
                : "a must be a positive integer unless no samples are taken"
            throw CoreError.invalidArgument(message)
        }
        let weights = try p.map { (p) throws(CoreError) in try Self.checkedProbabilities(p, candidates: n) }
        if replace {
            guard let weights else { return try uniformIndices(below: n, count: count) }
            let cdf = Self.cumulative(weights)
            let draws = try uniformDoubles(count)
            var indices = [Int64](repeating: 0, count: count)
            for (i, u) in draws.enumerated() {
                indices[i] = Int64(Self.firstAbove(u, in: cdf))
                if i % Interrupt.pollInterval == 0 { try Interrupt.check() }
            }
            return indices
        }
        guard count <= n else {
            throw CoreError.invalidArgument(Self.isLegacy
                ? "Cannot take a larger sample than population when 'replace=False'"
                : "Cannot take a larger sample than population when replace is False")
        }
        guard var weights else { return try distinctIndices(below: n, count: count, shuffle: shuffle) }
        guard weights.lazy.filter({ $0 > 0 }).count >= count else {
            throw CoreError.invalidArgument("Fewer non-zero entries in p than size")
        }
        var found: [Int64] = []
        found.reserveCapacity(count)
        while found.count < count {
            let draws = try uniformDoubles(count - found.count)
            for index in found { weights[Int(index)] = 0 }
            let cdf = Self.cumulative(weights)
            var seen = Set<Int>()
            for u in draws {
                let index = Self.firstAbove(u, in: cdf)
                if seen.insert(index).inserted { found.append(Int64(index)) }
            }
        }
        return found
    }

    /// The probabilities as float64, after numpy's checks.
    static func checkedProbabilities(_ p: Tensor, candidates n: Int) throws(CoreError) -> [Double] {
        guard p.rank == 1 else {
            throw CoreError.invalidArgument(isLegacy ? "'p' must be 1-dimensional" : "p must be 1-dimensional")
        }
        guard p.count == n else {
            throw CoreError.invalidArgument(isLegacy ? "'a' and 'p' must have same size" : "a and p must have same size")
        }
        let values = p.scalars
        var tolerance = Double.ulpOfOne.squareRoot()
        if p.dtype == .float32 { tolerance = Swift.max(tolerance, Double(Float.ulpOfOne.squareRoot())) }
        let total = kahanSum(values)
        if total.isNaN {
            throw CoreError.invalidArgument(isLegacy ? "probabilities contain NaN" : "Probabilities contain NaN")
        }
        if values.contains(where: { $0 < 0 }) {
            throw CoreError.invalidArgument(isLegacy ? "probabilities are not non-negative" : "Probabilities are not non-negative")
        }
        if abs(total - 1) > tolerance {
            throw CoreError.invalidArgument(isLegacy
                ? "probabilities do not sum to 1"
                : "Probabilities do not sum to 1. See Notes section of docstring for more information.")
        }
        return values
    }

    /// numpy's `kahan_sum` (compensated summation, first element first).
    static func kahanSum(_ values: [Double]) -> Double {
        guard var sum = values.first else { return 0 }
        var compensation = 0.0
        for value in values.dropFirst() {
            let y = value - compensation
            let t = sum + y
            compensation = (t - sum) - y
            sum = t
        }
        return sum
    }

    /// cumsum(p) / cumsum(p)[-1], as numpy computes it.
    static func cumulative(_ weights: [Double]) -> [Double] {
        var cdf = weights
        for i in cdf.indices.dropFirst() { cdf[i] = cdf[i - 1] + cdf[i] }
        if let last = cdf.last {
            for i in cdf.indices { cdf[i] /= last }
        }
        return cdf
    }

    /// numpy's `searchsorted(cdf, u, side="right")`: the number of entries
    /// that are ≤ u (cdf is non-decreasing).
    static func firstAbove(_ u: Double, in cdf: [Double]) -> Int {
        var low = 0, high = cdf.count
        while low < high {
            let middle = (low + high) / 2
            if cdf[middle] <= u { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// `choice(a, ...)` for an array `a`: the population is `a`'s slices
    /// along `axis` (the legacy method allows only 1-dimensional `a`), and
    /// the result replaces that axis by `shape`. A rank-0 integer (or bool)
    /// `a` is a population size, as numpy reads it (`operator.index`).
    mutating func choosing(
        from a: Tensor, shape: [Int], replace: Bool, p: Tensor?, axis: Int, shuffle: Bool
    ) throws(CoreError) -> Tensor {
        if a.rank == 0 {
            let integer: Int64?
            switch a.storage {
            case .int64(let values): integer = values.first
            case .int32(let values): integer = values.first.map(Int64.init)
            case .bool(let values): integer = values.first.map { $0 ? 1 : 0 }
            case .float64, .float32: integer = nil
            }
            guard let value = integer else {
                throw CoreError.invalidArgument(Self.isLegacy
                    ? "a must be 1-dimensional or an integer"
                    : "a must be a sequence or an integer, not <class 'numpy.ndarray'>")
            }
            let indices = try choiceIndices(from: Int(value), shape: shape, replace: replace, p: p, shuffle: shuffle)
            return Tensor(unchecked: shape, storage: .int64(indices))
        }
        if Self.isLegacy && a.rank != 1 { throw CoreError.invalidArgument("a must be 1-dimensional") }
        let resolved = try Tensor.normalize(axis: axis, rank: a.rank)
        let n = a.shape[resolved]
        let requested = try Tensor.elementCount(shape)
        if n == 0 && requested != 0 {
            throw CoreError.invalidArgument(Self.isLegacy
                ? "'a' cannot be empty unless no samples are taken"
                : "a cannot be empty unless no samples are taken")
        }
        let indices = try choiceIndices(from: n, shape: shape, replace: replace, p: p, shuffle: shuffle)
        return try a.taking(indices.map { Int($0) }, indexShape: shape, axis: resolved)
    }
}
