/// How the numpy streams fill tensors: the size checked before anything is
/// allocated, then the elements drawn in row-major order, in blocks with a
/// poll for Ctrl-C between them (`Tensor.buildElements`). A draw that is
/// interrupted throws `CoreError.interrupted` and leaves its stream
/// advanced past the values it drew; nothing is returned.
extension Tensor {
    /// A tensor of `shape` whose elements `fill(out, range)` draws.
    static func drawn<T: TensorElement>(
        _ shape: [Int], _ fill: (_ out: UnsafeMutablePointer<T>, _ range: Range<Int>) -> Void
    ) throws(CoreError) -> Tensor {
        let count = try checkedCount(shape, dtype: T.dtype)
        return Tensor(unchecked: shape, elements: try buildElements(count, fill))
    }

    /// A float64 tensor of `shape`, each element `next()`.
    static func drawnDoubles(_ shape: [Int], _ next: () -> Double) throws(CoreError) -> Tensor {
        try drawn(shape) { (out: UnsafeMutablePointer<Double>, range) in
            for i in range { out[i] = next() }
        }
    }

    /// numpy's two-parameter draws with array parameters (`cont` and its
    /// `cont_broadcast_2` in numpy/random/_common.pyx): the result has
    /// `shape` when one is given (the parameters must broadcast to it), else
    /// the parameters' broadcast shape; element i is `next(a[i], b[i])` in
    /// row-major order, one draw each.
    static func drawnDoubles(
        _ shape: [Int]?, _ a: Tensor, _ b: Tensor, _ next: (Double, Double) -> Double
    ) throws(CoreError) -> Tensor {
        let target: [Int]
        if let shape {
            let together = try numpyBroadcast([shape, a.shape, b.shape])
            guard together == shape else {
                throw CoreError.shapeMismatch(
                    "Output size \(pythonTuple(shape)) is not compatible with broadcast dimensions of inputs \(pythonTuple(together)).")
            }
            target = shape
        } else {
            target = try numpyBroadcast([a.shape, b.shape])
        }
        _ = try checkedCount(target)
        let first = try a.broadcast(to: target).scalars
        let second = try b.broadcast(to: target).scalars
        return try drawn(target) { (out: UnsafeMutablePointer<Double>, range) in
            for i in range { out[i] = next(first[i], second[i]) }
        }
    }

    /// The broadcast shape of `shapes`, or numpy's error naming the two
    /// arguments that disagree (numpy's `PyArray_Broadcast`: output axes
    /// from the outermost, each taking the first length other than 1).
    static func numpyBroadcast(_ shapes: [[Int]]) throws(CoreError) -> [Int] {
        let rank = shapes.map(\.count).max() ?? 0
        var result = [Int](repeating: 1, count: rank)
        for axis in 0..<rank {
            var source = 0
            for (j, shape) in shapes.enumerated() {
                let k = axis + shape.count - rank
                guard k >= 0, shape[k] != 1 else { continue }
                if result[axis] == 1 {
                    result[axis] = shape[k]
                    source = j
                } else if result[axis] != shape[k] {
                    throw CoreError.shapeMismatch(
                        "shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between arg \(source) "
                        + "with shape \(pythonTuple(shapes[source])) and arg \(j) with shape \(pythonTuple(shape)).")
                }
            }
        }
        return result
    }

    /// A shape as Python writes a tuple: (3,), (2, 3), ().
    static func pythonTuple(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}

extension Array {
    /// numpy's shuffles (`RandomState.shuffle`, `Generator.shuffle`, and the
    /// permutations built on them): Fisher–Yates from the end, swapping
    /// position i with a position j in [0, i] drawn by `draw(i)`, for
    /// i = count − 1 down to 1. Polls `Interrupt` every 64 Ki swaps.
    mutating func fisherYates(_ draw: (_ i: Int) -> Int) throws(CoreError) {
        guard count > 1 else { return }
        for i in stride(from: count - 1, through: 1, by: -1) {
            let j = draw(i)
            if i != j { swapAt(i, j) }
            if i % Interrupt.pollInterval == 0 { try Interrupt.check() }
        }
    }
}

extension Tensor {
    /// numpy's `a.take(indices, axis)` for in-range indices: the slices of
    /// `axis` at `indices`, in order, with `indexShape` (whose element count
    /// is `indices.count`) in place of the axis. Same dtype.
    func taking(_ indices: [Int], indexShape: [Int], axis: Int) throws(CoreError) -> Tensor {
        let inner = shape[(axis + 1)...].reduce(1, *)
        let length = shape[axis]
        let picks = indices.count
        let outShape = Array(shape[..<axis]) + indexShape + Array(shape[(axis + 1)...])
        let count = try Tensor.checkedCount(outShape, dtype: dtype)
        func gather<T: TensorElement>(_ a: [T]) throws(CoreError) -> [T] {
            try Tensor.buildElements(count) { out, range in
                for e in range {
                    let block = e / inner
                    let (o, k) = block.quotientAndRemainder(dividingBy: picks)
                    out[e] = a[(o * length + indices[k]) * inner + e % inner]
                }
            }
        }
        switch storage {
        case .float64(let a): return Tensor(unchecked: outShape, storage: .float64(try gather(a)))
        case .float32(let a): return Tensor(unchecked: outShape, storage: .float32(try gather(a)))
        case .int64(let a): return Tensor(unchecked: outShape, storage: .int64(try gather(a)))
        case .int32(let a): return Tensor(unchecked: outShape, storage: .int32(try gather(a)))
        case .bool(let a): return Tensor(unchecked: outShape, storage: .bool(try gather(a)))
        }
    }
}
