/// Elementwise operations with numpy's broadcasting rules: shapes are aligned
/// at their last axis; two lengths fit when they are equal or one of them is
/// 1; a missing leading axis counts as 1.
extension Tensor {
    /// The shape two operands broadcast to, or an error naming both shapes.
    public static func broadcastShape(_ a: [Int], _ b: [Int]) throws(CoreError) -> [Int] {
        let rank = max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let x = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let y = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            if x == y || y == 1 {
                result[i] = x
            } else if x == 1 {
                result[i] = y
            } else {
                throw CoreError.shapeMismatch(
                    "operands could not be broadcast together with shapes \(describe(shape: a)) and \(describe(shape: b))")
            }
        }
        return result
    }

    /// Strides (in elements) that read `shape` as if it had `target`'s shape:
    /// broadcast axes get stride 0.
    static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        let own = strides(for: shape)
        let offset = target.count - shape.count
        return (0..<target.count).map { i in
            i < offset || shape[i - offset] == 1 ? 0 : own[i - offset]
        }
    }

    /// Applies `f` to every element. Polls `Interrupt` between blocks.
    public func map(_ f: (Double) -> Double) throws(CoreError) -> Tensor {
        _ = try Tensor.checkedCount(shape)
        let out = try scalars.withUnsafeBufferPointer { x throws(CoreError) in
            try Tensor.buildScalars(x.count) { o, r in for i in r { o[i] = f(x[i]) } }
        }
        return Tensor(unchecked: shape, out)
    }

    /// Combines two tensors element by element after broadcasting them.
    /// Polls `Interrupt` between blocks.
    public static func zip(_ a: Tensor, _ b: Tensor, _ f: (Double, Double) -> Double) throws(CoreError) -> Tensor {
        let shape = a.shape == b.shape ? a.shape : try broadcastShape(a.shape, b.shape)
        let count = try checkedCount(shape)
        let out = try a.scalars.withUnsafeBufferPointer { x throws(CoreError) in
            try b.scalars.withUnsafeBufferPointer { y throws(CoreError) in
                if a.shape == b.shape {
                    return try buildScalars(count) { o, r in for i in r { o[i] = f(x[i], y[i]) } }
                } else if b.count == 1 && b.rank <= a.rank {
                    let v = y[0]
                    return try buildScalars(count) { o, r in for i in r { o[i] = f(x[i], v) } }
                } else if a.count == 1 && a.rank <= b.rank {
                    let v = x[0]
                    return try buildScalars(count) { o, r in for i in r { o[i] = f(v, y[i]) } }
                }
                var walk = StridedWalk(shape, a.shape, b.shape)
                return try buildScalars(count) { o, r in
                    for n in r {
                        o[n] = f(x[walk.a], y[walk.b])
                        walk.advance()
                    }
                }
            }
        }
        return Tensor(unchecked: shape, out)
    }

    /// This tensor broadcast to `target` (copied out), or a shape error.
    public func broadcast(to target: [Int]) throws(CoreError) -> Tensor {
        if shape == target { return self }
        let joined = try Tensor.broadcastShape(shape, target)
        guard joined == target else {
            throw CoreError.shapeMismatch("cannot broadcast shape \(Tensor.describe(shape: shape)) to \(Tensor.describe(shape: target))")
        }
        let count = try Tensor.checkedCount(target)
        var walk = StridedWalk(target, strides: Tensor.broadcastStrides(shape, to: target))
        let out = try scalars.withUnsafeBufferPointer { x throws(CoreError) in
            try Tensor.buildScalars(count) { o, r in
                for n in r {
                    o[n] = x[walk.a]
                    walk.advance()
                }
            }
        }
        return Tensor(unchecked: target, out)
    }
}

/// An odometer over the row-major index of a result of shape `shape`, with
/// the offsets `a` and `b` it reads in up to two operands laid over that
/// shape by strides (in elements; a broadcast axis has stride 0). The one
/// walk behind broadcasting, transposition and slicing.
struct StridedWalk {
    private let shape: [Int]
    private let sa: [Int], sb: [Int]
    private var index: [Int]
    /// Offsets into the first and second operand for the current element.
    private(set) var a: Int, b: Int

    /// Operands of shapes `aShape` and `bShape` broadcast to `shape`.
    init(_ shape: [Int], _ aShape: [Int], _ bShape: [Int]) {
        self.init(shape, strides: Tensor.broadcastStrides(aShape, to: shape), Tensor.broadcastStrides(bShape, to: shape))
    }

    /// Operands read with these strides from these starting offsets (a
    /// second operand that is absent has all-zero strides).
    init(_ shape: [Int], strides sa: [Int], _ sb: [Int]? = nil, start: Int = 0) {
        self.shape = shape
        self.sa = sa
        self.sb = sb ?? [Int](repeating: 0, count: shape.count)
        index = [Int](repeating: 0, count: shape.count)
        a = start
        b = 0
    }

    /// Moves to the next element in row-major order.
    @inline(__always)
    mutating func advance() {
        var axis = shape.count - 1
        while axis >= 0 {
            index[axis] += 1
            a += sa[axis]
            b += sb[axis]
            if index[axis] < shape[axis] { return }
            a -= sa[axis] * shape[axis]
            b -= sb[axis] * shape[axis]
            index[axis] = 0
            axis -= 1
        }
    }
}

extension Tensor {
    /// numpy.where(condition, a, b): a where the condition is nonzero (nan
    /// counts as nonzero), else b, with all three broadcast together.
    public static func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor) throws(CoreError) -> Tensor {
        let shape = try broadcastShape(try broadcastShape(condition.shape, a.shape), b.shape)
        // The result's size is checked before the operands are expanded.
        let count = try checkedCount(shape)
        let c = try condition.broadcast(to: shape), yes = try a.broadcast(to: shape), no = try b.broadcast(to: shape)
        let out = try c.scalars.withUnsafeBufferPointer { c throws(CoreError) in
            try yes.scalars.withUnsafeBufferPointer { y throws(CoreError) in
                try no.scalars.withUnsafeBufferPointer { n throws(CoreError) in
                    try buildScalars(count) { o, r in for i in r { o[i] = c[i] != 0 ? y[i] : n[i] } }
                }
            }
        }
        return Tensor(unchecked: shape, out)
    }
}
