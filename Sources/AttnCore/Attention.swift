import Foundation

/// Options shared by the scaled dot-product attention functions.
///
/// A key is excluded for a query when the mask holds 0 there, when causal
/// hides it, or when its score is −inf (a −inf bias); the rest are allowed.
public struct AttentionOptions: Sendable {
    /// Multiplies every score; nil means 1/√(d/heads), d = the query width.
    public var scale: Double?
    /// 1 where a query may attend a key, 0 where it may not (PyTorch's boolean
    /// attn_mask); any other value, NaN included, is refused with
    /// `CoreError.nonBooleanMask`. Broadcasts to [batch..., (heads,) Lq, Lk].
    public var mask: Tensor?
    /// Added to the scaled scores before the softmax (PyTorch's float
    /// attn_mask): softmax(Q·Kᵀ·scale + bias). −inf excludes a key. Broadcasts
    /// to [batch..., (heads,) Lq, Lk] like `mask`.
    public var bias: Tensor?
    /// Query i may attend key j only when j ≤ i (top-left aligned).
    public var causal: Bool
    /// The number of heads the model dimension is split into.
    public var heads: Int

    public init(scale: Double? = nil, mask: Tensor? = nil, bias: Tensor? = nil, causal: Bool = false, heads: Int = 1) {
        self.scale = scale
        self.mask = mask
        self.bias = bias
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
        let product = try Tensor.matmul(q, try k.transposed)
        return try product.map { $0 * s }
    }

    /// The attention matrix softmax(Q·Kᵀ·scale + bias) over the allowed keys,
    /// per head when heads > 1: shape [batch..., (heads,) Lq, Lk] (without Lq
    /// for a vector query). A query row whose keys are all excluded is all
    /// zeros; a row with a NaN or +inf score at an allowed key is all NaN.
    public static func weights(_ q: Tensor, _ k: Tensor, options: AttentionOptions) throws(CoreError) -> Tensor {
        let g = try Geometry(q: q, k: k, v: nil, heads: options.heads)
        let scale = options.scale ?? 1 / Double(g.headWidth).squareRoot()
        let (mask, maskStride) = try g.packedMask(options.mask)
        let (bias, biasStride) = try g.packedBias(options.bias)
        let packed = try g.pack(q: q, k: k, v: nil)
        let n = g.batchCount * g.heads
        let block = g.lq * g.lk
        var out = [Double](repeating: 0, count: try Tensor.checkedCount(g.weightsShape))
        guard !out.isEmpty else { return Tensor(unchecked: g.weightsShape, out) }
        var row = [Double](repeating: 0, count: g.lk)
        for t in 0..<n {
            try Interrupt.check()
            // Q·Kᵀ for this (batch, head), then scale, mask and softmax each row in place.
            packed.q.withUnsafeBufferPointer { pq in
                packed.k.withUnsafeBufferPointer { pk in
                    out.withUnsafeMutableBufferPointer { po in
                        guard let qb = pq.baseAddress, let kb = pk.baseAddress, let ob = po.baseAddress else { return }
                        Kernels.gemmTransB(qb + t * g.lq * g.headWidth, kb + t * g.lk * g.headWidth, ob + t * block,
                                           m: g.lq, n: g.lk, k: g.headWidth)
                    }
                }
            }
            for i in 0..<g.lq {
                if i & 31 == 0 { try Interrupt.check() }
                let base = t * block + i * g.lk
                var best = -Double.infinity
                var sawNaN = false
                for j in 0..<g.lk {
                    var allowed = !options.causal || j <= i
                    if let mask, mask[t * maskStride + i * g.lk + j] == 0 { allowed = false }
                    var score = out[base + j] * scale
                    if let bias { score += bias[t * biasStride + i * g.lk + j] }
                    row[j] = allowed ? score : -.infinity
                    if row[j].isNaN { sawNaN = true } else if row[j] > best { best = row[j] }
                }
                if sawNaN {  // a NaN score at an allowed key: the row is NaN, as softmax gives
                    for j in 0..<g.lk { out[base + j] = .nan }
                    continue
                }
                guard best != -.infinity else {  // every key excluded: zeros
                    for j in 0..<g.lk { out[base + j] = 0 }
                    continue
                }
                var total = 0.0
                for j in 0..<g.lk {
                    let e = row[j] == -.infinity ? 0 : Foundation.exp(row[j] - best)
                    out[base + j] = e
                    total += e
                }
                for j in 0..<g.lk { out[base + j] /= total }
            }
        }
        return Tensor(unchecked: g.weightsShape, out)
    }

