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
            return Tensor(unchecked: keepDims ? [Int](repeating: 1, count: rank) : [], [value])
        }
        let ax = try Tensor.normalize(axis: axis, rank: rank)
        let n = shape[ax]
        let outer = shape[..<ax].reduce(1, *)
        let inner = shape[(ax + 1)...].reduce(1, *)
        var outShape = shape
        if keepDims { outShape[ax] = 1 } else { outShape.remove(at: ax) }
        var out = [Double](repeating: 0, count: outer * inner)
        if n == 0 && out.count > 0 && kind != .sum && kind != .mean {
            throw CoreError.invalidArgument("\(kind.rawValue) of an empty axis (length 0 along axis \(axis)): zero-size reduction has no identity")
        }
        var run = [Double](repeating: 0, count: n)
        for o in 0..<outer {
            for i in 0..<inner {
                let base = o * n * inner + i
                for k in 0..<n { run[k] = scalars[base + k * inner] }
                out[o * inner + i] = try Tensor.reduceRun(kind, run[...], name: kind.rawValue)
            }
        }
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
        var half = n / 2
        half -= half % 8
        return pairwiseSum(xs[start..<(start + half)]) + pairwiseSum(xs[(start + half)...])
    }

    /// The Euclidean (Frobenius) norm of all elements, √Σx², as
    /// numpy.linalg.norm with no axis; with an axis, the 2-norm along it.
    public func norm(axis: Int? = nil) throws(CoreError) -> Tensor {
        let squares = map { $0 * $0 }
        return try squares.reduce(.sum, axis: axis).map { $0.squareRoot() }
    }
}
