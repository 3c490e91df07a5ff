/// Elementwise arithmetic, comparisons and functions with numpy 2's dtype
/// rules: the entry points of attn's operators and elementwise builtins.
///
/// Each operation first finds the dtype it computes in (numpy's promotion,
/// `Tensor.resultType`, with weak scalars) and converts the operands to it;
/// then it runs one loop in that dtype's own arithmetic:
/// - float64 and float32 round after every operation in their own width
///   (a float32 `a + b` is a float32 addition, not a float64 one rounded
///   at the end), so +, -, *, /, sqrt, abs, negation, relu and comparisons
///   match numpy bit for bit. exp, log, tanh, pow (and sigmoid, built from
///   exp) call the C library (glibc's `exp`/`expf`...), which is within an
///   ulp or two of numpy's own SIMD implementations but not always equal.
/// - int64 and int32 wrap on overflow in +, -, *, ** and negation, as
///   numpy's loops do (`-int32.min` and `abs(int32.min)` are int32.min).
/// - bool: + is logical or, * logical and (numpy's bool loops).
///
/// Result dtypes (numpy 2, NEP 50; p is the promoted dtype of the operands):
/// - `+`, `*`: p. Two weak bools give an int64 (Python's True + True == 2).
/// - `-`: p; bool − bool is an error, as in numpy ("numpy boolean
///   subtract, the `-` operator, is not supported").
/// - `/`: true division: p when p is a float, else float64 (int / int and
///   bool / bool are float64; 1 / 0 is inf, 0 / 0 nan, as numpy's float
///   division of the converted values).
/// - `^` (power): p; bool ** bool is int8 in numpy, which attn does not
///   have: it gives int64. An integer raised to a negative integer is an
///   error ("Integers to negative integer powers are not allowed"), except
///   between two weak scalars, which compute as Python does (2 ** -1 = 0.5).
///   numpy's fast paths for a Python-number exponent (`x ** 0.5` is
///   np.sqrt; `x ** 2` and `x ** -1` with Python ints are np.square and
///   np.reciprocal) are not taken: `^` always calls pow, which differs from
///   sqrt at -0 and -inf and may differ in the last bit.
/// - comparisons: computed in p (float32 `x == 0.1` compares with
///   float32(0.1), as numpy 2 does), result bool.
/// - unary minus: the operand's dtype; bool is an error ("The numpy boolean
///   negative, the `-` operator, is not supported"); unary plus keeps any
///   number and refuses bool as numpy's `positive` does.
/// - abs: the operand's dtype (bool stays bool, as np.abs).
/// - exp, log, sqrt, tanh, sigmoid: float32 stays float32, float64 stays
///   float64, integers give float64 (np.exp of an int array). numpy gives
///   float16 for bool, which attn does not have: attn gives float64.
/// - relu (np.maximum(x, 0)): floats and integers keep their dtype, bool
///   gives int64 (the 0 is a Python int).
///
/// Weakness: operators between weak scalars give weak scalars (Python
/// arithmetic on Python numbers stays a Python number); every other result,
/// including abs, exp and the other functions of a weak scalar (np.exp(2.0)
/// is a numpy float64), is strong.
public enum BinaryOperation: String, Sendable, CaseIterable {
    case add, subtract, multiply, divide, power
    case equal, notEqual, less, lessEqual, greater, greaterEqual

    /// True for the six comparisons, which give bool.
    public var isComparison: Bool {
        switch self {
        case .add, .subtract, .multiply, .divide, .power: return false
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return true
        }
    }
}

/// The elementwise functions of one tensor (see `BinaryOperation` for the
/// dtype rules).
public enum UnaryOperation: String, Sendable, CaseIterable {
    /// −x (numpy.negative) and +x (numpy.positive).
    case negate, positive
    /// |x|, e^x, the natural logarithm, √x and tanh (numpy's ufuncs).
    case abs, exp, log, sqrt, tanh
    /// 1 / (1 + e^−x), computed as e^x / (1 + e^x) for x < 0 so that it
    /// never overflows (torch.sigmoid); in the result dtype's width.
    case sigmoid
    /// max(x, 0) with nan kept (torch.relu, np.maximum(x, 0)).
    case relu
}

