import Foundation

// `scores` and `weights` with every option: the Lq×Lk matrix of each
// (batch, head), row by row. (`attend` never builds it: see
// `Kernels.attention`.)

extension Attention {
    /// The scores the softmax of attention sees: scale·Q·Kᵀ + bias −
    /// slope·|i + Lk − Lq − j| at allowed keys and −inf at excluded ones
    /// (mask 0, causal, window), per head: shape [batch..., (heads,) Lq, Lk]
    /// (without Lq for a vector query). The softmax of each row is `weights`
    /// (except that a row with nothing allowed has zero weights) and its
    /// log-sum-exp is `logSumExp`. The bias of an excluded key is ignored
    /// (its score is −inf even when the bias is NaN).
    public static func scores(_ q: Tensor, _ k: Tensor, options: AttentionOptions) throws(CoreError) -> Tensor {
        try scoreRows(q, k, options: options, softmax: false)
    }

    /// The attention matrix softmax(Q·Kᵀ·scale + bias) over the allowed keys,
    /// per head when heads > 1: shape [batch..., (heads,) Lq, Lk] (without Lq
    /// for a vector query). A query row whose keys are all excluded is all
    /// zeros; a row with a NaN or +inf score at an allowed key is all NaN.
    public static func weights(_ q: Tensor, _ k: Tensor, options: AttentionOptions) throws(CoreError) -> Tensor {
        try scoreRows(q, k, options: options, softmax: true)
    }

    /// Every (batch, head)'s score matrix, each row then turned into weights
    /// when `softmax` is set, in the dtype `Attention.computeType` gives for
    /// Q, K and the bias (float32 scores come from the float32 GEMM, float32
    /// weights from a float32 softmax with libm's expf). Polls `Interrupt`
    /// per head and every 32 rows.
    private static func scoreRows(
        _ q: Tensor, _ k: Tensor, options: AttentionOptions, softmax: Bool
    ) throws(CoreError) -> Tensor {
        if computeType([q, k, options.bias]) == .float32 {
            return try scoreRows(q, k, options: options, softmax: softmax, as: Float.self)
        }
        return try scoreRows(q, k, options: options, softmax: softmax, as: Double.self)
    }

    private static func scoreRows<T: KernelScalar>(
        _ q: Tensor, _ k: Tensor, options: AttentionOptions, softmax: Bool, as _: T.Type
    ) throws(CoreError) -> Tensor {
        let g = try Geometry(q: q, k: k, v: nil, heads: options.heads, kvHeads: options.kvHeads)
        let scale = T(options.scale ?? 1 / Double(g.headWidth).squareRoot())
        let (mask, maskStride) = try g.packedMask(options.mask, as: T.self)
        let (bias, biasStride) = try g.packedBias(options.bias, as: T.self)
        let slopes = try g.alibiSlopes(options.alibi)?.map { T($0) }
        let band = KeyBand(causal: options.causal, window: options.window, lq: g.lq, lk: g.lk)
        let packed = try g.pack(q: q, k: k, v: nil, as: T.self)
        let n = g.batchCount * g.heads
        let block = g.lq * g.lk
        let diagonal = g.lk - g.lq
        var out = [T](repeating: 0, count: try Tensor.checkedCount(g.weightsShape, dtype: T.dtype))
        guard !out.isEmpty else { return Tensor(unchecked: g.weightsShape, elements: out) }
        var row = [T](repeating: 0, count: g.lk)
        for t in 0..<n {
            try Interrupt.check()
            // Q·Kᵀ for this (batch, head), against its key/value head's K.
            let kvBlock = t / g.group
            packed.q.withUnsafeBufferPointer { pq in
                packed.k.withUnsafeBufferPointer { pk in
                    out.withUnsafeMutableBufferPointer { po in
                        guard let qb = pq.baseAddress, let kb = pk.baseAddress, let ob = po.baseAddress else { return }
                        Kernels.GemmEngine.gemm(
                            m: g.lq, n: g.lk, k: g.headWidth, a: qb + t * g.lq * g.headWidth, rsa: g.headWidth, csa: 1,
                            b: kb + kvBlock * g.lk * g.headWidth, rsb: 1, csb: g.headWidth, c: ob + t * block,
                            ldc: g.lk, workers: Kernels.KernelThreads.available, level: .current)
                    }
                }
            }
            let slope = slopes?[t % g.heads]
            for i in 0..<g.lq {
                if i & 31 == 0 { try Interrupt.check() }
                let base = t * block + i * g.lk
                let keys = band.keys(query: i, keyCount: g.lk)
                for j in 0..<g.lk {
                    var allowed = keys.contains(j)
                    if let mask, mask[t * maskStride + i * g.lk + j] == 0 { allowed = false }
                    var score = out[base + j] * scale
                    if let bias { score += bias[t * biasStride + i * g.lk + j] }
                    if let slope { score -= slope * T(abs(i + diagonal - j)) }
                    row[j] = allowed ? score : -.infinity
                }
                if softmax { softmaxInPlace(&row) }
                for j in 0..<g.lk { out[base + j] = row[j] }
            }
        }
        return Tensor(unchecked: g.weightsShape, elements: out)
    }

    /// The softmax of one row of scores in place, with attention's rules: a
    /// NaN anywhere makes the row NaN, a row that is all −inf (nothing
    /// allowed) becomes zeros.
    private static func softmaxInPlace<T: KernelScalar>(_ row: inout [T]) {
        var best = -T.infinity
        for x in row {
            if x.isNaN {  // a NaN score at an allowed key: the row is NaN, as softmax gives
                for j in row.indices { row[j] = .nan }
                return
            }
            if x > best { best = x }
        }
        guard best != -.infinity else {  // every key excluded: zeros
            for j in row.indices { row[j] = 0 }
            return
        }
        var total: T = 0
        for j in row.indices {
            let e = row[j] == -.infinity ? 0 : T.exp(row[j] - best)
            row[j] = e
            total += e
        }
        for j in row.indices { row[j] /= total }
    }
}
