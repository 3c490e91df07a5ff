import AttnCore
import AttnLang

/// numpy's functions that copy an array's blocks around: `split` and
/// `array_split`, `tile`, `repeat`, `broadcast_to`, and the triangles
/// `triu` and `tril`. Every result's size is checked against the element
/// limit and the memory budget before it is built (`Tensor.checkedCount`,
/// in the core's broadcast and in the gathers).
extension NumpyModule {
    static func tiling(_ m: inout ModuleBuilder) {
        for (name, equal) in [("split", true), ("array_split", false)] {
            m.function(name, ["ary", "indices_or_sections", "axis"], required: 2) { v, _, _ throws(PyError) in
                let t = try NumpyValues.asArray(v[0] ?? .none)
                let axis = try v[2].map { (a: PyValue) throws(PyError) in try NumpyValues.integer(a, "axis") } ?? 0
                return try split(t, v[1] ?? .none, axis: axis, equal: equal)
            }
        }
        m.function("tile", ["A", "reps"], required: 2) { v, _, _ throws(PyError) in
            let t = try NumpyValues.asArray(v[0] ?? .none)
            var reps: [Int] = []
            for r in try sequence(v[1] ?? .none) { reps.append(try NumpyValues.integer(r, "reps")) }
            return .array(PyArray(try tiled(t, reps)))
        }
        m.function("repeat", ["a", "repeats", "axis"], required: 2) { v, _, _ throws(PyError) in
            NumpyValues.wrap(try repeated(try NumpyValues.asArray(v[0] ?? .none), v[1] ?? .none, axis: v[2]))
        }
        m.function("broadcast_to", ["array", "shape", "subok"], required: 2) { v, _, _ throws(PyError) in
            let t = try NumpyValues.asArray(v[0] ?? .none)
            var shape: [Int] = []
            for d in try sequence(v[1] ?? .none) { shape.append(try NumpyValues.integer(d, "shape")) }
            guard shape.allSatisfy({ $0 >= 0 }) else { throw PyError.value("all elements of broadcast shape must be non-negative") }
            let fits = (try? Tensor.broadcastShape(t.shape, shape)) == shape
            guard fits else {
                throw PyError.value("operands could not be broadcast together with remapped shapes [original->remapped]: \(NumpyOps.pythonShape(t.shape))  and requested shape \(NumpyOps.pythonShape(shape))")
            }
            return NumpyValues.wrap(try PyError.core { () throws(CoreError) in try t.broadcast(to: shape) })
        }
        for (name, upper) in [("triu", true), ("tril", false)] {
            m.function(name, ["m", "k"], required: 1) { v, _, _ throws(PyError) in
                let t = try NumpyValues.asArray(v[0] ?? .none)
                let k = try v[1].map { (x: PyValue) throws(PyError) in try NumpyValues.integer(x, "k") } ?? 0
                return .array(PyArray(try triangle(t, k: k, upper: upper)))
            }
        }
    }

    /// `np.split`/`np.array_split`: a list of the pieces along `axis`, cut
    /// into `sections` (equal ones for split) or at the given indices.
    private static func split(_ t: Tensor, _ how: PyValue, axis: Int, equal: Bool) throws(PyError) -> PyValue {
        guard t.rank > 0 else { throw PyError.value("array split does not work on 0-d arrays") }
        let ax = try normalizedAxis(axis, rank: t.rank)
        let n = t.shape[ax]
        var bounds: [Int] = [0]
        if let sections = how.asIndex {
            if sections == 0 && equal { throw PyError.zeroDivision("integer modulo by zero") }
            guard sections > 0 else { throw PyError.value("number sections must be larger than 0.") }
            let s = Int(clamping: sections)
            if equal && n % s != 0 { throw PyError.value("array split does not result in an equal division") }
            try PyInterpreter.checkLength(s, "list")
            let size = n / s, extra = n % s
            for i in 0..<s { bounds.append(bounds[i] + size + (i < extra ? 1 : 0)) }
        } else {
            for item in try sequence(how) { bounds.append(try NumpyValues.integer(item, "an index")) }
            bounds.append(n)
        }
        var pieces: [PyValue] = []
        for i in 0..<(bounds.count - 1) {
            let items = (0..<t.rank).map { $0 == ax ? IndexItem.slice(start: bounds[i], stop: bounds[i + 1], step: 1) : .slice(start: nil, stop: nil, step: nil) }
            pieces.append(.array(PyArray(try PyError.core { () throws(CoreError) in try t.index(items) })))
        }
        return .list(PyList(pieces))
    }

