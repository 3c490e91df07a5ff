import Foundation

/// Scaled dot-product attention and its relatives, at the tensor level:
/// these functions check shapes, split batches and heads, and call the
/// kernels in `Kernels`.
///
/// Shapes: Q is [Lq, d] (a vector [d] is one query), K is [Lk, dk], V is
/// [Lk, dvk]; leading axes beyond those are batch axes, which broadcast
/// between Q, K and V. With `heads: h`, d must be divisible by h; query
/// head t uses columns t·d/h ..< (t+1)·d/h of Q. Without `kvHeads`, K and V
/// are split the same way (dk = d, and h divides dvk); with `kvHeads: g`
/// (grouped-query attention) K and V hold g heads of width d/h and dvk/g,
/// and query head t uses key/value head t / (h/g). The heads' outputs are
/// concatenated in order: the output width is dv = h·dvk/g. See
/// `AttentionOptions` for the score and the rule that allows a key.
///
/// Dtypes (`computeType`): float32 Q, K and V (and a float32 bias, if any)
/// compute in float32 with the float32 kernels and return float32 outputs,
/// weights, scores and log-sum-exps, as PyTorch does; anything float64, and
/// integer or bool operands, compute in float64 and return float64 (numpy's
/// promotion; its softmax of integers is float64). The mask's dtype never
/// matters. The float32 accuracy is stated on the float32
/// `Kernels.attentionBatched`.
public enum Attention {
    /// scores(Q, K) = Q·Kᵀ·scale, with scale = 1/√d by default.
    public static func scores(_ q: Tensor, _ k: Tensor, scale: Double?) throws(CoreError) -> Tensor {
        try scores(q, k, options: AttentionOptions(scale: scale))
    }

    /// Scaled dot-product attention, softmax(Q·Kᵀ·scale + bias)·V over the
    /// allowed keys, per head, heads concatenated: shape [batch..., Lq, dv]
    /// ([dv] for a vector query). Runs the fused kernel over every
    /// (batch, head) at once, so no Lq×Lk matrix is built (the bias, when
    /// given, is read in place). See `Kernels.attention` for NaN, ±inf and
    /// fully excluded rows.
    public static func attend(_ q: Tensor, _ k: Tensor, _ v: Tensor, options: AttentionOptions) throws(CoreError) -> Tensor {
        try fused(q, k, v, options: options, lse: false).output
    }

    /// `attend` and `logSumExp` of one call, from one run of the fused
    /// kernel (as flash-attn's forward returns `out, softmax_lse`).
    public static func attendWithLSE(
        _ q: Tensor, _ k: Tensor, _ v: Tensor, options: AttentionOptions
    ) throws(CoreError) -> (output: Tensor, lse: Tensor) {
        let result = try fused(q, k, v, options: options, lse: true)
        return (result.output, result.lse ?? Tensor(0))
    }

    /// The log-sum-exp of every row of `scores`: log Σ_j exp(s_ij) over the
    /// allowed keys, shape [batch..., (heads,) Lq] (without Lq for a vector
    /// query): flash-attn's `softmax_lse`, PyTorch's logsumexp output of
    /// `_scaled_dot_product_flash_attention`. −inf for a row whose keys are
    /// all excluded (log 0; flash-attn's CUDA kernel stores +inf there and
    /// PyTorch 2.15's CPU kernel 0), NaN for a row with a NaN or +inf score.
    /// It does not depend on V: given, V's shape is checked as `attend`
    /// checks it; either way the fused kernel runs without the P·V product.
    public static func logSumExp(_ q: Tensor, _ k: Tensor, _ v: Tensor? = nil, options: AttentionOptions) throws(CoreError) -> Tensor {
        if let v { _ = try Geometry(q: q, k: k, v: v, heads: options.heads, kvHeads: options.kvHeads) }
        return try fused(q, k, nil, options: options, lse: true).lse ?? Tensor(0)
    }

