/// Shape operations: reshape, concatenate, stack, and numpy-style basic
/// indexing (integers and slices). All keep the dtype; a reshaped tensor is
/// a view of the same storage.
extension Tensor {
    /// numpy.reshape: the same elements under `newShape`; one length may be
    /// -1 and is then inferred.
    public func reshape(_ newShape: [Int]) throws(CoreError) -> Tensor {
        var target = newShape
        let unknown = target.indices.filter { target[$0] == -1 }
        guard unknown.count <= 1 else {
            throw CoreError.invalidArgument("reshape: only one length can be -1, got \(Tensor.describe(shape: newShape))")
        }
        guard target.allSatisfy({ $0 >= -1 }) else {
            throw CoreError.invalidArgument("reshape: lengths must be ≥ 0 (or one -1), got \(Tensor.describe(shape: newShape))")
        }
        if let u = unknown.first {
            let known = target.enumerated().filter { $0.offset != u }.reduce(1) { $0 * $1.element }
            guard known > 0 && count % known == 0 else {
                throw CoreError.shapeMismatch("cannot reshape \(count) elements (shape \(Tensor.describe(shape: shape))) into \(Tensor.describe(shape: newShape))")
            }
            target[u] = count / known
        }
        guard let product = try? Tensor.elementCount(target), product == count else {
            throw CoreError.shapeMismatch("cannot reshape \(count) elements (shape \(Tensor.describe(shape: shape))) into \(Tensor.describe(shape: newShape))")
        }
        return Tensor(sharing: self, shape: target)
    }

    /// numpy.concatenate: joins tensors along an existing axis; every other
    /// length must agree. Mixed dtypes promote as numpy's concatenate does
    /// (`Tensor.resultType` of all parts, each counted as strong: int32 with
    /// float32 gives float64, bool with int32 int32).
    public static func concatenate(_ parts: [Tensor], axis: Int) throws(CoreError) -> Tensor {
        guard let first = parts.first else {
            throw CoreError.invalidArgument("concat needs at least one tensor")
        }
        guard first.rank > 0 else {
            throw CoreError.invalidArgument("concat: zero-dimensional tensors cannot be concatenated (use stack)")
        }
        let ax = try normalize(axis: axis, rank: first.rank)
        for (n, p) in parts.enumerated() {
            var same = p.rank == first.rank
            if same {
                for i in 0..<p.rank where i != ax && p.shape[i] != first.shape[i] { same = false }
            }
            guard same else {
                throw CoreError.shapeMismatch("concat along axis \(axis): tensor \(n + 1) has shape \(describe(shape: p.shape)), which does not fit \(describe(shape: first.shape)) (all lengths but the axis must agree)")
            }
        }
        var outShape = first.shape
        var total = 0
        for p in parts {
            let (sum, overflow) = total.addingReportingOverflow(p.shape[ax])
            guard !overflow else { throw CoreError.tooLarge(shape: outShape, limit: maxElements) }
            total = sum
        }
        outShape[ax] = total
        let dtype = resultType(parts)
        let count = try checkedCount(outShape, dtype: dtype)
        // Nothing to copy: return before looping over the outer axes, which
        // can be long when another axis is empty ([2^40, 0]).
        if count == 0 { return try full(outShape, 0, dtype: dtype) }
        let outer = first.shape[..<ax].reduce(1, *)
        let inner = first.shape[(ax + 1)...].reduce(1, *)
        func joined<T: TensorElement>(_: T.Type) throws(CoreError) -> Tensor {
            // Each part read once (converted to the result's dtype when it
            // differs), not per run.
            var values: [[T]] = []
            for p in parts { values.append(try p.elements(as: T.self)) }
            var out = [T]()
            out.reserveCapacity(count)
            var sincePoll = 0
            for o in 0..<outer {
                for (p, elements) in Swift.zip(parts, values) {
                    let run = p.shape[ax] * inner
                    out.append(contentsOf: elements[(o * run)..<((o + 1) * run)])
                    sincePoll += run
                }
                if sincePoll >= Interrupt.pollInterval {
                    sincePoll = 0
                    try Interrupt.check()
                }
            }
            return Tensor(unchecked: outShape, elements: out)
        }
        switch dtype {
        case .float64: return try joined(Double.self)
        case .float32: return try joined(Float.self)
        case .int64: return try joined(Int64.self)
        case .int32: return try joined(Int32.self)
        case .bool: return try joined(Bool.self)
        }
    }

