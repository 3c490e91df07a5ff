import AttnCore
import AttnLang

/// numpy's reductions as module functions (`np.sum(a, axis=1)`...), sharing
/// NumpyMethods' implementation with the array methods, and the
/// accumulations `cumsum`, `cumprod` and the product `prod` (AttnCore's
/// Tensor+Accumulate.swift), `count_nonzero` and `diff`.
extension NumpyModule {
    static func reductions(_ m: inout ModuleBuilder) {
        for kind in [Reduction.sum, .mean, .max, .min, .argmax, .argmin] {
            m.dict[kind.rawValue] = .builtin(PyBuiltin(kind.rawValue) { args, py throws(PyError) in
                var rest = args
                let first: PyValue
                if let p = args.positional.first {
                    first = p
                } else if let a = args.keyword("a") {
                    first = a
                    rest.keywords.removeAll { $0.name == "a" }
                    rest.positional = [a]
                } else {
                    throw PyError.type("\(kind.rawValue)() missing 1 required positional argument: 'a'")
                }
                return try NumpyMethods.reduction(kind, try NumpyValues.asArray(first), rest, skipFirst: true, py)
            })
        }
        m.dict["amax"] = m.dict["max"]
        m.dict["amin"] = m.dict["min"]
        for (name, isAny) in [("any", true), ("all", false)] {
            m.dict[name] = .builtin(PyBuiltin(name) { args, py throws(PyError) in
                guard let first = args.positional.first else { throw PyError.type("\(name)() missing 1 required positional argument: 'a'") }
                return try NumpyMethods.logical(try NumpyValues.asArray(first), args, any: isAny, py, skipFirst: true)
            })
        }
        for (name, root) in [("var", false), ("std", true)] {
            m.dict[name] = .builtin(PyBuiltin(name) { args, py throws(PyError) in
                guard let first = args.positional.first else { throw PyError.type("\(name)() missing 1 required positional argument: 'a'") }
                return try NumpyMethods.variance(try NumpyValues.asArray(first), args, root: root, py, skipFirst: true)
            })
        }
    }

    static func accumulations(_ m: inout ModuleBuilder) {
        m.function("prod", ["a", "axis", "dtype", "out", "keepdims"], required: 1) { v, _, py throws(PyError) in
            try NumpyMethods.product(try NumpyValues.asArray(v[0] ?? .none), axis: v[1], dtype: v[2], out: v[3], keepDims: v[4], py)
        }
        for (name, op) in [("cumsum", Accumulation.sum), ("cumprod", .product)] {
            m.function(name, ["a", "axis", "dtype", "out"], required: 1) { v, _, _ throws(PyError) in
                try NumpyMethods.accumulated(op, try NumpyValues.asArray(v[0] ?? .none), axis: v[1], dtype: v[2], out: v[3])
            }
        }
        m.function("count_nonzero", ["a", "axis", "keepdims"], required: 1) { v, _, py throws(PyError) in
            let t = try NumpyValues.asArray(v[0] ?? .none)
            let flags = try PyError.core { () throws(CoreError) in try t.converted(to: .bool) }
            let keep = try v[2].map { (k: PyValue) throws(PyError) in try py.truthy(k) } ?? false
            let axes = try NumpyMethods.axes(v[1], rank: t.rank)
            let counts = try NumpyMethods.reduce(flags, .sum, axes: axes, keepDims: keep)
            // numpy's count_nonzero of a whole array is a Python int.
            if axes == nil && !keep, let c = counts.scalarValue { return .int(Int64(c)) }
            return NumpyValues.wrap(counts)
        }
        m.function("diff", ["a", "n", "axis"], required: 1) { v, _, _ throws(PyError) in
            var t = try NumpyValues.asArray(v[0] ?? .none)
            let n = try v[1].map { (x: PyValue) throws(PyError) in try NumpyValues.integer(x, "n") } ?? 1
            guard n >= 0 else { throw PyError.value("order must be non-negative but got \(n)") }
            guard t.rank > 0 else { throw PyError.value("diff requires input that is at least one dimensional") }
            let axis = try v[2].map { (x: PyValue) throws(PyError) in try NumpyValues.integer(x, "axis") } ?? -1
            let ax = try PyError.core { () throws(CoreError) in try Tensor.normalize(axis: axis, rank: t.rank) }
            for _ in 0..<n {
                let length = t.shape[ax]
                func part(_ start: Int, _ stop: Int) throws(PyError) -> Tensor {
                    let items = (0..<t.rank).map { $0 == ax ? IndexItem.slice(start: start, stop: stop, step: 1) : .slice(start: nil, stop: nil, step: nil) }
                    return try PyError.core { () throws(CoreError) in try t.index(items) }
                }
                let upper = try part(Swift.min(1, length), length), lower = try part(0, Swift.max(length - 1, 0))
                t = try t.dtype == .bool ? NumpyOps.tensors(.xor, upper, lower) : NumpyOps.tensors(.subtract, upper, lower)
            }
            return NumpyValues.wrap(t)
        }
    }
}
