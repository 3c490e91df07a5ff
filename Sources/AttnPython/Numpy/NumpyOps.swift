import AttnCore
import AttnLang
import Foundation

/// Python's operators on numpy arrays and scalars, with numpy 2's dtype
/// rules: `+ - * / **` and comparisons through `Tensor.binary` (weak Python
/// numbers, NEP 50), `@` through `Tensor.matmul`, `//` and `%` with
/// Python's floor semantics in the promoted dtype (integer division by zero
/// gives 0, as numpy's loops do, float division by zero inf or nan), `& | ^ ~`
/// as logical operators on bools and bitwise ones on integers.
enum NumpyOps {
    static func binary(_ op: PyBinaryOp, _ a: PyValue, _ b: PyValue, interpreter: PyInterpreter) throws(PyError) -> PyValue {
        guard let x = try NumpyValues.operand(a), let y = try NumpyValues.operand(b) else {
            throw PyError.type("unsupported operand type(s) for \(op.rawValue): '\(a.typeName)' and '\(b.typeName)'")
        }
        return NumpyValues.wrap(try tensors(op, x, y))
    }

    /// `x op y` on tensors, with numpy's messages for mismatched shapes and
    /// negative integer powers.
    static func tensors(_ op: PyBinaryOp, _ x: Tensor, _ y: Tensor) throws(PyError) -> Tensor {
        if op != .matmul, x.shape != y.shape, (try? Tensor.broadcastShape(x.shape, y.shape)) == nil {
            throw PyError.value("operands could not be broadcast together with shapes \(pythonShape(x.shape)) \(pythonShape(y.shape)) ")
        }
        if op == .matmul { try checkMatmul(x, y) }
        if op == .subtract, Tensor.resultType(x, y) == .bool, !(x.isWeak && y.isWeak) {
            throw PyError.type("numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.")
        }
        if op == .power, !x.dtype.isFloatingPoint, !y.dtype.isFloatingPoint, !(x.isWeak && y.isWeak),
           y.storage.doubles.contains(where: { $0 < 0 }) {
            throw PyError.value("Integers to negative integer powers are not allowed.")
        }
        return try PyError.core { () throws(CoreError) in
            switch op {
            case .add: return try Tensor.binary(.add, x, y)
            case .subtract: return try Tensor.binary(.subtract, x, y)
            case .multiply: return try Tensor.binary(.multiply, x, y)
            case .divide: return try Tensor.binary(.divide, x, y)
            case .power: return try Tensor.binary(.power, x, y)
            case .matmul: return try Tensor.matmul(x, y)
            case .floorDivide, .modulo: return try floor(op, x, y)
            case .and, .or, .xor, .shiftLeft, .shiftRight: return try bitwise(op, x, y)
            }
        }
    }

    /// numpy's messages for operands `@` cannot take (the core's are attn's own).
    static func checkMatmul(_ x: Tensor, _ y: Tensor) throws(PyError) {
        let signature = "(n?,k),(k,m?)->(n?,m?)"
        for (i, t) in [x, y].enumerated() where t.rank == 0 {
            throw PyError.value("matmul: Input operand \(i) does not have enough dimensions (has 0, gufunc core with signature \(signature) requires 1)")
        }
        let k = x.shape[x.rank - 1], k2 = y.rank == 1 ? y.shape[0] : y.shape[y.rank - 2]
        if k != k2 {
            throw PyError.value("matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature \(signature) (size \(k2) is different from \(k))")
        }
    }

    /// `np.dot(x, y)` with numpy's message for shapes that are not aligned.
    static func dot(_ x: Tensor, _ y: Tensor) throws(PyError) -> Tensor {
        if x.rank > 0 && y.rank > 0 {
            let yAxis = y.rank >= 2 ? y.rank - 2 : 0
            if x.shape[x.rank - 1] != y.shape[yAxis] {
                throw PyError.value("shapes \(pythonShape(x.shape)) and \(pythonShape(y.shape)) not aligned: \(x.shape[x.rank - 1]) (dim \(x.rank - 1)) != \(y.shape[yAxis]) (dim \(yAxis))")
            }
        }
        return try PyError.core { () throws(CoreError) in try Tensor.dot(x, y) }
    }

    /// The ufunc numpy names in its casting errors.
    static func ufuncName(_ op: PyBinaryOp) -> String {
        switch op {
        case .add: return "add"
        case .subtract: return "subtract"
        case .multiply: return "multiply"
        case .divide: return "divide"
        case .power: return "power"
        case .matmul: return "matmul"
        case .floorDivide: return "floor_divide"
        case .modulo: return "remainder"
        case .and: return "bitwise_and"
        case .or: return "bitwise_or"
        case .xor: return "bitwise_xor"
        case .shiftLeft: return "left_shift"
        case .shiftRight: return "right_shift"
        }
    }

