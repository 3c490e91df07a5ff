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

    /// Applies `f` to every element.
    @inlinable
    public func map(_ f: (Double) -> Double) -> Tensor {
        Tensor(unchecked: shape, scalars.map(f))
    }

    /// Combines two tensors element by element after broadcasting them.
    public static func zip(_ a: Tensor, _ b: Tensor, _ f: (Double, Double) -> Double) throws(CoreError) -> Tensor {
        if a.shape == b.shape {
            var out = [Double](repeating: 0, count: a.count)
            a.scalars.withUnsafeBufferPointer { x in
                b.scalars.withUnsafeBufferPointer { y in
                    for i in 0..<x.count { out[i] = f(x[i], y[i]) }
                }
            }
            return Tensor(unchecked: a.shape, out)
        }
        let shape = try broadcastShape(a.shape, b.shape)
        let count = try checkedCount(shape)
        if b.count == 1 && b.rank <= a.rank, let y = b.scalarValue {
            return Tensor(unchecked: shape, a.scalars.map { f($0, y) })
        }
        if a.count == 1 && a.rank <= b.rank, let x = a.scalarValue {
            return Tensor(unchecked: shape, b.scalars.map { f(x, $0) })
        }
        var out = [Double](repeating: 0, count: count)
        if count == 0 { return Tensor(unchecked: shape, out) }
        let sa = broadcastStrides(a.shape, to: shape)
        let sb = broadcastStrides(b.shape, to: shape)
        var index = [Int](repeating: 0, count: shape.count)
        var ia = 0, ib = 0
        a.scalars.withUnsafeBufferPointer { x in
            b.scalars.withUnsafeBufferPointer { y in
                for n in 0..<count {
                    out[n] = f(x[ia], y[ib])
                    // Odometer increment over the result index.
                    var axis = shape.count - 1
                    while axis >= 0 {
                        index[axis] += 1
                        ia += sa[axis]
                        ib += sb[axis]
                        if index[axis] < shape[axis] { break }
                        ia -= sa[axis] * shape[axis]
                        ib -= sb[axis] * shape[axis]
                        index[axis] = 0
                        axis -= 1
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
        return try Tensor.zip(self, Tensor(repeating: 0, shape: target)) { x, _ in x }
    }
}
