import Foundation

/// Constructors with numpy's semantics (zeros, ones, eye, arange, linspace)
/// and the causal mask used by attention.
extension Tensor {
    public static func zeros(_ shape: [Int]) throws(CoreError) -> Tensor { try Tensor(repeating: 0, shape: shape) }
    public static func ones(_ shape: [Int]) throws(CoreError) -> Tensor { try Tensor(repeating: 1, shape: shape) }

    /// The n×n identity (numpy.eye(n)).
    public static func eye(_ n: Int) throws(CoreError) -> Tensor {
        let count = try checkedCount([n, n])
        return Tensor(unchecked: [n, n], try buildScalars(count) { o, r in
            for k in r { o[k] = k % (n + 1) == 0 ? 1 : 0 }
        })
    }

    /// numpy.arange(start, stop, step): ⌈(stop − start) / step⌉ values
    /// start + i·step (none when that is ≤ 0). A zero or non-finite step is
    /// an error.
    public static func arange(_ start: Double, _ stop: Double, _ step: Double = 1) throws(CoreError) -> Tensor {
        guard step != 0 else { throw CoreError.invalidArgument("range: step cannot be zero") }
        guard start.isFinite && stop.isFinite && step.isFinite else {
            throw CoreError.invalidArgument("range: start, stop and step must be finite")
        }
        let length = ((stop - start) / step).rounded(.up)
        guard length < Double(Tensor.maxElements) + 1 else {
            throw CoreError.tooLarge(shape: [Int(Swift.min(length, 9e18))], limit: Tensor.maxElements)
        }
        let n = Swift.max(0, Int(length))
        var i = 0.0
        return try generated([n]) {
            defer { i += 1 }
            return start + i * step
        }
    }

    /// numpy.linspace(start, stop, n): n evenly spaced values from start to
    /// stop inclusive, computed as start + i·step with the last set to stop.
    public static func linspace(_ start: Double, _ stop: Double, count n: Int) throws(CoreError) -> Tensor {
        guard n >= 0 else { throw CoreError.invalidArgument("linspace: the number of values must be ≥ 0, got \(n)") }
        if n == 1 { return Tensor(vector: [start]) }
        let step = (stop - start) / Double(n - 1)
        var i = 0
        return try generated([n]) {
            defer { i += 1 }
            return i == n - 1 ? stop : start + Double(i) * step
        }
    }

    /// The l×s causal mask: 1 where query i may attend key j (j ≤ i), else 0.
    /// Top-left aligned, as torch's `is_causal` (torch.ones(l, s).tril()).
    public static func causalMask(_ l: Int, _ s: Int) throws(CoreError) -> Tensor {
        let count = try checkedCount([l, s])
        return Tensor(unchecked: [l, s], try buildScalars(count) { o, r in
            for k in r { o[k] = k % s <= k / s ? 1 : 0 }
        })
    }
}
