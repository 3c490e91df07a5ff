import Foundation

/// Reductions over one axis or over every element, as numpy's sum, mean,
/// max, min, argmax and argmin.
///
/// - NaN: `max`/`min` return nan when any reduced element is nan (np.max);
///   `argmax`/`argmin` return the index of the first nan (np.argmax).
/// - Empty: `sum` of nothing is 0, `mean` of nothing is nan (numpy warns and
///   returns nan); `max`, `min`, `argmax`, `argmin` of nothing are errors, as
///   in numpy ("zero-size array").
public enum Reduction: String, Sendable, CaseIterable {
    case sum, mean, max, min, argmax, argmin
}

extension Tensor {
    /// Reduces over `axis` (negative counts from the end) or, when nil, over
    /// all elements (giving a scalar). The reduced axis is removed unless
    /// `keepDims` is true.
    public func reduce(_ kind: Reduction, axis: Int? = nil, keepDims: Bool = false) throws(CoreError) -> Tensor {
        guard let axis else {
            let value = try Tensor.reduceRun(kind, scalars[...], name: kind.rawValue)
            try Interrupt.check()
            return Tensor(unchecked: keepDims ? [Int](repeating: 1, count: rank) : [], [value])
        }
        let ax = try Tensor.normalize(axis: axis, rank: rank)
        let n = shape[ax]
        var outShape = shape
        if keepDims { outShape[ax] = 1 } else { outShape.remove(at: ax) }
        // The result's size is checked first: an empty axis makes an empty
        // input, but the result ([0, 2^40] summed over axis 0) can be huge.
        let resultCount = try Tensor.checkedCount(outShape)
        if n == 0 {
            switch kind {
            case .sum: return try Tensor(repeating: 0, shape: outShape)
            case .mean: return try Tensor(repeating: .nan, shape: outShape)
            case .max, .min, .argmax, .argmin:
                guard resultCount == 0 else {
                    throw CoreError.invalidArgument("\(kind.rawValue) of an empty axis (length 0 along axis \(axis)): zero-size reduction has no identity")
                }
                return Tensor(unchecked: outShape, [])
            }
        }
        let inner = shape[(ax + 1)...].reduce(1, *)
        let scalars = self.scalars  // read once, not per element
        var out = [Double](repeating: 0, count: resultCount)
        var run = [Double](repeating: 0, count: inner == 1 ? 0 : n)
        var sincePoll = 0
        for r in 0..<resultCount {
            let o = r / Swift.max(inner, 1), i = r % Swift.max(inner, 1)
            let base = o * n * inner + i
            if inner == 1 {
                out[r] = try Tensor.reduceRun(kind, scalars[base..<(base + n)], name: kind.rawValue)
            } else {
                for k in 0..<n { run[k] = scalars[base + k * inner] }
                out[r] = try Tensor.reduceRun(kind, run[...], name: kind.rawValue)
            }
            sincePoll += n
            if sincePoll >= Interrupt.pollInterval {
                sincePoll = 0
                try Interrupt.check()
            }
        }
        try Interrupt.check()
        return Tensor(unchecked: outShape, out)
    }

    static func reduceRun(_ kind: Reduction, _ xs: ArraySlice<Double>, name: String) throws(CoreError) -> Double {
        switch kind {
        // numpy's add.reduce starts from its identity +0.0, so a sum of
        // nothing, or of negative zeros only, is +0 (not -0); `0 + s` is s
        // for every other s.
        case .sum:
            return 0.0 + pairwiseSum(xs)
        case .mean:
            return xs.isEmpty ? .nan : (0.0 + pairwiseSum(xs)) / Double(xs.count)
        case .max, .min, .argmax, .argmin:
            guard let first = xs.first else {
                throw CoreError.invalidArgument("\(name) of an empty tensor: zero-size reduction has no identity")
            }
            let wantMax = kind == .max || kind == .argmax
            var best = first, bestIndex = 0
            for (k, x) in xs.enumerated() {
                if best.isNaN { break }
                if x.isNaN || (wantMax ? x > best : x < best) { best = x; bestIndex = k }
                if k & (Interrupt.pollInterval - 1) == 0 && Interrupt.isRequested { break }
            }
            return kind == .max || kind == .min ? best : Double(bestIndex)
        }
    }

    /// numpy's pairwise summation (blocks of 8 summed with an 8-way unrolled
    /// loop, halves summed recursively above 128 elements), so that sums
    /// agree with numpy to the last bit in the common cases and the rounding
    /// error grows as O(log n) rather than O(n).
    static func pairwiseSum(_ xs: ArraySlice<Double>) -> Double {
        let n = xs.count
        let start = xs.startIndex
        if n < 8 {
            var s = -0.0
            for x in xs { s += x }
            return s
        }
        if n <= 128 {
            var r = [Double](repeating: 0, count: 8)
            for k in 0..<8 { r[k] = xs[start + k] }
            var i = 8
            while i < n - (n % 8) {
                for k in 0..<8 { r[k] += xs[start + i + k] }
                i += 8
            }
            var s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
            while i < n { s += xs[start + i]; i += 1 }
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
    public func norm(axis: Int? = nil) throws(CoreError) -> Tensor {
        let squares = try map { $0 * $0 }
        return try squares.reduce(.sum, axis: axis).map { $0.squareRoot() }
    }
}
