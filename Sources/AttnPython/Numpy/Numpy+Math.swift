import AttnCore
import AttnLang
import Foundation

/// numpy's elementwise functions, reductions and `where`.
///
/// Result dtypes follow numpy: exp, log, sqrt, tanh (the core's
/// `Tensor.unary`) and sin, cos, tan, log2, log10, arcsin... keep float32
/// and float64 and give float64 for integers and bools; `power`, `add`...
/// take Python numbers as weak scalars (`Tensor.binary`); `maximum` and
/// `minimum` promote and propagate nan. sin and cos of float32 compute with
/// the C library's float32 functions, which may differ from numpy's own
/// SIMD ones in the last bit.
extension NumpyModule {
    static func math(_ m: inout ModuleBuilder) {
        let core: [(String, UnaryOperation)] = [("exp", .exp), ("log", .log), ("sqrt", .sqrt), ("tanh", .tanh),
                                                ("abs", .abs), ("absolute", .abs), ("negative", .negate), ("positive", .positive)]
        for (name, op) in core {
            m.function(name, ["x"], required: 1) { v, _, _ throws(PyError) in
                let x = try NumpyValues.asArray(v[0] ?? .none)
                return NumpyValues.wrap(try PyError.core { () throws(CoreError) in try Tensor.unary(op, x) })
            }
        }
        let library: [(String, (Double) -> Double, (Float) -> Float)] = [
            ("sin", Foundation.sin, Foundation.sin), ("cos", Foundation.cos, Foundation.cos), ("tan", Foundation.tan, Foundation.tan),
            ("arcsin", Foundation.asin, Foundation.asin), ("arccos", Foundation.acos, Foundation.acos),
            ("arctan", Foundation.atan, Foundation.atan), ("sinh", Foundation.sinh, Foundation.sinh),
            ("cosh", Foundation.cosh, Foundation.cosh), ("log2", Foundation.log2, Foundation.log2),
            ("log10", Foundation.log10, Foundation.log10), ("log1p", Foundation.log1p, Foundation.log1p),
            ("expm1", Foundation.expm1, Foundation.expm1),
        ]
        for (name, f64, f32) in library {
            m.dict[name] = .builtin(PyBuiltin(name) { args, _ throws(PyError) in
                // A Python float alone (`np.sin(angle)` in a loop): numpy's
                // float64 scalar, without building an array first.
                if args.keywords.isEmpty, args.positional.count == 1, case .float(let x) = args.positional[0] {
                    return .scalar(Tensor(unchecked: [], storage: .float64([f64(x)])))
                }
                // A ufunc's input is positional only (numpy's message).
                guard let x = args.positional.first else {
                    throw PyError.type("\(name)() takes from 1 to 2 positional arguments but 0 were given")
                }
                let v = try args.bind(name, ["x"], required: 1)
                return NumpyValues.wrap(try floatUnary(try NumpyValues.asArray(v[0] ?? x), f64, f32))
            })
        }
        let rounding: [(String, FloatingPointRoundingRule)] = [("floor", .down), ("ceil", .up), ("trunc", .towardZero),
                                                               ("rint", .toNearestOrEven), ("fix", .towardZero)]
        for (name, rule) in rounding {
            m.function(name, ["x"], required: 1) { v, _, _ throws(PyError) in
                let x = try NumpyValues.asArray(v[0] ?? .none)
                // Integers and bools are whole already: numpy returns them as they are.
                if !x.dtype.isFloatingPoint { return NumpyValues.wrap(x) }
                return NumpyValues.wrap(try elementwise(x, { $0.rounded(rule) }, { $0.rounded(rule) }, { $0 }))
            }
        }
        m.function("sign", ["x"], required: 1) { v, _, _ throws(PyError) in
            NumpyValues.wrap(try sign(try NumpyValues.asArray(v[0] ?? .none)))
        }
        m.function("reciprocal", ["x"], required: 1) { v, _, _ throws(PyError) in
            // numpy's integer reciprocal is 1 / x truncated (0 for |x| > 1,
            // the most negative integer for 0).
            let x = try NumpyValues.asArray(v[0] ?? .none)
            return NumpyValues.wrap(try elementwise(x, { 1 / $0 }, { 1 / $0 }, { $0 == 1 || $0 == -1 ? $0 : $0 == 0 ? Int64.min : 0 }))
        }
        m.function("square", ["x"], required: 1) { v, _, _ throws(PyError) in
            let x = try NumpyValues.asArray(v[0] ?? .none)
            return NumpyValues.wrap(try PyError.core { () throws(CoreError) in try Tensor.binary(.multiply, x, x) })
        }
        let binaries: [(String, PyBinaryOp)] = [("add", .add), ("subtract", .subtract), ("multiply", .multiply),
                                                ("divide", .divide), ("true_divide", .divide), ("power", .power),
                                                ("floor_divide", .floorDivide), ("mod", .modulo), ("remainder", .modulo),
                                                ("matmul", .matmul)]
        for (name, op) in binaries {
            m.function(name, ["x1", "x2"], required: 2) { v, _, _ throws(PyError) in
                guard let x = try NumpyValues.operand(v[0] ?? .none), let y = try NumpyValues.operand(v[1] ?? .none) else {
                    throw PyError.type("ufunc '\(name)' did not contain a loop with signature matching types")
                }
                return NumpyValues.wrap(try NumpyOps.tensors(op, x.isWeak && y.isWeak ? x.strong : x, y))
            }
        }
        for (name, isMax, ignoresNaN) in [("maximum", true, false), ("minimum", false, false), ("fmax", true, true), ("fmin", false, true)] {
            m.function(name, ["x1", "x2"], required: 2) { v, _, _ throws(PyError) in
                guard let x = try NumpyValues.operand(v[0] ?? .none), let y = try NumpyValues.operand(v[1] ?? .none) else {
                    throw PyError.type("ufunc '\(name)' did not contain a loop with signature matching types")
                }
                return NumpyValues.wrap(try extremum(x, y, isMax, ignoringNaN: ignoresNaN))
            }
        }
        m.function("round", ["a", "decimals", "out"], required: 1) { v, _, _ throws(PyError) in
            try NumpyOps.round(v[0] ?? .none, decimals: try v[1].map { (d: PyValue) throws(PyError) in try NumpyValues.integer(d, "decimals") } ?? 0)
        }
        m.dict["around"] = m.dict["round"]
        m.function("clip", ["a", "a_min", "a_max", "out", "min", "max"], required: 1) { v, _, _ throws(PyError) in
            NumpyValues.wrap(try clip(try NumpyValues.asArray(v[0] ?? .none), low: v[1] ?? v[4], high: v[2] ?? v[5]))
        }
        for (name, test) in [("isnan", { (x: Double) in x.isNaN }), ("isinf", { $0.isInfinite }), ("isfinite", { $0.isFinite })] {
            m.function(name, ["x"], required: 1) { v, _, _ throws(PyError) in
                let x = try NumpyValues.asArray(v[0] ?? .none)
                return NumpyValues.wrap(Tensor(unchecked: x.shape, storage: .bool(x.storage.doubles.map(test))))
            }
        }
        reductions(&m)
        accumulations(&m)
        m.function("where", ["condition", "x", "y"], required: 1) { v, _, _ throws(PyError) in
            let condition = try NumpyValues.asArray(v[0] ?? .none)
            guard let xv = v[1], let yv = v[2] else {
                if v[1] != nil || v[2] != nil { throw PyError.value("either both or neither of x and y should be given") }
                return nonzero(condition)
            }
            guard let x = try NumpyValues.operand(xv), let y = try NumpyValues.operand(yv) else {
                throw PyError.unsupported("np.where of non-numeric values is not supported")
            }
            return NumpyValues.wrap(try PyError.core { () throws(CoreError) in try Tensor.select(condition, x, y) })
        }
        m.function("nonzero", ["a"], required: 1) { v, _, _ throws(PyError) in nonzero(try NumpyValues.asArray(v[0] ?? .none)) }
        m.function("isclose", ["a", "b", "rtol", "atol", "equal_nan"], required: 2) { v, _, py throws(PyError) in
            NumpyValues.wrap(try close(v, py))
        }
        m.function("allclose", ["a", "b", "rtol", "atol", "equal_nan"], required: 2) { v, _, py throws(PyError) in
            let c = try close(v, py)
            return .bool(!c.storage.doubles.contains(0))
        }
        m.function("array_equal", ["a1", "a2", "equal_nan"], required: 2) { v, _, _ throws(PyError) in
            let a = try NumpyValues.asArray(v[0] ?? .none), b = try NumpyValues.asArray(v[1] ?? .none)
            guard a.shape == b.shape else { return .bool(false) }
            let eq = try PyError.core { () throws(CoreError) in try Tensor.binary(.equal, a, b) }
            return .bool(!eq.storage.doubles.contains(0))
        }
    }

