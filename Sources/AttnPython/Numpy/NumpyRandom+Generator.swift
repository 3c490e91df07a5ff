import AttnCore
import AttnLang

/// `Generator`'s methods (numpy/random/_generator.pyx), on PCG64. Results
/// as numpy's: `random()`, `standard_normal()`, `normal()`, `uniform()`
/// return a Python float, `integers(5)` a numpy int64 (a Python int with
/// `dtype=int`), `choice(5)` a Python int.
extension NumpyRandom {
    static func generatorMethods(_ m: inout NativeMethods<RandomClasses.Modern>) {
        m.add("random", ["size", "dtype", "out"]) { s, v, _, py throws(PyError) in
            let size = try NumpyRandom.size(v[0], py)
            try floatDType(v[1], v[2], "random")
            return floats(try core { () throws(CoreError) in try s.stream.random(size ?? []) }, scalar: size == nil)
        }
        m.add("standard_normal", ["size", "dtype", "out"]) { s, v, _, py throws(PyError) in
            let size = try NumpyRandom.size(v[0], py)
            try floatDType(v[1], v[2], "standard_normal")
            return floats(try core { () throws(CoreError) in try s.stream.standardNormal(size ?? []) }, scalar: size == nil)
        }
        m.add("normal", ["loc", "scale", "size"]) { s, v, _, py throws(PyError) in
            let (loc, scale) = (try parameter(v[0], 0), try parameter(v[1], 1))
            let size = try NumpyRandom.size(v[2], py)
            if case .scalar(let mean) = loc, case .scalar(let deviation) = scale {
                let t = try core { () throws(CoreError) in try s.stream.normal(loc: mean, scale: deviation, shape: size ?? []) }
                return floats(t, scalar: size == nil)
            }
            return .array(PyArray(try core { () throws(CoreError) in
                try s.stream.normal(loc: loc.tensor, scale: scale.tensor, shape: size)
            }))
        }
        m.add("uniform", ["low", "high", "size"]) { s, v, _, py throws(PyError) in
            let (low, high) = (try parameter(v[0], 0), try parameter(v[1], 1))
            let size = try NumpyRandom.size(v[2], py)
            if case .scalar(let a) = low, case .scalar(let b) = high {
                // numpy: a range that is not finite is an OverflowError, a
                // negative one a ValueError.
                let t = try core((b - a).isFinite ? "ValueError" : "OverflowError") { () throws(CoreError) in
                    try s.stream.uniform(low: a, high: b, shape: size ?? [])
                }
                return floats(t, scalar: size == nil)
            }
            let ranges = try PyError.core { () throws(CoreError) in try Tensor.zip(high.tensor, low.tensor) { $0 - $1 } }
            let overflow = ranges.scalars.contains { !$0.isFinite }
            return .array(PyArray(try core(overflow ? "OverflowError" : "ValueError") { () throws(CoreError) in
                try s.stream.uniform(low: low.tensor, high: high.tensor, shape: size)
            }))
        }
        m.add("integers", ["low", "high", "size", "dtype", "endpoint"], required: 1) { s, v, _, py throws(PyError) in
            let low = try integerBound(v[0] ?? .none)
            let high = try v[1].flatMap { (h) throws(PyError) -> Int64? in h.isNone ? nil : try integerBound(h) }
            let size = try NumpyRandom.size(v[2], py)
            let (dtype, python) = try integerDType(v[3], pythonByDefault: false)
            let endpoint = try v[4].map { (e) throws(PyError) in try py.truthy(e) } ?? false
            let t = try core(dtype.isFloatingPoint ? "TypeError" : "ValueError") { () throws(CoreError) in
                try s.stream.integers(low: low, high: high, shape: size ?? [], dtype: dtype, endpoint: endpoint)
            }
            return integers(t, size: size, python: python)
        }
        m.add("choice", ["a", "size", "replace", "p", "axis", "shuffle"], required: 1) { s, v, _, py throws(PyError) in
            let source = v[0] ?? .none
            // numpy names the type of the `a` it was given, not of its array.
            switch source {
            case .float:
                throw PyError.value("a must be a sequence or an integer, not \(source.pyType.repr)")
            case .scalar where source.asIndex == nil:
                throw PyError.value("a must be a sequence or an integer, not \(source.pyType.repr)")
            default: break
            }
            let (a, isCount) = try population(source)
            let size = try NumpyRandom.size(v[1], py)
            let replace = try v[2].map { (r) throws(PyError) in try py.truthy(r) } ?? true
            let p = try probabilities(v[3])
            let axis = try v[4].map { (x) throws(PyError) in try NumpyValues.integer(x, "axis") } ?? 0
            let shuffle = try v[5].map { (x) throws(PyError) in try py.truthy(x) } ?? true
            let t = try core { () throws(CoreError) in
                try s.stream.choice(from: a, shape: size ?? [], replace: replace, p: p, axis: axis, shuffle: shuffle)
            }
            return chosen(t, size: size, isCount: isCount)
        }
        m.add("permutation", ["x", "axis"], required: 1) { s, v, _, _ throws(PyError) in
            let x = v[0] ?? .none
            let axis = try v[1].map { (a) throws(PyError) in try NumpyValues.integer(a, "axis") } ?? 0
            switch x {
            case .int, .bool, .scalar:
                if let n = x.asIndex {
                    return .array(PyArray(try core { () throws(CoreError) in try s.stream.permutation(Int(clamping: n)) }))
                }
            default: break
            }
            let t = try NumpyValues.asArray(x)
            // numpy normalizes the axis first: a 0-d x is an AxisError.
            _ = try PyError.core { () throws(CoreError) in try Tensor.normalize(axis: axis, rank: t.rank) }
            return .array(PyArray(try core { () throws(CoreError) in try s.stream.permutation(t, axis: axis) }))
        }
        m.add("shuffle", ["x", "axis"], required: 1) { s, v, _, _ throws(PyError) in
            let x = v[0] ?? .none
            let axis = try v[1].map { (a) throws(PyError) in try NumpyValues.integer(a, "axis") } ?? 0
            if case .list = x, axis != 0 {
                throw PyError(.exception("NotImplementedError"), "Axis argument is only supported on ndarray objects")
            }
            try shuffle(x, array: { (t: inout Tensor) throws(PyError) in
                try core { () throws(CoreError) in try s.stream.shuffle(&t, axis: axis) }
            }, list: { (items: inout [PyValue]) throws(PyError) in
                try core { () throws(CoreError) in try s.stream.shuffle(&items) }
            })
            return .none
        }
        for name in notProvided.filter({ $0 != "random_integers" }) + ["permuted", "spawn", "multivariate_hypergeometric"] {
            m.notProvided(name, "Generator")
        }
    }

    /// `dtype` and `out` of `Generator.random` and `standard_normal`:
    /// float64 is drawn; float32 (numpy's own float32 algorithms) and `out`
    /// are not supported; any other dtype is numpy's TypeError.
    private static func floatDType(_ dtype: PyValue?, _ out: PyValue?, _ function: String) throws(PyError) {
        if let out, !out.isNone {
            throw PyError.unsupported("\(function)(out=...) is not supported: attn returns a new array")
        }
        guard let dtype, let resolved = try NumpyValues.dtype(dtype) else { return }
        switch resolved {
        case .float64: return
        case .float32:
            throw PyError.unsupported("\(function)(dtype=np.float32) is not supported yet: attn draws numpy's float64 streams")
        case .int64, .int32, .bool:
            throw PyError.type("Unsupported dtype dtype('\(resolved.rawValue)') for \(function)")
        }
    }
}
