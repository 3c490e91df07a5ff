/// Matrix products with numpy's semantics.
extension Tensor {
    /// numpy.matmul (the `@` operator).
    ///
    /// - Both operands must have rank ≥ 1 (a scalar is an error, as in numpy).
    /// - A vector on the left is a 1×n row, on the right an n×1 column; the
    ///   added axis is removed from the result.
    /// - Above rank 2 the leading axes are batch axes and broadcast.
    /// - The inner lengths must agree: `a.shape[-1] == b.shape[-2]`.
    /// - The result dtype is numpy's (`DType.promoted`): float32 @ float32 is
    ///   the float32 GEMM (accumulating in float32, as OpenBLAS's sgemm;
    ///   accuracy on the float32 `Kernels.gemm`), anything with float64 the
    ///   float64 GEMM, integers a plain loop that wraps like numpy's int64
    ///   (or int32) arithmetic, bool @ bool "any a and b" as numpy.
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
        let dtype = DType.promoted(a.dtype, b.dtype)
        _ = try checkedCount(outShape, dtype: dtype)
        let product = MatrixProduct(
            m: m, n: n, k: k, batch: batch,
            aStrides: broadcastStrides(batchA, to: batch), bStrides: broadcastStrides(batchB, to: batch))
        let storage: TensorStorage
        switch dtype {
        case .float64: storage = .float64(try product.floating(a.elements(as: Double.self), b.elements(as: Double.self)))
        case .float32: storage = .float32(try product.floating(a.elements(as: Float.self), b.elements(as: Float.self)))
        case .int64:
            storage = .int64(try product.integer(
                a.converted(to: .int64).storage.int64Elements, b.converted(to: .int64).storage.int64Elements))
        case .int32:
            storage = .int32(try product.integer(
                a.converted(to: .int32).storage.int32Elements, b.converted(to: .int32).storage.int32Elements))
        case .bool:
            storage = .bool(try product.boolean(a.storage.boolElements, b.storage.boolElements))
        }
        if a.rank == 1 { outShape.remove(at: outShape.count - 2) }
        if b.rank == 1 { outShape.removeLast() }
        return Tensor(unchecked: outShape, storage: storage)
    }

    /// numpy.dot, in matmul's result dtype.
    ///
    /// - A scalar operand multiplies elementwise.
    /// - vector · vector is the inner product (a scalar); matrix · vector,
    ///   vector · matrix and matrix · matrix are matrix products.
    /// - Above rank 2: a sum product over the last axis of `a` and the
    ///   second-to-last of `b`: dot(a, b)[i,j,k,m] = Σ a[i,j,:]·b[k,:,m].
    public static func dot(_ a: Tensor, _ b: Tensor) throws(CoreError) -> Tensor {
        if a.isScalar || b.isScalar {
            // Scalar times tensor: `outer` multiplies every pair in the product dtype.
            return Tensor(sharing: try outer(a, b), shape: a.isScalar ? b.shape : a.shape)
        }
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
    /// out[i, j] = a.flat[i] · b.flat[j], in the product dtype of matmul
    /// (float32 · float32 is float32, integers wrap, bool · bool is `and`).
    public static func outer(_ a: Tensor, _ b: Tensor) throws(CoreError) -> Tensor {
        let shape = [a.count, b.count]
        let dtype = DType.promoted(a.dtype, b.dtype)
        let count = try checkedCount(shape, dtype: dtype)
        func build<E: BitwiseCopyable>(_ x: [E], _ y: [E], _ times: (E, E) -> E) throws(CoreError) -> [E] {
            let n = y.count
            return try buildElements(count) { o, r in
                for index in r { o[index] = times(x[index / n], y[index % n]) }
            }
        }
        let storage: TensorStorage
        switch dtype {
        case .float64: storage = .float64(try build(a.elements(as: Double.self), b.elements(as: Double.self), *))
        case .float32: storage = .float32(try build(a.elements(as: Float.self), b.elements(as: Float.self), *))
        case .int64:
            storage = .int64(try build(
                a.converted(to: .int64).storage.int64Elements, b.converted(to: .int64).storage.int64Elements, &*))
        case .int32:
            storage = .int32(try build(
                a.converted(to: .int32).storage.int32Elements, b.converted(to: .int32).storage.int32Elements, &*))
        case .bool: storage = .bool(try build(a.storage.boolElements, b.storage.boolElements) { $0 && $1 })
        }
        return Tensor(unchecked: shape, storage: storage)
    }

    /// The last two axes swapped (`.T` in attn). A scalar or a vector is
    /// returned as it is. (numpy's `.T` reverses every axis; attn's swaps the
    /// last two, so that a batch of matrices transposes matrix by matrix.)
    public var transposed: Tensor {
        get throws(CoreError) { rank < 2 ? self : try moveAxis(rank - 1, to: rank - 2) }
    }

    /// The tensor with axis `from` moved to position `to` (numpy.moveaxis),
    /// copied into row-major order (below rank 2, the tensor itself). Both
    /// axes are 0-based and must be in 0..<rank, else `CoreError.badAxis`
    /// (callers normalize negative axes first; the check keeps a slip from
    /// reading out of bounds in this module's -Ounchecked release build).
    public func moveAxis(_ from: Int, to: Int) throws(CoreError) -> Tensor {
        if from == to || rank < 2 { return self }
        for axis in [from, to] where !(0..<rank).contains(axis) {
            throw CoreError.badAxis(axis: axis, rank: rank)
        }
        var order = Array(0..<rank)
        order.remove(at: from)
        order.insert(from, at: to)
        return try permuted(order)
    }

    /// The tensor with its axes reordered: result axis i is this tensor's
    /// axis `order[i]` (numpy.transpose with axes), in its own dtype.
    /// `order` must be a permutation of 0..<rank, else `CoreError.badAxis`
    /// names the first axis that is out of range or repeated. Polls
    /// `Interrupt` between blocks.
    public func permuted(_ order: [Int]) throws(CoreError) -> Tensor {
        var seen = [Bool](repeating: false, count: rank)
        for axis in order {
            guard (0..<rank).contains(axis), !seen[axis] else { throw CoreError.badAxis(axis: axis, rank: rank) }
            seen[axis] = true
        }
        if order.count != rank { throw CoreError.badAxis(axis: order.count, rank: rank) }
        let newShape = order.map { shape[$0] }
        let count = try Tensor.checkedCount(newShape, dtype: dtype)
        let own = strides
        let srcStrides = order.map { own[$0] }
        func gather<E: BitwiseCopyable>(_ elements: [E]) throws(CoreError) -> [E] {
            var walk = StridedWalk(newShape, strides: srcStrides)
            return try elements.withUnsafeBufferPointer { x throws(CoreError) in
                try Tensor.buildElements(count) { o, r in
                    for n in r {
                        o[n] = x[walk.a]
                        walk.advance()
                    }
                }
            }
        }
        let storage: TensorStorage
        switch self.storage {
        case .float64(let x): storage = .float64(try gather(x))
        case .float32(let x): storage = .float32(try gather(x))
        case .int64(let x): storage = .int64(try gather(x))
        case .int32(let x): storage = .int32(try gather(x))
        case .bool(let x): storage = .bool(try gather(x))
        }
        return Tensor(unchecked: newShape, storage: storage)
    }
}

