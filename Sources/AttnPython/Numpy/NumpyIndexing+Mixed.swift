import AttnCore
import AttnLang

/// numpy's advanced indexing with arrays among other items, in any axes:
/// `x[[0, 2], [1, 3]]`, `x[:, [0, 3]]`, `x[1, [2, 3]]`, `x[:, mask]`, and
/// assignment through them (`m[rows, cols] = 5`, `m[:, [0]] += 1`).
///
/// As numpy: integer scalars beside arrays count as (0-d) index arrays; a
/// boolean array stands for the integer arrays of its `nonzero()`; all the
/// index arrays broadcast together to one shape B. When the advanced items
/// are next to each other, B replaces them where they stand in the result;
/// when slices separate them, B comes first. Slices keep their axes. Each
/// result element is read at one offset of the source, computed up front
/// (the result's size is checked before the offsets are built); assigning
/// through repeated positions keeps the last value. `None` among arrays is
/// not supported yet.
extension NumpyIndexing {
    /// One axis of the index: a slice's positions, or an index array.
    private enum Part {
        case positions([Int])
        case array(Tensor)
    }

    /// Whether `key` is a tuple holding an index array (or list).
    static func hasArrayItem(_ key: PyValue) -> Bool {
        guard case .tuple(let items) = key else { return false }
        return items.contains { isAdvanced($0) }
    }

    /// The source offsets `x[key]` reads, in the result's order, and the result's shape.
    static func offsets(_ t: Tensor, _ key: PyValue) throws(PyError) -> (offsets: [Int], shape: [Int]) {
        guard case .tuple(let raw) = key else { return ([], []) }
        // Expand booleans into their nonzero() arrays, and find the ellipsis.
        var items: [PyValue] = []
        for v in raw {
            if case .none = v { throw PyError.unsupported("indexing with None beside arrays (x[rows, None]) is not supported yet") }
            if case .bool = v { throw PyError.unsupported("indexing with a boolean (numpy's x[True]) is not supported yet") }
            if isAdvanced(v), case let index = try NumpyValues.asArray(v), index.dtype == .bool {
                guard case .tuple(let arrays) = NumpyModule.nonzero(index) else { continue }
                items += arrays
            } else {
                items.append(v)
            }
        }
        let ellipses = items.filter { if case .ellipsis = $0 { return true } else { return false } }.count
        guard ellipses <= 1 else { throw PyError.index("an index can only have a single ellipsis ('...')") }
        let indexing = items.count - ellipses
        guard indexing <= t.rank else {
            throw PyError.index("too many indices for array: array is \(t.rank)-dimensional, but \(indexing) were indexed")
        }
        var expanded: [PyValue] = []
        for v in items {
            if case .ellipsis = v {
                expanded += Array(repeating: PyValue.slice(PySlice(.none, .none, .none)), count: t.rank - indexing)
            } else {
                expanded.append(v)
            }
        }
        expanded += Array(repeating: PyValue.slice(PySlice(.none, .none, .none)), count: t.rank - expanded.count)
        // Each axis as positions (a slice) or an index array, checked against its length.
        var parts: [Part] = []
        for (axis, v) in expanded.enumerated() {
            let n = t.shape[axis]
            if case .slice(let s) = v {
                parts.append(.positions(try positions(s, length: n)))
                continue
            }
            let index: Tensor
            if let i = v.asIndex {
                index = Tensor(unchecked: [], storage: .int64([i]))
            } else if isAdvanced(v) {
                index = try NumpyValues.asArray(v)
                guard index.dtype.isInteger || index.count == 0 else {
                    throw PyError.index("arrays used as indices must be of integer (or boolean) type")
                }
            } else {
                throw PyError.index("only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices")
            }
            for i in index.storage.doubles where i < -Double(n) || i >= Double(n) {
                throw PyError.index("index \(Int(i)) is out of bounds for axis \(axis) with size \(n)")
            }
            parts.append(.array(index))
        }
        // The index arrays broadcast together.
        let arrayAxes = parts.indices.filter { if case .array = parts[$0] { return true } else { return false } }
        var b: [Int] = []
        for axis in arrayAxes {
            guard case .array(let index) = parts[axis], let joined = try? Tensor.broadcastShape(b, index.shape) else {
                let shapes = arrayAxes.compactMap { (a: Int) -> String? in
                    if case .array(let index) = parts[a] { return NumpyOps.pythonShape(index.shape) } else { return nil }
                }
                throw PyError.index("shape mismatch: indexing arrays could not be broadcast together with shapes \(shapes.joined(separator: " ")) ")
            }
            b = joined
        }
        let strides = t.strides
        let bCount = try PyError.core { () throws(CoreError) in try Tensor.checkedCount(b) }
        var advanced = [Int](repeating: 0, count: bCount)
        for axis in arrayAxes {
            guard case .array(let index) = parts[axis] else { continue }
            let spread = try PyError.core { () throws(CoreError) in try index.broadcast(to: b) }.storage.doubles
            let n = t.shape[axis]
            for k in 0..<bCount {
                let i = Int(spread[k])
                advanced[k] += (i < 0 ? i + n : i) * strides[axis]
            }
        }
        // The result's axes: slices in order, with B where numpy puts it.
        let adjacent = arrayAxes.last.map { $0 - arrayAxes[0] + 1 == arrayAxes.count } ?? true
        var tables: [(shape: [Int], offsets: [Int])] = []
        var placed = false
        if !adjacent {
            tables.append((b, advanced))
            placed = true
        }
        for (axis, part) in parts.enumerated() {
            switch part {
            case .positions(let p): tables.append(([p.count], p.map { $0 * strides[axis] }))
            case .array:
                if !placed {
                    tables.append((b, advanced))
                    placed = true
                }
            }
        }
        let shape = tables.flatMap(\.shape)
        _ = try PyError.core { () throws(CoreError) in try Tensor.checkedCount(shape, dtype: t.dtype) }
        var offsets = [0]
        for table in tables {
            try PyError.checkInterrupt()
            offsets = offsets.flatMap { o in table.offsets.map { o + $0 } }
        }
        return (offsets, shape)
    }

