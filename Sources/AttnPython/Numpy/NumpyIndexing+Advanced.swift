import AttnCore
import AttnLang

/// numpy's advanced indexing in its two common forms:
/// - a boolean mask over the leading axes (`x[x > 0]`, `x[mask] = 0`): the
///   mask's shape must match those axes; the result holds the selected
///   positions in row-major order, each with the axes after the mask;
/// - an integer array (or list) on the first axis (`x[[0, 2]]`, `x[idx] = 7`):
///   the result's shape is the index's shape followed by the other axes;
///   negative indices count from the end; assigning through repeated
///   indices keeps the last value, as numpy does.
/// Arrays among other items of an index (`x[rows, cols]`) are NumpyIndexing+Mixed.swift's.
extension NumpyIndexing {
    /// The positions an array index selects: the start of each selected
    /// block of `block` elements, and the result's shape.
    struct Selection {
        let starts: [Int]
        let block: Int
        let shape: [Int]
    }

    /// Whether `key` is an advanced index (an array, or a list of numbers or bools).
    static func isAdvanced(_ key: PyValue) -> Bool {
        switch key {
        case .array: return true
        case .list: return true
        default: return false
        }
    }

    static func selection(_ t: Tensor, _ key: PyValue) throws(PyError) -> Selection {
        let index = try NumpyValues.asArray(key)
        if index.dtype == .bool {
            guard index.rank <= t.rank, index.rank > 0 || t.rank == 0 else {
                throw PyError.index("too many indices for array: array is \(t.rank)-dimensional, but \(index.rank) were indexed")
            }
            for axis in 0..<index.rank where index.shape[axis] != t.shape[axis] {
                throw PyError.index("boolean index did not match indexed array along axis \(axis); size of axis is \(t.shape[axis]) but size of corresponding boolean axis is \(index.shape[axis])")
            }
            let inner = Array(t.shape[index.rank...])
            let block = inner.reduce(1, *)
            var starts: [Int] = []
            if case .bool(let flags) = index.storage {
                for (n, flag) in flags.enumerated() where flag { starts.append(n * block) }
            }
            return Selection(starts: starts, block: block, shape: [starts.count] + inner)
        }
        guard index.dtype.isInteger || index.count == 0 else {
            throw PyError.index("arrays used as indices must be of integer (or boolean) type")
        }
        guard let length = t.shape.first else {
            throw PyError.index("too many indices for array: array is 0-dimensional, but 1 were indexed")
        }
        let inner = Array(t.shape.dropFirst())
        let block = inner.reduce(1, *)
        var starts: [Int] = []
        starts.reserveCapacity(index.count)
        for v in index.storage.doubles {
            let i = Int(v)
            let r = i < 0 ? i + length : i
            guard r >= 0 && r < length else { throw PyError.index("index \(i) is out of bounds for axis 0 with size \(length)") }
            starts.append(r * block)
        }
        return Selection(starts: starts, block: block, shape: index.shape + inner)
    }

    /// `x[index]` for an advanced index.
    static func gather(_ t: Tensor, _ s: Selection) throws(PyError) -> Tensor {
        _ = try PyError.core { () throws(CoreError) in try Tensor.checkedCount(s.shape, dtype: t.dtype) }
        func pick<E>(_ a: [E]) -> [E] {
            var out: [E] = []
            out.reserveCapacity(s.starts.count * s.block)
            for start in s.starts { out.append(contentsOf: a[start..<(start + s.block)]) }
            return out
        }
        switch t.storage {
        case .float64(let a): return Tensor(unchecked: s.shape, storage: .float64(pick(a)))
        case .float32(let a): return Tensor(unchecked: s.shape, storage: .float32(pick(a)))
        case .int64(let a): return Tensor(unchecked: s.shape, storage: .int64(pick(a)))
        case .int32(let a): return Tensor(unchecked: s.shape, storage: .int32(pick(a)))
        case .bool(let a): return Tensor(unchecked: s.shape, storage: .bool(pick(a)))
        }
    }

    /// `x[index] = value` for an advanced index: each selected block of
    /// `x` gets its block of the value.
    static func scatter(_ array: PyArray, _ s: Selection, _ value: Tensor) throws(PyError) {
        try scatter(array, value, shape: s.shape,
                    runs: s.starts.enumerated().map { (to: $0.element, from: $0.offset * s.block, count: s.block) })
    }

    /// `x[index] = value` once the index has been read: the value cast to
    /// x's dtype and broadcast to `shape` (what `x[index]` would be; numpy's
    /// error otherwise), then written in runs, `count` elements from offset
    /// `from` of the broadcast value to offset `to` of x. A copy, as attn
    /// has no views.
    static func scatter(_ array: PyArray, _ value: Tensor, shape: [Int],
                        runs: [(to: Int, from: Int, count: Int)]) throws(PyError) {
        let t = array.tensor
        let source: Tensor
        do throws(CoreError) {
            source = try value.converted(to: t.dtype).broadcast(to: shape)
        } catch {
            if case .shapeMismatch = error {
                throw PyError.value("shape mismatch: value array of shape \(NumpyOps.pythonShape(value.shape)) could not be broadcast to indexing result of shape \(NumpyOps.pythonShape(shape))")
            }
            throw PyError(error)
        }
        func place<E>(_ a: [E], _ b: [E]) -> [E] {
            var out = a
            for run in runs {
                out.replaceSubrange(run.to..<(run.to + run.count), with: b[run.from..<(run.from + run.count)])
            }
            return out
        }
        switch (t.storage, source.storage) {
        case (.float64(let a), .float64(let b)): array.tensor = Tensor(unchecked: t.shape, storage: .float64(place(a, b)))
        case (.float32(let a), .float32(let b)): array.tensor = Tensor(unchecked: t.shape, storage: .float32(place(a, b)))
        case (.int64(let a), .int64(let b)): array.tensor = Tensor(unchecked: t.shape, storage: .int64(place(a, b)))
        case (.int32(let a), .int32(let b)): array.tensor = Tensor(unchecked: t.shape, storage: .int32(place(a, b)))
        case (.bool(let a), .bool(let b)): array.tensor = Tensor(unchecked: t.shape, storage: .bool(place(a, b)))
        default: throw PyError.value("could not assign: the value's dtype is not the array's")
        }
    }
}
