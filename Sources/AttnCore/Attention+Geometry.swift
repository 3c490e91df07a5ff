/// The shapes of one attention call, checked once: batch axes, lengths,
/// widths and heads, with offsets into the contiguous operands.
struct Geometry {
    let batchShape: [Int]
    let batchCount: Int
    let lq: Int, lk: Int
    /// Model (query/key) width and value width.
    let d: Int, dv: Int
    let heads: Int
    /// Query/key width of one head, d / heads.
    let headWidth: Int
    /// True when Q was a single query vector (its Lq axis is dropped from results).
    let vectorQuery: Bool
    /// True when V was a vector of Lk values (a column; its axis is dropped
    /// from the output, as numpy.matmul drops it in weights @ V).
    let vectorValue: Bool
    private let qStrides: [Int], kStrides: [Int], vStrides: [Int]

    init(q: Tensor, k: Tensor, v: Tensor?, heads: Int) throws(CoreError) {
        guard q.rank >= 1, k.rank >= 2 || (k.rank >= 1 && q.rank == 1) else {
            throw CoreError.shapeMismatch("attention needs Q of rank ≥ 1 and K of rank ≥ 2 ([keys, width]); got Q \(Tensor.describe(shape: q.shape)), K \(Tensor.describe(shape: k.shape))")
        }
        let k2 = k.rank == 1 ? [1] + k.shape : k.shape
        vectorQuery = q.rank == 1
        let q2 = vectorQuery ? [1] + q.shape : q.shape
        lq = q2[q2.count - 2]
        d = q2[q2.count - 1]
        lk = k2[k2.count - 2]
        guard k2[k2.count - 1] == d else {
            throw CoreError.shapeMismatch("Q and K must have the same width: Q \(Tensor.describe(shape: q.shape)) has \(d), K \(Tensor.describe(shape: k.shape)) has \(k2[k2.count - 1]) (did you pass Kᵀ instead of K?)")
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
            dv = v2[v2.count - 1]
        } else {
            dv = d
        }
        guard heads >= 1 else { throw CoreError.invalidArgument("heads must be ≥ 1, got \(heads)") }
        guard d % heads == 0 else {
            throw CoreError.shapeMismatch("heads: \(heads) does not divide the model width \(d) of Q and K")
        }
        guard dv % heads == 0 else {
            throw CoreError.shapeMismatch("heads: \(heads) does not divide the value width \(dv) of V")
        }
        self.heads = heads
        headWidth = d / heads
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
    func kOffset(_ b: Int) -> Int { offset(b, kStrides) * lk * d }
    func vOffset(_ b: Int) -> Int { offset(b, vStrides) * lk * dv }

    /// Q, K and V copied per (batch, head) into contiguous blocks, in the
    /// order t = batch·heads + head: Q blocks are Lq×(d/heads), K blocks
    /// Lk×(d/heads), V blocks Lk×(dv/heads). One O((Lq+Lk)·d) copy, which
    /// lets the kernels see every head as a plain row-major matrix.
    /// Sizes are checked against the limits and the memory budget first
    /// (broadcast batch axes can make the copies larger than the operands);
    /// polls `Interrupt` per batch entry.
    func pack(q: Tensor, k: Tensor, v: Tensor?) throws(CoreError) -> (q: [Double], k: [Double], v: [Double]) {
        let dh = headWidth, dvh = dv / heads
        let qCount = try Tensor.checkedCount(batchShape + [heads, lq, dh])
        let kCount = try Tensor.checkedCount(batchShape + [heads, lk, dh])
        let vCount = v == nil ? 0 : try Tensor.checkedCount(batchShape + [heads, lk, dvh])
        try MemoryBudget.check(count: qCount + kCount + vCount, shape: batchShape + [heads, lq + 2 * lk, dh])
        var pq = [Double](repeating: 0, count: qCount)
        var pk = [Double](repeating: 0, count: kCount)
        var pv = [Double](repeating: 0, count: vCount)
        for b in 0..<batchCount {
            try Interrupt.check()
            let (qo, ko, vo) = (qOffset(b), kOffset(b), v == nil ? 0 : vOffset(b))
            for h in 0..<heads {
                let t = b * heads + h
                for i in 0..<lq {
                    for p in 0..<dh { pq[(t * lq + i) * dh + p] = q.scalars[qo + i * d + h * dh + p] }
                }
                for j in 0..<lk {
                    for p in 0..<dh { pk[(t * lk + j) * dh + p] = k.scalars[ko + j * d + h * dh + p] }
                }
                if let v {
                    for j in 0..<lk {
                        for p in 0..<dvh { pv[(t * lk + j) * dvh + p] = v.scalars[vo + j * dv + h * dvh + p] }
                    }
                }
            }
        }
        return (pq, pk, pv)
    }

    /// The mask as the kernels take it: an Lq×Lk block per (batch, head)
    /// and the stride between blocks (see `packedScores`); nil when there is
    /// no mask. Every entry must be 0 or 1: anything else (an additive float
    /// mask such as −1e9, NaN) throws `CoreError.nonBooleanMask` naming the
    /// first offending entry, since reading it as "nonzero may attend" would
    /// silently attend the wrong keys.
    func packedMask(_ mask: Tensor?) throws(CoreError) -> ([Double]?, Int) {
        guard let mask else { return (nil, 0) }
        let packed = try packedScores(mask, name: "mask")
        if let bad = mask.scalars.firstIndex(where: { $0 != 0 && $0 != 1 }) {
            throw CoreError.nonBooleanMask(value: mask.scalars[bad], index: Geometry.index(ofOffset: bad, in: mask.shape))
        }
        return packed
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

    /// The additive bias as the kernels take it (see `packedScores`); nil
    /// when there is none. Any value is accepted: −inf excludes a key.
    func packedBias(_ bias: Tensor?) throws(CoreError) -> ([Double]?, Int) {
        guard let bias else { return (nil, 0) }
        return try packedScores(bias, name: "bias")
    }

    /// A tensor laid over the scores (a mask or a bias), as the kernels take
    /// it: an Lq×Lk block per (batch, head) and the stride between blocks.
    /// One that is the same for every batch entry and head (shape [Lq, Lk]
    /// or broadcasting to it) is one block with stride 0, so it is never
    /// copied batch·heads times; one already of shape [Lq, Lk] is not copied
    /// at all.
    private func packedScores(_ t: Tensor, name: String) throws(CoreError) -> ([Double], Int) {
        let userTarget = batchShape + (heads > 1 ? [heads] : []) + [lq, lk]
        let joined = try? Tensor.broadcastShape(t.shape, userTarget)
        guard joined == userTarget else {
            throw CoreError.shapeMismatch("\(name) of shape \(Tensor.describe(shape: t.shape)) does not broadcast to the scores' shape \(Tensor.describe(shape: userTarget)) ([batch..., (heads,) Lq, Lk])")
        }
        if t.shape.dropLast(2).allSatisfy({ $0 == 1 }) {
            return (try t.reshape(Array(t.shape.suffix(2))).broadcast(to: [lq, lk]).scalars, 0)
        }
        // Per (batch, head) blocks, in the order t = batch·heads + head.
        return (try t.broadcast(to: userTarget).scalars, lq * lk)
    }
}
