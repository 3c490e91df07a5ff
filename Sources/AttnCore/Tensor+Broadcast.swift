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

    /// Applies `f` to every element, in float64: the result is float64
    /// whatever this tensor's dtype (its elements are read as `scalars`).
    /// For numpy's dtype rules use `Tensor.unary`. Polls `Interrupt`
    /// between blocks.
    public func map(_ f: (Double) -> Double) throws(CoreError) -> Tensor {
        let count = try Tensor.checkedCount(shape)
        return Tensor(unchecked: shape, try Tensor.mapElements(count, scalars, f))
    }

    /// Combines two tensors element by element after broadcasting them, in
    /// float64: the result is float64 whatever the operands' dtypes. For
    /// numpy's dtype rules use `Tensor.binary`. Polls `Interrupt` between
    /// blocks.
    public static func zip(_ a: Tensor, _ b: Tensor, _ f: (Double, Double) -> Double) throws(CoreError) -> Tensor {
        let shape = a.shape == b.shape ? a.shape : try broadcastShape(a.shape, b.shape)
        let count = try checkedCount(shape)
        return try withoutActuallyEscaping(f) { f throws(CoreError) in
            Tensor(unchecked: shape, try zipElements(shape, count, a, a.scalars, b, b.scalars, ClosureKernel(f: f)))
        }
    }

    /// `f` applied to each of `count` elements of `x`, in order.
    @inline(__always)
    static func mapElements<A, R: BitwiseCopyable>(_ count: Int, _ x: [A], _ f: (A) -> R) throws(CoreError) -> [R] {
        try x.withUnsafeBufferPointer { x throws(CoreError) in
            try buildElements(count) { o, r in for i in r { o[i] = f(x[i]) } }
        }
    }

    /// The elements of `a` and `b` (given as `x` and `y`, any element
    /// types) combined by the kernel `f` after broadcasting to `shape`, which holds
    /// `count` elements (both checked by the caller). Operands of equal
    /// shape and a one-element operand take straight loops; the rest walk
    /// strides.
    @inline(__always)
    static func zipElements<K: BinaryKernel>(
        _ shape: [Int], _ count: Int, _ a: Tensor, _ x: [K.A], _ b: Tensor, _ y: [K.B], _ f: K
    ) throws(CoreError) -> [K.R] {
        try x.withUnsafeBufferPointer { x throws(CoreError) in
            try y.withUnsafeBufferPointer { y throws(CoreError) in
                if a.shape == b.shape {
                    return try buildElements(count) { o, r in for i in r { o[i] = f(x[i], y[i]) } }
                } else if b.count == 1 && b.rank <= a.rank {
                    let v = y[0]
                    return try buildElements(count) { o, r in for i in r { o[i] = f(x[i], v) } }
                } else if a.count == 1 && a.rank <= b.rank {
                    let v = x[0]
                    return try buildElements(count) { o, r in for i in r { o[i] = f(v, y[i]) } }
                }
                // The general case, a row (the last axis) at a time. Along
                // the last axis the strides are 0 (broadcast) or 1: four
                // straight loops, which the compiler can vectorise. A row
                // may be split between two blocks, so the walk over the
                // other axes carries over.
                let sa = broadcastStrides(a.shape, to: shape), sb = broadcastStrides(b.shape, to: shape)
                let length = shape.last ?? 1, lastA = sa.last ?? 0, lastB = sb.last ?? 0
                var walk = StridedWalk(Array(shape.dropLast()), strides: Array(sa.dropLast()), Array(sb.dropLast()))
                var column = 0  // position in the current row
                return try buildElements(count) { o, r in
                    var n = r.lowerBound
                    while n < r.upperBound {
                        let take = Swift.min(length - column, r.upperBound - n)
                        let i = walk.a + column * lastA, j = walk.b + column * lastB
                        if lastA == 1 && lastB == 1 {
                            for k in 0..<take { o[n + k] = f(x[i + k], y[j + k]) }
                        } else if lastA == 1 {
                            let v = y[j]
                            for k in 0..<take { o[n + k] = f(x[i + k], v) }
                        } else if lastB == 1 {
                            let v = x[i]
                            for k in 0..<take { o[n + k] = f(v, y[j + k]) }
                        } else {
                            let v = f(x[i], y[j])
                            for k in 0..<take { o[n + k] = v }
                        }
                        n += take
                        column += take
                        if column == length {
                            column = 0
                            walk.advance()
                        }
                    }
                }
            }
        }
    }

    /// This tensor broadcast to `target` (copied out, in its own dtype), or
    /// a shape error.
    public func broadcast(to target: [Int]) throws(CoreError) -> Tensor {
        if shape == target { return strong }
        let joined = try Tensor.broadcastShape(shape, target)
        guard joined == target else {
            throw CoreError.shapeMismatch("cannot broadcast shape \(Tensor.describe(shape: shape)) to \(Tensor.describe(shape: target))")
        }
        let count = try Tensor.checkedCount(target, dtype: dtype)
        let gather = StridedGather(shape: target, count: count, strides: Tensor.broadcastStrides(shape, to: target), start: 0)
        return Tensor(unchecked: target, storage: try storage.gathered(gather))
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
    /// counts as nonzero), else b, with all three broadcast together. The
    /// condition may have any dtype; the result has the promoted dtype of
    /// a and b with weak scalars taken as numpy 2 takes them
    /// (`Tensor.resultType`: `where(c, f32, 0.5)` is float32,
    /// `where(c, int32, 0.5)` float64), and is never weak.
    public static func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor) throws(CoreError) -> Tensor {
        let shape = try broadcastShape(try broadcastShape(condition.shape, a.shape), b.shape)
        let dtype = resultType(a, b)
        // The result's size is checked before the operands are expanded.
        let count = try checkedCount(shape, dtype: dtype)
        let c = try condition.broadcast(to: shape)
        let yes = try a.converted(to: dtype).broadcast(to: shape), no = try b.converted(to: dtype).broadcast(to: shape)
        switch c.storage {
        case .float64(let flags): return try chosen(shape, count, flags, yes, no)
        case .float32(let flags): return try chosen(shape, count, flags, yes, no)
        case .int64(let flags): return try chosen(shape, count, flags, yes, no)
        case .int32(let flags): return try chosen(shape, count, flags, yes, no)
        case .bool(let flags): return try chosen(shape, count, flags, yes, no)
        }
    }

    /// `select` once the operands are broadcast and of one dtype.
    private static func chosen<C: TensorElement>(
        _ shape: [Int], _ count: Int, _ flags: [C], _ yes: Tensor, _ no: Tensor
    ) throws(CoreError) -> Tensor {
        func pick<T: TensorElement>(_ y: [T], _ n: [T]) throws(CoreError) -> Tensor {
            try flags.withUnsafeBufferPointer { c throws(CoreError) in
                try y.withUnsafeBufferPointer { y throws(CoreError) in
                    try n.withUnsafeBufferPointer { n throws(CoreError) in
                        Tensor(unchecked: shape, elements: try buildElements(count) { o, r in
                            for i in r { o[i] = c[i].isNonzero ? y[i] : n[i] }
                        })
                    }
                }
            }
        }
        switch yes.storage {
        case .float64(let y): return try pick(y, try no.elements(as: Double.self))
        case .float32(let y): return try pick(y, try no.elements(as: Float.self))
        case .int64(let y): return try pick(y, try no.elements(as: Int64.self))
        case .int32(let y): return try pick(y, try no.elements(as: Int32.self))
        case .bool(let y): return try pick(y, try no.elements(as: Bool.self))
        }
    }
}