extension Tensor {
    /// `a op b` with broadcasting and numpy 2's dtype rules (see
    /// `BinaryOperation`). Checks the result's size before allocating;
    /// polls `Interrupt` between blocks.
    public static func binary(_ op: BinaryOperation, _ a: Tensor, _ b: Tensor) throws(CoreError) -> Tensor {
        let shape = a.shape == b.shape ? a.shape : try broadcastShape(a.shape, b.shape)
        let (compute, result) = try binaryTypes(op, a, b)
        let count = try checkedCount(shape, dtype: result)
        let bothWeak = a.isWeak && b.isWeak
        if bothWeak && compute.isInteger && !op.isComparison {
            return try pythonInteger(op, a, b)
        }
        let x = try operand(a, as: compute), y = try operand(b, as: compute)
        var out: Tensor
        switch compute {
        case .float64: out = try floating(op, shape, count, x, y, Double.self)
        case .float32: out = try floating(op, shape, count, x, y, Float.self)
        case .int64: out = try integer(op, shape, count, x, y, Int64.self)
        case .int32: out = try integer(op, shape, count, x, y, Int32.self)
        case .bool: out = try logical(op, shape, count, x, y)
        }
        out.isWeak = bothWeak
        return out
    }

    /// The dtype `op` computes in and the dtype it returns for these
    /// operands (for `:type`, help and kernels outside this file), or
    /// numpy's error (boolean subtract).
    public static func binaryTypes(_ op: BinaryOperation, _ a: Tensor, _ b: Tensor) throws(CoreError) -> (compute: DType, result: DType) {
        var p = resultType(a, b)
        let bothWeak = a.isWeak && b.isWeak
        switch op {
        case .add, .multiply:
            if p == .bool && bothWeak { p = .int64 }
            return (p, p)
        case .subtract:
            if p == .bool {
                guard bothWeak else {
                    throw CoreError.invalidArgument(
                        "boolean subtract (-) is not supported, as in numpy: use a != b for exclusive or, or convert the booleans to numbers first")
                }
                p = .int64
            }
            return (p, p)
        case .divide:
            let c: DType = p.isFloatingPoint ? p : .float64
            return (c, c)
        case .power:
            if p == .bool { p = .int64 }
            return (p, p)
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            // numpy 2 compares an int32 array with a Python int that does
            // not fit int32 correctly instead of refusing it.
            if p == .int32, let w = [a, b].first(where: { $0.isWeak && $0.dtype == .int64 }),
               case .int64(let v) = w.storage, let value = v.first, Int32(exactly: value) == nil {
                p = .int64
            }
            return (p, .bool)
        }
    }

    /// An operand converted to the dtype its operation computes in; a weak
    /// integer that does not fit int32 is an error, as in numpy 2.
    private static func operand(_ t: Tensor, as dtype: DType) throws(CoreError) -> Tensor {
        if t.isWeak, dtype == .int32, case .int64(let v) = t.storage, let value = v.first, Int32(exactly: value) == nil {
            throw CoreError.invalidArgument("the integer \(value) is out of bounds for int32 (numpy 2 does not widen an array for a number)")
        }
        return try t.converted(to: dtype)
    }

    /// `zipElements` with the kernel `f`, as a tensor.
    @inline(__always)
    private static func combined<K: BinaryKernel>(
        _ shape: [Int], _ count: Int, _ a: Tensor, _ x: [K.A], _ b: Tensor, _ y: [K.B], _ f: K
    ) throws(CoreError) -> Tensor where K.R: TensorElement {
        Tensor(unchecked: shape, elements: try zipElements(shape, count, a, x, b, y, f))
    }

    private static func floating<T: FloatElement>(
        _ op: BinaryOperation, _ shape: [Int], _ count: Int, _ a: Tensor, _ b: Tensor, _: T.Type
    ) throws(CoreError) -> Tensor {
        let x = try a.elements(as: T.self), y = try b.elements(as: T.self)
        switch op {
        case .add: return try combined(shape, count, a, x, b, y, FloatAdd<T>())
        case .subtract: return try combined(shape, count, a, x, b, y, FloatSubtract<T>())
        case .multiply: return try combined(shape, count, a, x, b, y, FloatMultiply<T>())
        case .divide: return try combined(shape, count, a, x, b, y, FloatDivide<T>())
        case .power: return try combined(shape, count, a, x, b, y, FloatPower<T>())
        case .equal: return try combined(shape, count, a, x, b, y, Equal<T>())
        case .notEqual: return try combined(shape, count, a, x, b, y, NotEqual<T>())
        case .less: return try combined(shape, count, a, x, b, y, Less<T>())
        case .lessEqual: return try combined(shape, count, a, x, b, y, LessEqual<T>())
        case .greater: return try combined(shape, count, a, x, b, y, Greater<T>())
        case .greaterEqual: return try combined(shape, count, a, x, b, y, GreaterEqual<T>())
        }
    }