    /// The positions a slice selects along an axis of length `n`, as Python's `slice.indices`.
    private static func positions(_ s: PySlice, length n: Int) throws(PyError) -> [Int] {
        func part(_ p: PyValue) throws(PyError) -> Int? {
            if p.isNone { return nil }
            guard let i = p.asIndex else { throw PyError.type("slice indices must be integers or None or have an __index__ method") }
            return Int(clamping: i)
        }
        let step = try part(s.step) ?? 1
        guard step != 0 else { throw PyError.value("slice step cannot be zero") }
        func clamp(_ v: Int?, _ dflt: Int, _ low: Int, _ high: Int) -> Int {
            guard var v else { return dflt }
            if v < 0 { v += n }
            return min(max(v, low), high)
        }
        if step > 0 {
            let lo = clamp(try part(s.start), 0, 0, n), hi = clamp(try part(s.stop), n, 0, n)
            return Array(stride(from: lo, to: hi, by: step))
        }
        let lo = clamp(try part(s.start), n - 1, -1, n - 1), hi = clamp(try part(s.stop), -1, -1, n - 1)
        return Array(stride(from: lo, to: hi, by: step))
    }

    /// `x[key]` for a key with arrays among its items.
    static func gatherMixed(_ t: Tensor, _ key: PyValue) throws(PyError) -> Tensor {
        let (offsets, shape) = try offsets(t, key)
        func pick<E>(_ a: [E]) -> [E] { offsets.map { a[$0] } }
        switch t.storage {
        case .float64(let a): return Tensor(unchecked: shape, storage: .float64(pick(a)))
        case .float32(let a): return Tensor(unchecked: shape, storage: .float32(pick(a)))
        case .int64(let a): return Tensor(unchecked: shape, storage: .int64(pick(a)))
        case .int32(let a): return Tensor(unchecked: shape, storage: .int32(pick(a)))
        case .bool(let a): return Tensor(unchecked: shape, storage: .bool(pick(a)))
        }
    }

    /// `x[key] = value` for a key with arrays among its items.
    static func scatterMixed(_ array: PyArray, _ key: PyValue, _ value: Tensor) throws(PyError) {
        let (offsets, shape) = try offsets(array.tensor, key)
        try scatter(array, value, shape: shape,
                    runs: offsets.enumerated().map { (to: $0.element, from: $0.offset, count: 1) })
    }
}
