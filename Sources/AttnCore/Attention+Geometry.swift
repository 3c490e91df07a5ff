/// The shapes of one attention call, checked once: batch axes, lengths,
/// widths and heads, with offsets into the contiguous operands.
struct Geometry {
    let batchShape: [Int]
    let batchCount: Int
    let lq: Int, lk: Int
    /// Query width (the model width) and output width (heads · the value width of one head).
    let d: Int, dv: Int
    /// Widths of K and V: kvHeads · d/heads and kvHeads · dv/heads.
    let kWidth: Int, vWidth: Int
    /// Query heads, and key/value heads (equal unless grouped-query attention).
    let heads: Int, kvHeads: Int
    /// Query/key width of one head, d / heads.
    let headWidth: Int
    /// Value width of one head, dv / heads.
    let valueHeadWidth: Int
    /// True when Q was a single query vector (its Lq axis is dropped from results).
    let vectorQuery: Bool
    /// True when V was a vector of Lk values (a column; its axis is dropped
    /// from the output, as numpy.matmul drops it in weights @ V).
    let vectorValue: Bool
    private let qStrides: [Int], kStrides: [Int], vStrides: [Int]

    /// Consecutive query heads that share one key/value head: heads / kvHeads.
    var group: Int { heads / kvHeads }

    init(q: Tensor, k: Tensor, v: Tensor?, heads: Int, kvHeads: Int? = nil) throws(CoreError) {
        guard q.rank >= 1, k.rank >= 2 || (k.rank >= 1 && q.rank == 1) else {
            throw CoreError.shapeMismatch("attention needs Q of rank ≥ 1 and K of rank ≥ 2 ([keys, width]); got Q \(Tensor.describe(shape: q.shape)), K \(Tensor.describe(shape: k.shape))")
        }
        let k2 = k.rank == 1 ? [1] + k.shape : k.shape
        vectorQuery = q.rank == 1
        let q2 = vectorQuery ? [1] + q.shape : q.shape
        lq = q2[q2.count - 2]
        d = q2[q2.count - 1]
        lk = k2[k2.count - 2]
        kWidth = k2[k2.count - 1]
        guard heads >= 1 else { throw CoreError.invalidArgument("heads must be ≥ 1, got \(heads)") }
        let g = kvHeads ?? heads
        guard g >= 1 else { throw CoreError.invalidArgument("kv_heads must be ≥ 1, got \(g)") }
        if g == heads {
            guard kWidth == d else {
                throw CoreError.shapeMismatch("Q and K must have the same width: Q \(Tensor.describe(shape: q.shape)) has \(d), K \(Tensor.describe(shape: k.shape)) has \(kWidth) (did you pass Kᵀ instead of K?)")
            }
        } else {
            guard heads % g == 0 else {
                throw CoreError.shapeMismatch("kv_heads: \(g) does not divide heads: \(heads) (each key/value head serves heads/kv_heads query heads)")
            }
        }
        guard d % heads == 0 else {
            throw CoreError.shapeMismatch("heads: \(heads) does not divide the model width \(d) of Q\(g == heads ? " and K" : "")")
        }
        headWidth = d / heads
        if g != heads {
            guard kWidth == g * headWidth else {
                let hint = kWidth == d ? " (K has Q's width: one key head per query head needs no kv_heads:)" : ""
                throw CoreError.shapeMismatch("with heads: \(heads) and kv_heads: \(g), K must have width kv_heads·d/heads = \(g)·\(headWidth) = \(g * headWidth); K \(Tensor.describe(shape: k.shape)) has \(kWidth)\(hint)")
            }
        }
        var batch = try Tensor.broadcastShape(Array(q2.dropLast(2)), Array(k2.dropLast(2)))
        var v2: [Int] = []
        vectorValue = v?.rank == 1
        if let v {
            v2 = v.rank == 1 ? [v.shape[0], 1] : v.shape
            guard v2[v2.count - 2] == lk else {
                throw CoreError.shapeMismatch("K and V must have the same number of rows (keys): K \(Tensor.describe(shape: k.shape)) has \(lk), V \(Tensor.describe(shape: v.shape)) has \(v2[v2.count - 2])")
            }
            batch = try Tensor.broadcastShape(batch, Array(v2.dropLast(2)))
            vWidth = v2[v2.count - 1]
        } else {
            vWidth = g * headWidth
        }
        guard vWidth % g == 0 else {
            let name = g == heads ? "heads: \(heads)" : "kv_heads: \(g)"
            throw CoreError.shapeMismatch("\(name) does not divide the value width \(vWidth) of V")
        }
        valueHeadWidth = vWidth / g
        dv = valueHeadWidth * heads
        self.heads = heads
        self.kvHeads = g
        batchShape = batch
        batchCount = batch.reduce(1, *)
        qStrides = Tensor.broadcastStrides(Array(q2.dropLast(2)), to: batch)
        kStrides = Tensor.broadcastStrides(Array(k2.dropLast(2)), to: batch)
        vStrides = v == nil ? [] : Tensor.broadcastStrides(Array(v2.dropLast(2)), to: batch)
    }