    /// `a op= v`: computed as `a op v`, then written into `a` in its own
    /// dtype and shape (numpy's in-place ufuncs with 'same_kind' casting).
    static func inPlace(_ op: PyBinaryOp, _ array: PyArray, _ v: PyValue, interpreter: PyInterpreter) throws(PyError) -> PyValue {
        guard let y = try NumpyValues.operand(v) else {
            throw PyError.type("unsupported operand type(s) for \(op.rawValue)=: 'numpy.ndarray' and '\(v.typeName)'")
        }
        let target = array.tensor
        let result = try tensors(op, target, y)
        func kind(_ d: DType) -> Int { d == .bool ? 0 : d.isInteger ? 1 : 2 }
        if kind(result.dtype) > kind(target.dtype) {
            throw PyError(.exception("_UFuncOutputCastingError"),
                          "Cannot cast ufunc '\(ufuncName(op))' output from dtype('\(result.dtype.rawValue)') to dtype('\(target.dtype.rawValue)') with casting rule 'same_kind'")
        }
        guard result.shape == target.shape else {
            throw PyError.value("non-broadcastable output operand with shape \(pythonShape(target.shape)) doesn't match the broadcast shape \(pythonShape(result.shape))")
        }
        array.tensor = try PyError.core { () throws(CoreError) in try result.converted(to: target.dtype) }
        return .array(array)
    }

