/// Matrix products with numpy's semantics.
extension Tensor {
    /// numpy.matmul (the `@` operator).
    ///
    /// - Both operands must have rank ≥ 1 (a scalar is an error, as in numpy).
    /// - A vector on the left is a 1×n row, on the right an n×1 column; the
    ///   added axis is removed from the result.
    /// - Above rank 2 the leading axes are batch axes and broadcast.
    /// - The inner lengths must agree: `a.shape[-1] == b.shape[-2]`.
    /// - Polls `Interrupt` between GEMM blocks and between batch entries.
    public static func matmul(_ a: Tensor, _ b: Tensor) throws(CoreError) -> Tensor {
        guard a.rank >= 1 && b.rank >= 1 else {
            throw CoreError.shapeMismatch("matmul needs operands of rank 1 or more, got shapes \(describe(shape: a.shape)) and \(describe(shape: b.shape)) (use * to scale by a scalar)")
        }
        let aShape = a.rank == 1 ? [1, a.shape[0]] : a.shape
        let bShape = b.rank == 1 ? [b.shape[0], 1] : b.shape
        let m = aShape[aShape.count - 2], k = aShape[aShape.count - 1]
        let k2 = bShape[bShape.count - 2], n = bShape[bShape.count - 1]
        guard k == k2 else {
            throw CoreError.shapeMismatch("matmul: inner dimensions differ: \(describe(shape: a.shape)) @ \(describe(shape: b.shape)) (\(k) ≠ \(k2))")
        }
        let batchA = Array(aShape.dropLast(2)), batchB = Array(bShape.dropLast(2))
        let batch = try broadcastShape(batchA, batchB)
        var outShape = batch + [m, n]
        _ = try checkedCount(outShape)
        let batchCount = batch.reduce(1, *)
        var out = [Double](repeating: 0, count: batchCount * m * n)
        // Offsets of each batch's matrix inside a and b, honouring broadcasting.
        let sa = broadcastStrides(batchA, to: batch), sb = broadcastStrides(batchB, to: batch)
        let batchStrides = strides(for: batch)
        a.scalars.withUnsafeBufferPointer { pa in
            b.scalars.withUnsafeBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { pc in
                    guard let baseA = pa.baseAddress, let baseB = pb.baseAddress, let baseC = pc.baseAddress else { return }
                    for t in 0..<batchCount {
                        var offA = 0, offB = 0, rest = t
                        for axis in 0..<batch.count {
                            let i = rest / batchStrides[axis]
                            rest %= batchStrides[axis]
                            offA += i * sa[axis]
                            offB += i * sb[axis]
                        }
                        // The GEMM stops early when interrupted; the check
                        // below then discards its partial result.
                        if Interrupt.isRequested { break }
                        Kernels.gemm(baseA + offA * m * k, baseB + offB * k * n, baseC + t * m * n, m: m, n: n, k: k)
                    }
                }
            }
        }
        try Interrupt.check()
        if a.rank == 1 { outShape.remove(at: outShape.count - 2) }
        if b.rank == 1 { outShape.removeLast() }
        return Tensor(unchecked: outShape, out)
    }

    /// numpy.dot.
    ///
    /// - A scalar operand multiplies elementwise.
    /// - vector · vector is the inner product (a scalar); matrix · vector,
    ///   vector · matrix and matrix · matrix are matrix products.
    /// - Above rank 2: a sum product over the last axis of `a` and the
    ///   second-to-last of `b`: dot(a, b)[i,j,k,m] = Σ a[i,j,:]·b[k,:,m].
    public static func dot(_ a: Tensor, _ b: Tensor) throws(CoreError) -> Tensor {
        if a.isScalar || b.isScalar { return try zip(a, b, *) }
        if a.rank <= 2 && b.rank <= 2 {
            guard a.shape[a.rank - 1] == b.shape[0] else {
                throw CoreError.shapeMismatch("dot: shapes \(describe(shape: a.shape)) and \(describe(shape: b.shape)) not aligned: \(a.shape[a.rank - 1]) (last axis of the first) ≠ \(b.shape[0]) (\(b.rank == 1 ? "length" : "first axis") of the second)")
            }
            return try matmul(a, b)
        }
        // General case: contract a's last axis with b's second-to-last.
        let k = a.shape[a.rank - 1]
        let kb = b.rank == 1 ? b.shape[0] : b.shape[b.rank - 2]
        guard k == kb else {
            throw CoreError.shapeMismatch("dot: shapes \(describe(shape: a.shape)) and \(describe(shape: b.shape)) not aligned: \(k) ≠ \(kb)")
        }
        let aRows = a.shape.dropLast().reduce(1, *)
        let a2 = Tensor(sharing: a, shape: [aRows, k])
        if b.rank == 1 {
            let product = try matmul(a2, Tensor(sharing: b, shape: [k, 1]))
            return Tensor(sharing: product, shape: Array(a.shape.dropLast()))
        }
        // Move b's contracted axis to the front: b as [k, rest...].
        let bPerm = try b.moveAxis(b.rank - 2, to: 0)
        let restCount = b.shape.enumerated().filter { $0.offset != b.rank - 2 }.reduce(1) { $0 * $1.element }
        let b2 = Tensor(sharing: bPerm, shape: [k, restCount])
        let product = try matmul(a2, b2)
        var bRest = b.shape
        bRest.remove(at: b.rank - 2)
        let outShape = Array(a.shape.dropLast()) + bRest
        _ = try checkedCount(outShape)
        return Tensor(sharing: product, shape: outShape)
    }

    /// The outer product of two tensors, flattened first as numpy.outer does:
    /// out[i, j] = a.flat[i] · b.flat[j].
    public static func outer(_ a: Tensor, _ b: Tensor) throws(CoreError) -> Tensor {
        let shape = [a.count, b.count]
        let count = try checkedCount(shape)
        var out = [Double](repeating: 0, count: count)
        var sincePoll = 0
        let x = a.scalars, y = b.scalars
        for i in 0..<a.count {
            for j in 0..<b.count { out[i * b.count + j] = x[i] * y[j] }
            sincePoll += b.count
            if sincePoll >= Interrupt.pollInterval {
                sincePoll = 0
                try Interrupt.check()
            }
        }
        return Tensor(unchecked: shape, out)
    }

    /// The last two axes swapped (`.T` in attn). A scalar or a vector is
    /// returned as it is. (numpy's `.T` reverses every axis; attn's swaps the
    /// last two, so that a batch of matrices transposes matrix by matrix.)
    public var transposed: Tensor {
        get throws(CoreError) { rank < 2 ? self : try moveAxis(rank - 1, to: rank - 2) }
    }

    /// The tensor with axis `from` moved to position `to` (numpy.moveaxis),
    /// copied into row-major order. Both axes must be valid.
    public func moveAxis(_ from: Int, to: Int) throws(CoreError) -> Tensor {
        if from == to || rank < 2 { return self }
        var order = Array(0..<rank)
        order.remove(at: from)
        order.insert(from, at: to)
        return try permuted(order)
    }

    /// The tensor with its axes reordered: result axis i is this tensor's
    /// axis `order[i]` (numpy.transpose with axes). `order` must be a
    /// permutation of 0..<rank. Polls `Interrupt` between blocks.
    public func permuted(_ order: [Int]) throws(CoreError) -> Tensor {
        let newShape = order.map { shape[$0] }
        let count = try Tensor.checkedCount(newShape)
        let own = strides
        let srcStrides = order.map { own[$0] }
        var walk = StridedWalk(newShape, strides: srcStrides)
        let out = try scalars.withUnsafeBufferPointer { x throws(CoreError) in
            try Tensor.buildScalars(count) { o, r in
                for n in r {
                    o[n] = x[walk.a]
                    walk.advance()
                }
            }
        }
        return Tensor(unchecked: newShape, out)
    }
}