    /// [batch..., (heads,) Lq, Lk], without Lq for a vector query.
    var weightsShape: [Int] {
        batchShape + (heads > 1 ? [heads] : []) + (vectorQuery ? [] : [lq]) + [lk]
    }

    /// [batch..., (heads,) Lq], without Lq for a vector query: one log-sum-exp per row of weights.
    var lseShape: [Int] {
        batchShape + (heads > 1 ? [heads] : []) + (vectorQuery ? [] : [lq])
    }

    /// [batch..., Lq, dv], without Lq for a vector query and without dv for a vector V.
    var outputShape: [Int] {
        batchShape + (vectorQuery ? [] : [lq]) + (vectorValue ? [] : [dv])
    }

    private func offset(_ b: Int, _ strides: [Int]) -> Int {
        var rest = b, total = 0
        for axis in stride(from: batchShape.count - 1, through: 0, by: -1) {
            let i = rest % batchShape[axis]
            rest /= batchShape[axis]
            total += i * strides[axis]
        }
        return total
    }

    func qOffset(_ b: Int) -> Int { offset(b, qStrides) * lq * d }
    func kOffset(_ b: Int) -> Int { offset(b, kStrides) * lk * kWidth }
    func vOffset(_ b: Int) -> Int { offset(b, vStrides) * lk * vWidth }

    /// Q copied per (batch, head) and K and V per (batch, key/value head)
    /// (or, with one head and no broadcasting, Q, K and V as they are)
    /// into contiguous blocks, in the order t = batch·heads + head (Q) and
    /// batch·kvHeads + kvHead (K, V): Q blocks are Lq×(d/heads), K blocks
    /// Lk×(d/heads), V blocks Lk×(dv/heads). Query head t of batch entry b
    /// reads K and V block b·kvHeads + t/group, i.e. (b·heads + t)/group: a
    /// key/value head shared by a group of query heads is copied once. One
    /// O((Lq+Lk)·d) copy, which lets the kernels see every head as a plain
    /// row-major matrix. Sizes are checked against the limits and the memory
    /// budget first (broadcast batch axes can make the copies larger than
    /// the operands); polls `Interrupt` per batch entry.
    func pack(q: Tensor, k: Tensor, v: Tensor?) throws(CoreError) -> (q: [Double], k: [Double], v: [Double]) {
        try pack(q: q, k: k, v: v, as: Double.self)
    }

    /// `pack` into copies of `T`, the dtype attention computes in (each
    /// operand converted once).
    func pack<T: KernelScalar>(
        q: Tensor, k: Tensor, v: Tensor?, as _: T.Type
    ) throws(CoreError) -> (q: [T], k: [T], v: [T]) {
        let dh = headWidth, dvh = valueHeadWidth
        if heads == 1 && kvHeads == 1 {
            // One head and no broadcast batch axis (an operand as large as
            // the batch holds every batch entry in order): the operands are
            // already laid out as the copies would be. Use them as they are.
            let full = batchCount
            if q.count == full * lq * dh && k.count == full * lk * dh && (v?.count ?? 0) == (v == nil ? 0 : full * lk * dvh) {
                return (try q.elements(as: T.self), try k.elements(as: T.self), try v?.elements(as: T.self) ?? [])
            }
        }
        let qCount = try Tensor.checkedCount(batchShape + [heads, lq, dh], dtype: T.dtype)
        let kCount = try Tensor.checkedCount(batchShape + [kvHeads, lk, dh], dtype: T.dtype)
        let vCount = v == nil ? 0 : try Tensor.checkedCount(batchShape + [kvHeads, lk, dvh], dtype: T.dtype)
        try MemoryBudget.check(
            bytes: MemoryLayout<T>.stride * (qCount + kCount + vCount), shape: batchShape + [heads, lq + 2 * lk, dh])
        var pq = [T](repeating: 0, count: qCount)
        var pk = [T](repeating: 0, count: kCount)
        var pv = [T](repeating: 0, count: vCount)
        // The elements in T, read once (not per element).
        let qs = try q.elements(as: T.self), ks = try k.elements(as: T.self)
        let vs = try v?.elements(as: T.self) ?? []
        for b in 0..<batchCount {
            try Interrupt.check()
            let (qo, ko, vo) = (qOffset(b), kOffset(b), v == nil ? 0 : vOffset(b))
            for h in 0..<heads {
                let t = b * heads + h
                for i in 0..<lq {
                    for p in 0..<dh { pq[(t * lq + i) * dh + p] = qs[qo + i * d + h * dh + p] }
                }
            }
            for h in 0..<kvHeads {
                let t = b * kvHeads + h
                for j in 0..<lk {
                    for p in 0..<dh { pk[(t * lk + j) * dh + p] = ks[ko + j * kWidth + h * dh + p] }
                }
                if v != nil {
                    for j in 0..<lk {
                        for p in 0..<dvh { pv[(t * lk + j) * dvh + p] = vs[vo + j * vWidth + h * dvh + p] }
                    }
                }
            }
        }
        return (pq, pk, pv)
    }