    static func pythonShape(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ",") + ")"
    }

    static func unary(_ op: PyUnaryOp, _ v: PyValue) throws(PyError) -> PyValue {
        guard let x = try NumpyValues.operand(v) else { throw PyError.type("bad operand type for unary \(op.rawValue): '\(v.typeName)'") }
        let t: Tensor = try PyError.core { () throws(CoreError) in
            switch op {
            case .negate:
                if x.dtype == .bool && !x.isWeak {
                    throw CoreError.invalidArgument("The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the logical_not function instead.")
                }
                return try Tensor.unary(.negate, x)
            case .plus: return try Tensor.unary(.positive, x)
            case .invert:
                switch x.storage {
                case .bool(let a): return Tensor(unchecked: x.shape, storage: .bool(a.map { !$0 }))
                case .int64(let a): return Tensor(unchecked: x.shape, storage: .int64(a.map { ~$0 }))
                case .int32(let a): return Tensor(unchecked: x.shape, storage: .int32(a.map { ~$0 }))
                case .float64, .float32:
                    throw CoreError.invalidArgument("ufunc 'invert' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''")
                }
            }
        }
        return NumpyValues.wrap(t)
    }

    static func absolute(_ v: PyValue) throws(PyError) -> PyValue {
        let x = try NumpyValues.asArray(v)
        return NumpyValues.wrap(try PyError.core { () throws(CoreError) in try Tensor.unary(.abs, x) })
    }

    /// Comparisons, elementwise; `==` with something numpy cannot compare is
    /// False (and `!=` True), as Python falls back to identity.
    static func compare(_ op: PyCompareOp, _ a: PyValue, _ b: PyValue, interpreter: PyInterpreter) throws(PyError) -> PyValue {
        guard let x = try NumpyValues.operand(a), let y = try NumpyValues.operand(b) else {
            if op == .equal { return .bool(false) }
            if op == .notEqual { return .bool(true) }
            throw PyError.type("'\(op.rawValue)' not supported between instances of '\(a.typeName)' and '\(b.typeName)'")
        }
        let operation: BinaryOperation
        switch op {
        case .equal: operation = .equal
        case .notEqual: operation = .notEqual
        case .less: operation = .less
        case .lessEqual: operation = .lessEqual
        case .greater: operation = .greater
        case .greaterEqual: operation = .greaterEqual
        case .in, .notIn, .is, .isNot: return .bool(false)
        }
        return NumpyValues.wrap(try PyError.core { () throws(CoreError) in try Tensor.binary(operation, x, y) })
    }

    /// `np.round(x, decimals)`: x scaled by 10^decimals, rounded half to
    /// even, and scaled back, in x's dtype (integers are unchanged for
    /// decimals ≥ 0).
    static func round(_ v: PyValue, decimals: Int) throws(PyError) -> PyValue {
        let x = try NumpyValues.asArray(v)
        if !x.dtype.isFloatingPoint && decimals >= 0 { return NumpyValues.wrap(x) }
        let scale = Foundation.pow(10.0, Double(abs(decimals)))
        // numpy scales, rounds and scales back in the array's own dtype.
        if case .float32(let a) = x.storage {
            let s = Float(scale)
            try PyInterpreter.checkLength(a.count, "array")
            let out = a.map { d in decimals >= 0 ? (d * s).rounded(.toNearestOrEven) / s : (d / s).rounded(.toNearestOrEven) * s }
            return NumpyValues.wrap(Tensor(unchecked: x.shape, storage: .float32(out)))
        }
        let rounded: Tensor = try PyError.core { () throws(CoreError) in
            let doubles = try x.map { d in
                decimals >= 0 ? (d * scale).rounded(.toNearestOrEven) / scale : (d / scale).rounded(.toNearestOrEven) * scale
            }
            return try doubles.converted(to: x.dtype)
        }
        return NumpyValues.wrap(rounded)
    }

    // MARK: - Kernels attn's core does not have

    /// `//` and `%` elementwise in the promoted dtype (bool gives int64).
    private static func floor(_ op: PyBinaryOp, _ x: Tensor, _ y: Tensor) throws(CoreError) -> Tensor {
        let shape = try Tensor.broadcastShape(x.shape, y.shape)
        var dtype = Tensor.resultType(x, y)
        if dtype == .bool { dtype = .int64 }
        _ = try Tensor.checkedCount(shape, dtype: dtype)
        let a = try x.converted(to: dtype).broadcast(to: shape), b = try y.converted(to: dtype).broadcast(to: shape)
        let quotient = op == .floorDivide
        switch (a.storage, b.storage) {
        case (.int64(let p), .int64(let q)):
            return Tensor(unchecked: shape, storage: .int64(zip(p, q).map { integerFloor($0, $1, quotient) }))
        case (.int32(let p), .int32(let q)):
            return Tensor(unchecked: shape, storage: .int32(zip(p, q).map { Int32(truncatingIfNeeded: integerFloor(Int64($0), Int64($1), quotient)) }))
        case (.float32(let p), .float32(let q)):
            return Tensor(unchecked: shape, storage: .float32(zip(p, q).map { Float(floatFloor(Double($0), Double($1), quotient)) }))
        default:
            let p = a.storage.doubles, q = b.storage.doubles
            return Tensor(unchecked: shape, storage: .float64(zip(p, q).map { floatFloor($0, $1, quotient) }))
        }
    }

    private static func integerFloor(_ x: Int64, _ y: Int64, _ quotient: Bool) -> Int64 {
        if y == 0 { return 0 }
        if y == -1 { return quotient ? 0 &- x : 0 }
        if quotient {
            var q = x / y
            if x % y != 0 && (x < 0) != (y < 0) { q -= 1 }
            return q
        }
        var r = x % y
        if r != 0 && (r < 0) != (y < 0) { r += y }
        return r
    }

    private static func floatFloor(_ x: Double, _ y: Double, _ quotient: Bool) -> Double {
        if y == 0 {
            if quotient { return x == 0 || x.isNaN ? .nan : (x > 0) == (y.sign == .plus) ? .infinity : -.infinity }
            return .nan
        }
        let (q, r) = PyNumbers.floorDivMod(x, y)
        return quotient ? q : r
    }

    /// `& | ^` (logical on bools) and `<< >>` on integers.
    private static func bitwise(_ op: PyBinaryOp, _ x: Tensor, _ y: Tensor) throws(CoreError) -> Tensor {
        let shape = try Tensor.broadcastShape(x.shape, y.shape)
        let dtype = Tensor.resultType(x, y)
        guard !dtype.isFloatingPoint else {
            throw CoreError.invalidArgument("ufunc '\(ufuncName(op))' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''")
        }
        _ = try Tensor.checkedCount(shape, dtype: dtype)
        let a = try x.converted(to: dtype).broadcast(to: shape), b = try y.converted(to: dtype).broadcast(to: shape)
        switch (a.storage, b.storage) {
        case (.bool(let p), .bool(let q)):
            switch op {
            case .and: return Tensor(unchecked: shape, storage: .bool(zip(p, q).map { $0 && $1 }))
            case .or: return Tensor(unchecked: shape, storage: .bool(zip(p, q).map { $0 || $1 }))
            case .xor: return Tensor(unchecked: shape, storage: .bool(zip(p, q).map { $0 != $1 }))
            default: return try bitwise(op, x.converted(to: .int64), y.converted(to: .int64))
            }
        case (.int64(let p), .int64(let q)):
            return Tensor(unchecked: shape, storage: .int64(zip(p, q).map { integerBits(op, $0, $1) }))
        case (.int32(let p), .int32(let q)):
            return Tensor(unchecked: shape, storage: .int32(zip(p, q).map { Int32(truncatingIfNeeded: integerBits(op, Int64($0), Int64($1))) }))
        default:
            throw CoreError.invalidArgument("ufunc '\(ufuncName(op))' not supported for the input types")
        }
    }

    private static func integerBits(_ op: PyBinaryOp, _ x: Int64, _ y: Int64) -> Int64 {
        switch op {
        case .and: return x & y
        case .or: return x | y
        case .xor: return x ^ y
        case .shiftLeft: return y < 0 || y >= 64 ? 0 : x << y
        case .shiftRight: return y < 0 || y >= 64 ? (x < 0 ? -1 : 0) : x >> y
        default: return 0
        }
    }
}