    /// Scaled dot-product attention, softmax(Q·Kᵀ·scale + bias)·V over the
    /// allowed keys, per head, heads concatenated: shape [batch..., Lq, dv]
    /// ([dv] for a vector query). Runs the fused kernel over every
    /// (batch, head) at once, so no Lq×Lk matrix is built (the bias, when
    /// given, is read in place). See `Kernels.attention` for NaN, ±inf and
    /// fully excluded rows.
    public static func attend(_ q: Tensor, _ k: Tensor, _ v: Tensor, options: AttentionOptions) throws(CoreError) -> Tensor {
        let g = try Geometry(q: q, k: k, v: v, heads: options.heads)
        let scale = options.scale ?? 1 / Double(g.headWidth).squareRoot()
        let (mask, maskStride) = try g.packedMask(options.mask)
        let (bias, biasStride) = try g.packedBias(options.bias)
        let packed = try g.pack(q: q, k: k, v: v)
        let n = g.batchCount * g.heads
        let dvh = g.dv / g.heads
        var heads = [Double](repeating: 0, count: try Tensor.checkedCount(g.outputShape))
        if !heads.isEmpty && !packed.k.isEmpty && !packed.q.isEmpty && !packed.v.isEmpty {
            var failure: CoreError?
            packed.q.withUnsafeBufferPointer { pq in
                packed.k.withUnsafeBufferPointer { pk in
                    packed.v.withUnsafeBufferPointer { pv in
                        (mask ?? []).withUnsafeBufferPointer { pm in
                            (bias ?? []).withUnsafeBufferPointer { pb in
                                heads.withUnsafeMutableBufferPointer { po in
                                    guard let qb = pq.baseAddress, let kb = pk.baseAddress, let vb = pv.baseAddress,
                                          let ob = po.baseAddress else { return }
                                    do throws(CoreError) {
                                        try Kernels.attentionBatched(
                                            q: qb, k: kb, v: vb, out: ob, heads: n,
                                            qStride: g.lq * g.headWidth, kStride: g.lk * g.headWidth,
                                            vStride: g.lk * dvh, outStride: g.lq * dvh,
                                            lq: g.lq, lk: g.lk, d: g.headWidth, dv: dvh, scale: scale,
                                            mask: mask == nil ? nil : pm.baseAddress, maskStride: maskStride,
                                            bias: bias == nil ? nil : pb.baseAddress, biasStride: biasStride,
                                            causal: options.causal)
                                    } catch {
                                        failure = error
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if let failure { throw failure }
        }
        if g.heads == 1 { return Tensor(unchecked: g.outputShape, heads) }
        // Concatenate the heads: [batch, head, Lq, dvh] → [batch, Lq, head·dvh].
        var out = [Double](repeating: 0, count: try Tensor.checkedCount(g.outputShape))
        for b in 0..<g.batchCount {
            try Interrupt.check()
            for h in 0..<g.heads {
                for i in 0..<g.lq {
                    let src = ((b * g.heads + h) * g.lq + i) * dvh
                    let dst = (b * g.lq + i) * g.dv + h * dvh
                    for c in 0..<dvh { out[dst + c] = heads[src + c] }
                }
            }
        }
        return Tensor(unchecked: g.outputShape, out)
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
                try Interrupt.check()
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