    /// The dtype attention computes in and returns, numpy's promotion of the
    /// operands that enter the arithmetic: float32 when every one given is
    /// float32 or bool (with at least one float32), otherwise float64 —
    /// float64 with anything float64 and with integers (which, as numpy's
    /// softmax, give float64, and which do not fit in float32 anyway). The
    /// mask takes no part (it only says which keys are allowed, whatever its
    /// dtype), nor do the scale and the ALiBi slopes (parameters, like
    /// PyTorch's Python floats: rounded to float32 for a float32 call).
    public static func computeType(_ operands: [Tensor?]) -> DType {
        let dtypes = operands.compactMap { $0?.dtype }
        let float32 = dtypes.contains(.float32) && dtypes.allSatisfy { $0 == .float32 || $0 == .bool }
        return float32 ? .float32 : .float64
    }

    /// The fused kernel over every (batch, head): the output (empty of
    /// values when `v` is nil) and, when asked, the log-sum-exps, in the
    /// dtype of `computeType`.
    private static func fused(
        _ q: Tensor, _ k: Tensor, _ v: Tensor?, options: AttentionOptions, lse wantLSE: Bool
    ) throws(CoreError) -> (output: Tensor, lse: Tensor?) {
        if computeType([q, k, v, options.bias]) == .float32 {
            return try fused(q, k, v, options: options, lse: wantLSE, as: Float.self)
        }
        return try fused(q, k, v, options: options, lse: wantLSE, as: Double.self)
    }

