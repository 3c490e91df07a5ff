import Foundation

/// Options shared by the scaled dot-product attention functions.
public struct AttentionOptions: Sendable {
    /// Multiplies every score; nil means 1/√(d/heads), d = the query width.
    public var scale: Double?
    /// Nonzero where a query may attend a key (PyTorch's boolean convention);
    /// broadcasts to [batch..., (heads,) Lq, Lk].
    public var mask: Tensor?
    /// Query i may attend key j only when j ≤ i (top-left aligned).
    public var causal: Bool
    /// The number of heads the model dimension is split into.
    public var heads: Int

    public init(scale: Double? = nil, mask: Tensor? = nil, causal: Bool = false, heads: Int = 1) {
        self.scale = scale
        self.mask = mask
        self.causal = causal
        self.heads = heads
    }
}

/// Scaled dot-product attention and its relatives, at the tensor level:
/// these functions check shapes, split batches and heads, and call the
/// kernels in `Kernels`.
///
/// Shapes: Q is [Lq, d] (a vector [d] is one query), K is [Lk, d], V is
/// [Lk, dv]; leading axes beyond those are batch axes, which broadcast
/// between Q, K and V. With `heads: h`, d and dv must be divisible by h;
/// head t uses columns t·d/h ..< (t+1)·d/h and the heads' outputs are
/// concatenated in order.
public enum Attention {
    /// scores(Q, K) = Q·Kᵀ·scale, with scale = 1/√d by default.
    public static func scores(_ q: Tensor, _ k: Tensor, scale: Double?) throws(CoreError) -> Tensor {
        let geometry = try Geometry(q: q, k: k, v: nil, heads: 1)
        let s = scale ?? 1 / Double(geometry.headWidth).squareRoot()
        let product = try Tensor.matmul(q, k.transposed)
        return product.map { $0 * s }
    }

    /// The attention matrix softmax(scores) with masking, per head when
    /// heads > 1: shape [batch..., (heads,) Lq, Lk] (without Lq for a vector
    /// query). A query row whose keys are all masked is all zeros.
    public static func weights(_ q: Tensor, _ k: Tensor, options: AttentionOptions) throws(CoreError) -> Tensor {
        let g = try Geometry(q: q, k: k, v: nil, heads: options.heads)
        let scale = options.scale ?? 1 / Double(g.headWidth).squareRoot()
        let mask = try g.expandedMask(options.mask)
        var out = [Double](repeating: 0, count: try Tensor.checkedCount(g.weightsShape))
        var row = [Double](repeating: 0, count: g.lk)
        for b in 0..<g.batchCount {
            let (qo, ko) = (g.qOffset(b), g.kOffset(b))
            for h in 0..<g.heads {
                try Interrupt.check()
                for i in 0..<g.lq {
                    var best = -Double.infinity
                    for j in 0..<g.lk {
                        var allowed = !options.causal || j <= i
                        if let mask, mask.scalars[g.maskOffset(b, h) + i * g.lk + j] == 0 { allowed = false }
                        if allowed {
                            var dot = 0.0
                            for p in 0..<g.headWidth {
                                dot += q.scalars[qo + i * g.d + h * g.headWidth + p] * k.scalars[ko + j * g.d + h * g.headWidth + p]
                            }
                            row[j] = dot * scale
                        } else {
                            row[j] = -.infinity
                        }
                        best = max(best, row[j])
                    }
                    let base = ((b * g.heads + h) * g.lq + i) * g.lk
                    if best == -.infinity { continue }  // fully masked: zeros
                    var total = 0.0
                    for j in 0..<g.lk {
                        let e = row[j] == -.infinity ? 0 : Foundation.exp(row[j] - best)
                        out[base + j] = e
                        total += e
                    }
                    for j in 0..<g.lk { out[base + j] /= total }
                }
            }
        }
        return Tensor(unchecked: g.weightsShape, out)
    }

