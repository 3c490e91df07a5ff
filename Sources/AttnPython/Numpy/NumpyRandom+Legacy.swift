import AttnCore
import AttnLang

/// `RandomState`'s methods (numpy/random/mtrand.pyx), which are also the
/// module-level functions `np.random.seed`, `rand`, ... on the global state.
/// Signatures and results as numpy's: `rand()`, `randn()`, `random()` and
/// the distributions without `size` return a Python float, `randint(5)`
/// a Python int, `choice(5)` a Python int and `choice([1.5, 2.5])` a
/// numpy scalar; with a `size` (including `()`), an array.
extension NumpyRandom {
    static func legacyMethods(_ m: inout NativeMethods<RandomClasses.Legacy>) {
        m.add("seed", ["seed"]) { s, v, _, py throws(PyError) in
            s.stream = try legacyState(seed: v[0] ?? .none, py)
            s.unseeded = (v[0] ?? .none).isNone ? "np.random.seed() without a seed" : nil
            return .none
        }
        for name in ["random_sample", "random"] {
            m.add(name, ["size"]) { s, v, _, py throws(PyError) in
                let size = try NumpyRandom.size(v[0], py)
                return floats(try core { () throws(CoreError) in try s.stream.randomSample(size ?? []) }, scalar: size == nil)
            }
        }
        m.add("rand", nil) { s, _, args, _ throws(PyError) in
            let dims = try dimensions(args, "rand")
            return floats(try core { () throws(CoreError) in try s.stream.rand(dims) }, scalar: dims.isEmpty)
        }
        m.add("randn", nil) { s, _, args, _ throws(PyError) in
            let dims = try dimensions(args, "randn")
            return floats(try core { () throws(CoreError) in try s.stream.randn(dims) }, scalar: dims.isEmpty)
        }
        m.add("standard_normal", ["size"]) { s, v, _, py throws(PyError) in
            let size = try NumpyRandom.size(v[0], py)
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
                // numpy: a range that is not finite is an OverflowError.
                let t = try core((b - a).isFinite ? "ValueError" : "OverflowError") { () throws(CoreError) in
                    try s.stream.uniform(low: a, high: b, shape: size ?? [])
                }
                return floats(t, scalar: size == nil)
            }
            return .array(PyArray(try core("OverflowError") { () throws(CoreError) in
                try s.stream.uniform(low: low.tensor, high: high.tensor, shape: size)
            }))
        }
        m.add("randint", ["low", "high", "size", "dtype"], required: 1) { s, v, _, py throws(PyError) in
            let low = try integerBound(v[0] ?? .none)
            let high = try v[1].flatMap { (h) throws(PyError) -> Int64? in h.isNone ? nil : try integerBound(h) }
            let size = try NumpyRandom.size(v[2], py)
            let (dtype, python) = try integerDType(v[3], pythonByDefault: true)
            let t = try core(dtype.isFloatingPoint ? "TypeError" : "ValueError") { () throws(CoreError) in
                try s.stream.randint(low: low, high: high, shape: size ?? [], dtype: dtype)
            }
            return integers(t, size: size, python: python)
        }
        m.add("choice", ["a", "size", "replace", "p"], required: 1) { s, v, _, py throws(PyError) in
            let (a, isCount) = try population(v[0] ?? .none)
            let size = try NumpyRandom.size(v[1], py)
            let replace = try v[2].map { (r) throws(PyError) in try py.truthy(r) } ?? true
            let p = try probabilities(v[3])
            let t = try core { () throws(CoreError) in try s.stream.choice(from: a, shape: size ?? [], replace: replace, p: p) }
            return chosen(t, size: size, isCount: isCount)
        }
        m.add("permutation", ["x"], required: 1) { s, v, _, _ throws(PyError) in
            let x = v[0] ?? .none
            // An int or numpy integer is a count (numpy's isinstance(x, (int, np.integer))).
            switch x {
            case .int, .bool, .scalar:
                if let n = x.asIndex {
                    return .array(PyArray(try core { () throws(CoreError) in try s.stream.permutation(Int(clamping: n)) }))
                }
            default: break
            }
            let t = try NumpyValues.asArray(x)
            return .array(PyArray(try core("IndexError") { () throws(CoreError) in try s.stream.permutation(t) }))
        }
        m.add("shuffle", ["x"], required: 1) { s, v, _, _ throws(PyError) in
            try shuffle(v[0] ?? .none, array: { (t: inout Tensor) throws(PyError) in
                try core("TypeError") { () throws(CoreError) in try s.stream.shuffle(&t) }
            }, list: { (items: inout [PyValue]) throws(PyError) in
                try core { () throws(CoreError) in try s.stream.shuffle(&items) }
            })
            return .none
        }
        for name in ["get_state", "set_state"] {
            m.add(name, nil) { _, _, _, _ throws(PyError) in
                throw PyError.unsupported("\(name) is not supported: attn's RandomState does not expose MT19937's key "
                    + "(to replay a stream, call seed(...) again or make a RandomState(seed))")
            }
        }
        for name in notProvided + ["tomaxint"] { m.notProvided(name, "RandomState") }
    }
}