    /// numpy.stack: joins same-shaped tensors along a new axis, promoting
    /// mixed dtypes as `concatenate` does.
    public static func stack(_ parts: [Tensor], axis: Int) throws(CoreError) -> Tensor {
        guard let first = parts.first else {
            throw CoreError.invalidArgument("stack needs at least one tensor")
        }
        for (n, p) in parts.enumerated() where p.shape != first.shape {
            throw CoreError.shapeMismatch("stack: tensor \(n + 1) has shape \(describe(shape: p.shape)), but tensor 1 has \(describe(shape: first.shape)) (all must be equal)")
        }
        let ax = try normalize(axis: axis, rank: first.rank + 1)
        var expanded = first.shape
        expanded.insert(1, at: ax)
        let pieces = parts.map { Tensor(sharing: $0, shape: expanded) }
        return try concatenate(pieces, axis: ax)
    }
}

/// One entry of an index expression `x[...]`.
public enum IndexItem: Equatable, Sendable {
    /// A single position (negative counts from the end); removes the axis.
    case at(Int)
    /// A numpy slice start:stop:step; nil parts take numpy's defaults.
    case slice(start: Int?, stop: Int?, step: Int?)
}

extension Tensor {
    /// numpy basic indexing: each item indexes one leading axis; axes without
    /// an item are taken whole. The result keeps the dtype (and is never
    /// weak). An out-of-range integer is an error naming
    /// the index, the axis and the shape; slices clamp as in numpy.
    public func index(_ items: [IndexItem]) throws(CoreError) -> Tensor {
        guard items.count <= rank else {
            throw CoreError.invalidArgument("too many indices: \(items.count) for a tensor of rank \(rank) (shape \(Tensor.describe(shape: shape)))")
        }
        let (picks, keepsAxis) = try progressions(items)
        let fullShape = picks.map(\.count)
        let outShape = Swift.zip(fullShape, keepsAxis).filter { $0.1 }.map { $0.0 }
        let count = try Tensor.checkedCount(fullShape, dtype: dtype)
        if count == 0 { return try Tensor.full(outShape, 0, dtype: dtype) }
        let own = strides
        // Offset of the first picked element, and how far each axis's step
        // moves in the source.
        let start = (0..<rank).reduce(0) { $0 + picks[$1].first * own[$1] }
        let moves = (0..<rank).map { picks[$0].step * own[$0] }
        let gather = StridedGather(shape: fullShape, count: count, strides: moves, start: start)
        return Tensor(unchecked: outShape, storage: try storage.gathered(gather))
    }

    /// For each axis, the positions `items` pick there as an arithmetic
    /// progression (first, step, count), and whether the axis stays (a
    /// slice) or goes (an integer, checked to be in range), so that nothing
    /// proportional to an axis's length is built before a result's size has
    /// been checked. Axes past `items` are whole.
    func progressions(_ items: [IndexItem]) throws(CoreError) -> (picks: [(first: Int, step: Int, count: Int)], kept: [Bool]) {
        var picks: [(first: Int, step: Int, count: Int)] = []
        var kept: [Bool] = []
        for axis in 0..<rank {
            let n = shape[axis]
            let item = axis < items.count ? items[axis] : .slice(start: nil, stop: nil, step: nil)
            switch item {
            case .at(let i):
                let r = i < 0 ? i + n : i
                guard r >= 0 && r < n else {
                    throw CoreError.invalidArgument("index \(i) is out of range for axis \(axis) with length \(n) (shape \(Tensor.describe(shape: shape)))")
                }
                picks.append((r, 1, 1))
                kept.append(false)
            case .slice(let start, let stop, let step):
                picks.append(try Tensor.slice(length: n, start: start, stop: stop, step: step))
                kept.append(true)
            }
        }
        return (picks, kept)
    }

    /// The positions a numpy slice selects along an axis of `length`, as
    /// an arithmetic progression: `count` positions first, first + step, ....
    static func slice(length n: Int, start: Int?, stop: Int?, step: Int?) throws(CoreError) -> (first: Int, step: Int, count: Int) {
        let step = step ?? 1
        guard step != 0 else { throw CoreError.invalidArgument("slice step cannot be zero") }
        func clamp(_ v: Int?, _ dflt: Int, low: Int, high: Int) -> Int {
            guard var v else { return dflt }
            if v < 0 { v = v < -n ? low : v + n }
            return Swift.min(Swift.max(v, low), high)
        }
        if step > 0 {
            let lo = clamp(start, 0, low: 0, high: n)
            let hi = clamp(stop, n, low: 0, high: n)
            // ⌈(hi − lo) / step⌉ without overflow: hi − lo ≤ n.
            let count = hi > lo ? (hi - lo - 1) / step + 1 : 0
            return (lo, step, count)
        }
        let lo = clamp(start, n - 1, low: -1, high: n - 1)
        let hi = clamp(stop, -1, low: -1, high: n - 1)
        let count = lo > hi ? (lo - hi - 1) / (-step) + 1 : 0
        return (lo, step, count)
    }
}
