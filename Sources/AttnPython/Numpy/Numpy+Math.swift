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
            m.function(name, ["x"], required: 1) { v, _, _ throws(PyError) in
                NumpyValues.wrap(try floatUnary(try NumpyValues.asArray(v[0] ?? .none), f64, f32))
            }
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
        for (name, isMax) in [("maximum", true), ("minimum", false)] {
            m.function(name, ["x1", "x2"], required: 2) { v, _, _ throws(PyError) in
                guard let x = try NumpyValues.operand(v[0] ?? .none), let y = try NumpyValues.operand(v[1] ?? .none) else {
                    throw PyError.type("ufunc '\(name)' did not contain a loop with signature matching types")
                }
                return NumpyValues.wrap(try extremum(x, y, isMax))
            }
        }
        m.function("round", ["a", "decimals", "out"], required: 1) { v, _, _ throws(PyError) in
            try NumpyOps.round(v[0] ?? .none, decimals: try v[1].map { (d: PyValue) throws(PyError) in try NumpyValues.integer(d, "decimals") } ?? 0)
        }
        m.dict["around"] = m.dict["round"]
        m.function("clip", ["a", "a_min", "a_max"], required: 3) { v, _, _ throws(PyError) in
            var t = try NumpyValues.asArray(v[0] ?? .none)
            if let low = v[1], !low.isNone, let l = try NumpyValues.operand(low) { t = try extremum(t, l, true) }
            if let high = v[2], !high.isNone, let h = try NumpyValues.operand(high) { t = try extremum(t, h, false) }
            return NumpyValues.wrap(t)
        }
        for (name, test) in [("isnan", { (x: Double) in x.isNaN }), ("isinf", { $0.isInfinite }), ("isfinite", { $0.isFinite })] {
            m.function(name, ["x"], required: 1) { v, _, _ throws(PyError) in
                let x = try NumpyValues.asArray(v[0] ?? .none)
                return NumpyValues.wrap(Tensor(unchecked: x.shape, storage: .bool(x.storage.doubles.map(test))))
            }
        }
        reductions(&m)
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

    private static func reductions(_ m: inout ModuleBuilder) {
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

    /// A float function elementwise with numpy's dtypes: float32 in float32,
    /// everything else in float64.
    static func floatUnary(_ x: Tensor, _ f64: (Double) -> Double, _ f32: (Float) -> Float) throws(PyError) -> Tensor {
        if case .float32(let a) = x.storage {
            try PyInterpreter.checkLength(a.count, "array")
            return Tensor(unchecked: x.shape, storage: .float32(a.map(f32)))
        }
        return try PyError.core { () throws(CoreError) in try x.map(f64) }
    }

    /// `np.maximum`/`np.minimum`: the promoted dtype, nan when either is nan.
    static func extremum(_ x: Tensor, _ y: Tensor, _ isMax: Bool) throws(PyError) -> Tensor {
        try PyError.core { () throws(CoreError) in
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
                return Tensor(unchecked: shape, storage: .float32(zip(p, q).map { $0.isNaN || $1.isNaN ? .nan : isMax ? Swift.max($0, $1) : Swift.min($0, $1) }))
            default:
                let p = a.storage.doubles, q = b.storage.doubles
                return Tensor(unchecked: shape, storage: .float64(zip(p, q).map { $0.isNaN || $1.isNaN ? .nan : isMax ? Swift.max($0, $1) : Swift.min($0, $1) }))
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