    private static func fused<T: KernelScalar>(
        _ q: Tensor, _ k: Tensor, _ v: Tensor?, options: AttentionOptions, lse wantLSE: Bool, as _: T.Type
    ) throws(CoreError) -> (output: Tensor, lse: Tensor?) {
        let g = try Geometry(q: q, k: k, v: v, heads: options.heads, kvHeads: options.kvHeads)
        let scale = T(options.scale ?? 1 / Double(g.headWidth).squareRoot())
        let (mask, maskStride) = try g.packedMask(options.mask, as: T.self)
        let (bias, biasStride) = try g.packedBias(options.bias, as: T.self)
        let slopes = try g.alibiSlopes(options.alibi)?.map { T($0) }
        let band = KeyBand(causal: options.causal, window: options.window, lq: g.lq, lk: g.lk)
        let packed = try g.pack(q: q, k: k, v: v, as: T.self)
        let n = g.batchCount * g.heads
        let dvh = v == nil ? 0 : g.valueHeadWidth
        var heads = [T](repeating: 0, count: v == nil ? 0 : try Tensor.checkedCount(g.outputShape, dtype: T.dtype))
        var lse = [T](repeating: 0, count: wantLSE ? try Tensor.checkedCount(g.lseShape, dtype: T.dtype) : 0)
        // As before the options: d = 0 or Lk = 0 leaves zero outputs (and −inf lse).
        let runs = !packed.q.isEmpty && !packed.k.isEmpty && (wantLSE || (!packed.v.isEmpty && !heads.isEmpty))
        if runs {
            var failure: CoreError?
            // Empty operands (d = 0, or no V) may have no base address; the kernel never reads them then.
            let dummy = UnsafeMutablePointer<T>.allocate(capacity: 1)
            defer { dummy.deallocate() }
            packed.q.withUnsafeBufferPointer { pq in
                packed.k.withUnsafeBufferPointer { pk in
                    packed.v.withUnsafeBufferPointer { pv in
                        (mask ?? []).withUnsafeBufferPointer { pm in
                            (bias ?? []).withUnsafeBufferPointer { pb in
                                heads.withUnsafeMutableBufferPointer { po in
                                    lse.withUnsafeMutableBufferPointer { pl in
                                        do throws(CoreError) {
                                            try Kernels.fusedAttention(
                                                q: pq.baseAddress ?? UnsafePointer(dummy), k: pk.baseAddress ?? UnsafePointer(dummy),
                                                v: pv.baseAddress ?? UnsafePointer(dummy), out: po.baseAddress ?? dummy,
                                                lse: wantLSE ? pl.baseAddress : nil, heads: n,
                                                qStride: g.lq * g.headWidth, kStride: g.lk * g.headWidth,
                                                vStride: g.lk * dvh, outStride: g.lq * dvh, lseStride: g.lq, kvGroup: g.group,
                                                lq: g.lq, lk: g.lk, d: g.headWidth, dv: dvh, scale: scale,
                                                mask: mask == nil ? nil : pm.baseAddress, maskStride: maskStride,
                                                bias: bias == nil ? nil : pb.baseAddress, biasStride: biasStride,
                                                band: band, alibiSlopes: slopes ?? [])
                                        } catch {
                                            failure = error
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if let failure { throw failure }
        } else if wantLSE {
            // No keys (or no queries): every row is fully excluded.
            for i in lse.indices { lse[i] = -.infinity }
        }
        let lseTensor = wantLSE ? Tensor(unchecked: g.lseShape, elements: lse) : nil
        guard v != nil else { return (Tensor(unchecked: [0], []), lseTensor) }
        if g.heads == 1 { return (Tensor(unchecked: g.outputShape, elements: heads), lseTensor) }
        // Concatenate the heads: [batch, head, Lq, dvh] → [batch, Lq, head·dvh].
        var out = [T](repeating: 0, count: try Tensor.checkedCount(g.outputShape, dtype: T.dtype))
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
        return (Tensor(unchecked: g.outputShape, elements: out), lseTensor)
    }

    /// Bahdanau (additive) attention: score(q, k) = tanh(q·Wq + k·Wk)·v,
    /// softmax over the keys, weighted sum of V. Without Wq/Wk the
    /// projections are the identity (q and k must then have the same width);
    /// without v the score is Σ tanh(q + k), Keras AdditiveAttention with
    /// use_scale=False.
    public static func additive(
        _ q: Tensor, _ k: Tensor, _ v: Tensor, wq: Tensor?, wk: Tensor?, vector: Tensor?
    ) throws(CoreError) -> Tensor {
        if computeType([q, k, v, wq, wk, vector]) == .float32 {
            return try additive(q, k, v, wq: wq, wk: wk, vector: vector, as: Float.self)
        }
        return try additive(q, k, v, wq: wq, wk: wk, vector: vector, as: Double.self)
    }

    /// `additive` computed in `T` (every operand converted to it first).
    private static func additive<T: KernelScalar>(
        _ q: Tensor, _ k: Tensor, _ v: Tensor, wq: Tensor?, wk: Tensor?, vector: Tensor?, as _: T.Type
    ) throws(CoreError) -> Tensor {
        let convert = { (t: Tensor) throws(CoreError) -> Tensor in try t.converted(to: T.dtype) }
        let q = try convert(q), k = try convert(k), v = try convert(v)
        let qp = try wq.map { w throws(CoreError) in try Tensor.matmul(q, try convert(w)) } ?? q
        let kp = try wk.map { w throws(CoreError) in try Tensor.matmul(k, try convert(w)) } ?? k
        let g = try Geometry(q: qp, k: kp, v: v, heads: 1)
        if let vector, vector.shape != [g.d] {
            throw CoreError.shapeMismatch("additive: v must have shape [\(g.d)] (the projected width), got \(Tensor.describe(shape: vector.shape))")
        }
        let weightsShape = g.batchShape + (g.vectorQuery ? [] : [g.lq]) + [g.lk]
        var w = [T](repeating: 0, count: try Tensor.checkedCount(weightsShape, dtype: T.dtype))
        let qs = try qp.elements(as: T.self), ks = try kp.elements(as: T.self)
        let vw = try vector.map { t throws(CoreError) in try t.elements(as: T.self) }
        for b in 0..<g.batchCount {
            try Interrupt.check()
            let (qo, ko) = (g.qOffset(b), g.kOffset(b))
            for i in 0..<g.lq {
                try Interrupt.check()
                for j in 0..<g.lk {
                    var s: T = 0
                    for c in 0..<g.d {
                        let t = T.tanh(qs[qo + i * g.d + c] + ks[ko + j * g.d + c])
                        s += t * (vw?[c] ?? 1)
                    }
                    w[(b * g.lq + i) * g.lk + j] = s
                }
            }
        }
        let probabilities = try Tensor(unchecked: weightsShape, elements: w).softmax(axis: -1)
        return try Tensor.matmul(probabilities, v)
    }
}