    /// A float function elementwise with numpy's dtypes: float32 in float32,
    /// everything else in float64.
    static func floatUnary(_ x: Tensor, _ f64: (Double) -> Double, _ f32: (Float) -> Float) throws(PyError) -> Tensor {
        if case .float32(let a) = x.storage {
            try PyInterpreter.checkLength(a.count, "array")
            return Tensor(unchecked: x.shape, storage: .float32(a.map(f32)))
        }
        return try PyError.core { () throws(CoreError) in try x.map(f64) }
    }

    /// `np.clip(t, low, high)` (`a.clip(min, max)`): maximum with `low`,
    /// then minimum with `high`, either or both may be None.
    static func clip(_ t: Tensor, low: PyValue?, high: PyValue?) throws(PyError) -> Tensor {
        let low = low.flatMap { $0.isNone ? nil : $0 }, high = high.flatMap { $0.isNone ? nil : $0 }
        guard low != nil || high != nil else { return t }
        var out = t
        for (bound, isMax) in [(low, true), (high, false)] {
            guard let bound else { continue }
            guard let b = try NumpyValues.operand(bound) else {
                throw PyError.type("ufunc 'clip' did not contain a loop with signature matching types")
            }
            out = try extremum(out, b, isMax)
        }
        return out
    }

    /// A function applied elementwise in the tensor's own dtype (floats in
    /// their width, integers as int64 or int32); bools are computed as int64.
    static func elementwise(_ x: Tensor, _ f64: (Double) -> Double, _ f32: (Float) -> Float,
                            _ integer: (Int64) -> Int64) throws(PyError) -> Tensor {
        try PyInterpreter.checkLength(x.count, "array")
        switch x.storage {
        case .float64(let a): return Tensor(unchecked: x.shape, storage: .float64(a.map(f64)))
        case .float32(let a): return Tensor(unchecked: x.shape, storage: .float32(a.map(f32)))
        case .int64(let a): return Tensor(unchecked: x.shape, storage: .int64(a.map(integer)))
        case .int32(let a): return Tensor(unchecked: x.shape, storage: .int32(a.map { Int32(truncatingIfNeeded: integer(Int64($0))) }))
        case .bool(let a): return Tensor(unchecked: x.shape, storage: .int64(a.map { integer($0 ? 1 : 0) }))
        }
    }