    /// `np.tile(t, reps)`: the array and the repetitions padded with leading
    /// ones to the same length, each axis repeated whole: every axis is
    /// interleaved with a length-1 axis that is broadcast to its repetitions.
    static func tiled(_ t: Tensor, _ given: [Int]) throws(PyError) -> Tensor {
        guard given.allSatisfy({ $0 >= 0 }) else { throw PyError.value("negative dimensions are not allowed") }
        let rank = max(t.rank, given.count)
        let shape = Array(repeating: 1, count: rank - t.rank) + t.shape
        let reps = Array(repeating: 1, count: rank - given.count) + given
        return try PyError.core { () throws(CoreError) in
            let interleaved = (0..<rank).flatMap { [1, shape[$0]] }
            let spread = (0..<rank).flatMap { [reps[$0], shape[$0]] }
            _ = try Tensor.checkedCount(spread, dtype: t.dtype)
            let b = try t.reshape(interleaved).broadcast(to: spread)
            return try b.reshape((0..<rank).map { reps[$0] * shape[$0] })
        }
    }

    /// `np.repeat(t, repeats, axis)`: each element (or each slice along
    /// `axis`) repeated; without an axis over the flattened array.
    static func repeated(_ t: Tensor, _ repeats: PyValue, axis: PyValue?) throws(PyError) -> Tensor {
        var source = t
        var ax = 0
        if let axis, !axis.isNone {
            ax = try normalizedAxis(try NumpyValues.integer(axis, "axis"), rank: t.rank)
        } else {
            source = try PyError.core { () throws(CoreError) in try t.reshape([t.count]) }
        }
        let n = source.shape[ax]
        var counts: [Int] = []
        for r in try sequence(repeats) { counts.append(try NumpyValues.integer(r, "repeats")) }
        if counts.count == 1 { counts = Array(repeating: counts[0], count: n) }
        guard counts.count == n else {
            throw PyError.value("operands could not be broadcast together with shape (\(n),) (\(counts.count),)")
        }
        guard counts.allSatisfy({ $0 >= 0 }) else { throw PyError.value("negative dimensions are not allowed") }
        var total = 0
        for c in counts {
            let (sum, overflow) = total.addingReportingOverflow(c)
            guard !overflow else { throw PyError.memory("a repeat of \(t.count) elements is more than attn allows") }
            total = sum
        }
        // The axis is moved to the front, gathered in blocks, and moved back.
        let front = try NumpyMethods.transposed(source, [ax] + (0..<source.rank).filter { $0 != ax })
        var shape = front.shape
        shape[0] = total
        _ = try PyError.core { () throws(CoreError) in try Tensor.checkedCount(shape, dtype: t.dtype) }
        try PyInterpreter.checkLength(total, "array")
        let block = front.shape.dropFirst().reduce(1, *)
        var starts: [Int] = []
        starts.reserveCapacity(total)
        for (i, c) in counts.enumerated() {
            if i % 4096 == 0 { try PyError.checkInterrupt() }
            for _ in 0..<c { starts.append(i * block) }
        }
        let gathered = try NumpyIndexing.gather(front, NumpyIndexing.Selection(starts: starts, block: block, shape: shape))
        var back = Array(1..<source.rank)
        back.insert(0, at: ax)
        return try NumpyMethods.transposed(gathered, back)
    }

    /// `np.triu(t, k)` (`upper`) or `np.tril(t, k)`: the last two axes'
    /// elements on and above (below) the k-th diagonal kept, the others 0; a
    /// vector is taken as the rows of a square matrix, as numpy does.
    static func triangle(_ t: Tensor, k: Int, upper: Bool) throws(PyError) -> Tensor {
        guard let cols = t.shape.last else { throw PyError.value("input must be at least 1-d.") }
        let rows = t.rank >= 2 ? t.shape[t.rank - 2] : cols
        return try PyError.core { () throws(CoreError) in
            let count = try Tensor.checkedCount([rows, cols], dtype: .bool)
            var keep = [Bool](repeating: false, count: count)
            for i in 0..<rows {
                if i % 256 == 0 { try Interrupt.check() }
                for j in 0..<cols where upper ? j - i >= k : j - i <= k { keep[i * cols + j] = true }
            }
            let zero = try Tensor.zeros([], dtype: t.dtype)
            return try Tensor.select(Tensor(unchecked: [rows, cols], storage: .bool(keep)), t, zero)
        }
    }
}
