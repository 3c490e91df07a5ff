import AttnCore
import AttnLang

/// numpy's linear algebra (`dot`, `matmul`, `outer`) and shape functions
/// (`reshape`, `transpose`, `swapaxes`, `moveaxis`, `squeeze`,
/// `expand_dims`, `ravel`, `concatenate`, `stack`, `vstack`, `hstack`,
/// `column_stack`); tiling and splitting are Numpy+Tiling.swift's.
extension NumpyModule {
    static func shapes(_ m: inout ModuleBuilder) {
        m.function("dot", ["a", "b", "out"], required: 2) { v, _, _ throws(PyError) in
            let a = try NumpyValues.asArray(v[0] ?? .none), b = try NumpyValues.asArray(v[1] ?? .none)
            return NumpyValues.wrap(try NumpyOps.dot(a, b))
        }
        m.function("outer", ["a", "b"], required: 2) { v, _, _ throws(PyError) in
            let a = try NumpyValues.asArray(v[0] ?? .none), b = try NumpyValues.asArray(v[1] ?? .none)
            return NumpyValues.wrap(try PyError.core { () throws(CoreError) in
                try Tensor.outer(try a.reshape([a.count]), try b.reshape([b.count]))
            })
        }
        m.function("reshape", ["a", "newshape", "order"], required: 2) { v, _, _ throws(PyError) in
            NumpyValues.wrap(try NumpyMethods.reshaped(try NumpyValues.asArray(v[0] ?? .none), try NumpyValues.shape(v[1] ?? .none, allowUnknown: true)))
        }
        m.function("transpose", ["a", "axes"], required: 1) { v, _, _ throws(PyError) in
            var axes: [Int]?
            if let given = v[1], !given.isNone {
                var list: [Int] = []
                for item in try sequence(given) { list.append(try NumpyValues.integer(item, "an axis")) }
                axes = list
            }
            return NumpyValues.wrap(try NumpyMethods.transposed(try NumpyValues.asArray(v[0] ?? .none), axes))
        }
        m.function("squeeze", ["a", "axis"], required: 1) { v, _, _ throws(PyError) in
            .array(PyArray(try NumpyMethods.squeezed(try NumpyValues.asArray(v[0] ?? .none), v[1])))
        }
        m.function("expand_dims", ["a", "axis"], required: 2) { v, _, _ throws(PyError) in
            let t = try NumpyValues.asArray(v[0] ?? .none)
            let given = try sequence(v[1] ?? .none)
            var positions: [Int] = []
            for item in given {
                let axis = try NumpyValues.integer(item, "axis")
                let p = try normalizedAxis(axis, rank: t.rank + given.count)
                guard !positions.contains(p) else { throw PyError.value("repeated axis") }
                positions.append(p)
            }
            var shape = t.shape[...]
            let expanded = (0..<(t.rank + given.count)).map { (axis: Int) -> Int in
                if positions.contains(axis) { return 1 }
                return shape.popFirst() ?? 1
            }
            return NumpyValues.wrap(try PyError.core { () throws(CoreError) in try t.reshape(expanded) })
        }
        m.function("swapaxes", ["a", "axis1", "axis2"], required: 3) { v, _, _ throws(PyError) in
            NumpyValues.wrap(try swapAxes(try NumpyValues.asArray(v[0] ?? .none), v[1] ?? .none, v[2] ?? .none))
        }
        m.function("moveaxis", ["a", "source", "destination"], required: 3) { v, _, _ throws(PyError) in
            let t = try NumpyValues.asArray(v[0] ?? .none)
            let source = try axisList(v[1] ?? .none, rank: t.rank, "source")
            let destination = try axisList(v[2] ?? .none, rank: t.rank, "destination")
            guard source.count == destination.count else {
                throw PyError.value("`source` and `destination` arguments must have the same number of elements")
            }
            var order = (0..<t.rank).filter { !source.contains($0) }
            for (d, s) in zip(destination, source).sorted(by: { $0.0 < $1.0 }) { order.insert(s, at: d) }
            return NumpyValues.wrap(try NumpyMethods.transposed(t, order))
        }
        m.function("ravel", ["a", "order"], required: 1) { v, _, _ throws(PyError) in
            let t = try NumpyValues.asArray(v[0] ?? .none)
            return .array(PyArray(try PyError.core { () throws(CoreError) in try t.reshape([t.count]) }))
        }
        m.function("concatenate", ["arrays", "axis", "out", "dtype"], required: 1) { v, _, _ throws(PyError) in
            var parts = try arrays(v[0] ?? .none)
            if let d = v[3], let dtype = try NumpyValues.dtype(d) {
                parts = try parts.map { (t: Tensor) throws(PyError) in try PyError.core { () throws(CoreError) in try t.converted(to: dtype) } }
            }
            if let a = v[1], a.isNone {
                let flat = try parts.map { (t: Tensor) throws(PyError) in try PyError.core { () throws(CoreError) in try t.reshape([t.count]) } }
                return NumpyValues.wrap(try joined(flat, axis: 0))
            }
            let axis = try v[1].map { (a: PyValue) throws(PyError) in try NumpyValues.integer(a, "axis") } ?? 0
            return NumpyValues.wrap(try joined(parts, axis: axis))
        }
        m.function("stack", ["arrays", "axis", "out", "dtype"], required: 1) { v, _, _ throws(PyError) in
            let parts = try arrays(v[0] ?? .none, "stack")
            let axis = try v[1].map { (a: PyValue) throws(PyError) in try NumpyValues.integer(a, "axis") } ?? 0
            if parts.contains(where: { $0.shape != parts[0].shape }) { throw PyError.value("all input arrays must have the same shape") }
            _ = try normalizedAxis(axis, rank: parts[0].rank + 1)
            return NumpyValues.wrap(try PyError.core { () throws(CoreError) in try Tensor.stack(parts, axis: axis) })
        }
        m.function("vstack", ["tup"], required: 1) { v, _, _ throws(PyError) in
            let parts = try arrays(v[0] ?? .none).map { (t: Tensor) throws(PyError) -> Tensor in
                t.rank >= 2 ? t : try PyError.core { () throws(CoreError) in try t.reshape([1, t.count]) }
            }
            return NumpyValues.wrap(try joined(parts, axis: 0))
        }
        m.function("hstack", ["tup"], required: 1) { v, _, _ throws(PyError) in
            let parts = try arrays(v[0] ?? .none).map { (t: Tensor) throws(PyError) -> Tensor in
                t.rank >= 1 ? t : try PyError.core { () throws(CoreError) in try t.reshape([1]) }
            }
            let axis = parts.first.map { $0.rank == 1 ? 0 : 1 } ?? 0
            return NumpyValues.wrap(try joined(parts, axis: axis))
        }
        m.function("column_stack", ["tup"], required: 1) { v, _, _ throws(PyError) in
            let parts = try arrays(v[0] ?? .none).map { (t: Tensor) throws(PyError) -> Tensor in
                t.rank >= 2 ? t : try PyError.core { () throws(CoreError) in try t.reshape([t.count, 1]) }
            }
            return NumpyValues.wrap(try joined(parts, axis: 1))
        }
        m.function("shape", ["a"], required: 1) { v, _, _ throws(PyError) in
            NumpyValues.tuple(try NumpyValues.asArray(v[0] ?? .none).shape)
        }
        m.function("ndim", ["a"], required: 1) { v, _, _ throws(PyError) in
            .int(Int64(try NumpyValues.asArray(v[0] ?? .none).rank))
        }
        m.function("size", ["a"], required: 1) { v, _, _ throws(PyError) in
            .int(Int64(try NumpyValues.asArray(v[0] ?? .none).count))
        }
    }