    private static func integer<T: IntegerElement>(
        _ op: BinaryOperation, _ shape: [Int], _ count: Int, _ a: Tensor, _ b: Tensor, _: T.Type
    ) throws(CoreError) -> Tensor {
        let x = try a.elements(as: T.self), y = try b.elements(as: T.self)
        switch op {
        case .add: return try combined(shape, count, a, x, b, y, IntegerAdd<T>())
        case .subtract: return try combined(shape, count, a, x, b, y, IntegerSubtract<T>())
        case .multiply: return try combined(shape, count, a, x, b, y, IntegerMultiply<T>())
        case .divide:  // never chosen: true division of integers computes in float64
            return try floating(op, shape, count, a.converted(to: .float64), b.converted(to: .float64), Double.self)
        case .power:
            // numpy checks every exponent that a result element uses.
            if count > 0 && y.contains(where: { $0 < 0 }) {
                throw CoreError.invalidArgument("integers to negative integer powers are not allowed (as in numpy); convert to float first")
            }
            return try combined(shape, count, a, x, b, y, IntegerPower<T>())
        case .equal: return try combined(shape, count, a, x, b, y, Equal<T>())
        case .notEqual: return try combined(shape, count, a, x, b, y, NotEqual<T>())
        case .less: return try combined(shape, count, a, x, b, y, Less<T>())
        case .lessEqual: return try combined(shape, count, a, x, b, y, LessEqual<T>())
        case .greater: return try combined(shape, count, a, x, b, y, Greater<T>())
        case .greaterEqual: return try combined(shape, count, a, x, b, y, GreaterEqual<T>())
        }
    }

    /// bool op bool: numpy's bool loops (+ is or, * is and; false < true).
    private static func logical(_ op: BinaryOperation, _ shape: [Int], _ count: Int, _ a: Tensor, _ b: Tensor) throws(CoreError) -> Tensor {
        let x = try a.elements(as: Bool.self), y = try b.elements(as: Bool.self)
        switch op {
        case .add: return try combined(shape, count, a, x, b, y, LogicalOr())
        case .multiply: return try combined(shape, count, a, x, b, y, LogicalAnd())
        case .equal: return try combined(shape, count, a, x, b, y, Equal<Bool>())
        case .notEqual: return try combined(shape, count, a, x, b, y, NotEqual<Bool>())
        case .less: return try combined(shape, count, a, x, b, y, BoolLess())
        case .lessEqual: return try combined(shape, count, a, x, b, y, BoolLessEqual())
        case .greater: return try combined(shape, count, a, x, b, y, BoolGreater())
        case .greaterEqual: return try combined(shape, count, a, x, b, y, BoolGreaterEqual())
        case .subtract, .divide, .power:  // never chosen (see binaryTypes)
            throw CoreError.invalidArgument("\(op.rawValue) is not defined for booleans")
        }
    }

    /// base^exponent for exponent ≥ 0 by repeated squaring, wrapping as
    /// numpy's integer power does (the result is base^exponent modulo
    /// 2^bits whatever the order of the products); 0^0 = 1.
    @inline(__always)
    static func wrappingPower<T: FixedWidthInteger>(_ base: T, _ exponent: T) -> T {
        var result: T = 1, square = base, e = exponent
        while e > 0 {
            if e & 1 == 1 { result = result &* square }
            e >>= 1
            if e > 0 { square = square &* square }
        }
        return result
    }

    /// Two weak integers (or bools) combined as Python combines its ints:
    /// exactly, or an error when the result does not fit int64 (Python
    /// would grow the integer); a negative power gives a weak float.
    private static func pythonInteger(_ op: BinaryOperation, _ a: Tensor, _ b: Tensor) throws(CoreError) -> Tensor {
        let x = try a.elements(as: Int64.self).first ?? 0, y = try b.elements(as: Int64.self).first ?? 0
        let overflow = CoreError.invalidArgument("integer overflow: \(x) \(op.rawValue) \(y) does not fit in int64")
        var value: Int64
        switch op {
        case .add:
            let (v, o) = x.addingReportingOverflow(y)
            if o { throw overflow }
            value = v
        case .subtract:
            let (v, o) = x.subtractingReportingOverflow(y)
            if o { throw overflow }
            value = v
        case .multiply:
            let (v, o) = x.multipliedReportingOverflow(by: y)
            if o { throw overflow }
            value = v
        case .power:
            if y < 0 { return weak(Double.pow(Double(x), Double(y))) }
            // Repeated squaring: a square that overflows is a factor of the
            // result whenever |x| ≥ 2, so the result would overflow too.
            var base = x, e = y
            value = 1
            while e > 0 {
                if e & 1 == 1 {
                    let (v, o) = value.multipliedReportingOverflow(by: base)
                    if o { throw overflow }
                    value = v
                }
                e >>= 1
                if e > 0 {
                    let (v, o) = base.multipliedReportingOverflow(by: base)
                    if o { throw overflow }
                    base = v
                }
            }
        case .divide, .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:  // never chosen
            return try binary(op, a.converted(to: .float64), b.converted(to: .float64))
        }
        return weak(integer: value)
    }
}

