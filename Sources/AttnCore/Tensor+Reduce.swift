import Foundation

/// Reductions over one axis or over every element, as numpy's sum, mean,
/// max, min, argmax and argmin.
///
/// - NaN: `max`/`min` return nan when any reduced element is nan (np.max);
///   `argmax`/`argmin` return the index of the first nan (np.argmax).
/// - Empty: `sum` of nothing is 0, `mean` of nothing is nan (numpy warns and
///   returns nan); `max`, `min`, `argmax`, `argmin` of nothing are errors, as
///   in numpy ("zero-size array").
///
/// Result dtypes (numpy 2 on Linux x86-64):
/// - sum: float64 and float32 keep their dtype; int32, int64 and bool give
///   int64 (numpy sums small integers in the platform's long), wrapping on
///   overflow.
/// - mean: float64 and float32 keep their dtype; integers and bool give
///   float64.
/// - max, min: the input's dtype (bool too). argmax, argmin: int64.
///
/// (attn's language shows every dtype through `scalars` until its printer
/// learns dtypes: an int64 sum of 3 prints as 3, a bool max as 1 or 0.)
///
/// Order of summation, which decides the last bits:
/// - float64: numpy's pairwise summation (`pairwiseSum`) over the whole run
///   of each result element, along any axis (attn's float64 sums have been
///   this since before dtypes; numpy itself adds the rows one by one when
///   the axis is not the last, so along those axes the two may differ in
///   the last bit).
/// - float32, in float32 arithmetic, in numpy's exact order: pairwise over
///   a run when the reduced elements are contiguous (no axis, the last
///   axis, or only length-1 axes after it); otherwise row by row into the
///   result (out = 0; out += x[k] for each k along the axis), which is what
///   numpy's iterator does.
/// - mean of float32: that float32 sum divided by the count in float64 and
///   rounded once to float32 (numpy divides by an intp count, which
///   promotes to float64, and casts back).
/// - mean of integers: each element converted to float64 and summed as
///   numpy's buffered cast does: contiguous runs in blocks of 8,192
///   (`castBlock`), each summed pairwise and added in turn; other axes row
///   by row.
public enum Reduction: String, Sendable, CaseIterable {
    case sum, mean, max, min, argmax, argmin
}

/// How one reduction walks its input: `outer` blocks of `n` reduced
/// positions, each `inner` elements apart, giving `outer × inner` results.
private struct ReductionLayout {
    let outShape: [Int]
    let resultCount: Int
    /// Elements reduced into each result.
    let n: Int
    /// Distance between two reduced elements (1: they are contiguous).
    let inner: Int
}

extension Tensor {
    /// numpy's buffer size: a cast inside a reduction converts (and the
    /// pairwise sum sees) at most this many contiguous elements at once.
    static let castBlock = 8192

    /// The dtype `kind` returns for an input of `dtype`.
    public static func reductionType(_ kind: Reduction, _ dtype: DType) -> DType {
        switch kind {
        case .sum: return dtype.isFloatingPoint ? dtype : .int64
        case .mean: return dtype.isFloatingPoint ? dtype : .float64
        case .max, .min: return dtype
        case .argmax, .argmin: return .int64
        }
    }