    /// `np.sign`: −1, 0 or 1 in the input's dtype, nan for nan.
    static func sign(_ x: Tensor) throws(PyError) -> Tensor {
        if x.dtype == .bool { throw PyError.type("ufunc 'sign' did not contain a loop with signature matching types <class 'numpy.dtypes.BoolDType'> -> None") }
        return try elementwise(x, { $0.isNaN ? $0 : $0 > 0 ? 1 : $0 < 0 ? -1 : 0 },
                               { $0.isNaN ? $0 : $0 > 0 ? 1 : $0 < 0 ? -1 : 0 }, { $0.signum() })
    }

    /// `np.maximum`/`np.minimum`: the promoted dtype, nan when either is nan
    /// (`np.fmax`/`np.fmin`, `ignoringNaN`: the other operand when one is nan).
    static func extremum(_ x: Tensor, _ y: Tensor, _ isMax: Bool, ignoringNaN: Bool = false) throws(PyError) -> Tensor {
        func pick<F: BinaryFloatingPoint>(_ p: F, _ q: F) -> F {
            if p.isNaN || q.isNaN { return ignoringNaN ? (p.isNaN ? q : p) : .nan }
            return isMax ? Swift.max(p, q) : Swift.min(p, q)
        }
        return try PyError.core { () throws(CoreError) in
            let shape = try Tensor.broadcastShape(x.shape, y.shape)
            let dtype = Tensor.resultType(x, y)
            _ = try Tensor.checkedCount(shape, dtype: dtype)
            let a = try x.converted(to: dtype).broadcast(to: shape), b = try y.converted(to: dtype).broadcast(to: shape)
            switch (a.storage, b.storage) {
            case (.int64(let p), .int64(let q)):
                return Tensor(unchecked: shape, storage: .int64(zip(p, q).map { isMax ? Swift.max($0, $1) : Swift.min($0, $1) }))
            case (.int32(let p), .int32(let q)):
                return Tensor(unchecked: shape, storage: .int32(zip(p, q).map { isMax ? Swift.max($0, $1) : Swift.min($0, $1) }))
            case (.bool(let p), .bool(let q)):
                return Tensor(unchecked: shape, storage: .bool(zip(p, q).map { isMax ? $0 || $1 : $0 && $1 }))
            case (.float32(let p), .float32(let q)):
                return Tensor(unchecked: shape, storage: .float32(zip(p, q).map(pick)))
            default:
                let p = a.storage.doubles, q = b.storage.doubles
                return Tensor(unchecked: shape, storage: .float64(zip(p, q).map(pick)))
            }
        }
    }

