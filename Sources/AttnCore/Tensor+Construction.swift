import Foundation

/// Constructors with numpy's semantics (zeros, ones, full, eye, arange,
/// linspace) and the causal mask used by attention. Each takes the dtype of
/// its result, float64 unless asked (numpy's `dtype=` default for these,
/// and attn's literals).
extension Tensor {
    public static func zeros(_ shape: [Int], dtype: DType = .float64) throws(CoreError) -> Tensor {
        try full(shape, 0, dtype: dtype)
    }

    public static func ones(_ shape: [Int], dtype: DType = .float64) throws(CoreError) -> Tensor {
        try full(shape, 1, dtype: dtype)
    }

    /// numpy.full(shape, value, dtype): `value` converted to `dtype` as
    /// `converted(to:)` (astype) converts it, in every element.
    public static func full(_ shape: [Int], _ value: Double, dtype: DType = .float64) throws(CoreError) -> Tensor {
        if dtype == .float64 { return try Tensor(repeating: value, shape: shape) }
        let count = try checkedCount(shape, dtype: dtype)
        func filled<T: TensorElement>(_ v: T) throws(CoreError) -> Tensor {
            Tensor(unchecked: shape, elements: try buildElements(count) { o, r in (o + r.lowerBound).initialize(repeating: v, count: r.count) })
        }
        switch try Tensor(value).converted(to: dtype).storage {
        case .float64(let v): return try filled(v[0])
        case .float32(let v): return try filled(v[0])
        case .int64(let v): return try filled(v[0])
        case .int32(let v): return try filled(v[0])
        case .bool(let v): return try filled(v[0])
        }
    }

    /// The n×n identity (numpy.eye(n, dtype=dtype)).
    public static func eye(_ n: Int, dtype: DType = .float64) throws(CoreError) -> Tensor {
        try ruled([n, n], dtype: dtype) { k in k % (n + 1) == 0 }
    }

    /// The l×s causal mask: 1 (true) where query i may attend key j (j ≤ i),
    /// else 0. Top-left aligned, as torch's `is_causal`
    /// (torch.ones(l, s, dtype=dtype).tril()).
    public static func causalMask(_ l: Int, _ s: Int, dtype: DType = .float64) throws(CoreError) -> Tensor {
        try ruled([l, s], dtype: dtype) { k in k % s <= k / s }
    }

    /// A tensor of ones where `isOne(k)` holds for the row-major index k,
    /// zeros elsewhere, in `dtype`.
    private static func ruled(_ shape: [Int], dtype: DType, _ isOne: (Int) -> Bool) throws(CoreError) -> Tensor {
        let count = try checkedCount(shape, dtype: dtype)
        func built<T: TensorElement>(_ one: T, _ zero: T) throws(CoreError) -> Tensor {
            Tensor(unchecked: shape, elements: try buildElements(count) { o, r in for k in r { o[k] = isOne(k) ? one : zero } })
        }
        switch dtype {
        case .float64: return try built(1.0, 0.0)
        case .float32: return try built(Float(1), Float(0))
        case .int64: return try built(Int64(1), Int64(0))
        case .int32: return try built(Int32(1), Int32(0))
        case .bool: return try built(true, false)
        }
    }

    /// numpy.arange(start, stop, step, dtype): ⌈(stop − start) / step⌉
    /// values (none when that is ≤ 0). A zero or non-finite step is an
    /// error.
    ///
    /// float64 (attn's `range`) computes start + i·step. Other dtypes follow
    /// numpy's fill exactly: the first two values are start and start + step
    /// (computed in float64, then converted as astype converts), and every
    /// later one is first + i·(second − first) in the dtype's own arithmetic
    /// (float32 rounding, integer wrapping), so `arange(0.5, 5, dtype:
    /// .int64)` is 0, 1, 2, 3, 4. A bool range holds at most two values, as
    /// in numpy.
    public static func arange(_ start: Double, _ stop: Double, _ step: Double = 1, dtype: DType = .float64) throws(CoreError) -> Tensor {
        guard step != 0 else { throw CoreError.invalidArgument("range: step cannot be zero") }
        guard start.isFinite && stop.isFinite && step.isFinite else {
            throw CoreError.invalidArgument("range: start, stop and step must be finite")
        }
        let length = ((stop - start) / step).rounded(.up)
        guard length < Double(Tensor.maxElements) + 1 else {
            throw CoreError.tooLarge(shape: [Int(Swift.min(length, 9e18))], limit: Tensor.maxElements)
        }
        let n = Swift.max(0, Int(length))
        if dtype == .float64 {
            var i = 0.0
            return try generated([n]) {
                defer { i += 1 }
                return start + i * step
            }
        }
        if dtype == .bool && n > 2 {
            throw CoreError.invalidArgument("range: a bool range holds at most two values (as in numpy), not \(n)")
        }
        let count = try checkedCount([n], dtype: dtype)
        let ends = try Tensor(vector: [start, start + step]).converted(to: dtype)
        func filled<T: TensorElement>(_ ends: [T], _ value: (_ first: T, _ delta: T, _ i: Int) -> T, delta: (T, T) -> T) throws(CoreError) -> Tensor {
            let first = ends[0], second = ends[1], d = delta(second, first)
            return Tensor(unchecked: [n], elements: try buildElements(count) { o, r in
                for i in r { o[i] = i == 0 ? first : i == 1 ? second : value(first, d, i) }
            })
        }
        switch ends.storage {
        case .float64(let e): return try filled(e, { $0 + Double($2) * $1 }, delta: { $0 - $1 })
        case .float32(let e): return try filled(e, { $0 + Float($2) * $1 }, delta: { $0 - $1 })
        case .int64(let e): return try filled(e, { $0 &+ Int64(truncatingIfNeeded: $2) &* $1 }, delta: { $0 &- $1 })
        case .int32(let e): return try filled(e, { $0 &+ Int32(truncatingIfNeeded: $2) &* $1 }, delta: { $0 &- $1 })
        case .bool(let e): return try filled(e, { f, _, _ in f }, delta: { a, _ in a })
        }
    }

    /// numpy.linspace(start, stop, n, dtype): n evenly spaced values from
    /// start to stop inclusive, computed in float64 as start + i·step with
    /// the last set to stop, then converted to `dtype` (numpy 2 rounds down
    /// with floor before converting to an integer dtype, so -0.5 gives -1).
    public static func linspace(_ start: Double, _ stop: Double, count n: Int, dtype: DType = .float64) throws(CoreError) -> Tensor {
        guard n >= 0 else { throw CoreError.invalidArgument("linspace: the number of values must be ≥ 0, got \(n)") }
        if dtype != .float64 {
            _ = try checkedCount([n], dtype: dtype)
            var values = try linspace(start, stop, count: n)
            if dtype.isInteger { values = try values.map { $0.rounded(.down) } }
            return try values.converted(to: dtype)
        }
        if n == 1 { return Tensor(vector: [start]) }
        let step = (stop - start) / Double(n - 1)
        var i = 0
        return try generated([n]) {
            defer { i += 1 }
            return i == n - 1 ? stop : start + Double(i) * step
        }
    }
}
