import AttnCore
import Foundation

/// Properties checked on values that fuzzed inputs produced, shared by the
/// tensor targets (npy, csv) and the program targets (attn, python).
enum FuzzProperties {
    /// `Attention.attend(t, t, t, options)` (self-attention on `t`) equals
    /// the textbook formula on `t`, for a small float64 matrix `t` [L, d]
    /// of moderate finite values, within a tolerance relative to the
    /// largest score and value; nil when it does or does not apply.
    ///
    /// The reference does its own bookkeeping: it splits the heads' columns
    /// itself and writes the allowed keys as a 0/1 mask from the rules
    /// `AttentionOptions` states (causal top-left j ≤ i, bottom-right
    /// j ≤ i + Lk − Lq, window around i + Lk − Lq), then runs the textbook
    /// kernel (`Kernels.referenceAttention`: the full score matrix, a
    /// stable softmax with Foundation's exp) head by head. So the fused
    /// kernel, the head split, the band and the default scale are all
    /// checked against a formula that shares none of them.
    static func attendMatchesTextbook(_ t: Tensor, options: AttentionOptions) -> String? {
        guard t.dtype == .float64, t.rank == 2, t.count > 0, t.count <= 1024, options.mask == nil,
              options.bias == nil, options.alibi == nil, options.kvHeads == nil else { return nil }
        let (n, d) = (t.shape[0], t.shape[1])
        let heads = options.heads
        guard heads >= 1, d % heads == 0 else { return nil }
        let x = t.storage.doubles
        guard x.allSatisfy({ $0.isFinite && abs($0) <= 1e4 }) else { return nil }
        let fast: Tensor
        do {
            fast = try Attention.attend(t, t, t, options: options)
        } catch {
            return nil
        }
        guard fast.shape == [n, d], fast.dtype == .float64 else {
            return "attend of a [\(n), \(d)] float64 matrix gave \(fast.shape) \(fast.dtype)"
        }
        let got = fast.storage.doubles
        let dh = d / heads
        let scale = options.scale ?? 1 / Double(dh).squareRoot()
        var mask = [Double](repeating: 1, count: n * n)
        for i in 0..<n {
            for j in 0..<n where !allowed(i, j, lq: n, lk: n, options) { mask[i * n + j] = 0 }
        }
        var maxValue = 0.0
        for v in x { maxValue = max(maxValue, abs(v)) }
        for h in 0..<heads {
            var head = [Double](repeating: 0, count: n * dh)
            for i in 0..<n { for c in 0..<dh { head[i * dh + c] = x[i * d + h * dh + c] } }
            var maxScore = 0.0
            for i in 0..<n {
                for j in 0..<n {
                    var s = 0.0
                    for c in 0..<dh { s += abs(head[i * dh + c] * head[j * dh + c]) }
                    maxScore = max(maxScore, abs(scale) * s)
                }
            }
            var want = [Double](repeating: .nan, count: max(1, n * dh))
            head.withUnsafeBufferPointer { p in
                mask.withUnsafeBufferPointer { m in
                    want.withUnsafeMutableBufferPointer { o in
                        guard let base = p.baseAddress, let out = o.baseAddress else { return }
                        Kernels.referenceAttention(q: base, k: base, v: base, out: out, lq: n, lk: n, d: dh, dv: dh,
                                                   scale: scale, mask: m.baseAddress, bias: nil)
                    }
                }
            }
            let tolerance = 1e-9 * (1 + maxScore) * max(1, maxValue)
            for i in 0..<n {
                for c in 0..<dh {
                    let (a, b) = (got[i * d + h * dh + c], want[i * dh + c])
                    if !(abs(a - b) <= tolerance) {
                        return "attend(\(describe(options))) of a [\(n), \(d)] float64 matrix differs from the textbook formula at [\(i), \(h * dh + c)]: \(a) against \(b)"
                    }
                }
            }
        }
        return nil
    }

    /// Whether query i may see key j under the positional options, as
    /// `AttentionOptions` states the rules.
    private static func allowed(_ i: Int, _ j: Int, lq: Int, lk: Int, _ options: AttentionOptions) -> Bool {
        let diagonal = i + lk - lq
        switch options.causal {
        case .none: break
        case .topLeft: if j > i { return false }
        case .bottomRight: if j > diagonal { return false }
        }
        if let w = options.window {
            if let l = w.left, j < diagonal - l { return false }
            if let r = w.right, j > diagonal + r { return false }
        }
        return true
    }

    private static func describe(_ o: AttentionOptions) -> String {
        var parts = ["heads: \(o.heads)", "causal: \(o.causal)"]
        if let s = o.scale { parts.append("scale: \(s)") }
        if let w = o.window { parts.append("window: (\(w.left.map(String.init) ?? "nil"), \(w.right.map(String.init) ?? "nil"))") }
        return parts.joined(separator: ", ")
    }

    /// The attention options to try on a matrix of width `d`, picked by `arg`.
    static func options(_ arg: Int, width d: Int) -> AttentionOptions {
        let causal: [AttentionOptions.Causal] = [.none, .topLeft, .bottomRight]
        return AttentionOptions(
            scale: arg % 4 == 3 ? 0 : nil, causal: causal[arg % 3],
            window: arg % 5 == 4 ? AttentionOptions.Window(left: arg % 3, right: arg % 7 == 0 ? 1 : nil) : nil,
            heads: d > 0 && d % 2 == 0 && arg % 2 == 1 ? 2 : 1)
    }
}