    /// `np.nonzero(a)` (and one-argument `np.where`): a tuple of int64
    /// index arrays, one per axis.
    static func nonzero(_ t: Tensor) -> PyValue {
        let values = t.storage.doubles
        let rank = max(t.rank, 1)
        var indices = [[Int64]](repeating: [], count: rank)
        let strides = t.rank == 0 ? [1] : t.strides
        for (flat, v) in values.enumerated() where v != 0 {
            var rest = flat
            for axis in 0..<rank {
                indices[axis].append(Int64(rest / strides[axis]))
                rest %= strides[axis]
            }
        }
        return .tuple(indices.map { .array(PyArray(Tensor(unchecked: [$0.count], storage: .int64($0)))) })
    }

    /// `|a − b| ≤ atol + rtol·|b|` elementwise (numpy's isclose).
    private static func close(_ v: [PyValue?], _ py: PyInterpreter) throws(PyError) -> Tensor {
        let a = try NumpyValues.asArray(v[0] ?? .none), b = try NumpyValues.asArray(v[1] ?? .none)
        let rtol = try v[2].map { (x: PyValue) throws(PyError) in try MathModule.real(x) } ?? 1e-5
        let atol = try v[3].map { (x: PyValue) throws(PyError) in try MathModule.real(x) } ?? 1e-8
        let equalNaN = try v[4].map { (x: PyValue) throws(PyError) in try py.truthy(x) } ?? false
        return try PyError.core { () throws(CoreError) in
            let shape = try Tensor.broadcastShape(a.shape, b.shape)
            let p = try a.converted(to: .float64).broadcast(to: shape).storage.doubles
            let q = try b.converted(to: .float64).broadcast(to: shape).storage.doubles
            return Tensor(unchecked: shape, storage: .bool(zip(p, q).map { x, y in
                if x.isNaN || y.isNaN { return equalNaN && x.isNaN && y.isNaN }
                if x == y { return true }
                return Swift.abs(x - y) <= atol + rtol * Swift.abs(y)
            }))
        }
    }
}
