import AttnCore
import AttnLang

/// numpy's linear algebra (`dot`, `matmul`, `outer`) and shape functions
/// (`reshape`, `transpose`, `squeeze`, `expand_dims`, `concatenate`,
/// `stack`, `vstack`, `hstack`).
extension NumpyModule {
    static func shapes(_ m: inout ModuleBuilder) {
        m.function("dot", ["a", "b", "out"], required: 2) { v, _, _ throws(PyError) in
            let a = try NumpyValues.asArray(v[0] ?? .none), b = try NumpyValues.asArray(v[1] ?? .none)
            return NumpyValues.wrap(try PyError.core { () throws(CoreError) in try Tensor.dot(a, b) })
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
            NumpyValues.wrap(try NumpyMethods.squeezed(try NumpyValues.asArray(v[0] ?? .none), v[1]))
        }
        m.function("expand_dims", ["a", "axis"], required: 2) { v, _, _ throws(PyError) in
            let t = try NumpyValues.asArray(v[0] ?? .none)
            let axis = try NumpyValues.integer(v[1] ?? .none, "axis")
            let position = try PyError.core { () throws(CoreError) in try Tensor.normalize(axis: axis, rank: t.rank + 1) }
            var shape = t.shape
            shape.insert(1, at: position)
            return NumpyValues.wrap(try PyError.core { () throws(CoreError) in try t.reshape(shape) })
        }
        m.function("concatenate", ["arrays", "axis"], required: 1) { v, _, _ throws(PyError) in
            let parts = try arrays(v[0] ?? .none)
            let axis = try v[1].map { (a: PyValue) throws(PyError) in try NumpyValues.integer(a, "axis") } ?? 0
            return NumpyValues.wrap(try PyError.core { () throws(CoreError) in try Tensor.concatenate(parts, axis: axis) })
        }
        m.function("stack", ["arrays", "axis"], required: 1) { v, _, _ throws(PyError) in
            let parts = try arrays(v[0] ?? .none)
            let axis = try v[1].map { (a: PyValue) throws(PyError) in try NumpyValues.integer(a, "axis") } ?? 0
            return NumpyValues.wrap(try PyError.core { () throws(CoreError) in try Tensor.stack(parts, axis: axis) })
        }
        m.function("vstack", ["tup"], required: 1) { v, _, _ throws(PyError) in
            let parts = try arrays(v[0] ?? .none).map { (t: Tensor) throws(PyError) -> Tensor in
                t.rank >= 2 ? t : try PyError.core { () throws(CoreError) in try t.reshape([1, t.count]) }
            }
            return NumpyValues.wrap(try PyError.core { () throws(CoreError) in try Tensor.concatenate(parts, axis: 0) })
        }
        m.function("hstack", ["tup"], required: 1) { v, _, _ throws(PyError) in
            let parts = try arrays(v[0] ?? .none).map { (t: Tensor) throws(PyError) -> Tensor in
                t.rank >= 1 ? t : try PyError.core { () throws(CoreError) in try t.reshape([1]) }
            }
            let axis = parts.first.map { $0.rank == 1 ? 0 : 1 } ?? 0
            return NumpyValues.wrap(try PyError.core { () throws(CoreError) in try Tensor.concatenate(parts, axis: axis) })
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

    private static func sequence(_ v: PyValue) throws(PyError) -> [PyValue] {
        switch v {
        case .list(let l): return l.items
        case .tuple(let t): return t
        default: return [v]
        }
    }

    /// A sequence of arrays (or array-likes) as tensors.
    private static func arrays(_ v: PyValue) throws(PyError) -> [Tensor] {
        var out: [Tensor] = []
        for item in try sequence(v) { out.append(try NumpyValues.asArray(item)) }
        guard !out.isEmpty else { throw PyError.value("need at least one array to concatenate") }
        return out
    }
}