    /// Scaled dot-product attention, softmax(Q·Kᵀ·scale + mask)·V per head,
    /// heads concatenated. Shape [batch..., Lq, dv] ([dv] for a vector query).
    public static func attend(_ q: Tensor, _ k: Tensor, _ v: Tensor, options: AttentionOptions) throws(CoreError) -> Tensor {
        let g = try Geometry(q: q, k: k, v: v, heads: options.heads)
        let scale = options.scale ?? 1 / Double(g.headWidth).squareRoot()
        let mask = try g.expandedMask(options.mask)
        let dvh = g.dv / g.heads
        var out = [Double](repeating: 0, count: try Tensor.checkedCount(g.outputShape))
        var qh = [Double](repeating: 0, count: g.lq * g.headWidth)
        var kh = [Double](repeating: 0, count: g.lk * g.headWidth)
        var vh = [Double](repeating: 0, count: g.lk * dvh)
        var oh = [Double](repeating: 0, count: g.lq * dvh)
        var mh = [Double](repeating: 0, count: mask == nil ? 0 : g.lq * g.lk)
        for b in 0..<g.batchCount {
            let (qo, ko, vo) = (g.qOffset(b), g.kOffset(b), g.vOffset(b))
            for h in 0..<g.heads {
                // Gather this head's columns into contiguous matrices.
                for i in 0..<g.lq { for p in 0..<g.headWidth { qh[i * g.headWidth + p] = q.scalars[qo + i * g.d + h * g.headWidth + p] } }
                for j in 0..<g.lk { for p in 0..<g.headWidth { kh[j * g.headWidth + p] = k.scalars[ko + j * g.d + h * g.headWidth + p] } }
                for j in 0..<g.lk { for p in 0..<dvh { vh[j * dvh + p] = v.scalars[vo + j * g.dv + h * dvh + p] } }
                if let mask {
                    let mo = g.maskOffset(b, h)
                    for n in 0..<(g.lq * g.lk) { mh[n] = mask.scalars[mo + n] }
                }
                try runKernel(qh, kh, vh, &oh, mh, hasMask: mask != nil, g: g, dvh: dvh, scale: scale, causal: options.causal)
                let ob = b * g.lq * g.dv
                for i in 0..<g.lq { for p in 0..<dvh { out[ob + i * g.dv + h * dvh + p] = oh[i * dvh + p] } }
            }
        }
        return Tensor(unchecked: g.outputShape, out)
    }

    private static func runKernel(
        _ qh: [Double], _ kh: [Double], _ vh: [Double], _ oh: inout [Double], _ mh: [Double],
        hasMask: Bool, g: Geometry, dvh: Int, scale: Double, causal: Bool
    ) throws(CoreError) {
        var failure: CoreError?
        qh.withUnsafeBufferPointer { pq in
            kh.withUnsafeBufferPointer { pk in
                vh.withUnsafeBufferPointer { pv in
                    mh.withUnsafeBufferPointer { pm in
                        oh.withUnsafeMutableBufferPointer { po in
                            guard let q = pq.baseAddress, let k = pk.baseAddress, let v = pv.baseAddress, let o = po.baseAddress else {
                                return  // an empty dimension: nothing to compute, the zeros stand
                            }
                            do throws(CoreError) {
                                try Kernels.attention(
                                    q: q, k: k, v: v, out: o, lq: g.lq, lk: g.lk, d: g.headWidth, dv: dvh,
                                    scale: scale, mask: hasMask ? pm.baseAddress : nil, causal: causal)
                            } catch {
                                failure = error
                            }
                        }
                    }
                }
            }
        }
        if let failure { throw failure }
    }

    /// Bahdanau (additive) attention: score(q, k) = tanh(q·Wq + k·Wk)·v,
    /// softmax over the keys, weighted sum of V. Without Wq/Wk the
    /// projections are the identity (q and k must then have the same width);
    /// without v the score is Σ tanh(q + k), Keras AdditiveAttention with
    /// use_scale=False.
    public static func additive(
        _ q: Tensor, _ k: Tensor, _ v: Tensor, wq: Tensor?, wk: Tensor?, vector: Tensor?
    ) throws(CoreError) -> Tensor {
        let qp = try wq.map { w throws(CoreError) in try Tensor.matmul(q, w) } ?? q
        let kp = try wk.map { w throws(CoreError) in try Tensor.matmul(k, w) } ?? k
        let g = try Geometry(q: qp, k: kp, v: v, heads: 1)
        if let vector, vector.shape != [g.d] {
            throw CoreError.shapeMismatch("additive: v must have shape [\(g.d)] (the projected width), got \(Tensor.describe(shape: vector.shape))")
        }
        let weightsShape = g.batchShape + (g.vectorQuery ? [] : [g.lq]) + [g.lk]
        var w = [Double](repeating: 0, count: try Tensor.checkedCount(weightsShape))
        for b in 0..<g.batchCount {
            try Interrupt.check()
            let (qo, ko) = (g.qOffset(b), g.kOffset(b))
            for i in 0..<g.lq {
                for j in 0..<g.lk {
                    var s = 0.0
                    for c in 0..<g.d {
                        let t = Foundation.tanh(qp.scalars[qo + i * g.d + c] + kp.scalars[ko + j * g.d + c])
                        s += t * (vector?.scalars[c] ?? 1)
                    }
                    w[(b * g.lq + i) * g.lk + j] = s
                }
            }
        }
        let probabilities = try Tensor(unchecked: weightsShape, w).softmax(axis: -1)
        return try Tensor.matmul(probabilities, v)
    }
}