    /// `np.swapaxes(t, axis1, axis2)`, with numpy's named axis errors.
    static func swapAxes(_ t: Tensor, _ first: PyValue, _ second: PyValue) throws(PyError) -> Tensor {
        let a = try normalizedAxis(try NumpyValues.integer(first, "axis1"), rank: t.rank, "axis1")
        let b = try normalizedAxis(try NumpyValues.integer(second, "axis2"), rank: t.rank, "axis2")
        var order = Array(0..<t.rank)
        order.swapAt(a, b)
        return try NumpyMethods.transposed(t, order)
    }

    /// `axis` in 0..<rank, or numpy's AxisError (prefixed with the
    /// argument's name when numpy names it: `source: axis 3 is out of ...`).
    static func normalizedAxis(_ axis: Int, rank: Int, _ name: String? = nil) throws(PyError) -> Int {
        guard axis >= -rank && axis < rank else {
            let prefix = name.map { "\($0): " } ?? ""
            throw PyError(.exception("AxisError"), "\(prefix)axis \(axis) is out of bounds for array of dimension \(rank)")
        }
        return axis < 0 ? axis + rank : axis
    }

    /// An int or a sequence of ints as normalized axes, none repeated.
    static func axisList(_ v: PyValue, rank: Int, _ name: String) throws(PyError) -> [Int] {
        var out: [Int] = []
        for item in try sequence(v) {
            let a = try normalizedAxis(try NumpyValues.integer(item, name), rank: rank, name)
            guard !out.contains(a) else { throw PyError.value("repeated axis in `\(name)` argument") }
            out.append(a)
        }
        return out
    }

    /// `np.concatenate(parts, axis)` with numpy's checks and messages.
    static func joined(_ parts: [Tensor], axis: Int) throws(PyError) -> Tensor {
        guard let first = parts.first else { throw PyError.value("need at least one array to concatenate") }
        guard first.rank > 0 else { throw PyError.value("zero-dimensional arrays cannot be concatenated") }
        let ax = try normalizedAxis(axis, rank: first.rank)
        for (n, p) in parts.enumerated().dropFirst() {
            guard p.rank == first.rank else {
                throw PyError.value("all the input arrays must have same number of dimensions, but the array at index 0 has \(first.rank) dimension(s) and the array at index \(n) has \(p.rank) dimension(s)")
            }
            for d in 0..<p.rank where d != ax && p.shape[d] != first.shape[d] {
                throw PyError.value("all the input array dimensions except for the concatenation axis must match exactly, but along dimension \(d), the array at index 0 has size \(first.shape[d]) and the array at index \(n) has size \(p.shape[d])")
            }
        }
        return try PyError.core { () throws(CoreError) in try Tensor.concatenate(parts, axis: ax) }
    }

    static func sequence(_ v: PyValue) throws(PyError) -> [PyValue] {
        switch v {
        case .list(let l): return l.items
        case .tuple(let t): return t
        default: return [v]
        }
    }

    /// A sequence of arrays (or array-likes) as tensors.
    static func arrays(_ v: PyValue, _ verb: String = "concatenate") throws(PyError) -> [Tensor] {
        var out: [Tensor] = []
        for item in try sequence(v) { out.append(try NumpyValues.asArray(item)) }
        guard !out.isEmpty else { throw PyError.value("need at least one array to \(verb)") }
        return out
    }
}
