import AttnCore
import AttnLang
import Foundation

/// Builtins on numbers: abs, round (Python's round-half-even, exact for
/// floats), divmod, pow, hex, bin, oct.
extension PyBuiltins {
    static var numbers: [(String, Body)] { [
        ("abs", { args, py throws(PyError) in
            try args.exactly(1, "abs")
            let v = args.positional[0]
            switch v {
            case .int(let i):
                guard i != .min else { throw PyError.intOverflow("abs(\(i))") }
                return .int(abs(i))
            case .bool(let b): return .int(b ? 1 : 0)
            case .float(let d): return .float(abs(d))
            case .array, .scalar: return try NumpyOps.absolute(v)
            default:
                if let r = try py.callSpecial(v, "__abs__", []) { return r }
                throw PyError.type("bad operand type for abs(): '\(v.typeName)'")
            }
        }),
        ("round", { args, py throws(PyError) in
            let v = try args.bind("round", ["number", "ndigits"], required: 1)
            return try PyBuiltins.round(v[0] ?? .none, v[1] ?? .none, py)
        }),
        ("divmod", { args, py throws(PyError) in
            try args.exactly(2, "divmod")
            let (a, b) = (args.positional[0], args.positional[1])
            return .tuple([try py.binary(.floorDivide, a, b), try py.binary(.modulo, a, b)])
        }),
        ("pow", { args, py throws(PyError) in
            let v = try args.bind("pow", ["base", "exp", "mod"], required: 2)
            guard let mod = v[2], !mod.isNone else { return try py.binary(.power, v[0] ?? .none, v[1] ?? .none) }
            guard let b = v[0]?.asIndex, let e = v[1]?.asIndex, let m = mod.asIndex else {
                throw PyError.type("pow() 3rd argument not allowed unless all arguments are integers")
            }
            guard m != 0 else { throw PyError.value("pow() 3rd argument cannot be 0") }
            guard e >= 0 else { throw PyError.unsupported("pow() with a negative exponent and a modulus is not supported yet") }
            var result = Int64(1) % m, base = Int64((Int128(b) % Int128(m) + Int128(m)) % Int128(m)), exponent = e
            while exponent > 0 {
                if exponent & 1 == 1 { result = Int64((Int128(result) * Int128(base)) % Int128(m)) }
                base = Int64((Int128(base) * Int128(base)) % Int128(m))
                exponent >>= 1
            }
            if result != 0 && (result < 0) != (m < 0) { result += m }
            return .int(result)
        }),
        ("hex", { args, py throws(PyError) in try radix(args, "hex", 16, "0x") }),
        ("bin", { args, py throws(PyError) in try radix(args, "bin", 2, "0b") }),
        ("oct", { args, py throws(PyError) in try radix(args, "oct", 8, "0o") }),
    ] }

    private static func radix(_ args: PyArgs, _ name: String, _ radix: Int, _ prefix: String) throws(PyError) -> PyValue {
        try args.exactly(1, name)
        guard let i = args.positional[0].asIndex else {
            throw PyError.type("'\(args.positional[0].typeName)' object cannot be interpreted as an integer")
        }
        return .str((i < 0 ? "-" : "") + prefix + String(i.magnitude, radix: radix))
    }

    /// `round(number, ndigits)`: without digits an int, halves to even; with
    /// digits the float closest to the exactly rounded decimal, as CPython
    /// (`round(2.675, 2)` is 2.67: 2.675 is stored as 2.67499999...).
    /// numpy scalars round as numpy does (scale, round half to even, unscale).
    static func round(_ number: PyValue, _ digits: PyValue, _ py: PyInterpreter) throws(PyError) -> PyValue {
        var ndigits: Int64?
        if !digits.isNone {
            guard let d = digits.asIndex else { throw PyError.type("'\(digits.typeName)' object cannot be interpreted as an integer") }
            ndigits = d
        }
        switch number {
        case .int(let i):
            guard let n = ndigits, n < 0 else { return .int(i) }
            guard n > -19 else { return .int(0) }
            var scale: Int64 = 1
            for _ in 0..<(-n) { scale *= 10 }
            let q = Double(i) / Double(scale)
            return .int(Int64(q.rounded(.toNearestOrEven)) * scale)
        case .bool(let b):
            return .int(b ? 1 : 0)
        case .float(let d):
            guard let n = ndigits else { return .int(try integer(d.rounded(.toNearestOrEven))) }
            return .float(roundFloat(d, n))
        case .scalar(let t):
            guard let n = ndigits else {
                guard let x = t.scalarValue else { return .int(0) }
                return .int(try integer(x.rounded(.toNearestOrEven)))
            }
            return try NumpyOps.round(.scalar(t), decimals: Int(n))
        case .array:
            throw PyError.type("type numpy.ndarray doesn't define __round__ method")
        default:
            if let r = try py.callSpecial(number, "__round__", ndigits.map { [.int($0)] } ?? []) { return r }
            throw PyError.type("type \(number.typeName) doesn't define __round__ method")
        }
    }

    /// A float rounded to `n` decimal digits, correctly (printf rounds the
    /// exact binary value, ties to even, as CPython's dtoa does).
    static func roundFloat(_ d: Double, _ n: Int64) -> Double {
        guard d.isFinite else { return d }
        if n > 323 { return d }
        if n >= 0 { return Double(String(format: "%.\(n)f", d)) ?? d }
        if n < -308 { return 0 * d }
        let scale = Foundation.pow(10.0, Double(-n))
        let r = (d / scale).rounded(.toNearestOrEven) * scale
        return r.isFinite ? r : d
    }

    /// A float's integer value, or CPython's errors for inf and nan.
    static func integer(_ d: Double) throws(PyError) -> Int64 {
        if d.isNaN { throw PyError.value("cannot convert float NaN to integer") }
        if d.isInfinite { throw PyError.overflow("cannot convert float infinity to integer") }
        guard d >= -0x1p63 && d < 0x1p63 else { throw PyError.intOverflow("int(\(PyFormat.repr(d)))") }
        return Int64(d)
    }
}
