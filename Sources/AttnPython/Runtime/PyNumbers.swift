import Foundation

/// Python's arithmetic on its own numbers: ints (64-bit here) and floats.
///
/// - `/` is true division (a float); `//` and `%` floor, the remainder
///   taking the divisor's sign (`-7 // 2 == -4`, `-7 % 2 == 1`), for floats
///   too, with Python's rounding of the float quotient;
/// - `int ** negative int` is a float; `0 ** -1` a ZeroDivisionError;
/// - a float `**` that overflows is an OverflowError, a negative float to a
///   fractional power (a complex number in Python) is refused;
/// - int results that do not fit 64 bits are OverflowErrors (Python's ints
///   would grow).
enum PyNumbers {
    static func int(_ op: PyBinaryOp, _ x: Int64, _ y: Int64) throws(PyError) -> PyValue {
        func checked(_ r: (partialValue: Int64, overflow: Bool)) throws(PyError) -> PyValue {
            if r.overflow { throw PyError.intOverflow("\(x) \(op.rawValue) \(y)") }
            return .int(r.partialValue)
        }
        switch op {
        case .add: return try checked(x.addingReportingOverflow(y))
        case .subtract: return try checked(x.subtractingReportingOverflow(y))
        case .multiply: return try checked(x.multipliedReportingOverflow(by: y))
        case .divide:
            guard y != 0 else { throw PyError.zeroDivision("division by zero") }
            return .float(Double(x) / Double(y))
        case .floorDivide:
            guard y != 0 else { throw PyError.zeroDivision("integer division or modulo by zero") }
            if x == .min && y == -1 { throw PyError.intOverflow("\(x) // \(y)") }
            var q = x / y
            if x % y != 0 && (x < 0) != (y < 0) { q -= 1 }
            return .int(q)
        case .modulo:
            guard y != 0 else { throw PyError.zeroDivision("integer modulo by zero") }
            if y == -1 { return .int(0) }
            var r = x % y
            if r != 0 && (r < 0) != (y < 0) { r += y }
            return .int(r)
        case .power:
            if y < 0 {
                guard x != 0 else { throw PyError.zeroDivision("0.0 cannot be raised to a negative power") }
                return try float(.power, Double(x), Double(y))
            }
            var result: Int64 = 1, base = x, e = y
            while e > 0 {
                if e & 1 == 1 {
                    let (v, o) = result.multipliedReportingOverflow(by: base)
                    if o { throw PyError.intOverflow("\(x) ** \(y)") }
                    result = v
                }
                e >>= 1
                if e > 0 {
                    let (v, o) = base.multipliedReportingOverflow(by: base)
                    if o { throw PyError.intOverflow("\(x) ** \(y)") }
                    base = v
                }
            }
            return .int(result)
        case .shiftLeft:
            guard y >= 0 else { throw PyError.value("negative shift count") }
            if x == 0 { return .int(0) }
            guard y < 64 else { throw PyError.intOverflow("\(x) << \(y)") }
            let shifted = x << y
            guard shifted >> y == x else { throw PyError.intOverflow("\(x) << \(y)") }
            return .int(shifted)
        case .shiftRight:
            guard y >= 0 else { throw PyError.value("negative shift count") }
            return .int(y >= 64 ? (x < 0 ? -1 : 0) : x >> y)
        case .and: return .int(x & y)
        case .or: return .int(x | y)
        case .xor: return .int(x ^ y)
        case .matmul: throw PyError.type("unsupported operand type(s) for @: 'int' and 'int'")
        }
    }

    static func float(_ op: PyBinaryOp, _ x: Double, _ y: Double) throws(PyError) -> PyValue {
        switch op {
        case .add: return .float(x + y)
        case .subtract: return .float(x - y)
        case .multiply: return .float(x * y)
        case .divide:
            guard y != 0 else { throw PyError.zeroDivision("float division by zero") }
            return .float(x / y)
        case .floorDivide:
            guard y != 0 else { throw PyError.zeroDivision("float floor division by zero") }
            return .float(floorDivMod(x, y).quotient)
        case .modulo:
            guard y != 0 else { throw PyError.zeroDivision("float modulo") }
            return .float(floorDivMod(x, y).remainder)
        case .power:
            return .float(try power(x, y))
        case .shiftLeft, .shiftRight, .and, .or, .xor, .matmul:
            throw PyError.type("unsupported operand type(s) for \(op.rawValue): 'float' and 'float'")
        }
    }

    /// Python's `divmod` of floats: the quotient floored (and rounded as
    /// CPython rounds it), the remainder with the divisor's sign.
    static func floorDivMod(_ x: Double, _ y: Double) -> (quotient: Double, remainder: Double) {
        var mod = fmod(x, y)
        var div = (x - mod) / y
        if mod != 0 {
            if (y < 0) != (mod < 0) {
                mod += y
                div -= 1
            }
        } else {
            mod = Double(signOf: y, magnitudeOf: 0)
        }
        var quotient: Double
        if div != 0 {
            quotient = div.rounded(.down)
            if div - quotient > 0.5 { quotient += 1 }
        } else {
            quotient = Double(signOf: x / y, magnitudeOf: 0)
        }
        return (quotient, mod)
    }

    /// `x ** y` for floats, as CPython's float power decides its errors.
    static func power(_ x: Double, _ y: Double) throws(PyError) -> Double {
        if y == 0 { return 1 }
        if x.isNaN { return y == 0 ? 1 : .nan }
        if y.isNaN { return x == 1 ? 1 : .nan }
        if x == 0 && y < 0 && y.isFinite {
            throw PyError.zeroDivision("0.0 cannot be raised to a negative power")
        }
        if x < 0 && x.isFinite && y.isFinite && y != y.rounded() {
            throw PyError.unsupported("complex numbers are not supported: a negative number to a fractional power (\(PyFormat.repr(x)) ** \(PyFormat.repr(y))) is complex in Python")
        }
        let r = Foundation.pow(x, y)
        if r.isInfinite && x.isFinite && y.isFinite {
            throw PyError.overflow("(34, 'Numerical result out of range')")
        }
        return r
    }

    /// Compares an int with a float exactly (as Python does, without
    /// rounding the int): -1, 0 or 1, nil when the float is nan.
    static func compare(_ i: Int64, _ d: Double) -> Int? {
        if d.isNaN { return nil }
        if d >= 0x1p63 { return -1 }
        if d < -0x1p63 { return 1 }
        let whole = d.rounded(.down)
        let w = Int64(whole)
        if i < w { return -1 }
        if i > w { return 1 }
        return d > whole ? -1 : 0
    }
}