/// One (batched, broadcast) matrix product of `Tensor.matmul`: C[t] =
/// A[t]·B[t] for every batch index t, A m×k and B k×n.
private struct MatrixProduct {
    let m: Int, n: Int, k: Int
    /// The broadcast batch shape, and the strides (in matrices) of A's and
    /// B's batch axes within it (0 along a broadcast axis).
    let batch: [Int]
    let aStrides: [Int], bStrides: [Int]
    let batchCount: Int
    /// Row-major strides of the batch shape.
    private let batchStrides: [Int]

    init(m: Int, n: Int, k: Int, batch: [Int], aStrides: [Int], bStrides: [Int]) {
        (self.m, self.n, self.k, self.batch, self.aStrides, self.bStrides) = (m, n, k, batch, aStrides, bStrides)
        batchCount = batch.reduce(1, *)
        batchStrides = Tensor.strides(for: batch)
    }

    /// The offsets, in matrices, of batch entry t's A and B.
    func offsets(_ t: Int) -> (a: Int, b: Int) {
        var offA = 0, offB = 0, rest = t
        for axis in 0..<batch.count {
            let i = rest / batchStrides[axis]
            rest %= batchStrides[axis]
            offA += i * aStrides[axis]
            offB += i * bStrides[axis]
        }
        return (offA, offB)
    }