    /// Reduces over `axis` (negative counts from the end) or, when nil, over
    /// all elements (giving a scalar). The reduced axis is removed unless
    /// `keepDims` is true. The result's dtype is `reductionType(kind, dtype)`.
    public func reduce(_ kind: Reduction, axis: Int? = nil, keepDims: Bool = false) throws(CoreError) -> Tensor {
        let layout: ReductionLayout
        let result = Tensor.reductionType(kind, dtype)
        if let axis {
            let ax = try Tensor.normalize(axis: axis, rank: rank)
            var outShape = shape
            if keepDims { outShape[ax] = 1 } else { outShape.remove(at: ax) }
            // The result's size is checked first: an empty axis makes an empty
            // input, but the result ([0, 2^40] summed over axis 0) can be huge.
            let resultCount = try Tensor.checkedCount(outShape, dtype: result)
            if shape[ax] == 0 {
                switch kind {
                case .sum: return try Tensor.full(outShape, 0, dtype: result)
                case .mean: return try Tensor.full(outShape, .nan, dtype: result)
                case .max, .min, .argmax, .argmin:
                    guard resultCount == 0 else {
                        throw CoreError.invalidArgument("\(kind.rawValue) of an empty axis (length 0 along axis \(axis)): zero-size reduction has no identity")
                    }
                    return Tensor(unchecked: outShape, storage: try Tensor.full([0], 0, dtype: result).storage)
                }
            }
            layout = ReductionLayout(outShape: outShape, resultCount: resultCount, n: shape[ax],
                                     inner: shape[(ax + 1)...].reduce(1, *))
        } else {
            if count == 0 && kind != .sum && kind != .mean {
                throw CoreError.invalidArgument("\(kind.rawValue) of an empty tensor: zero-size reduction has no identity")
            }
            layout = ReductionLayout(outShape: keepDims ? [Int](repeating: 1, count: rank) : [], resultCount: 1, n: count, inner: 1)
        }
        let out: TensorStorage
        switch (kind, storage) {
        case (.max, _), (.min, _), (.argmax, _), (.argmin, _):
            out = try extremes(kind, layout)
        case (.sum, .float64(let x)), (.mean, .float64(let x)):
            out = .float64(try Tensor.runs(x, layout) { xs in
                kind == .sum ? 0.0 + Tensor.pairwiseSum(xs) : (0.0 + Tensor.pairwiseSum(xs)) / Double(xs.count)
            })
        case (.sum, .float32(let x)), (.mean, .float32(let x)):
            out = .float32(try Tensor.float32Sums(x, layout, mean: kind == .mean))
        case (.sum, .int64(let x)): out = .int64(try Tensor.integerSums(x, layout) { $0 })
        case (.sum, .int32(let x)): out = .int64(try Tensor.integerSums(x, layout) { Int64($0) })
        case (.sum, .bool(let x)): out = .int64(try Tensor.integerSums(x, layout) { $0 ? 1 : 0 })
        case (.mean, .int64(let x)): out = .float64(try Tensor.integerMeans(x, layout) { Double($0) })
        case (.mean, .int32(let x)): out = .float64(try Tensor.integerMeans(x, layout) { Double($0) })
        case (.mean, .bool(let x)): out = .float64(try Tensor.integerMeans(x, layout) { $0 ? 1 : 0 })
        }
        try Interrupt.check()
        return Tensor(unchecked: layout.outShape, storage: out)
    }

    // MARK: - Drivers

    /// `reduce(run)` for each result element, where `run` holds the `n`
    /// elements reduced into it, in order (a slice of `x` when they are
    /// contiguous, else gathered into a scratch buffer).
    private static func runs<T: BitwiseCopyable, R>(
        _ x: [T], _ layout: ReductionLayout, _ reduce: (ArraySlice<T>) throws(CoreError) -> R
    ) throws(CoreError) -> [R] {
        let n = layout.n, inner = layout.inner
        var out: [R] = []
        out.reserveCapacity(layout.resultCount)
        var run: [T] = []
        if inner != 1, let first = x.first { run = [T](repeating: first, count: n) }
        var sincePoll = 0
        for r in 0..<layout.resultCount {
            let o = r / inner, i = r % inner
            let base = o * n * inner + i
            if inner == 1 {
                out.append(try reduce(x[base..<(base + n)]))
            } else {
                for k in 0..<n { run[k] = x[base + k * inner] }
                out.append(try reduce(run[...]))
            }
            sincePoll += n
            if sincePoll >= Interrupt.pollInterval {
                sincePoll = 0
                try Interrupt.check()
            }
        }
        return out
    }