    /// The ALiBi slopes per head ([heads] values), or nil without `alibi`:
    /// one number is every head's slope, a vector must have one per head.
    /// Every slope must be finite (an infinite one would turn the diagonal's
    /// 0·inf into NaN).
    func alibiSlopes(_ alibi: Tensor?) throws(CoreError) -> [Double]? {
        guard let alibi else { return nil }
        let slopes: [Double]
        if alibi.count == 1 && alibi.rank <= 1 {
            slopes = [Double](repeating: alibi.scalars[0], count: heads)
        } else if alibi.shape == [heads] {
            slopes = alibi.scalars
        } else {
            throw CoreError.shapeMismatch("alibi: slopes must be one number or a vector of heads = \(heads) slopes, got shape \(Tensor.describe(shape: alibi.shape))")
        }
        if let bad = slopes.first(where: { !$0.isFinite }) {
            throw CoreError.invalidArgument("alibi: slopes must be finite, got \(bad)")
        }
        return slopes
    }

    /// The mask as the kernels take it: an Lq×Lk block per (batch, head)
    /// and the stride between blocks (see `packedScores`), as 0s and 1s of
    /// `T`; nil when there is no mask. The mask may have any dtype (bool,
    /// integers, floats); every entry must be 0 or 1: anything else (an
    /// additive float mask such as −1e9, NaN) throws
    /// `CoreError.nonBooleanMask` naming the first offending entry, since
    /// reading it as "nonzero may attend" would silently attend the wrong
    /// keys.
    func packedMask<T: KernelScalar>(_ mask: Tensor?, as _: T.Type) throws(CoreError) -> ([T]?, Int) {
        guard let mask else { return (nil, 0) }
        if mask.dtype != .bool {
            let values = mask.scalars
            if let bad = values.firstIndex(where: { $0 != 0 && $0 != 1 }) {
                throw CoreError.nonBooleanMask(value: values[bad], index: Geometry.index(ofOffset: bad, in: mask.shape))
            }
        }
        return try packedScores(mask, name: "mask", as: T.self)
    }

    /// The row-major offset `offset` as an index into `shape`.
    private static func index(ofOffset offset: Int, in shape: [Int]) -> [Int] {
        var rest = offset
        var index = [Int](repeating: 0, count: shape.count)
        for axis in stride(from: shape.count - 1, through: 0, by: -1) where shape[axis] > 0 {
            index[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return index
    }

    /// The additive bias as the kernels take it (see `packedScores`), in
    /// `T`; nil when there is none. Any value is accepted: −inf excludes a key.
    func packedBias<T: KernelScalar>(_ bias: Tensor?, as _: T.Type) throws(CoreError) -> ([T]?, Int) {
        guard let bias else { return (nil, 0) }
        return try packedScores(bias, name: "bias", as: T.self)
    }

    /// A tensor laid over the scores (a mask or a bias), as the kernels take
    /// it: an Lq×Lk block per (batch, head) and the stride between blocks.
    /// One that is the same for every batch entry and head (shape [Lq, Lk]
    /// or broadcasting to it) is one block with stride 0, so it is never
    /// copied batch·heads times; one already of shape [Lq, Lk] is not copied
    /// at all.
    private func packedScores<T: KernelScalar>(_ t: Tensor, name: String, as _: T.Type) throws(CoreError) -> ([T], Int) {
        let userTarget = batchShape + (heads > 1 ? [heads] : []) + [lq, lk]
        let joined = try? Tensor.broadcastShape(t.shape, userTarget)
        guard joined == userTarget else {
            throw CoreError.shapeMismatch("\(name) of shape \(Tensor.describe(shape: t.shape)) does not broadcast to the scores' shape \(Tensor.describe(shape: userTarget)) ([batch..., (heads,) Lq, Lk])")
        }
        if t.shape.dropLast(2).allSatisfy({ $0 == 1 }) {
            return (try t.reshape(Array(t.shape.suffix(2))).broadcast(to: [lq, lk]).elements(as: T.self), 0)
        }
        // Per (batch, head) blocks, in the order t = batch·heads + head.
        return (try t.broadcast(to: userTarget).elements(as: T.self), lq * lk)
    }
}