extension Tensor {
    /// `op(x)` with numpy 2's dtype rules (see `BinaryOperation`). Checks
    /// the result's size before allocating; polls `Interrupt` between
    /// blocks.
    public static func unary(_ op: UnaryOperation, _ x: Tensor) throws(CoreError) -> Tensor {
        let result = try unaryType(op, x)
        let count = try checkedCount(x.shape, dtype: result)
        if op == .positive && result == x.dtype { return x }
        let input = try x.converted(to: result)
        var out: Tensor
        switch result {
        case .float64: out = try floating(op, count, input, Double.self)
        case .float32: out = try floating(op, count, input, Float.self)
        case .int64: out = try integer(op, count, input, Int64.self)
        case .int32: out = try integer(op, count, input, Int32.self)
        case .bool: out = input.strong  // abs of a bool (the others never give bool)
        }
        out.isWeak = x.isWeak && (op == .negate || op == .positive)
        return out
    }

    /// The dtype `op` returns (and computes in) for an operand of `x`'s
    /// dtype, or numpy's error (boolean negative, unary plus of a bool).
    public static func unaryType(_ op: UnaryOperation, _ x: Tensor) throws(CoreError) -> DType {
        let t = x.dtype
        switch op {
        case .negate, .positive:
            guard t == .bool else { return t }
            // Python's -True is -1 and +True is 1.
            if x.isWeak { return .int64 }
            throw CoreError.invalidArgument(op == .negate
                ? "boolean negative (-) is not supported, as in numpy: use x == false for logical not, or convert to numbers first"
                : "unary plus is not defined for booleans, as in numpy (np.positive has no bool loop)")
        case .abs:
            return t
        case .exp, .log, .sqrt, .tanh, .sigmoid:
            return t.isFloatingPoint ? t : .float64
        case .relu:
            return t == .bool ? .int64 : t
        }
    }

    private static func floating<T: FloatElement>(_ op: UnaryOperation, _ count: Int, _ x: Tensor, _: T.Type) throws(CoreError) -> Tensor {
        let v = try x.elements(as: T.self)
        func values(_ f: (T) -> T) throws(CoreError) -> Tensor {
            Tensor(unchecked: x.shape, elements: try mapElements(count, v, f))
        }
        switch op {
        case .negate: return try values { -$0 }
        case .positive: return try values { $0 }
        case .abs: return try values { Swift.abs($0) }
        case .exp: return try values { T.exp($0) }
        case .log: return try values { T.log($0) }
        case .sqrt: return try values { $0.squareRoot() }
        case .tanh: return try values { T.tanh($0) }
        case .sigmoid: return try values { $0 >= 0 ? 1 / (1 + T.exp(-$0)) : T.exp($0) / (1 + T.exp($0)) }
        case .relu: return try values { $0.isNaN ? $0 : Swift.max($0, 0) }
        }
    }

    private static func integer<T: IntegerElement>(_ op: UnaryOperation, _ count: Int, _ x: Tensor, _: T.Type) throws(CoreError) -> Tensor {
        let v = try x.elements(as: T.self)
        func values(_ f: (T) -> T) throws(CoreError) -> Tensor {
            Tensor(unchecked: x.shape, elements: try mapElements(count, v, f))
        }
        switch op {
        case .negate:
            if x.isWeak, v.first == T.min {
                throw CoreError.invalidArgument("integer overflow: -(\(T.min)) does not fit in int64")
            }
            return try values { 0 &- $0 }
        case .positive: return try values { $0 }
        case .abs: return try values { $0 < 0 ? 0 &- $0 : $0 }
        case .relu: return try values { Swift.max($0, 0) }
        case .exp, .log, .sqrt, .tanh, .sigmoid:  // never chosen: these compute in a float dtype
            return try floating(op, count, x.converted(to: .float64), Double.self)
        }
    }
}