    /// numpy's order along an axis that is not contiguous (`inner` > 1):
    /// each result starts at `zero` and takes `add(result, x[k])` for k in
    /// order along the axis, a whole row of results at a time.
    private static func rowByRow<T, A: BitwiseCopyable>(
        _ x: [T], _ layout: ReductionLayout, zero: A, _ add: (A, T) -> A
    ) throws(CoreError) -> [A] {
        let n = layout.n, inner = layout.inner
        var out = [A](repeating: zero, count: layout.resultCount)
        var sincePoll = 0
        for o in 0..<(layout.resultCount / Swift.max(inner, 1)) {
            for k in 0..<n {
                let row = (o * n + k) * inner, at = o * inner
                for i in 0..<inner { out[at + i] = add(out[at + i], x[row + i]) }
                sincePoll += inner
                if sincePoll >= Interrupt.pollInterval {
                    sincePoll = 0
                    try Interrupt.check()
                }
            }
        }
        return out
    }

    // MARK: - Kinds

    private static func float32Sums(_ x: [Float], _ layout: ReductionLayout, mean: Bool) throws(CoreError) -> [Float] {
        let n = layout.n
        func finish(_ s: Float) -> Float { mean ? (n == 0 ? .nan : Float(Double(s) / Double(n))) : s }
        if layout.inner == 1 {
            return try runs(x, layout) { xs in finish(0 + pairwiseSum(xs)) }
        }
        return try rowByRow(x, layout, zero: Float(0)) { $0 + $1 }.map(finish)
    }

    /// Sums of integers or bools (`value` reads one as int64), wrapping.
    private static func integerSums<T: BitwiseCopyable>(
        _ x: [T], _ layout: ReductionLayout, _ value: (T) -> Int64
    ) throws(CoreError) -> [Int64] {
        if layout.inner == 1 {
            return try runs(x, layout) { xs in
                var s: Int64 = 0
                var start = xs.startIndex
                while start < xs.endIndex {
                    let end = Swift.min(start + Interrupt.pollInterval, xs.endIndex)
                    for v in xs[start..<end] { s &+= value(v) }
                    start = end
                    if Interrupt.isRequested { break }  // the caller's check discards it
                }
                return s
            }
        }
        return try rowByRow(x, layout, zero: Int64(0)) { $0 &+ value($1) }
    }

    /// Means of integers or bools (`value` converts one to float64).
    private static func integerMeans<T: BitwiseCopyable>(
        _ x: [T], _ layout: ReductionLayout, _ value: (T) -> Double
    ) throws(CoreError) -> [Double] {
        let n = layout.n
        if layout.inner == 1 {
            var block = [Double](repeating: 0, count: Swift.min(n, castBlock))
            return try runs(x, layout) { xs in
                guard !xs.isEmpty else { return .nan }
                var s = 0.0, start = xs.startIndex
                while start < xs.endIndex {
                    let end = Swift.min(start + castBlock, xs.endIndex)
                    for k in start..<end { block[k - start] = value(xs[k]) }
                    s = s + pairwiseSum(block[0..<(end - start)])
                    start = end
                    if Interrupt.isRequested { break }  // the caller's check discards it
                }
                return s / Double(n)
            }
        }
        return try rowByRow(x, layout, zero: 0.0) { $0 + value($1) }.map { $0 / Double(n) }
    }

    /// max, min (in the input's dtype) and argmax, argmin (int64).
    private func extremes(_ kind: Reduction, _ layout: ReductionLayout) throws(CoreError) -> TensorStorage {
        func found<T: TensorElement>(_ x: [T]) throws(CoreError) -> TensorStorage {
            let best = try Tensor.runs(x, layout) { xs throws(CoreError) in try Tensor.extreme(kind, xs) }
            if kind == .max || kind == .min { return T.storage(best.map(\.value)) }
            return .int64(best.map { Int64($0.index) })
        }
        switch storage {
        case .float64(let x): return try found(x)
        case .float32(let x): return try found(x)
        case .int64(let x): return try found(x)
        case .int32(let x): return try found(x)
        case .bool(let x): return try found(x)
        }
    }