    /// The product in float64 or float32 with the packed GEMM (which polls
    /// `Interrupt` between blocks; a stop discards the partial result).
    func floating<T: KernelScalar>(_ a: [T], _ b: [T]) throws(CoreError) -> [T] {
        let count = batchCount * m * n
        var out = [T](repeating: 0, count: count)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { pc in
                    guard let baseA = pa.baseAddress, let baseB = pb.baseAddress, let baseC = pc.baseAddress else { return }
                    for t in 0..<batchCount {
                        let (offA, offB) = offsets(t)
                        // The GEMM stops early when interrupted; the check
                        // below then discards its partial result.
                        if Interrupt.isRequested { break }
                        Kernels.GemmEngine.gemm(
                            m: m, n: n, k: k, a: baseA + offA * m * k, rsa: k, csa: 1,
                            b: baseB + offB * k * n, rsb: n, csb: 1, c: baseC + t * m * n, ldc: n,
                            workers: Kernels.KernelThreads.available, level: .current)
                    }
                }
            }
        }
        try Interrupt.check()
        return out
    }

    /// The product of integers with numpy's wrap-around arithmetic: a plain
    /// triple loop (no speed target), polling `Interrupt` every few rows.
    func integer<I: FixedWidthInteger & BitwiseCopyable>(_ a: [I], _ b: [I]) throws(CoreError) -> [I] {
        try rows { offA, offB, row, o in
            for j in 0..<n {
                var sum: I = 0
                for p in 0..<k { sum &+= a[offA + row * k + p] &* b[offB + p * n + j] }
                o[j] = sum
            }
        }
    }

    /// The product of booleans as numpy computes it: C[i][j] is true when
    /// some p has A[i][p] and B[p][j].
    func boolean(_ a: [Bool], _ b: [Bool]) throws(CoreError) -> [Bool] {
        try rows { offA, offB, row, o in
            for j in 0..<n {
                var any = false
                for p in 0..<k where a[offA + row * k + p] && b[offB + p * n + j] {
                    any = true
                    break
                }
                o[j] = any
            }
        }
    }

    /// Builds the result row by row with `fill(aOffset, bOffset, row, out)`
    /// writing one row of n elements (offsets in elements), polling
    /// `Interrupt` about every 64 Ki multiply-adds.
    private func rows<E: BitwiseCopyable>(
        _ fill: (_ a: Int, _ b: Int, _ row: Int, _ out: UnsafeMutablePointer<E>) -> Void
    ) throws(CoreError) -> [E] {
        let rowsPerPoll = max(1, Interrupt.pollInterval / max(1, n * k))
        var failure: CoreError?
        let out = [E](unsafeUninitializedCapacity: batchCount * m * n) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            for t in 0..<batchCount {
                let (offA, offB) = offsets(t)
                for row in 0..<m {
                    if row % rowsPerPoll == 0 && Interrupt.isRequested {
                        failure = .interrupted
                        return
                    }
                    fill(offA * m * k, offB * k * n, row, base + (t * m + row) * n)
                    initialized = (t * m + row + 1) * n
                }
            }
        }
        if let failure { throw failure }
        return out
    }
}

extension TensorStorage {
    /// The elements of an int64 storage ([] for any other dtype).
    var int64Elements: [Int64] {
        if case .int64(let a) = self { return a }
        return []
    }

    /// The elements of an int32 storage ([] for any other dtype).
    var int32Elements: [Int32] {
        if case .int32(let a) = self { return a }
        return []
    }

    /// The elements of a bool storage, or every element tested against zero.
    var boolElements: [Bool] {
        if case .bool(let a) = self { return a }
        return doubles.map { $0 != 0 }
    }
}