    /// The largest (or smallest) element of a run and its first index; the
    /// first nan wins. Polls `Interrupt` every `pollInterval` elements (a
    /// stopped search returns what it has; the caller's check discards it).
    private static func extreme<T: TensorElement>(_ kind: Reduction, _ xs: ArraySlice<T>) throws(CoreError) -> (value: T, index: Int) {
        guard let first = xs.first else {
            throw CoreError.invalidArgument("\(kind.rawValue) of an empty tensor: zero-size reduction has no identity")
        }
        if first.isNaN { return (first, 0) }
        let wantMax = kind == .max || kind == .argmax
        return xs.withUnsafeBufferPointer { p in
            var best = first, bestIndex = 0
            var start = 1
            while start < p.count {
                let end = Swift.min(p.count, start + Interrupt.pollInterval)
                // Two loops, so that neither tests which one it is.
                if wantMax {
                    for k in start..<end {
                        let x = p[k]
                        if x.isNaN { return (x, k) }
                        if T.precedes(best, x) { best = x; bestIndex = k }
                    }
                } else {
                    for k in start..<end {
                        let x = p[k]
                        if x.isNaN { return (x, k) }
                        if T.precedes(x, best) { best = x; bestIndex = k }
                    }
                }
                start = end
                if Interrupt.isRequested { break }
            }
            return (best, bestIndex)
        }
    }

    /// numpy's pairwise summation (blocks of 8 summed with an 8-way unrolled
    /// loop, halves summed recursively above 128 elements), in `T`'s own
    /// arithmetic, so that sums agree with numpy to the last bit in the
    /// common cases and the rounding error grows as O(log n) rather than
    /// O(n). Callers add it to +0 (numpy's identity), so that a sum of
    /// nothing or of negative zeros only is +0.
    static func pairwiseSum<T: FloatElement>(_ xs: ArraySlice<T>) -> T {
        let n = xs.count
        let start = xs.startIndex
        if n < 8 {
            var s: T = -0.0
            for x in xs { s += x }
            return s
        }
        if n <= 128 {
            // Eight running sums in registers (numpy's r[0] ... r[7]).
            var r0 = xs[start], r1 = xs[start + 1], r2 = xs[start + 2], r3 = xs[start + 3]
            var r4 = xs[start + 4], r5 = xs[start + 5], r6 = xs[start + 6], r7 = xs[start + 7]
            var i = start + 8
            let end = start + n - (n % 8)
            while i < end {
                r0 += xs[i]; r1 += xs[i + 1]; r2 += xs[i + 2]; r3 += xs[i + 3]
                r4 += xs[i + 4]; r5 += xs[i + 5]; r6 += xs[i + 6]; r7 += xs[i + 7]
                i += 8
            }
            var s = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
            while i < start + n { s += xs[i]; i += 1 }
            return s
        }
        // Large halves poll for a stop; a stopped sum returns nan, and the
        // caller's `Interrupt.check()` discards it (see `Interrupt`).
        if n >= Interrupt.pollInterval && Interrupt.isRequested { return .nan }
        var half = n / 2
        half -= half % 8
        return pairwiseSum(xs[start..<(start + half)]) + pairwiseSum(xs[(start + half)...])
    }

    /// The Euclidean (Frobenius) norm of all elements, √Σx², as
    /// numpy.linalg.norm with no axis; with an axis, the 2-norm along it.
    /// float32 stays float32 (x·x, the sum and the root in float32; with an
    /// axis this is numpy's own computation, without one numpy calls BLAS's
    /// dot, whose order attn does not copy, so the two agree to a few
    /// float32 ulps); integers and bool are converted to float64 first, as
    /// numpy does.
    public func norm(axis: Int? = nil) throws(CoreError) -> Tensor {
        if dtype == .float32 {
            let squares = try Tensor.binary(.multiply, self.strong, self.strong)
            return try Tensor.unary(.sqrt, try squares.reduce(.sum, axis: axis))
        }
        let squares = try map { $0 * $0 }
        return try squares.reduce(.sum, axis: axis).map { $0.squareRoot() }
    }
}
